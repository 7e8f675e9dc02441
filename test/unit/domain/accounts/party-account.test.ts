import { describe, expect, it } from 'vitest';
import { nextAccountState, partyAccountStates } from '../../../../domain/accounts/account-record.js';
import { applyPartyAccountPatch, financialAccountProblem, openPartyAccount, partyAccountCreateSchema, refuseRegrouping, settlementAccountCreateSchema } from '../../../../domain/accounts/party-account.js';
import { billingCycleSpecificationCreateSchema } from '../../../../domain/accounts/billing-cycle-specification.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';

const now = '2027-03-01T10:00:00.000Z';
const partner = { '@referredType': 'Organization', id: 'org-1', name: 'Partner Ltd' };

describe('accounts of parties', () => {
  it('opens Active, with the party, a canonical credit limit and the financial account resolved', () => {
    const account = openPartyAccount('SettlementAccount', { name: 'Per usage', relatedParty: [partner], creditLimit: { unit: 'EUR', value: 100.5 } }, {
      id: 'sa-1',
      now,
      financialAccount: { id: 'fa-1', href: '/x/fa-1', name: 'Group', '@referredType': 'FinancialAccount' },
    });
    expect(account).toEqual({
      id: 'sa-1',
      href: '/tmf-api/accountManagement/v4/settlementAccount/sa-1',
      name: 'Per usage',
      state: 'Active',
      relatedParty: [partner],
      creditLimit: { unit: 'EUR', value: 100.5 },
      financialAccount: { id: 'fa-1', href: '/x/fa-1', name: 'Group', '@referredType': 'FinancialAccount' },
      lastModified: now,
      '@type': 'SettlementAccount',
    });
  });

  it('requires a named party for party and settlement accounts (no registry can name it)', () => {
    expect(partyAccountCreateSchema.safeParse({ name: 'x', relatedParty: [] }).success).toBe(false);
    expect(settlementAccountCreateSchema.safeParse({ name: 'x', relatedParty: [{ id: 'o', '@referredType': 'Organization' }] }).success).toBe(false);
    expect(settlementAccountCreateSchema.safeParse({ name: 'x', relatedParty: [partner] }).success).toBe(true);
  });

  it('follows the account lifecycle: Active ⇄ Suspended, either → Closed, nothing after', () => {
    for (const from of partyAccountStates) {
      for (const to of partyAccountStates) {
        // Every move but out of Closed: Active and Suspended go to each other and to Closed.
        const allowed = from !== 'Closed';
        if (allowed) expect(nextAccountState('party account', from, to)).toBe(to);
        else expect(() => nextAccountState('party account', from, to)).toThrow(RuleViolationError);
      }
    }
  });

  it('patches: removes with null, replaces the financial account only when the patch names it', () => {
    const account = openPartyAccount('PartyAccount', { name: 'Travel', relatedParty: [partner], description: 'd' }, { id: 'pa-1', now });
    const later = '2027-03-02T00:00:00.000Z';
    const patched = applyPartyAccountPatch(account, { description: null, state: 'Suspended' }, { now: later });
    expect(patched).toMatchObject({ state: 'Suspended', lastModified: later });
    expect(patched).not.toHaveProperty('description');
    const ref = { id: 'fa-1', href: '/x', name: 'G', '@referredType': 'FinancialAccount' as const };
    expect(applyPartyAccountPatch(account, { financialAccount: { id: 'fa-1' } }, { now, financialAccount: ref }).financialAccount).toEqual(ref);
    expect(applyPartyAccountPatch({ ...account, financialAccount: ref }, { financialAccount: null }, { now })).not.toHaveProperty('financialAccount');
    expect(applyPartyAccountPatch({ ...account, financialAccount: ref }, { name: 'Renamed' }, { now, financialAccount: ref }).financialAccount).toEqual(ref);
  });

  it('a financial account groups the accounts of the parties it names', () => {
    const group = openPartyAccount('FinancialAccount', { name: 'G', relatedParty: [partner] }, { id: 'fa-1', now });
    expect(financialAccountProblem('fa-1', group, ['org-1'])).toBeUndefined();
    expect(financialAccountProblem('fa-1', group, ['org-2'])).toBe('financialAccount fa-1 groups the accounts of org-1, not of org-2');
    expect(financialAccountProblem('fa-1', { ...group, relatedParty: [] }, ['org-2'])).toBeUndefined();
    expect(financialAccountProblem('fa-1', { ...group, state: 'Closed' }, ['org-1'])).toBe('financialAccount fa-1 is Closed');
    expect(financialAccountProblem('fa-9', undefined, ['org-1'])).toBe('no financialAccount fa-9');
  });

  it("a financial account's parties are fixed while accounts refer to it", () => {
    const group = openPartyAccount('FinancialAccount', { name: 'G', relatedParty: [partner] }, { id: 'fa-1', now });
    expect(() => refuseRegrouping(group, { relatedParty: [{ ...partner, id: 'org-2' }] }, 2)).toThrow('groups 2 accounts');
    expect(() => refuseRegrouping(group, { relatedParty: [{ ...partner, name: 'Renamed' }] }, 2)).not.toThrow();
    expect(() => refuseRegrouping(group, { relatedParty: [] }, 0)).not.toThrow();
    expect(() => refuseRegrouping(group, { name: 'x' } as never, 5)).not.toThrow();
  });
});

describe('billing cycle specification requests', () => {
  it('refuse what billing does not run: other frequencies, periods and offsets', () => {
    expect(billingCycleSpecificationCreateSchema.safeParse({ name: 'Monthly billing' }).success).toBe(true);
    for (const extra of [{ frequency: 'weekly' }, { billingPeriod: 'P1W' }, { billingDateShift: 28 }, { mailingDateOffset: 2 }, { chargeDateOffset: 1 }, { creditDateOffset: 1 }]) {
      expect(billingCycleSpecificationCreateSchema.safeParse({ name: 'x', ...extra }).success, JSON.stringify(extra)).toBe(false);
    }
  });
});

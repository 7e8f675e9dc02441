import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingAccountStates, type BillingAccount, type BillingAccountState } from '../../../../domain/customers/billing-account.js';
import { billingAccountPatchAccess } from '../../../../domain/customers/billing-account-write-access.js';
import {
  customerDefaultPaymentMethodChoice,
  defaultsOrphanedBy,
  orphanedDefaultsRefusal,
  removedPaymentMethodIds,
} from '../../../../domain/customers/default-payment-method.js';
import { forbiddenWrites } from '../../../../domain/shared/write-access.js';
import type { PaymentMethodRef } from '../../../../domain/shared/tmf-types.js';

/**
 * Which card pays a billing account's bills (domain/customers/default-payment-method.ts): a
 * customer chooses among the cards its record lists and never removes the default; a card that
 * is an open account's default stays on the record.
 */
const visa: PaymentMethodRef = { id: 'pm_card_visa', name: 'Visa 4242', '@referredType': 'PaymentMethod' };
const mastercard: PaymentMethodRef = { id: 'pm_card_mastercard', name: 'Mastercard 4444' };

const account = (id: string, state: BillingAccountState, defaultId?: string): Pick<BillingAccount, 'id' | 'state' | 'defaultPaymentMethod'> => ({
  id,
  state,
  ...(defaultId ? { defaultPaymentMethod: { id: defaultId } } : {}),
});

describe('billingAccountPatchAccess: a customer writes defaultPaymentMethod and nothing else', () => {
  it('lets the attribute through, a card or null (the value is judged by customerDefaultPaymentMethodChoice)', () => {
    expect(forbiddenWrites({ defaultPaymentMethod: { id: 'pm_card_visa' } }, billingAccountPatchAccess, 'customer')).toEqual([]);
    expect(forbiddenWrites({ defaultPaymentMethod: null }, billingAccountPatchAccess, 'customer')).toEqual([]);
  });

  it('refuses every other attribute, alone or beside it', () => {
    expect(forbiddenWrites({ defaultPaymentMethod: { id: 'pm_card_visa' }, name: 'Mine', creditLimit: null }, billingAccountPatchAccess, 'customer')).toEqual(['name', 'creditLimit']);
    expect(forbiddenWrites({ paymentCollection: 'onDueDate' }, billingAccountPatchAccess, 'customer')).toEqual(['paymentCollection']);
  });
});

describe('customerDefaultPaymentMethodChoice', () => {
  it('a card its record lists: allowed, as the record lists it (the id decides)', () => {
    expect(customerDefaultPaymentMethodChoice({ id: 'pm_card_mastercard', name: 'renamed', href: '/elsewhere' }, [visa, mastercard])).toEqual({ allowed: true, paymentMethod: mastercard });
  });

  it('a card its record does not list: refused naming defaultPaymentMethod.id', () => {
    const choice = customerDefaultPaymentMethodChoice({ id: 'pm_card_amex' }, [visa]);
    expect(choice).toMatchObject({ allowed: false, problem: { field: 'defaultPaymentMethod.id' } });
    expect(customerDefaultPaymentMethodChoice({ id: 'pm_card_visa' }, undefined)).toMatchObject({ allowed: false, problem: { field: 'defaultPaymentMethod.id' } });
    expect(customerDefaultPaymentMethodChoice({ id: 'pm_card_visa' }, [])).toMatchObject({ allowed: false, problem: { field: 'defaultPaymentMethod.id' } });
  });

  it('null (removing the default): refused naming defaultPaymentMethod, whatever the record lists', () => {
    expect(customerDefaultPaymentMethodChoice(null, [visa])).toMatchObject({ allowed: false, problem: { field: 'defaultPaymentMethod' } });
    expect(customerDefaultPaymentMethodChoice(null, undefined)).toMatchObject({ allowed: false, problem: { field: 'defaultPaymentMethod' } });
  });

  const card = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), name: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }).map(({ id, name }) => ({ id, ...(name === undefined ? {} : { name }) }));
  it('by property: allowed exactly when the record lists the id, and then the card is one the record lists', () => {
    fc.assert(
      fc.property(fc.option(card, { nil: null }), fc.option(fc.array(card, { maxLength: 6 }), { nil: undefined }), (requested, listed) => {
        const choice = customerDefaultPaymentMethodChoice(requested, listed);
        const listedIds = (listed ?? []).map((each) => each.id);
        expect(choice.allowed).toBe(requested !== null && listedIds.includes(requested.id));
        if (choice.allowed) {
          expect(listed).toContain(choice.paymentMethod);
          expect(choice.paymentMethod.id).toBe(requested!.id);
        } else {
          expect(choice.problem.field).toBe(requested === null ? 'defaultPaymentMethod' : 'defaultPaymentMethod.id');
        }
      }),
    );
  });
});

describe('removedPaymentMethodIds', () => {
  it('the ids listed before and not after, once each, in the order they were listed', () => {
    expect(removedPaymentMethodIds([visa, mastercard, { id: 'pm_x' }], [mastercard])).toEqual(['pm_card_visa', 'pm_x']);
    expect(removedPaymentMethodIds([visa, visa], [])).toEqual(['pm_card_visa']);
    expect(removedPaymentMethodIds([visa], undefined)).toEqual(['pm_card_visa']);
  });

  it('nothing when nothing is removed: a card added, renamed or reordered', () => {
    expect(removedPaymentMethodIds([visa], [mastercard, { ...visa, name: 'My Visa' }])).toEqual([]);
    expect(removedPaymentMethodIds(undefined, [visa])).toEqual([]);
    expect(removedPaymentMethodIds(undefined, undefined)).toEqual([]);
  });

  it('by property: exactly the ids of before that after lacks', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 6 });
    fc.assert(
      fc.property(ids, ids, (before, after) => {
        const removed = removedPaymentMethodIds(before.map((id) => ({ id })), after.map((id) => ({ id })));
        expect(new Set(removed)).toEqual(new Set(before.filter((id) => !after.includes(id))));
        expect(new Set(removed).size).toBe(removed.length);
      }),
    );
  });
});

describe('defaultsOrphanedBy', () => {
  it('the open accounts (Active or Suspended) whose default is a removed card', () => {
    const accounts = [account('ba-1', 'Active', 'pm_card_visa'), account('ba-2', 'Suspended', 'pm_card_visa'), account('ba-3', 'Active', 'pm_card_mastercard'), account('ba-4', 'Active')];
    expect(defaultsOrphanedBy(['pm_card_visa'], accounts)).toEqual([
      { billingAccountId: 'ba-1', paymentMethodId: 'pm_card_visa' },
      { billingAccountId: 'ba-2', paymentMethodId: 'pm_card_visa' },
    ]);
    expect(defaultsOrphanedBy([], accounts)).toEqual([]);
  });

  it('a Closed account does not hold its last default on the record: it is never collected again', () => {
    expect(defaultsOrphanedBy(['pm_card_visa'], [account('ba-9', 'Closed', 'pm_card_visa')])).toEqual([]);
  });

  it('by property: an account is named exactly when it is open and its default is removed', () => {
    const cardId = fc.constantFrom<string>('a', 'b', 'c');
    const accountArbitrary = fc.record({ state: fc.constantFrom(...billingAccountStates), defaultId: fc.option(cardId, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(accountArbitrary, { maxLength: 8 }), fc.array(cardId, { maxLength: 3 }), (specs, removed) => {
        const accounts = specs.map((spec, index) => account(`ba-${index}`, spec.state, spec.defaultId));
        const named = defaultsOrphanedBy(removed, accounts).map((each) => each.billingAccountId);
        expect(named).toEqual(accounts.filter((each) => each.state !== 'Closed' && each.defaultPaymentMethod && removed.includes(each.defaultPaymentMethod.id)).map((each) => each.id));
      }),
    );
  });
});

describe('orphanedDefaultsRefusal', () => {
  it('names every account and its card, one problem each on paymentMethod', () => {
    const refusal = orphanedDefaultsRefusal([
      { billingAccountId: 'ba-1', paymentMethodId: 'pm_card_visa' },
      { billingAccountId: 'ba-2', paymentMethodId: 'pm_x' },
    ]);
    expect(refusal.message).toContain('billing accounts ba-1, ba-2');
    expect(refusal.message).toContain('choose another default first');
    expect(refusal.problems).toEqual([
      { field: 'paymentMethod', problem: 'pm_card_visa is the default payment method of billing account ba-1: choose another default first' },
      { field: 'paymentMethod', problem: 'pm_x is the default payment method of billing account ba-2: choose another default first' },
    ]);
    expect(orphanedDefaultsRefusal([{ billingAccountId: 'ba-1', paymentMethodId: 'pm_card_visa' }]).message).toContain('billing account ba-1;');
  });
});

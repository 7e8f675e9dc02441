import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyBillingAccountPatch, billingAccountCreateSchema, billingAccountPatchSchema, billingAccountStates, billingCycleDayFor, openBillingAccount, openDefaultBillingAccount, type BillingAccount, type BillingAccountCreate, type BillingAccountPatch, type BillingAccountState } from '../../../domain/customers/billing-account.js';
import { billingAccountOwner, ownerCustomerId, ownerCustomerIdOf } from '../../../domain/customers/billing-account-owner.js';
import { RuleViolationError } from '../../../domain/shared/domain-errors.js';
import { isKnownTimeZone } from '../../../domain/shared/tmf-types.js';

const defaults = { currency: 'EUR', timeZone: 'UTC' };
const owner = { id: 'cust-1', name: 'Ada Lovelace', '@referredType': 'Customer' };

const createInput = (overrides: Partial<BillingAccountCreate> = {}): BillingAccountCreate => ({
  name: 'Ada main account',
  relatedParty: [owner],
  ...overrides,
});

const open = (overrides: Partial<BillingAccountCreate> = {}, now = '2026-01-15T10:00:00.000Z') =>
  openBillingAccount(createInput(overrides), { id: 'ba-1', now, defaults, isDefault: false, ownerName: 'Ada Lovelace' });

const accountIn = (state: BillingAccountState): BillingAccount => ({ ...open(), state });

/** Active <-> Suspended, either -> Closed (terminal). */
const edges: Record<BillingAccountState, BillingAccountState[]> = {
  Active: ['Suspended', 'Closed'],
  Suspended: ['Active', 'Closed'],
  Closed: [],
};

describe('billingCycleDayFor', () => {
  it('takes the day in the account time zone, not in UTC: 2026-01-31T23:30Z is the 1st in Paris', () => {
    expect(billingCycleDayFor('2026-01-31T23:30:00Z', 'Europe/Paris')).toBe(1);
  });

  it('caps days after the 28th at 28, so every month has the day', () => {
    expect(billingCycleDayFor('2026-01-31T23:30:00Z', 'UTC')).toBe(28);
    expect(billingCycleDayFor('2026-01-29T12:00:00Z', 'UTC')).toBe(28);
    expect(billingCycleDayFor('2026-03-30T12:00:00Z', 'Asia/Tokyo')).toBe(28);
  });

  it('keeps days up to the 28th', () => {
    expect(billingCycleDayFor('2026-02-28T12:00:00Z', 'UTC')).toBe(28);
    expect(billingCycleDayFor('2026-03-15T12:00:00Z', 'UTC')).toBe(15);
    expect(billingCycleDayFor('2026-03-01T00:00:00Z', 'UTC')).toBe(1);
  });

  it('goes back a day west of UTC and forward a day far east of it', () => {
    expect(billingCycleDayFor('2026-03-01T05:00:00Z', 'America/Los_Angeles')).toBe(28); // Feb 28, 21:00
    expect(billingCycleDayFor('2026-03-10T03:00:00Z', 'America/New_York')).toBe(9);
    expect(billingCycleDayFor('2026-03-09T11:00:00Z', 'Pacific/Kiritimati')).toBe(10); // UTC+14
    expect(billingCycleDayFor('2026-03-09T11:00:00Z', 'Pacific/Pago_Pago')).toBe(9); // UTC-11
  });

  it('accepts offsets other than Z in the instant', () => {
    expect(billingCycleDayFor('2026-05-04T23:30:00-02:00', 'UTC')).toBe(5);
  });

  const instant = fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });

  it('property: for any instant and IANA zone the day is in [1, 28] and is the local day when that is at most 28', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (date, zone) => {
        const day = billingCycleDayFor(date.toISOString(), zone);
        expect(day).toBeGreaterThanOrEqual(1);
        expect(day).toBeLessThanOrEqual(28);
        const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
        const localDay = Number(parts.find((part) => part.type === 'day')!.value);
        expect(day).toBe(Math.min(localDay, 28));
      }),
      { numRuns: 500 },
    );
  });

  it('property: in fixed-offset zones it equals the UTC day of the shifted instant (an oracle without Intl)', () => {
    // Etc/GMT+N is UTC-N (POSIX sign), N in -14..12.
    fc.assert(
      fc.property(instant, fc.integer({ min: -14, max: 12 }), (date, n) => {
        const zone = n === 0 ? 'Etc/GMT' : `Etc/GMT${n > 0 ? '+' : '-'}${Math.abs(n)}`;
        const localDay = new Date(date.getTime() - n * 3_600_000).getUTCDate();
        expect(billingCycleDayFor(date.toISOString(), zone)).toBe(Math.min(localDay, 28));
      }),
      { numRuns: 500 },
    );
  });
});

describe('opening a billing account', () => {
  it('opens Active, paid up, owned by the Customer party with role owner', () => {
    const account = open();
    expect(account).toMatchObject({
      id: 'ba-1',
      href: '/tmf-api/accountManagement/v4/billingAccount/ba-1',
      name: 'Ada main account',
      accountType: 'customer',
      state: 'Active',
      paymentStatus: 'paidUp',
      isDefault: false,
      '@type': 'BillingAccount',
      createdAt: '2026-01-15T10:00:00.000Z',
      lastModified: '2026-01-15T10:00:00.000Z',
    });
    expect(account.relatedParty).toEqual([{ role: 'owner', ...owner }]);
    expect(account).not.toHaveProperty('description');
    expect(account).not.toHaveProperty('defaultPaymentMethod');
  });

  it('keeps a role the client gave the owner, and other parties untouched', () => {
    const payer = { id: 'org-1', name: 'Payer Ltd', '@referredType': 'Organization' };
    const account = open({ relatedParty: [{ ...owner, role: 'holder' }, payer] });
    expect(account.relatedParty).toEqual([{ ...owner, role: 'holder' }, payer]);
  });

  it('uses the operator defaults when the request names no currency, zone or cycle day', () => {
    const account = open({}, '2026-01-31T23:30:00.000Z');
    expect(account.currency).toBe('EUR');
    expect(account.timeZone).toBe('UTC');
    expect(account.billingCycleDay).toBe(28);
  });

  it('computes the cycle day in the requested zone', () => {
    const account = open({ timeZone: 'Europe/Paris' }, '2026-01-31T23:30:00.000Z');
    expect(account.timeZone).toBe('Europe/Paris');
    expect(account.billingCycleDay).toBe(1);
  });

  it('takes currency, zone and cycle day from the request over the defaults', () => {
    const account = open({ currency: 'GBP', timeZone: 'Europe/London', billingCycleDay: 12 });
    expect(account).toMatchObject({ currency: 'GBP', timeZone: 'Europe/London', billingCycleDay: 12 });
  });

  it('mirrors the cycle day in billStructure.cycleSpecification', () => {
    expect(open({ billingCycleDay: 12 }).billStructure.cycleSpecification).toEqual({
      id: 'monthly-day-12',
      href: '/tmf-api/accountManagement/v4/billingCycleSpecification/monthly-day-12',
      name: 'monthly-day-12',
      isRef: false,
      frequency: 'monthly',
      billingPeriod: 'P1M',
      billingDateShift: 11,
      '@type': 'BillingCycleSpecification',
    });
  });

  it('ownerCustomerId finds the Customer party and refuses an account without one', () => {
    expect(ownerCustomerId(open({ relatedParty: [{ id: 'org-1', '@referredType': 'Organization' }, owner] }))).toBe('cust-1');
    expect(() => ownerCustomerId({ relatedParty: [{ id: 'org-1', '@referredType': 'Organization' }] })).toThrow(RuleViolationError);
    expect(() => ownerCustomerId({ relatedParty: [{ id: 'p-1', '@referredType': 'Individual' }] })).toThrow(/invariant/);
  });
});

describe('opening the default billing account', () => {
  const context = { id: 'ba-default', now: '2026-01-31T23:30:00.000Z', defaults };
  const newCustomer = { id: 'cust-1', name: 'Ada Lovelace', preferences: {} };

  it('uses the operator defaults when the customer has no preferences', () => {
    const account = openDefaultBillingAccount(newCustomer, context);
    expect(account).toMatchObject({
      id: 'ba-default',
      name: 'Ada Lovelace - default',
      accountType: 'customer',
      currency: 'EUR',
      timeZone: 'UTC',
      billingCycleDay: 28,
      isDefault: true,
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', role: 'owner', '@referredType': 'Customer' }],
    });
    expect(account).not.toHaveProperty('defaultPaymentMethod');
  });

  it('uses the customer preferences over the defaults', () => {
    const account = openDefaultBillingAccount(
      { ...newCustomer, preferences: { currency: 'USD', timeZone: 'Europe/Paris' } },
      context,
    );
    expect(account).toMatchObject({ currency: 'USD', timeZone: 'Europe/Paris', billingCycleDay: 1 });
  });

  it('uses a preferred cycle day as is', () => {
    expect(openDefaultBillingAccount({ ...newCustomer, preferences: { billingCycleDay: 7 } }, context).billingCycleDay).toBe(7);
  });

  it("takes the customer's first payment method as the default one", () => {
    const account = openDefaultBillingAccount(
      { ...newCustomer, paymentMethod: [{ id: 'pm-1', name: 'Visa' }, { id: 'pm-2' }] },
      context,
    );
    expect(account.defaultPaymentMethod).toEqual({ id: 'pm-1', name: 'Visa' });
  });
});

describe('billing account request schemas', () => {
  it('create: needs exactly one Customer party', () => {
    expect(billingAccountCreateSchema.safeParse(createInput()).success).toBe(true);
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [] })).success).toBe(false);
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [{ id: 'o', '@referredType': 'Organization' }] })).success).toBe(false);
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [owner, { ...owner, id: 'cust-2' }] })).success).toBe(false);
  });

  it('create: every party other than the owning customer needs a name (TMF666 RelatedParty requires it)', () => {
    const payer = { id: 'org-1', '@referredType': 'Organization' };
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [owner, payer] })).success).toBe(false);
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [owner, { ...payer, name: 'Payer Ltd' }] })).success).toBe(true);
    expect(billingAccountCreateSchema.safeParse(createInput({ relatedParty: [{ id: 'cust-1', '@referredType': 'Customer' }] })).success).toBe(true);
  });

  it.each([
    ['billingCycleDay', 0],
    ['billingCycleDay', 29],
    ['billingCycleDay', 1.5],
    ['currency', 'eur'],
    ['timeZone', 'Europe/Atlantis'],
    ['state', 'Suspended'],
    ['isDefault', true],
    ['id', 'mine'],
  ])('create: refuses %s = %j', (attribute, value) => {
    expect(billingAccountCreateSchema.safeParse({ ...createInput(), [attribute]: value }).success).toBe(false);
  });

  it('patch: refuses an empty patch and the attributes fixed once opened', () => {
    expect(billingAccountPatchSchema.safeParse({}).success).toBe(false);
    for (const attribute of ['currency', 'relatedParty', 'isDefault', 'id', 'href', 'createdAt']) {
      expect(billingAccountPatchSchema.safeParse({ [attribute]: 'x' }).success, attribute).toBe(false);
    }
  });

  it('patch: accepts a state, a cycle day and a zone', () => {
    expect(billingAccountPatchSchema.parse({ state: 'Suspended', billingCycleDay: 3, timeZone: 'Asia/Tokyo' })).toEqual({
      state: 'Suspended',
      billingCycleDay: 3,
      timeZone: 'Asia/Tokyo',
    });
  });
});

describe('billing account lifecycle and patches', () => {
  const later = '2026-02-02T09:00:00.000Z';

  it.each(billingAccountStates.flatMap((from) => billingAccountStates.map((to) => [from, to] as const)))(
    '%s -> %s follows Active <-> Suspended, either -> Closed (terminal)',
    (from, to) => {
      const attempt = () => applyBillingAccountPatch(accountIn(from), { state: to }, later);
      if (from !== 'Closed' && (from === to || edges[from].includes(to))) {
        expect(attempt().state).toBe(to);
      } else {
        expect(attempt).toThrow(RuleViolationError);
      }
    },
  );

  it('reports lifecycle violations under the billing-account-lifecycle rule', () => {
    try {
      applyBillingAccountPatch(accountIn('Closed'), { name: 'reopen me' }, later);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationError);
      expect((error as RuleViolationError).rule).toBe('billing-account-lifecycle');
    }
  });

  it('changing the cycle day rewrites the cycle specification; lastModified moves on', () => {
    const account = applyBillingAccountPatch(accountIn('Active'), { billingCycleDay: 20 }, later);
    expect(account.billingCycleDay).toBe(20);
    expect(account.billStructure.cycleSpecification).toMatchObject({ name: 'monthly-day-20', billingDateShift: 19 });
    expect(account.lastModified).toBe(later);
  });

  it('changing other attributes keeps the cycle day', () => {
    const current = open({ billingCycleDay: 9 });
    const account = applyBillingAccountPatch(current, { name: 'Renamed', timeZone: 'Asia/Tokyo' }, later);
    expect(account).toMatchObject({ name: 'Renamed', timeZone: 'Asia/Tokyo', billingCycleDay: 9 });
    expect(account.billStructure).toEqual(current.billStructure);
  });

  const patchArbitrary: fc.Arbitrary<BillingAccountPatch> = fc
    .record(
      {
        name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0),
        description: fc.string({ maxLength: 30 }),
        accountType: fc.constantFrom('customer', 'business'),
        state: fc.constantFrom(...billingAccountStates),
        billingCycleDay: fc.integer({ min: 1, max: 28 }),
        timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'America/Chicago'),
        defaultPaymentMethod: fc.record({ id: fc.uuid() }),
      },
      { requiredKeys: [] },
    )
    .filter((patch) => Object.keys(patch).length > 0);

  it('property: a patch never changes id, href, createdAt, owner, currency or the default flag', () => {
    fc.assert(
      fc.property(fc.constantFrom(...billingAccountStates), patchArbitrary, (state, patch) => {
        const current = accountIn(state);
        try {
          const account = applyBillingAccountPatch(current, patch, later);
          expect(account.id).toBe(current.id);
          expect(account.href).toBe(current.href);
          expect(account.createdAt).toBe(current.createdAt);
          expect(account.relatedParty).toEqual(current.relatedParty);
          expect(account.currency).toBe(current.currency);
          expect(account.isDefault).toBe(current.isDefault);
          expect(account.billStructure.cycleSpecification.billingDateShift).toBe(account.billingCycleDay - 1);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleViolationError);
        }
      }),
    );
  });

  it('property: any sequence of requested states moves only along allowed edges, and Closed is absorbing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...billingAccountStates), { maxLength: 30 }), (requested) => {
        let account = accountIn('Active');
        for (const target of requested) {
          const before = account.state;
          try {
            account = applyBillingAccountPatch(account, { state: target }, later);
            expect(before !== 'Closed' && (before === target || edges[before].includes(target))).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(RuleViolationError);
            expect(before === 'Closed' || !edges[before].includes(target)).toBe(true);
          }
          if (before === 'Closed') expect(account.state).toBe('Closed');
        }
      }),
    );
  });
});

describe('time zones', () => {
  it('isKnownTimeZone accepts IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/Paris')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Europe/Atlantis')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});

describe('billing account merge patch null', () => {
  it('removes description and the default payment method, nothing else', () => {
    const current = { ...accountIn('Active'), description: 'household', defaultPaymentMethod: { id: 'pm-1' } };
    const patch = billingAccountPatchSchema.parse({ description: null, defaultPaymentMethod: null });
    const account = applyBillingAccountPatch(current, patch, '2026-03-01T00:00:00.000Z');
    expect(account).not.toHaveProperty('description');
    expect(account).not.toHaveProperty('defaultPaymentMethod');
    expect(account.name).toBe(current.name);
    expect(billingAccountPatchSchema.safeParse({ name: null }).success).toBe(false);
  });
});

describe('organization-owned billing accounts', () => {
  const organization = { id: 'org-6838', name: 'Richard Cole', '@referredType': 'Organization' };

  it('accepts an Organization owner when no Customer party is given, and names it the owner', () => {
    const input = billingAccountCreateSchema.parse({ name: 'Home Account', relatedParty: [organization] });
    const account = openBillingAccount(input, { id: 'ba-9', now: '2026-01-15T10:00:00.000Z', defaults, isDefault: false, ownerName: 'Richard Cole' });
    expect(account.relatedParty).toEqual([{ role: 'owner', ...organization }]);
    expect(billingAccountOwner(account)).toEqual({ kind: 'Organization', id: 'org-6838' });
    expect(ownerCustomerIdOf(account)).toBeUndefined();
  });

  it('a Customer party owns the account over any Organization party', () => {
    const account = open({ relatedParty: [owner, { ...organization, role: 'payer' }] });
    expect(billingAccountOwner(account)).toEqual({ kind: 'Customer', id: 'cust-1' });
    expect(account.relatedParty[1]).toEqual({ ...organization, role: 'payer' });
  });

  it('refuses two organizations, an unnamed one, and parties that own nothing', () => {
    for (const relatedParty of [[organization, { ...organization, id: 'org-2' }], [{ id: 'org-1', '@referredType': 'Organization' }], [{ id: 'p', name: 'P', '@referredType': 'Individual' }]]) {
      expect(billingAccountCreateSchema.safeParse({ name: 'x', relatedParty }).success, JSON.stringify(relatedParty)).toBe(false);
    }
  });

  it("ownerCustomerId refuses an organization's account with a 409 rule, for what only a customer's account can do", () => {
    const account = openBillingAccount(billingAccountCreateSchema.parse({ name: 'Home Account', relatedParty: [organization] }), { id: 'ba-9', now: '2026-01-15T10:00:00.000Z', defaults, isDefault: false, ownerName: 'x' });
    expect(() => ownerCustomerId(account)).toThrow(RuleViolationError);
    expect(() => ownerCustomerId(account)).toThrow('owned by organization org-6838, not by a customer');
  });
});

describe('billing account references', () => {
  const chosen = { id: 'bcs-1', href: '/bcs/bcs-1', name: 'Mid-month', isRef: false as const, frequency: 'monthly' as const, billingPeriod: 'P1M' as const, billingDateShift: 14, paymentDueDateOffset: 30, '@type': 'BillingCycleSpecification' as const };
  const format = { id: 'html', href: '/bf/html', name: 'HTML bill', isRef: false as const, documentType: 'html' as const, '@type': 'BillFormat' as const };

  it('a chosen cycle specification sets the cycle day and, unless given, the payment terms', () => {
    const account = openBillingAccount(createInput(), { id: 'ba-1', now: '2026-01-03T10:00:00.000Z', defaults, isDefault: false, ownerName: 'Ada', references: { cycleSpecification: chosen, format } });
    expect(account).toMatchObject({ billingCycleDay: 15, paymentTermsDays: 30, billStructure: { cycleSpecification: chosen, format } });
    const own = openBillingAccount(createInput({ paymentTermsDays: 7 }), { id: 'ba-1', now: '2026-01-03T10:00:00.000Z', defaults, isDefault: false, ownerName: 'Ada', references: { cycleSpecification: chosen } });
    expect(own.paymentTermsDays).toBe(7);
  });

  it('refuses a cycle day other than the chosen specification’s', () => {
    expect(() => openBillingAccount(createInput({ billingCycleDay: 3 }), { id: 'ba-1', now: '2026-01-03T10:00:00.000Z', defaults, isDefault: false, ownerName: 'Ada', references: { cycleSpecification: chosen } })).toThrow(
      'billingCycleSpecification bcs-1 bills on day 15',
    );
  });

  it('an account without choices bills on its day’s built-in cycle, by id', () => {
    expect(open({ billingCycleDay: 12 }).billStructure.cycleSpecification).toMatchObject({ id: 'monthly-day-12', href: '/tmf-api/accountManagement/v4/billingCycleSpecification/monthly-day-12' });
  });

  it('a patch replaces the parts it names and keeps the others; null and [] remove', () => {
    const current = openBillingAccount(createInput(), { id: 'ba-1', now: '2026-01-03T10:00:00.000Z', defaults, isDefault: false, ownerName: 'Ada', references: { format } });
    const media = { id: 'sms', href: '/m/sms', name: 'SMS', isRef: false as const, channel: 'sms' as const, '@type': 'BillPresentationMedia' as const };
    const withMedia = applyBillingAccountPatch(current, { billStructure: { presentationMedia: [{ id: 'sms' }] } }, '2026-01-04T00:00:00.000Z', { presentationMedia: [media] });
    expect(withMedia.billStructure).toEqual({ cycleSpecification: current.billStructure.cycleSpecification, format, presentationMedia: [media] });
    const cleared = applyBillingAccountPatch(withMedia, { billStructure: { format: null, presentationMedia: [] } }, '2026-01-05T00:00:00.000Z', { format: null, presentationMedia: [] });
    expect(cleared.billStructure).toEqual({ cycleSpecification: current.billStructure.cycleSpecification });
    const moved = applyBillingAccountPatch(cleared, { billStructure: { cycleSpecification: { id: 'bcs-1' } } }, '2026-01-05T00:00:00.000Z', { cycleSpecification: chosen });
    expect(moved).toMatchObject({ billingCycleDay: 15, paymentTermsDays: 30 });
    const financialAccount = { id: 'fa-1', href: '/fa/fa-1', name: 'G', '@referredType': 'FinancialAccount' as const };
    const grouped = applyBillingAccountPatch(moved, { financialAccount: { id: 'fa-1' } }, '2026-01-06T00:00:00.000Z', { financialAccount });
    expect(grouped.financialAccount).toEqual(financialAccount);
    expect(applyBillingAccountPatch(grouped, { financialAccount: null }, '2026-01-06T00:00:00.000Z', { financialAccount: null })).not.toHaveProperty('financialAccount');
  });
});

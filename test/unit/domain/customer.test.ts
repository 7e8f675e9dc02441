import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCustomerPatch, billingPreferencesOf, canTransitionCustomer, customerCreateSchema, customerPatchSchema, customerStatuses, registerCustomer, type Customer, type CustomerCreate, type CustomerPatch, type CustomerStatus } from '../../../domain/customers/customer.js';
import { normalizeEmail, primaryEmail } from '../../../domain/customers/email.js';
import { InvalidInputError, RuleViolationError } from '../../../domain/shared/domain-errors.js';
import type { ContactMedium } from '../../../domain/shared/tmf-types.js';

const now = '2026-01-15T10:00:00.000Z';
const later = '2026-02-01T08:30:00.000Z';
const ids = { customerId: 'cust-1', partyId: 'party-1' };

const email = (address: string, preferred?: boolean): ContactMedium => ({
  mediumType: 'email',
  ...(preferred === undefined ? {} : { preferred }),
  characteristic: { emailAddress: address },
});
const phone: ContactMedium = { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } };

const createInput = (overrides: Partial<CustomerCreate> = {}): CustomerCreate => ({
  name: 'Ada Lovelace',
  contactMedium: [email('ada@example.com', true)],
  ...overrides,
});

const customerIn = (status: CustomerStatus, overrides: Partial<Customer> = {}): Customer => ({
  ...registerCustomer(createInput(), ids, now),
  status,
  ...overrides,
});

/** The edges docs/api.md documents: Initialized -> Validated <-> Suspended; any -> Closed (terminal). */
const lifecycle: Record<CustomerStatus, CustomerStatus[]> = {
  Initialized: ['Validated', 'Closed'],
  Validated: ['Suspended', 'Closed'],
  Suspended: ['Validated', 'Closed'],
  Closed: [],
};

describe('customer lifecycle', () => {
  const pairs = customerStatuses.flatMap((from) => customerStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s follows the documented lifecycle', (from, to) => {
    expect(canTransitionCustomer(from, to)).toBe(from === to || lifecycle[from].includes(to));
  });

  it('lets a status stay as it is (a patch that repeats the status is no transition)', () => {
    for (const status of customerStatuses) expect(canTransitionCustomer(status, status)).toBe(true);
  });

  it.each([
    ['Initialized', 'Validated'],
    ['Initialized', 'Closed'],
    ['Validated', 'Suspended'],
    ['Validated', 'Closed'],
    ['Suspended', 'Validated'],
    ['Suspended', 'Closed'],
  ] as const)('applyCustomerPatch moves %s -> %s and reports the status change', (from, to) => {
    const change = applyCustomerPatch(customerIn(from), { status: to }, later);
    expect(change.customer.status).toBe(to);
    expect(change.statusChanged).toBe(true);
    expect(change.customer.lastModified).toBe(later);
  });

  it.each([
    ['Initialized', 'Suspended'],
    ['Validated', 'Initialized'],
    ['Suspended', 'Initialized'],
    ['Closed', 'Initialized'],
    ['Closed', 'Validated'],
    ['Closed', 'Suspended'],
  ] as const)('applyCustomerPatch refuses %s -> %s as a customer-lifecycle violation', (from, to) => {
    const attempt = () => applyCustomerPatch(customerIn(from), { status: to }, later);
    expect(attempt).toThrow(RuleViolationError);
    expect(attempt).toThrow(new RegExp(`from ${from} to ${to}`));
    try {
      attempt();
    } catch (error) {
      expect((error as RuleViolationError).rule).toBe('customer-lifecycle');
    }
  });

  it('names the allowed targets, or "none (terminal)" for Closed', () => {
    expect(() => applyCustomerPatch(customerIn('Validated'), { status: 'Initialized' }, later)).toThrow(/allowed: Suspended, Closed/);
    expect(() => applyCustomerPatch(customerIn('Closed'), { status: 'Validated' }, later)).toThrow(/none \(terminal\)/);
  });

  it('keeps a Closed customer frozen: not even its name or the same status may be patched', () => {
    expect(() => applyCustomerPatch(customerIn('Closed'), { name: 'New name' }, later)).toThrow(/a Closed customer cannot be changed/);
    expect(() => applyCustomerPatch(customerIn('Closed'), { status: 'Closed' }, later)).toThrow(RuleViolationError);
  });

  it('a patch without status keeps the status and reports no status change', () => {
    const change = applyCustomerPatch(customerIn('Suspended'), { name: 'Ada King' }, later);
    expect(change.customer.status).toBe('Suspended');
    expect(change.statusChanged).toBe(false);
  });

  it('property: any sequence of requested transitions only moves along allowed edges, and Closed is absorbing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...customerStatuses), { maxLength: 30 }), (requested) => {
        let customer = customerIn('Initialized');
        let closedSeen = false;
        for (const target of requested) {
          const before = customer.status;
          try {
            customer = applyCustomerPatch(customer, { status: target }, later).customer;
            expect(before === target || lifecycle[before].includes(target)).toBe(true);
            expect(customer.status).toBe(target);
          } catch (error) {
            expect(error).toBeInstanceOf(RuleViolationError);
            expect(customer.status).toBe(before);
            expect(before === 'Closed' || !lifecycle[before].includes(target)).toBe(true);
          }
          if (closedSeen) expect(customer.status).toBe('Closed');
          closedSeen ||= customer.status === 'Closed';
        }
      }),
    );
  });
});

describe('primary email', () => {
  it('is required: a customer without an email contact medium is invalid input on contactMedium', () => {
    const attempt = () => primaryEmail([phone]);
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([expect.objectContaining({ field: 'contactMedium' })]);
    }
    expect(() => primaryEmail([])).toThrow(InvalidInputError);
  });

  it('ignores an email medium that carries no address', () => {
    expect(() => primaryEmail([{ mediumType: 'email', characteristic: { city: 'Paris' } }])).toThrow(InvalidInputError);
  });

  it('is normalized: trimmed and lower-cased', () => {
    expect(primaryEmail([email('  Ada.Lovelace@Example.COM ')])).toBe('ada.lovelace@example.com');
    expect(normalizeEmail(' MiXeD@Case.org\t')).toBe('mixed@case.org');
  });

  it('matches the medium type case-insensitively', () => {
    expect(primaryEmail([phone, { mediumType: 'Email', characteristic: { emailAddress: 'ada@example.com' } }])).toBe('ada@example.com');
  });

  it('prefers the preferred email over an earlier, non-preferred one', () => {
    expect(primaryEmail([email('first@example.com'), phone, email('chosen@example.com', true)])).toBe('chosen@example.com');
    expect(primaryEmail([email('first@example.com', false), email('second@example.com')])).toBe('first@example.com');
  });

  it('property: the primary email is one of the given addresses, normalized, and preferred if any is', () => {
    const address = fc.emailAddress();
    fc.assert(
      fc.property(fc.array(fc.record({ address, preferred: fc.boolean() }), { minLength: 1, maxLength: 6 }), (emails) => {
        const result = primaryEmail(emails.map((e) => email(e.address, e.preferred)));
        const candidates = emails.some((e) => e.preferred) ? emails.filter((e) => e.preferred) : emails;
        expect(result).toBe(normalizeEmail(candidates[0]!.address));
      }),
    );
  });
});

describe('billing preferences', () => {
  const withCharacteristics = (...characteristic: { name: string; value: string | number | boolean }[]) => ({ characteristic });

  it('are empty when the customer has none', () => {
    expect(billingPreferencesOf({})).toEqual({});
    expect(billingPreferencesOf(withCharacteristics({ name: 'segment', value: 'gold' }))).toEqual({});
  });

  it('read preferredCurrency, timeZone and billingCycleDay (a string day is accepted)', () => {
    expect(
      billingPreferencesOf(
        withCharacteristics(
          { name: 'preferredCurrency', value: 'USD' },
          { name: 'timeZone', value: 'America/New_York' },
          { name: 'billingCycleDay', value: '5' },
        ),
      ),
    ).toEqual({ currency: 'USD', timeZone: 'America/New_York', billingCycleDay: 5 });
    expect(billingPreferencesOf(withCharacteristics({ name: 'billingCycleDay', value: 28 }))).toEqual({ billingCycleDay: 28 });
  });

  it.each([
    ['preferredCurrency', 'eur'],
    ['preferredCurrency', 'EURO'],
    ['timeZone', 'Mars/Olympus_Mons'],
    ['billingCycleDay', 0],
    ['billingCycleDay', 29],
    ['billingCycleDay', 31],
    ['billingCycleDay', 2.5],
    ['billingCycleDay', 'soon'],
    ['billingCycleDay', true],
  ] as const)('reject %s = %j, naming the characteristic', (name, value) => {
    const attempt = () => billingPreferencesOf(withCharacteristics({ name, value }));
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).problems.map((p) => p.field)).toEqual([`characteristic[name=${name}]`]);
    }
  });

  it('property: every day 1..28 is accepted, every other integer rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (day) => {
        const read = () => billingPreferencesOf(withCharacteristics({ name: 'billingCycleDay', value: day }));
        if (day >= 1 && day <= 28) expect(read()).toEqual({ billingCycleDay: day });
        else expect(read).toThrow(InvalidInputError);
      }),
    );
  });
});

describe('registering a customer', () => {
  it('starts Initialized with id, href, type and timestamps', () => {
    const customer = registerCustomer(createInput(), ids, now);
    expect(customer).toMatchObject({
      id: 'cust-1',
      href: '/tmf-api/customerManagement/v4/customer/cust-1',
      name: 'Ada Lovelace',
      status: 'Initialized',
      '@type': 'Customer',
      createdAt: now,
      lastModified: now,
    });
  });

  it('registers an Individual party when engagedParty is omitted', () => {
    expect(registerCustomer(createInput(), ids, now).engagedParty).toEqual({ id: 'party-1', name: 'Ada Lovelace', '@referredType': 'Individual' });
  });

  it('keeps a given engagedParty', () => {
    const engagedParty = { id: 'org-9', name: 'Analytical Engines Ltd', '@referredType': 'Organization' };
    expect(registerCustomer(createInput({ engagedParty }), ids, now).engagedParty).toEqual(engagedParty);
  });

  it('refuses a customer without email', () => {
    expect(() => registerCustomer(createInput({ contactMedium: [phone] }), ids, now)).toThrow(InvalidInputError);
  });

  it('refuses invalid billing preferences up front, so the default account can always be opened', () => {
    expect(() =>
      registerCustomer(createInput({ characteristic: [{ name: 'billingCycleDay', value: 30 }] }), ids, now),
    ).toThrow(InvalidInputError);
  });
});

describe('customer request schemas', () => {
  it('create: accepts the minimal body and trims the name', () => {
    const parsed = customerCreateSchema.parse({ name: '  Ada  ', contactMedium: [email('ada@example.com')] });
    expect(parsed.name).toBe('Ada');
  });

  it('create: reports read-only and unknown attributes instead of dropping them', () => {
    const result = customerCreateSchema.safeParse({ id: 'mine', href: 'x', nickname: 'A', name: 'Ada', contactMedium: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['id', 'href', 'nickname'] });
  });

  it('create: @schemaLocation must be a URI, as the TMF schema says', () => {
    expect(customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [], '@schemaLocation': 'not a uri' }).success).toBe(false);
    expect(customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [], '@schemaLocation': 'https://example.com/customer.json' }).success).toBe(true);
  });

  it('create: only Initialized may be requested as status', () => {
    expect(customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [], status: 'Initialized' }).success).toBe(true);
    expect(customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [], status: 'Validated' }).success).toBe(false);
  });

  it('create: checks email addresses and phone numbers', () => {
    expect(customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [email('not-an-email')] }).success).toBe(false);
    expect(
      customerCreateSchema.safeParse({ name: 'Ada', contactMedium: [{ mediumType: 'phone', characteristic: { phoneNumber: 'call me' } }] }).success,
    ).toBe(false);
  });

  it('patch: an empty patch changes nothing and is refused', () => {
    expect(customerPatchSchema.safeParse({}).success).toBe(false);
  });

  it.each(['id', 'href', 'createdAt', 'lastModified'])('patch: %s is read-only', (attribute) => {
    expect(customerPatchSchema.safeParse({ [attribute]: 'x' }).success).toBe(false);
  });

  it('patch: status must be a known lifecycle status', () => {
    expect(customerPatchSchema.safeParse({ status: 'Suspended' }).success).toBe(true);
    expect(customerPatchSchema.safeParse({ status: 'Deleted' }).success).toBe(false);
  });
});

describe('patching a customer (merge patch)', () => {
  it('replaces the patched attributes and keeps the others', () => {
    const current = customerIn('Validated', { statusReason: 'checked' });
    const change = applyCustomerPatch(current, { name: 'Ada King' }, later);
    expect(change.customer).toEqual({ ...current, name: 'Ada King', lastModified: later });
  });

  it('reports the previous and the new primary email when the email changes', () => {
    const current = customerIn('Validated');
    const change = applyCustomerPatch(current, { contactMedium: [email('Countess@Example.com', true)] }, later);
    expect(change.previousEmail).toBe('ada@example.com');
    expect(change.email).toBe('countess@example.com');
  });

  it('refuses a patch that removes the last email', () => {
    expect(() => applyCustomerPatch(customerIn('Validated'), { contactMedium: [phone] }, later)).toThrow(InvalidInputError);
  });

  it('refuses a patch with invalid billing preferences', () => {
    expect(() =>
      applyCustomerPatch(customerIn('Validated'), { characteristic: [{ name: 'preferredCurrency', value: 'euros' }] }, later),
    ).toThrow(InvalidInputError);
  });

  it('property: a merge patch never changes id, href, createdAt or @type', () => {
    const patchArbitrary: fc.Arbitrary<CustomerPatch> = fc
      .record(
        {
          name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
          statusReason: fc.string({ maxLength: 40 }),
          status: fc.constantFrom(...customerStatuses),
          contactMedium: fc.array(fc.emailAddress().map((a) => email(a)), { minLength: 1, maxLength: 3 }),
          characteristic: fc.array(fc.record({ name: fc.constantFrom('segment', 'language'), value: fc.string({ maxLength: 10 }) }), {
            maxLength: 3,
          }),
          paymentMethod: fc.array(fc.record({ id: fc.uuid() }), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      )
      .filter((patch) => Object.keys(patch).length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...customerStatuses), patchArbitrary, (status, patch) => {
        const current = customerIn(status);
        try {
          const { customer } = applyCustomerPatch(current, patch, later);
          expect(customer.id).toBe(current.id);
          expect(customer.href).toBe(current.href);
          expect(customer.createdAt).toBe(current.createdAt);
          expect(customer['@type']).toBe('Customer');
          expect(customer.lastModified).toBe(later);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleViolationError);
        }
      }),
    );
  });

  it('property: whatever a client sends, the validated patch schema never lets id, href or createdAt through', () => {
    fc.assert(
      fc.property(fc.constantFrom('id', 'href', 'createdAt'), fc.string(), (attribute, value) => {
        expect(customerPatchSchema.safeParse({ name: 'Ada', [attribute]: value }).success).toBe(false);
      }),
    );
  });
});

describe('JSON merge patch null', () => {
  const later = '2026-03-01T00:00:00.000Z';
  it('removes an optional attribute and keeps the rest', async () => {
    const { registerCustomer } = await import('../../../domain/customers/customer.js');
    const current = registerCustomer(
      { name: 'Ada', statusReason: 'pending documents', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }] },
      { customerId: 'c-1', partyId: 'p-1' },
      '2026-02-01T00:00:00.000Z',
    );
    const patch = customerPatchSchema.parse({ statusReason: null, name: 'Ada K.' });
    const { customer } = applyCustomerPatch(current, patch, later);
    expect(customer).not.toHaveProperty('statusReason');
    expect(customer.name).toBe('Ada K.');
    expect(customer.contactMedium).toEqual(current.contactMedium);
  });

  it('refuses null for a required attribute', () => {
    expect(customerPatchSchema.safeParse({ name: null }).success).toBe(false);
    expect(customerPatchSchema.safeParse({ contactMedium: null }).success).toBe(false);
  });
});

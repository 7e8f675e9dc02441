import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BillingAccount } from '../../../../domain/customers/billing-account.js';
import {
  deletionBlockers,
  deletionRefusalMessage,
  eraseBillingAccount,
  eraseCustomer,
  erasureAuditEntry,
  isErased,
  maxAccountsClosedAtErasure,
  pseudonymOf,
} from '../../../../domain/customers/customer-erasure.js';
import { customerSearchTerms } from '../../../../domain/customers/customer-search.js';
import { registerCustomer, type Customer } from '../../../../domain/customers/customer.js';

const now = '2027-03-01T09:00:00.000Z';
const customerId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const nothing = { products: [], orders: [], accounts: [], openBills: [] };

const customer = (overrides: Partial<Customer> = {}): Customer => ({
  ...registerCustomer(
    {
      name: 'Camille Martin',
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'camille@example.com' } },
        { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de la Paix', city: 'Paris', postCode: '75002', country: 'FR' } },
      ],
      characteristic: [
        { name: 'preferredCurrency', value: 'EUR' },
        { name: 'dateOfBirth', value: '1990-04-01' },
      ],
      paymentMethod: [{ id: 'pm_card_4242', name: 'Visa ending 4242' }],
      relatedParty: [{ id: 'contact-1', name: 'Jean Martin', role: 'contact', '@referredType': 'Individual' }],
    },
    { customerId, partyId: 'party-1' },
    '2027-01-01T00:00:00.000Z',
  ),
  status: 'Validated',
  ...overrides,
});

describe('what blocks closing a customer', () => {
  it('nothing: a customer without products, orders, balances or open bills may be closed', () => {
    expect(deletionBlockers(nothing)).toEqual([]);
    expect(deletionBlockers({ ...nothing, products: [{ id: 'p1', status: 'terminated' }, { id: 'p2', status: 'cancelled' }], orders: [{ id: 'o1', state: 'completed' }, { id: 'o2', state: 'failed' }], accounts: [{ id: 'a1', balanceMinor: 0n }] })).toEqual([]);
  });

  it.each(['created', 'pendingActive', 'active', 'pendingTerminate', 'suspended'])('a %s product', (status) => {
    const blockers = deletionBlockers({ ...nothing, products: [{ id: 'p1', status }] });
    expect(blockers).toEqual([expect.objectContaining({ kind: 'product', field: 'product/p1' })]);
    expect(deletionRefusalMessage(blockers)).toBe('the customer cannot be closed while it has active products');
  });

  it.each(['acknowledged', 'inProgress', 'pendingCancellation'])('an order %s', (state) => {
    expect(deletionBlockers({ ...nothing, orders: [{ id: 'o1', state }] })).toEqual([expect.objectContaining({ kind: 'productOrder', field: 'productOrder/o1' })]);
  });

  it('an account that owes, or holds a credit: either way its balance is not zero', () => {
    const blockers = deletionBlockers({ ...nothing, accounts: [{ id: 'a1', balanceMinor: 1250n }, { id: 'a2', balanceMinor: -300n }] });
    expect(blockers.map((blocker) => blocker.problem)).toEqual([expect.stringContaining('owes 1250'), expect.stringContaining('holds a credit of 300')]);
  });

  it('an open bill, and every reason at once, each named', () => {
    const blockers = deletionBlockers({ products: [{ id: 'p1', status: 'active' }], orders: [{ id: 'o1', state: 'inProgress' }], accounts: [{ id: 'a1', balanceMinor: 5n }], openBills: [{ id: 'b1' }] });
    expect(blockers.map((blocker) => blocker.kind)).toEqual(['product', 'productOrder', 'balance', 'bill']);
    expect(deletionRefusalMessage(blockers)).toBe('the customer cannot be closed while it has active products, open orders, open balances, open bills');
  });

  it('more accounts than one transaction closes', () => {
    const accounts = Array.from({ length: maxAccountsClosedAtErasure + 1 }, (_, index) => ({ id: `a${index}`, balanceMinor: 0n }));
    expect(deletionBlockers({ ...nothing, accounts }).map((blocker) => blocker.kind)).toEqual(['accounts']);
  });
});

describe('the erased customer', () => {
  it('is Closed under its pseudonym, with no contact, card or related party, and keeps only the billing settings', () => {
    const erased = eraseCustomer(customer(), now);
    expect(erased).toEqual({
      id: customerId,
      href: `/tmf-api/customerManagement/v4/customer/${customerId}`,
      name: 'Erased customer 6f1c2a9e',
      status: 'Closed',
      statusReason: 'Closed, personal data erased',
      engagedParty: { id: 'party-1', name: 'Erased customer 6f1c2a9e', '@referredType': 'Individual' },
      contactMedium: [],
      characteristic: [{ name: 'preferredCurrency', value: 'EUR' }],
      validFor: { endDateTime: now },
      '@type': 'Customer',
      createdAt: '2027-01-01T00:00:00.000Z',
      lastModified: now,
      erasedAt: now,
    });
    expect(isErased(erased)).toBe(true);
    expect(isErased(customer({ status: 'Closed' }))).toBe(false);
    expect(customerSearchTerms(erased)).toEqual({ nameWords: [], reversedPhoneNumbers: [] });
  });

  it('keeps its test clock: its instants stay the clock\'s', () => {
    const clock = { id: 'clock-1', href: '/billing/v1/testClock/clock-1' };
    expect(eraseCustomer(customer({ testClock: clock }), now).testClock).toEqual(clock);
  });

  // Personal values are tokens no kept attribute can contain (ids are uuids, instants ISO, kept characteristics fixed).
  const token = fc.stringMatching(/^[a-z]{3,12}$/).map((text) => `zq${text}`);
  const personal = fc.record({
    name: token,
    emails: fc.array(token, { minLength: 1, maxLength: 3 }),
    phones: fc.array(fc.stringMatching(/^\+9[0-9]{9}$/), { maxLength: 3 }),
    street: token,
    city: token,
    traits: fc.array(fc.tuple(token, token), { maxLength: 5 }),
    cards: fc.array(fc.tuple(token, token), { maxLength: 3 }),
    contacts: fc.array(fc.tuple(token, token), { maxLength: 3 }),
    reason: token,
    partyName: token,
  });

  it('no personal value survives erasure, whatever the customer held', () => {
    fc.assert(
      fc.property(personal, fc.uuid(), (data, id) => {
        const held = customer({
          id,
          name: data.name,
          statusReason: data.reason,
          engagedParty: { id: 'party-7', name: data.partyName, '@referredType': 'Individual' },
          contactMedium: [
            ...data.emails.map((address, index) => ({ mediumType: 'email', preferred: index === 0, characteristic: { emailAddress: `${address}@example.com` } })),
            ...data.phones.map((phoneNumber) => ({ mediumType: 'mobile', characteristic: { phoneNumber } })),
            { mediumType: 'postalAddress', characteristic: { street1: data.street, city: data.city, country: 'FR' } },
          ],
          characteristic: [{ name: 'timeZone', value: 'Europe/Paris' }, ...data.traits.map(([name, value]) => ({ name, value }))],
          paymentMethod: data.cards.map(([cardId, name]) => ({ id: cardId, name })),
          relatedParty: data.contacts.map(([partyId, name]) => ({ id: partyId, name, '@referredType': 'Individual' })),
        });
        const text = JSON.stringify(eraseCustomer(held, now));
        const values = [data.name, data.reason, data.partyName, data.street, data.city, ...data.emails, ...data.phones, ...data.traits.flat(), ...data.cards.flat(), ...data.contacts.flat()];
        for (const value of values) expect(text).not.toContain(value);
        expect(text).toContain(pseudonymOf(id));
      }),
    );
  });
});

describe("the erased customer's billing accounts", () => {
  const account: BillingAccount = {
    id: 'acc-1',
    href: '/tmf-api/accountManagement/v4/billingAccount/acc-1',
    name: "Camille's phone",
    description: 'for Camille Martin, 1 rue de la Paix',
    accountType: 'individual',
    state: 'Active',
    paymentStatus: 'paidUp',
    relatedParty: [{ id: customerId, name: 'Camille Martin', role: 'owner', '@referredType': 'Customer' }],
    billStructure: { cycleSpecification: { name: 'monthly', isRef: false, frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 1, '@type': 'BillingCycleSpecification' } },
    defaultPaymentMethod: { id: 'pm_card_4242', name: 'Visa ending 4242' },
    billingCycleDay: 1,
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    isDefault: true,
    '@type': 'BillingAccount',
    createdAt: '2027-01-01T00:00:00.000Z',
    lastModified: '2027-01-01T00:00:00.000Z',
  };

  it('are Closed, without name, description, card or party names; the owner is still named by id', () => {
    const erased = eraseBillingAccount(account, customerId, now);
    expect(erased.state).toBe('Closed');
    expect(erased.name).toBe('Billing account of erased customer 6f1c2a9e');
    expect(erased.relatedParty).toEqual([{ id: customerId, role: 'owner', '@referredType': 'Customer' }]);
    expect(erased.lastModified).toBe(now);
    const text = JSON.stringify(erased);
    for (const value of ['Camille', 'Paix', 'pm_card_4242', 'Visa']) expect(text).not.toContain(value);
  });
});

describe('the audit entry', () => {
  it('says who and why, and keeps no personal data', () => {
    const held = customer();
    const entry = erasureAuditEntry(held, { id: 'audit-1', at: now, actor: { subject: 'user-9', role: 'customer' }, correlationId: 'c-1', closedAccountIds: ['acc-1'] });
    expect(entry).toMatchObject({ action: 'customerErased', resource: { type: 'Customer', id: customerId }, actor: { subject: 'user-9', role: 'customer' }, reason: expect.stringContaining('requested by the customer'), before: { status: 'Validated' }, after: { status: 'Closed', erasedAt: now, closedBillingAccounts: ['acc-1'] } });
    expect(JSON.stringify(entry)).not.toContain('Camille');
    expect(erasureAuditEntry(held, { id: 'audit-2', at: now, actor: { subject: 'admin-1', role: 'admin' }, correlationId: 'c-2', closedAccountIds: [] }).reason).toContain('admin');
  });
});

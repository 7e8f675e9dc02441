import { describe, expect, it } from 'vitest';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import { PaymentReceived } from '../../../domain/events/collections-events.js';
import { CustomerCreated } from '../../../domain/events/customer-events.js';
import { eventCatalog } from '../../../domain/events/event-catalog.js';
import { OrderFailed } from '../../../domain/events/order-events.js';
import { partnerDetailTypes, partnerEventCatalog, partnerEventJsonSchemas, partnerEventTypeOf } from '../../../domain/events/partner-events.js';

/** Attribute names that would carry personal data, a secret or the client's own text. */
const personal = /^(name|email|emailAddress|phoneNumber|contactMedium|paymentMethod|paymentMethodToken|score|creditScore|creditLimit|street1|street2|postCode|city|birthDate|reason|correlationId|statusReason|characteristic|note|description)$/i;

function propertyNames(schema: unknown): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  return Object.entries(schema as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'properties' && value !== null && typeof value === 'object' ? [...Object.keys(value), ...Object.values(value).flatMap(propertyNames)] : propertyNames(value),
  );
}

const origin = { eventId: 'evt-1', occurredAt: '2026-02-01T08:00:00.000Z', correlationId: 'corr-1' };
const eur = (value: number) => ({ unit: 'EUR', value });

describe('partner events: the only shapes that leave the account', () => {
  it('name no attribute that could hold personal data, a token, a score or free text, at any depth', () => {
    const schemas = partnerEventJsonSchemas();
    expect(Object.keys(schemas)).toEqual(partnerDetailTypes.map((type) => `bss.partner/${type}`));
    for (const [name, schema] of Object.entries(schemas)) {
      expect({ name, personal: propertyNames(schema).filter((property) => personal.test(property)) }).toEqual({ name, personal: [] });
      // Strict: a projection cannot add an attribute the contract does not name.
      expect(JSON.stringify(schema)).toContain('"additionalProperties":false');
    }
  });

  it('are each drawn from a published domain event, once', () => {
    for (const type of partnerEventCatalog) expect(eventCatalog).toContain(type.from);
    expect(new Set(partnerDetailTypes).size).toBe(partnerDetailTypes.length);
    expect(partnerEventTypeOf('bss.onboarding', 'OnboardingRejected')).toBeUndefined();
    expect(partnerEventTypeOf('bss.customers', 'CustomerWelcomed')).toBeUndefined();
  });

  it("leave the customer's name and e-mail out of CustomerCreated", () => {
    const { data } = CustomerCreated.create({ customer: { id: 'cust-1', href: '/c/cust-1', name: 'Ada Lovelace', status: 'Initialized', email: 'ada@example.com', preferences: {} } }, origin).detail;
    expect(partnerEventTypeOf('bss.customers', 'CustomerCreated')!.project(data)).toEqual({ customerId: 'cust-1', status: 'Initialized' });
  });

  it('leave an order\'s closing reason out (written for staff, it may quote the customer)', () => {
    const { data } = OrderFailed.create({ orderId: 'o-1', customerId: 'c-1', billingAccountId: 'ba-1', reason: 'card of Ada Lovelace declined', completedItems: [], failedItems: ['1'] }, origin).detail;
    expect(partnerEventTypeOf('bss.orders', 'OrderFailed')!.project(data)).toEqual({ orderId: 'o-1', customerId: 'c-1', billingAccountId: 'ba-1', completedItems: [], failedItems: ['1'] });
  });

  it('keep test-clock data home: events about a clocked customer have no partner event', () => {
    const bill = {
      id: 'b-1', href: '/b/b-1', billNo: 'B-1', billDate: '2026-02-01', paymentDueDate: '2026-02-15', runType: 'onCycle' as const, state: 'new',
      billingAccountId: 'ba-1', customerId: 'c-1', amountDue: eur(10), taxExcludedAmount: eur(8.33), taxIncludedAmount: eur(10),
    };
    const type = partnerEventTypeOf('bss.billing', 'CustomerBillIssued')!;
    expect(type.project(CustomerBillIssued.create({ bill: { ...bill, testClockId: 'clock-1' } }, origin).detail.data)).toBeUndefined();
    expect(type.project(CustomerBillIssued.create({ bill }, origin).detail.data)).toMatchObject({ billId: 'b-1', amountDue: eur(10) });
    const payment = { id: 'p-1', href: '/p/p-1', paymentDate: '2026-02-02', channel: 'card' as const, billingAccountId: 'ba-1', customerId: 'c-1', totalAmount: eur(10), unappliedAmount: eur(0), testClockId: 'clock-1' };
    expect(partnerEventTypeOf('bss.collections', 'PaymentReceived')!.project(PaymentReceived.create({ payment, bills: [] }, origin).detail.data)).toBeUndefined();
  });
});

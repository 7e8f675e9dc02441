import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { CustomerBillIssued, issuedBillSnapshot } from '../../../domain/events/billing-events.js';
import { AccountCreditApplied, PaymentFailed, PaymentReceived } from '../../../domain/events/collections-events.js';
import { handler } from '../../../functions/collections/collect-customer-bill.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { balanceOf, billNow, creditOf, ledgerOfAccount, writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2027-02-01T02:00:10.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });

function issuedEvent(bill: CustomerBill) {
  const event = CustomerBillIssued.create(
    { bill: issuedBillSnapshot(bill, 'cust-1') },
    { eventId: 'evt-1', occurredAt: bill.billDate, correlationId: 'corr-run-1' },
  );
  return { source: event.source, 'detail-type': event.detailType, detail: event.detail };
}
const collect = (bill: CustomerBill) => handler(issuedEvent(bill), lambdaContext('collect-customer-bill'));
/** Every event recorded in the outbox so far, whether by a transaction or on its own. */
const recordedEvents = () => table.itemsOf('OUTBOX#').map((item) => ({ detailType: item.detailType as string, detail: JSON.parse(item.detail as string) }));
const payments = () => table.itemsOf('PAYMENT#').map((item) => item.resource as Record<string, any>);

let table: FakeBillingTable;
let bill: CustomerBill;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' }, { defaultPaymentMethod: { id: 'pm_card_visa', '@referredType': 'PaymentMethod' } });
  bill = writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z', billDate: '2027-02-01T00:00:00.000Z' });
  return () => vi.restoreAllMocks();
});

describe('collect-customer-bill (CustomerBillIssued → collection)', () => {
  it("charges the account's default card for the bill: a TMF676 payment naming the bill, the bill settled, the ledger back to zero", async () => {
    await expect(collect(bill)).resolves.toMatchObject({ outcome: 'collected', bill: { id: 'feb', state: 'settled' } });
    const [payment] = payments();
    expect(payment).toMatchObject({
      correlatorId: 'feb',
      paymentDate: now,
      paymentMethod: { id: 'pm_card_visa', name: 'card' },
      totalAmount: eur(29.03),
      paymentItem: [{ item: { id: 'feb', '@referredType': 'CustomerBill' }, totalAmount: eur(29.03) }],
      gatewayCaptureId: expect.stringMatching(/^sim_cap_/),
    });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0), appliedPayment: [{ payment: { id: payment!.id } }] });
    expect(balanceOf(table, 'ba-1')).toBe(0);
    expect(recordedEvents().map((event) => event.detailType)).toEqual(['PaymentReceived']);
    expect(PaymentReceived.parseDetail(recordedEvents()[0]!.detail).metadata.correlationId).toBe('corr-run-1');
  });

  it('a duplicated or retried delivery charges once and records once', async () => {
    await collect(bill);
    // The same event again, and a retry that finds the bill still open (its first answer was lost after the capture).
    await expect(collect(bill)).resolves.toEqual({ outcome: 'nothingOwed' });
    const stored = table.get({ pk: 'BILL#feb', sk: 'BILL' })!;
    table.put({ ...stored, resource: bill });
    await collect(bill);
    expect(payments()).toHaveLength(1);
    expect(table.itemsOf('SIMULATED_GATEWAY#').filter((item) => item.sk === 'CAPTURE')).toHaveLength(1);
    expect(ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'payment')).toHaveLength(1);
  });

  it("the account's credit pays first; the card is charged only what is left", async () => {
    table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'ACCOUNT_CREDIT', entityType: 'AccountCredit', version: 1, sources: [{ paymentId: 'pay-old', amountMinor: '1000', since: '2027-01-20T00:00:00.000Z' }] });
    await expect(collect(bill)).resolves.toMatchObject({ outcome: 'collected', bill: { state: 'settled' } });
    expect(billNow(table, 'feb').appliedPayment.map((applied) => [applied.payment.id, applied.appliedAmount.value])).toEqual([
      ['pay-old', 10],
      [payments()[0]!.id, 19.03],
    ]);
    expect(payments()[0]!.totalAmount).toEqual(eur(19.03));
    expect(creditOf(table, 'ba-1')).toEqual([]);
    expect(recordedEvents().map((event) => event.detailType)).toEqual(['AccountCreditApplied', 'PaymentReceived']);
    expect(AccountCreditApplied.parseDetail(recordedEvents()[0]!.detail).data.bill).toMatchObject({ appliedAmount: eur(10), remainingAmount: eur(19.03), state: 'partiallyPaid' });
  });

  it("credit that came from a credit note is named as that credit note on the bill, not as a payment", async () => {
    table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'ACCOUNT_CREDIT', entityType: 'AccountCredit', version: 1, sources: [{ paymentId: 'cn-1', from: 'CreditNote', amountMinor: '500', since: '2027-01-20T00:00:00.000Z' }] });
    await collect(bill);
    const after = billNow(table, 'feb');
    expect(after.appliedCreditNote).toEqual([{ creditNote: { id: 'cn-1', href: '/collections/v1/creditNote/cn-1' }, appliedAmount: eur(5) }]);
    expect(after.appliedPayment.map((applied) => applied.payment.id)).toEqual([payments()[0]!.id]);
    expect(payments()[0]!.totalAmount).toEqual(eur(24.03));
    const applied = AccountCreditApplied.parseDetail(recordedEvents()[0]!.detail).data;
    expect(applied).toMatchObject({ paymentIds: [], creditNoteIds: ['cn-1'] });
  });

  it('credit that covers the bill settles it without touching the card', async () => {
    table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'ACCOUNT_CREDIT', entityType: 'AccountCredit', version: 3, sources: [{ paymentId: 'pay-old', amountMinor: '5000', since: '2027-01-20T00:00:00.000Z' }] });
    await expect(collect(bill)).resolves.toEqual({ outcome: 'paidByCredit' });
    expect(billNow(table, 'feb').state).toBe('settled');
    expect(creditOf(table, 'ba-1')).toEqual([['pay-old', '2097']]);
    expect(table.itemsOf('SIMULATED_GATEWAY#')).toEqual([]);
  });

  it('a declined card leaves the bill open and records PaymentFailed once per attempt', async () => {
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...account, resource: { ...(account.resource as object), defaultPaymentMethod: { id: 'pm_card_insufficient_funds', '@referredType': 'PaymentMethod' } } });
    await expect(collect(bill)).resolves.toMatchObject({ outcome: 'declined' });
    await collect(bill);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'validated', remainingAmount: eur(29.03) });
    expect(payments()).toEqual([]);
    const failed = recordedEvents().filter((event) => event.detailType === 'PaymentFailed');
    expect(failed).toHaveLength(1);
    expect(PaymentFailed.parseDetail(failed[0]!.detail).data).toMatchObject({ billId: 'feb', attempt: 1, reason: 'insufficient_funds', amount: eur(29.03) });
  });

  it('no card on file: nothing is charged, the bill waits for the customer to pay', async () => {
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    const { defaultPaymentMethod: _none, ...resource } = account.resource as Record<string, unknown>;
    table.put({ ...account, resource });
    await expect(collect(bill)).resolves.toEqual({ outcome: 'noPaymentMethod' });
    expect(billNow(table, 'feb').state).toBe('validated');
  });

  it("on a test clock, the payment is dated at the clock's time", async () => {
    table.put(testClockItem(testClock('clock-1', '2027-02-03T08:00:00.000Z')));
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...account, resource: { ...(account.resource as object), testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } } });
    await collect(bill);
    expect(payments()[0]!.paymentDate).toBe('2027-02-03T08:00:00.000Z');
    expect(ledgerOfAccount(table, 'ba-1').at(-1)).toMatchObject({ kind: 'payment', recordedAt: '2027-02-03T08:00:00.000Z', testClock: { id: 'clock-1' } });
  });
});

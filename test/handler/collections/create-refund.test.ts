import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import { RefundIssued } from '../../../domain/events/payment-events.js';
import { handler as createPayment } from '../../../functions/collections/create-payment.js';
import { applyAccountCredit } from '../../../functions/collections/account-payments.js';
import { handler as createRefund } from '../../../functions/collections/create-refund.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { paymentItem, paymentResource } from '../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';
import { outboxEvents, testClock, testClockItem } from '../billing/billing-fixtures.js';
import type { FakeBillingTable } from '../billing/billing-table.js';
import { balanceOf, billNow, creditOf, installCollectionsTable, ledgerOfAccount, paymentPath, writeFebruaryAndMarchBills, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
/** The Powertools idempotency records go through the low-level client. */
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const refundPath = '/tmf-api/paymentManagement/v4/refund';
const now = '2027-03-05T10:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const pay = async (body: Record<string, unknown>) => {
  const answer = await invoke(createPayment, apiEvent({ method: 'POST', path: paymentPath, body: { account: { id: 'ba-1' }, ...body }, claims: agentClaims }), lambdaContext('create-payment'));
  expect(answer.statusCode).toBe(201);
  return answer.body as { id: string };
};
const cash = (value: number) => pay({ totalAmount: eur(value), paymentMethod: { id: 'receipt-77', name: 'cash' } });
const refund = (body: Record<string, unknown>, options: { claims?: Claims; key?: string } = {}) =>
  invoke(
    createRefund,
    apiEvent({ method: 'POST', path: refundPath, body, headers: { 'x-correlation-id': 'corr-refund-1', ...(options.key ? { 'idempotency-key': options.key } : {}) }, claims: options.claims ?? agentClaims }),
    lambdaContext('create-refund'),
  );
const refundOf = (paymentId: string, value: number, extra: Record<string, unknown> = {}) => ({ payment: { id: paymentId }, totalAmount: eur(value), description: 'overpaid at the counter', ...extra });
const refundEntries = () => ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'refund');
const refundedEvents = () => outboxEvents(documentMock).filter((event) => event.detailType === 'RefundIssued').map((event) => RefundIssued.parseDetail(event.detail).data.refund);
/** Balance = ledger = what the bills owe minus the credit. */
const expectBalanced = () => {
  const owed = ['feb', 'mar'].reduce((sum, id) => sum + Math.round(billNow(table, id).remainingAmount.value * 100), 0);
  const credit = creditOf(table, 'ba-1').reduce((sum, [, minor]) => sum + Number(minor), 0);
  const ledger = ledgerOfAccount(table, 'ba-1').reduce((sum, entry) => sum + Math.round(entry.amount.value * 100), 0);
  expect(balanceOf(table, 'ba-1')).toBe(ledger);
  expect(balanceOf(table, 'ba-1')).toBe(owed - credit);
};

let table: FakeBillingTable;
beforeEach(() => {
  table = installCollectionsTable({ documentMock, dynamoMock }, now);
  writeFebruaryAndMarchBills(table);
  return () => vi.restoreAllMocks();
});

describe('POST /refund (create-refund)', () => {
  it("on a test clock: the refund and its ledger entry are dated at the clock's time, not the system's", async () => {
    const payment = await cash(54.03);
    table.put(testClockItem(testClock('clock-1', '2027-04-02T08:30:00.000Z')));
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...account, resource: { ...(account.resource as object), testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } } });
    const answer = await refund(refundOf(payment.id, 10));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ refundDate: '2027-04-02T08:30:00.000Z' });
    expect(refundEntries().at(-1)).toMatchObject({ recordedAt: '2027-04-02T08:30:00.000Z' });
  });

  it('201: a partial refund reopens the most recent bill the payment settled; refund, bill, refunded total, ledger and RefundIssued in one transaction', async () => {
    const payment = await cash(54.03);
    documentMock.resetHistory();
    const answer = await refund(refundOf(payment.id, 10));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({
      '@type': 'Refund',
      status: 'done',
      refundDate: now,
      description: 'overpaid at the counter',
      payment: { id: payment.id, '@referredType': 'Payment' },
      account: { id: 'ba-1' },
      paymentMethod: { id: 'receipt-77', name: 'cash' },
      relatedParty: [{ id: 'cust-1', role: 'Customer' }],
      totalAmount: eur(10),
    });
    expect(answer.body.gatewayRefundId).toBeUndefined();
    expect(answer.headers.location).toBe(`${refundPath}/${answer.body.id}`);
    expectValidTmf(tmf676, 'Refund', answer.body);

    expect(billNow(table, 'mar')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(10), appliedPayment: [{ payment: { id: payment.id }, appliedAmount: eur(15) }] });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    // The reopened bill is back in the open-bills index.
    expect(table.get({ pk: 'BILL#mar', sk: 'BILL' })!.gsi3sk).toBe('2027-03-15T00:00:00.000Z#mar');
    expect(refundEntries().map((entry) => [entry.amount.value, entry.reference.id])).toEqual([[10, answer.body.id]]);
    expect(balanceOf(table, 'ba-1')).toBe(1000);
    expect(table.get({ pk: `PAYMENT#${payment.id}`, sk: 'REFUNDED' })).toMatchObject({ refundedMinor: '1000', currency: 'EUR', version: 1 });
    expect(documentMock.commandCalls(TransactWriteCommand).length).toBe(1);
    expect(refundedEvents()).toEqual([
      expect.objectContaining({ id: answer.body.id, paymentId: payment.id, channel: 'cash', totalAmount: eur(10), creditTakenBack: eur(0), bills: [{ id: 'mar', reopenedAmount: eur(10), remainingAmount: eur(10), state: 'partiallyPaid' }] }),
    ]);
    expect(refundedEvents()[0]!.orderId).toBeUndefined();
    expectBalanced();
  });

  it('refunds add up to the payment at most: the next bill back is reopened, then both are back to validated, then nothing is left (409 naming the amount)', async () => {
    const payment = await cash(54.03);
    expect((await refund(refundOf(payment.id, 30))).statusCode).toBe(201);
    expect(billNow(table, 'mar')).toMatchObject({ state: 'validated', remainingAmount: eur(25), appliedPayment: [] });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(5) });
    expectBalanced();
    const tooMuch = await refund(refundOf(payment.id, 24.04));
    expectTmfError(tooMuch, 409, 'REFUND_EXCEEDS_PAYMENT', tmf676);
    expect(detailFields(tooMuch)).toEqual(['totalAmount.value']);
    expect((await refund(refundOf(payment.id, 24.03))).statusCode).toBe(201);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'validated', remainingAmount: eur(29.03) });
    expect(balanceOf(table, 'ba-1')).toBe(5403);
    expectTmfError(await refund(refundOf(payment.id, 0.01)), 409, 'REFUND_EXCEEDS_PAYMENT', tmf676);
    expect(refundEntries().map((entry) => entry.amount.value)).toEqual([30, 24.03]);
    expectBalanced();
  });

  it("out of the credit the payment left first, then the bills it paid, the credit's own included", async () => {
    const payment = await cash(60);
    expect(creditOf(table, 'ba-1')).toEqual([[payment.id, '597']]);
    expect((await refund(refundOf(payment.id, 5))).statusCode).toBe(201);
    expect(creditOf(table, 'ba-1')).toEqual([[payment.id, '97']]);
    expect(billNow(table, 'mar').state).toBe('settled');
    expect(balanceOf(table, 'ba-1')).toBe(-97);
    expectBalanced();

    // The rest of the credit pays a new bill: the refund takes it back from there too.
    writeIssuedBill(table, { id: 'apr', amount: 3, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-04-15T00:00:00.000Z', billDate: '2027-04-01T00:00:00.000Z' });
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!.resource as BillingAccount;
    await applyAccountCredit('apr', account, { now, correlationId: 'corr-credit' });
    expect(billNow(table, 'apr')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(2.03) });
    expect(creditOf(table, 'ba-1')).toEqual([]);

    const rest = await refund(refundOf(payment.id, 55));
    expect(rest.statusCode).toBe(201);
    expect(billNow(table, 'apr')).toMatchObject({ state: 'validated', remainingAmount: eur(3) });
    expect(billNow(table, 'mar')).toMatchObject({ state: 'validated', remainingAmount: eur(25) });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'validated', remainingAmount: eur(29.03) });
    expect(balanceOf(table, 'ba-1')).toBe(5703);
    expect(refundedEvents().at(-1)).toMatchObject({ creditTakenBack: eur(0), bills: [{ id: 'apr', reopenedAmount: eur(0.97) }, { id: 'mar', reopenedAmount: eur(25) }, { id: 'feb', reopenedAmount: eur(29.03) }] });
  });

  it("a closed account's credit can still be paid back", async () => {
    const payment = await cash(60);
    const stored = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...stored, resource: { ...(stored.resource as BillingAccount), state: 'Closed' } });
    expect((await refund(refundOf(payment.id, 5.97))).statusCode).toBe(201);
    expect(creditOf(table, 'ba-1')).toEqual([]);
    expect(balanceOf(table, 'ba-1')).toBe(0);
    expectBalanced();
  });

  it('a lost race (the credit moved meanwhile) is read again and the refund planned anew: recorded once', async () => {
    const payment = await cash(60);
    let raced = false;
    table.beforeTransaction = () => {
      if (raced) return;
      raced = true;
      const credit = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'ACCOUNT_CREDIT' })!;
      table.put({ ...credit, version: (credit.version as number) + 1 });
    };
    documentMock.resetHistory();
    const answer = await refund(refundOf(payment.id, 5));
    expect(answer.statusCode).toBe(201);
    expect(documentMock.commandCalls(TransactWriteCommand).length).toBe(2);
    expect(refundEntries()).toHaveLength(1);
    expect(creditOf(table, 'ba-1')).toEqual([[payment.id, '97']]);
    expectBalanced();
  });

  it('a card payment is refunded through the gateway, recorded once with Idempotency-Key, even after the replay record expired', async () => {
    const payment = await pay({ totalAmount: eur(29.03), paymentMethod: { id: 'pm_card_visa', name: 'card' } });
    const first = await refund(refundOf(payment.id, 10), { key: 'ticket-4711' });
    const again = await refund(refundOf(payment.id, 10), { key: 'ticket-4711' });
    dynamoMock.reset();
    new FakeIdempotencyTable().install(dynamoMock);
    const afterExpiry = await refund(refundOf(payment.id, 10), { key: 'ticket-4711' });
    for (const answer of [first, again, afterExpiry]) {
      expect(answer.statusCode).toBe(201);
      expect(answer.body.id).toBe(first.body.id);
    }
    expect(first.body).toMatchObject({ paymentMethod: { name: 'card' }, gatewayRefundId: expect.stringMatching(/^sim_ref_/) });
    expectValidTmf(tmf676, 'Refund', first.body);
    expect(table.itemsOf('SIMULATED_GATEWAY#').filter((item) => item.sk === 'REFUND')).toHaveLength(1);
    expect(refundEntries()).toHaveLength(1);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(10) });
    expectBalanced();
  });

  describe('refused, nothing written, nothing refunded at the gateway', () => {
    let paymentId: string;
    beforeEach(async () => {
      paymentId = (await pay({ totalAmount: eur(54.03), paymentMethod: { id: 'pm_card_visa', name: 'card' } })).id;
    });
    const nothingWritten = () => {
      expect(table.itemsOf('REFUND#')).toEqual([]);
      expect(table.get({ pk: `PAYMENT#${paymentId}`, sk: 'REFUNDED' })).toBeUndefined();
      expect(refundEntries()).toEqual([]);
      expect(table.itemsOf('SIMULATED_GATEWAY#').filter((item) => item.sk === 'REFUND')).toEqual([]);
      expect([billNow(table, 'feb').state, billNow(table, 'mar').state]).toEqual(['settled', 'settled']);
      expect(balanceOf(table, 'ba-1')).toBe(0);
    };

    it('400 naming the field: an unknown payment, a currency not the payment’s, an amount not positive or with too many decimals, no reason', async () => {
      const cases: [unknown, string[]][] = [
        [refundOf('pay-none', 10), ['payment.id']],
        [refundOf(paymentId, 10, { totalAmount: { unit: 'USD', value: 10 } }), ['totalAmount.unit']],
        [refundOf(paymentId, 0), ['totalAmount.value']],
        [refundOf(paymentId, -5), ['totalAmount.value']],
        [refundOf(paymentId, 1.005), ['totalAmount.value']],
        [{ payment: { id: paymentId }, totalAmount: eur(10) }, ['description']],
        [refundOf(paymentId, 10, { status: 'done' }), ['status']],
      ];
      for (const [body, fields] of cases) {
        const answer = await refund(body as Record<string, unknown>);
        expectTmfError(answer, 400, 'INVALID_REQUEST', tmf676);
        expect(detailFields(answer)).toEqual(fields);
      }
      nothingWritten();
    });

    it('409 naming the amount: more than the payment, checked before the gateway pays anything back', async () => {
      const answer = await refund(refundOf(paymentId, 54.04));
      expectTmfError(answer, 409, 'REFUND_EXCEEDS_PAYMENT', tmf676);
      expect(detailFields(answer)).toEqual(['totalAmount.value']);
      nothingWritten();
    });

    it("409 for an order's payment (order-to-cash refunds it), 403 for a customer", async () => {
      table.put(paymentItem(paymentResource({ id: 'order-pay', billingAccountId: 'ba-1', customerId: 'cust-1' })));
      expectTmfError(await refund(refundOf('order-pay', 10)), 409, 'ORDER_PAYMENT_REFUNDED_BY_ORDER', tmf676);
      expectTmfError(await refund(refundOf(paymentId, 10), { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf676);
      nothingWritten();
    });
  });
});

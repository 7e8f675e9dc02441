import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaymentReceived } from '../../../domain/events/collections-events.js';
import { handler } from '../../../functions/collections/create-payment.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';
import { outboxEvents, testClock, testClockItem } from '../billing/billing-fixtures.js';
import type { FakeBillingTable } from '../billing/billing-table.js';
import { balanceOf, billNow, creditOf, installCollectionsTable, ledgerOfAccount, paymentPath, writeCustomerAccount, writeFebruaryAndMarchBills, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
/** The Powertools idempotency records go through the low-level client. */
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const now = '2027-02-20T10:00:00.000Z';
const post = (body: unknown, options: { claims?: Claims; key?: string } = {}) =>
  invoke(
    handler,
    apiEvent({ method: 'POST', path: paymentPath, body, headers: { 'x-correlation-id': 'corr-pay-1', ...(options.key ? { 'idempotency-key': options.key } : {}) }, claims: options.claims ?? agentClaims }),
    lambdaContext('create-payment'),
  );
const eur = (value: number) => ({ unit: 'EUR', value });
const transfer = (value: number, extra: Record<string, unknown> = {}) => ({ account: { id: 'ba-1' }, totalAmount: eur(value), paymentMethod: { id: 'TRF-2027-0042', name: 'bankTransfer' }, ...extra });

let table: FakeBillingTable;
beforeEach(() => {
  table = installCollectionsTable({ documentMock, dynamoMock }, now);
  writeFebruaryAndMarchBills(table);
  return () => vi.restoreAllMocks();
});

describe('POST /payment (create-payment)', () => {
  it('201: a bank transfer pays the oldest bill first, the next one in part; payment, bills, ledger and PaymentReceived in one transaction', async () => {
    expect(balanceOf(table, 'ba-1')).toBe(5403);
    const answer = await post(transfer(40));
    expect(answer.statusCode).toBe(201);
    const payment = answer.body;
    expect(payment).toMatchObject({
      '@type': 'Payment',
      status: 'captured',
      paymentDate: now,
      account: { id: 'ba-1' },
      payer: { id: 'cust-1', '@referredType': 'Customer' },
      paymentMethod: { id: 'TRF-2027-0042', name: 'bankTransfer', '@referredType': 'PaymentMethod' },
      totalAmount: eur(40),
      paymentItem: [
        { item: { id: 'feb', '@referredType': 'CustomerBill' }, totalAmount: eur(29.03) },
        { item: { id: 'mar', '@referredType': 'CustomerBill' }, totalAmount: eur(10.97) },
      ],
    });
    expect(answer.headers.location).toBe(`${paymentPath}/${payment.id}`);
    expectValidTmf(tmf676, 'Payment', payment);

    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0), appliedPayment: [{ appliedAmount: eur(29.03), payment: { id: payment.id } }] });
    expect(billNow(table, 'mar')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(14.03) });
    // The settled bill leaves the open-bills index; the other stays in it.
    expect(table.get({ pk: 'BILL#feb', sk: 'BILL' })!.gsi3pk).toBeUndefined();
    expect(table.get({ pk: 'BILL#mar', sk: 'BILL' })!.gsi3sk).toBe('2027-03-15T00:00:00.000Z#mar');
    expect(ledgerOfAccount(table, 'ba-1').map((entry) => [entry.kind, entry.amount.value])).toEqual([
      ['bill', 29.03],
      ['bill', 25],
      ['payment', -40],
    ]);
    expect(balanceOf(table, 'ba-1')).toBe(1403);
    const [event] = outboxEvents(documentMock);
    const received = PaymentReceived.parseDetail(event!.detail);
    expect(received.data).toMatchObject({
      payment: { id: payment.id, channel: 'bankTransfer', totalAmount: eur(40), unappliedAmount: eur(0) },
      bills: [
        { id: 'feb', state: 'settled', remainingAmount: eur(0) },
        { id: 'mar', state: 'partiallyPaid', remainingAmount: eur(14.03) },
      ],
    });
  });

  it('an overpayment pays every open bill and becomes account credit, shown as a paymentItem on the account', async () => {
    const answer = await post(transfer(60, { paymentMethod: { id: 'receipt-77', name: 'cash' } }));
    expect(answer.statusCode).toBe(201);
    expect(answer.body.paymentItem.map((item: { item: { id: string; '@referredType': string }; totalAmount: { value: number } }) => [item.item['@referredType'], item.item.id, item.totalAmount.value])).toEqual([
      ['CustomerBill', 'feb', 29.03],
      ['CustomerBill', 'mar', 25],
      ['BillingAccount', 'ba-1', 5.97],
    ]);
    expect(creditOf(table, 'ba-1')).toEqual([[answer.body.id, '597']]);
    expect(balanceOf(table, 'ba-1')).toBe(-597);
  });

  it('named bills get what paymentItem gives them; named without an amount, what they owe', async () => {
    const answer = await post(transfer(30, { paymentItem: [{ item: { id: 'mar' } }, { item: { id: 'feb' }, totalAmount: eur(5) }] }));
    expect(answer.statusCode).toBe(201);
    expect(billNow(table, 'mar')).toMatchObject({ state: 'settled' });
    expect(billNow(table, 'feb')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(24.03) });
  });

  it('Idempotency-Key: the same payment sent again is replayed, and even past the replay records (lost answer, expired record) it is recorded once, under the id the key gives', async () => {
    const first = await post(transfer(10), { key: 'bank-statement-line-981' });
    const again = await post(transfer(10), { key: 'bank-statement-line-981' });
    dynamoMock.reset();
    new FakeIdempotencyTable().install(dynamoMock);
    const afterExpiry = await post(transfer(10), { key: 'bank-statement-line-981' });
    expect(afterExpiry.statusCode).toBe(201);
    expect(afterExpiry.body.id).toBe(first.body.id);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'payment')).toHaveLength(1);
    expect(balanceOf(table, 'ba-1')).toBe(4403);
  });

  it('a card is charged through the gateway, then recorded with its authorization and capture', async () => {
    const answer = await post({ account: { id: 'ba-1' }, totalAmount: eur(29.03), paymentMethod: { id: 'pm_card_visa', name: 'card' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ paymentMethod: { id: 'pm_card_visa', name: 'card' }, authorizationCode: expect.any(String), gatewayCaptureId: expect.stringMatching(/^sim_cap_/) });
    expect(billNow(table, 'feb').state).toBe('settled');
  });

  it("on a test clock: the payment and its ledger entry are dated at the clock's time, not the system's", async () => {
    table.put(testClockItem(testClock('clock-1', '2027-04-02T08:30:00.000Z')));
    const account = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
    table.put({ ...account, resource: { ...(account.resource as object), testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } } });
    const answer = await post(transfer(10));
    expect(answer.body).toMatchObject({ paymentDate: '2027-04-02T08:30:00.000Z', statusDate: '2027-04-02T08:30:00.000Z' });
    expect(ledgerOfAccount(table, 'ba-1').at(-1)).toMatchObject({ kind: 'payment', recordedAt: '2027-04-02T08:30:00.000Z', testClock: { id: 'clock-1' } });
    expect(billNow(table, 'feb').lastUpdate).toBe('2027-04-02T08:30:00.000Z');
  });

  describe('refused, nothing written, nothing charged', () => {
    const nothingWritten = () => {
      expect(ledgerOfAccount(table, 'ba-1').filter((entry) => entry.kind === 'payment')).toEqual([]);
      expect(table.itemsOf('PAYMENT#')).toEqual([]);
      expect(table.itemsOf('SIMULATED_GATEWAY#')).toEqual([]);
    };

    it("400 naming the item: another customer's bill", async () => {
      writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
      writeIssuedBill(table, { id: 'theirs', amount: 10, accountId: 'ba-2', customerId: 'cust-2', paymentDueDate: '2027-02-15T00:00:00.000Z' });
      const answer = await post(transfer(10, { paymentItem: [{ item: { id: 'theirs' } }] }));
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf676);
      expect(detailFields(answer)).toEqual(['paymentItem[0].item.id']);
      nothingWritten();
    });

    it('400: items above the payment, an item above what its bill owes, a currency not the account’s, an amount not positive', async () => {
      const cases: [unknown, string[]][] = [
        [transfer(10, { paymentItem: [{ item: { id: 'feb' }, totalAmount: eur(20) }] }), ['paymentItem']],
        [transfer(40, { paymentItem: [{ item: { id: 'mar' }, totalAmount: eur(30) }] }), ['paymentItem[0].totalAmount.value']],
        [{ ...transfer(10), totalAmount: { unit: 'USD', value: 10 } }, ['totalAmount.unit']],
        [transfer(0), ['totalAmount.value']],
        [transfer(-5), ['totalAmount.value']],
      ];
      for (const [body, fields] of cases) {
        const answer = await post(body);
        expectTmfError(answer, 400, 'INVALID_REQUEST', tmf676);
        expect(detailFields(answer)).toEqual(fields);
      }
      nothingWritten();
    });

    it('a card payment that cannot be allocated is refused before the card is charged; a declined card is a 402', async () => {
      const unallocatable = await post({ account: { id: 'ba-1' }, totalAmount: eur(10), paymentMethod: { id: 'pm_card_visa', name: 'card' }, paymentItem: [{ item: { id: 'nope' } }] });
      expectTmfError(unallocatable, 400, 'INVALID_REQUEST', tmf676);
      const declined = await post({ account: { id: 'ba-1' }, totalAmount: eur(10), paymentMethod: { id: 'pm_card_declined', name: 'card' } });
      expectTmfError(declined, 402, 'PAYMENT_DECLINED', tmf676);
      expect(detailFields(declined)).toEqual(['paymentMethod.id']);
      expect(table.itemsOf('PAYMENT#')).toEqual([]);
      expect(billNow(table, 'feb').state).toBe('validated');
    });

    it('400 for an unknown account, 409 for a closed one, 403 for a customer recording a transfer', async () => {
      const unknown = await post({ ...transfer(10), account: { id: 'ba-none' } });
      expectTmfError(unknown, 400, 'INVALID_REQUEST', tmf676);
      expect(detailFields(unknown)).toEqual(['account.id']);
      writeCustomerAccount(table, { customerId: 'cust-3', accountId: 'ba-3' }, { state: 'Closed' });
      expectTmfError(await post({ ...transfer(10), account: { id: 'ba-3' } }), 409, 'ACCOUNT_CLOSED', tmf676);
      const customerTransfer = await post(transfer(10), { claims: customerClaims('cust-1') });
      expectTmfError(customerTransfer, 403, 'FORBIDDEN', tmf676);
      expect(detailFields(customerTransfer)).toEqual(['paymentMethod.name']);
      nothingWritten();
    });
  });

  describe('a customer paying by card (the portal, mobile apps)', () => {
    const card = (id: string, extra: Record<string, unknown> = {}) => ({ account: { id: 'ba-1' }, totalAmount: eur(29.03), paymentMethod: { id, name: 'card' }, ...extra });
    const asCamille = { claims: customerClaims('cust-1') };
    const registerCards = (customerId: string, ids: string[]) => {
      const item = table.get({ pk: `CUSTOMER#${customerId}`, sk: 'CUSTOMER' })!;
      table.put({ ...item, resource: { ...(item.resource as object), paymentMethod: ids.map((id) => ({ id })) } });
    };

    it('201: pays a bill of its own account with a card its customer record lists', async () => {
      registerCards('cust-1', ['pm_card_visa']);
      const answer = await post(card('pm_card_visa', { paymentItem: [{ item: { id: 'feb' } }] }), asCamille);
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toMatchObject({ payer: { id: 'cust-1' }, paymentMethod: { id: 'pm_card_visa', name: 'card' }, paymentItem: [{ item: { id: 'feb' }, totalAmount: eur(29.03) }] });
      expect(billNow(table, 'feb').state).toBe('settled');
    });

    it("the account's default payment method is its own card too", async () => {
      const item = table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'BILLING_ACCOUNT' })!;
      table.put({ ...item, resource: { ...(item.resource as object), defaultPaymentMethod: { id: 'pm_card_mastercard' } } });
      const answer = await post(card('pm_card_mastercard'), asCamille);
      expect(answer.statusCode).toBe(201);
    });

    it('402 for a declined card, naming it: nothing recorded', async () => {
      registerCards('cust-1', ['pm_card_insufficient_funds']);
      const declined = await post(card('pm_card_insufficient_funds'), asCamille);
      expectTmfError(declined, 402, 'PAYMENT_DECLINED', tmf676);
      expect(declined.body.details).toEqual([{ field: 'paymentMethod.id', problem: 'insufficient_funds' }]);
      expect(table.itemsOf('PAYMENT#')).toEqual([]);
    });

    it("403 for a card that is not its own, 400 (as unknown) for another customer's account, 403 for a description", async () => {
      const notOwn = await post(card('pm_card_visa'), asCamille);
      expectTmfError(notOwn, 403, 'FORBIDDEN', tmf676);
      expect(detailFields(notOwn)).toEqual(['paymentMethod.id']);
      writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
      registerCards('cust-1', ['pm_card_visa']);
      const theirs = await post(card('pm_card_visa', { account: { id: 'ba-2' } }), asCamille);
      expectTmfError(theirs, 400, 'INVALID_REQUEST', tmf676);
      expect(detailFields(theirs)).toEqual(['account.id']);
      const described = await post(card('pm_card_visa', { description: 'a gift' }), asCamille);
      expectTmfError(described, 403, 'FORBIDDEN', tmf676);
      expect(table.itemsOf('PAYMENT#')).toEqual([]);
    });
  });
});

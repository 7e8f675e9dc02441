import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { CustomerBillIssued } from '../../../domain/events/billing-events.js';
import type { OrderItemState } from '../../../domain/orders/product-order.js';
import type { TmfOrderPrice } from '../../../domain/pricing/price-quote.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { handler } from '../../../functions/order-to-cash/issue-order-bill.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { correlationId, monthlyOrderPrice, orderTableItem, sagaFulfilment, sagaOrder, stepInput } from '../../support/order-saga-fixtures.js';
import { expectValidTmf, tmf678 } from '../../support/tmf-schema.js';
import { price } from '../../unit/domain/pricing/pricing-fixtures.js';
import { billingAccountItem } from '../../support/fixtures.js';
import { billLines, parisAccount, outboxEvents, seriesCounter, storedBill, testClock, testClockItem, transactions } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2027-01-16T09:05:00.000Z';
const billId = 'order-order-1';
const issue = () => handler(stepInput(), lambdaContext('issue-order-bill'));
const paid: OrderSaga = { executionId: 'exec-1', provisioningStarted: true, payment: { paymentId: 'order-1-payment', captureId: 'cap-1' } };

const eur = (value: number) => ({ unit: 'EUR', value });
const popRef = (id: string, name: string) => ({ id, href: `/tmf-api/productCatalogManagement/v4/productOfferingPrice/${id}`, name, '@referredType': 'ProductOfferingPrice' as const });
/** Mobile M: activation 15.00 once (and 25.00 a month, the regular bills'); Router X: 119.00 once, 20.00 off at launch. */
const activation: TmfOrderPrice = {
  '@type': 'OrderPrice',
  name: 'Mobile M activation',
  priceType: 'oneTime',
  price: { '@type': 'Price', dutyFreeAmount: eur(12.5), taxIncludedAmount: eur(15), taxRate: 20 },
  productOfferingPrice: popRef('pop-mobile-activation', 'Mobile M activation'),
};
const router: TmfOrderPrice = {
  '@type': 'OrderPrice',
  name: 'Router X',
  priceType: 'oneTime',
  price: { '@type': 'Price', dutyFreeAmount: eur(99.17), taxIncludedAmount: eur(119), taxRate: 20 },
  priceAlteration: [
    { '@type': 'PriceAlteration', name: 'Launch offer', priceType: 'oneTime', priority: 1, price: { '@type': 'Price', dutyFreeAmount: eur(-16.67), taxIncludedAmount: eur(-20), taxRate: 20 }, productOfferingPrice: popRef('pop-router-launch', 'Launch offer') },
  ],
  productOfferingPrice: popRef('pop-router-x', 'Router X'),
};

let table: FakeBillingTable;
function storeOrder(itemStates: OrderItemState[], saga: OrderSaga = paid, fulfilment = sagaFulfilment(undefined, { billingCycle: { cycleDay: 1, timeZone: 'Europe/Paris' } })) {
  const order = sagaOrder('inProgress', { itemStates, orderDate: '2027-01-16T09:00:00.000Z' });
  order.productOrderItem[0]!.itemPrice = [activation, monthlyOrderPrice('mobile-m', 25, 20.83)];
  order.productOrderItem[1]!.itemPrice = [router];
  table.put(orderTableItem(order, { version: 7, saga, fulfilment }));
}
const bill = () => storedBill(table, billId)?.resource as CustomerBill | undefined;
const lines = () => billLines(table, billId).map((item) => item.resource as Record<string, any>);

beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  // The prices' tax categories come from the catalog: order prices carry only their rate.
  table.put({ pk: 'PRODUCT_OFFERING_PRICE#pop-mobile-activation', sk: 'PRODUCT_OFFERING_PRICE', resource: price({ id: 'pop-mobile-activation', priceType: 'oneTime', tax: [{ taxCategory: 'telecommunications' }] }) });
  table.put({ pk: 'PRODUCT_OFFERING_PRICE#pop-router-x', sk: 'PRODUCT_OFFERING_PRICE', resource: price({ id: 'pop-router-x', priceType: 'oneTime', tax: [{ taxCategory: 'electronicDevice' }] }) });
  storeOrder(['completed', 'completed']);
  table.put(billingAccountItem(parisAccount('ba-1', 'cust-1')));
  return () => vi.restoreAllMocks();
});

describe('issue-order-bill (the order’s one-time charges, billed settled)', () => {
  it("bills the completed items' one-time charges at the amounts ordered, numbered, settled by the order's payment, with CustomerBillIssued", async () => {
    await expect(issue()).resolves.toEqual({ billId, issued: true });

    expect(bill()).toMatchObject({
      id: billId,
      billNo: '2027-000001',
      state: 'settled',
      runType: 'offCycle',
      billDate: now,
      paymentDueDate: now,
      billingPeriod: { startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: now },
      amountDue: eur(114),
      remainingAmount: eur(0),
      taxIncludedAmount: eur(114),
      taxExcludedAmount: eur(95),
      billingAccount: { id: 'ba-1' },
      relatedParty: [{ id: 'cust-1', name: 'Ada Lovelace', role: 'Customer' }],
      appliedPayment: [{ appliedAmount: eur(114), payment: { id: 'order-1-payment', href: '/tmf-api/paymentManagement/v4/payment/order-1-payment', '@referredType': 'Payment' }, '@type': 'AppliedPayment' }],
      lineCount: 2,
    });
    expect(bill()!.taxItem.map((item) => [item.taxCategory, item.taxRate, item.taxAmount.value])).toEqual(
      expect.arrayContaining([
        ['telecommunications', 20, 2.5],
        ['electronicDevice', 20, 16.5],
      ]),
    );
    expectValidTmf(tmf678, 'CustomerBill', bill());

    // Recurring prices are the regular bills': only the one-time charges are lines.
    expect(lines().map((line) => [line.type, line.name, line.description, line.product.id, line.taxIncludedAmount.value, line.taxExcludedAmount.value, line.appliedTax[0].taxCategory])).toEqual([
      ['oneTime', 'Mobile M activation', 'Mobile M activation', 'order-1-1', 15, 12.5, 'telecommunications'],
      ['oneTime', 'Router X', 'Router X, after Launch offer', 'order-1-2', 99, 82.5, 'electronicDevice'],
    ]);
    for (const line of lines()) expectValidTmf(tmf678, 'AppliedCustomerBillingRate', line);

    const [actions] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(1);
    const account = 'BILLING_ACCOUNT#ba-1';
    expect(actions!.map((action) => action.Update?.Key?.pk ?? action.Put?.Item?.pk)).toEqual(['BILL_SERIES#2027', `BILL#${billId}`, account, account, account, expect.stringMatching(/^OUTBOX#/)]);
    // In the account's ledger, the bill and the order's payment that settled it: the balance stays 0.
    const ledger = table.itemsOf(account).filter((item) => String(item.sk).startsWith('LEDGER#'));
    expect(ledger.map((item) => item.resource)).toEqual([
      expect.objectContaining({ kind: 'bill', amount: eur(114), reference: expect.objectContaining({ id: billId, '@referredType': 'CustomerBill' }), recordedAt: now }),
      expect.objectContaining({ kind: 'payment', amount: eur(-114), reference: expect.objectContaining({ id: 'order-1-payment', '@referredType': 'Payment' }), recordedAt: now }),
    ]);
    expect(table.get({ pk: account, sk: 'BILLING_ACCOUNT' })!.balanceMinor).toBe(0);
    const issued = CustomerBillIssued.parseDetail(outboxEvents(documentMock)[0]!.detail);
    expect(issued.data.bill).toMatchObject({ id: billId, billNo: '2027-000001', state: 'settled', runType: 'offCycle', customerId: 'cust-1', amountDue: eur(114) });
    expect(issued.metadata).toMatchObject({ correlationId, occurredAt: now });
  });

  it('numbers it on in the series of its local year, after the bills already issued', async () => {
    table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber: 12 });
    await issue();
    expect(bill()!.billNo).toBe('2027-000013');
    expect(seriesCounter(table, '2027')).toBe(13);
  });

  it('a failed item is not billed: its share was refunded', async () => {
    storeOrder(['completed', 'failed']);
    await issue();
    expect(bill()).toMatchObject({ amountDue: eur(15), lineCount: 1 });
    expect(lines().map((line) => line.name)).toEqual(['Mobile M activation']);
  });

  it("on a test clock, the bill is dated at the clock's time and numbered in the clock's series", async () => {
    table.put(testClockItem(testClock('clock-1', '2027-01-16T09:30:00.000Z')));
    storeOrder(['completed', 'completed'], paid, sagaFulfilment(undefined, { billingCycle: { cycleDay: 1, timeZone: 'Europe/Paris' }, testClockId: 'clock-1' }));
    await issue();
    expect(bill()).toMatchObject({ billDate: '2027-01-16T09:30:00.000Z', billNo: 'TEST-clock-1-2027-000001', testClock: { id: 'clock-1' } });
  });

  it('idempotent: a bill already issued is left alone, nothing read from the catalog, nothing written', async () => {
    await issue();
    documentMock.resetHistory();
    await expect(issue()).resolves.toEqual({ billId, issued: true });
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(documentMock.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand', 'GetCommand']);
    expect(seriesCounter(table, '2027')).toBe(1);
  });

  it('a bill an earlier attempt wrote but did not issue is rebuilt and issued once', async () => {
    table.beforeTransaction = () => {
      table.beforeTransaction = undefined;
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await expect(issue()).rejects.toMatchObject({ name: 'TransientStoreError' });
    expect(bill()).toMatchObject({ state: 'new' });
    await expect(issue()).resolves.toEqual({ billId, issued: true });
    expect(bill()).toMatchObject({ state: 'settled', billNo: '2027-000001' });
  });

  it('nothing paid upfront: no bill', async () => {
    storeOrder(['completed', 'completed'], { executionId: 'exec-1', provisioningStarted: true });
    await expect(issue()).resolves.toEqual({ issued: false, reason: 'nothing was paid upfront' });
    expect(bill()).toBeUndefined();
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('nothing delivered with a one-time charge: no bill', async () => {
    storeOrder(['failed', 'failed']);
    await expect(issue()).resolves.toEqual({ issued: false, reason: 'nothing delivered was charged upfront' });
    expect(bill()).toBeUndefined();
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountCreditApplied, GoodwillCreditGranted } from '../../../domain/events/collections-events.js';
import { handler as createGoodwillCredit } from '../../../functions/collections/create-goodwill-credit.js';
import { handler as getGoodwillCredit } from '../../../functions/collections/get-goodwill-credit.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { billingAccountItem } from '../../support/fixtures.js';
import { outboxEvents, parisAccount, testClock, testClockItem } from '../billing/billing-fixtures.js';
import type { FakeBillingTable } from '../billing/billing-table.js';
import { balanceOf, billNow, creditOf, installCollectionsTable, ledgerOfAccount, writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const goodwillPath = '/collections/v1/goodwillCredit';
const now = '2027-03-05T10:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });
const grant = (body: Record<string, unknown>, options: { claims?: Claims; key?: string } = {}) =>
  invoke(
    createGoodwillCredit,
    apiEvent({
      method: 'POST',
      path: goodwillPath,
      body: { billingAccount: { id: 'ba-1' }, amount: eur(10), reason: 'two days without service', ...body },
      headers: { 'x-correlation-id': 'corr-gc-1', ...(options.key ? { 'idempotency-key': options.key } : {}) },
      claims: options.claims ?? agentClaims,
    }),
    lambdaContext('create-goodwill-credit'),
  );
const get = (id: string, claims: Claims = agentClaims) => invoke(getGoodwillCredit, apiEvent({ method: 'GET', path: `${goodwillPath}/${id}`, resource: `${goodwillPath}/{id}`, pathParameters: { id }, claims }));
const granted = () => outboxEvents(documentMock).filter((event) => event.detailType === 'GoodwillCreditGranted').map((event) => GoodwillCreditGranted.parseDetail(event.detail).data);
const creditApplied = () => outboxEvents(documentMock).filter((event) => event.detailType === 'AccountCreditApplied').map((event) => AccountCreditApplied.parseDetail(event.detail).data);
const writes = () => documentMock.commandCalls(TransactWriteCommand).length;
const cents = (amount: { value: number }) => Math.round(amount.value * 100);
/** Balance = ledger = what the bills owe minus the credit. */
const expectBalanced = (billIds: string[] = []) => {
  const owed = billIds.reduce((sum, id) => sum + cents(billNow(table, id).remainingAmount), 0);
  const held = creditOf(table, 'ba-1').reduce((sum, [, minor]) => sum + Number(minor), 0);
  const ledger = ledgerOfAccount(table, 'ba-1').reduce((sum, entry) => sum + cents(entry.amount), 0);
  expect(balanceOf(table, 'ba-1')).toBe(ledger);
  expect(balanceOf(table, 'ba-1')).toBe(owed - held);
};
/** March's bill written first: the order comes from the due dates, not from the table. */
const writeOpenBills = () => {
  writeIssuedBill(table, { id: 'mar', amount: 25, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-03-15T00:00:00.000Z', billDate: '2027-03-01T00:00:00.000Z' });
  writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z', billDate: '2027-02-01T00:00:00.000Z' });
};

let table: FakeBillingTable;
beforeEach(() => {
  table = installCollectionsTable({ documentMock, dynamoMock }, now);
  return () => vi.restoreAllMocks();
});

describe('POST /collections/v1/goodwillCredit (create-goodwill-credit)', () => {
  it('201: an account without open bills holds it as credit; goodwill credit, credit, adjustment entry, balance and GoodwillCreditGranted in one transaction', async () => {
    const answer = await grant({});
    expect(answer.statusCode).toBe(201);
    expect(answer.headers.location).toBe(`${goodwillPath}/${answer.body.id}`);
    expect(answer.body).toMatchObject({
      '@type': 'GoodwillCredit',
      billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Account ba-1' },
      relatedParty: [expect.objectContaining({ id: 'cust-1', '@referredType': 'Customer' })],
      amount: eur(10),
      reason: 'two days without service',
      date: now,
    });
    expect(writes()).toBe(1);
    expect(table.get({ pk: `GOODWILL_CREDIT#${answer.body.id}`, sk: 'GOODWILL_CREDIT' })).toMatchObject({ customerId: 'cust-1', resource: answer.body });
    expect(creditOf(table, 'ba-1')).toEqual([[answer.body.id, '1000']]);
    expect(table.get({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'ACCOUNT_CREDIT' })!.sources).toEqual([expect.objectContaining({ from: 'GoodwillCredit', since: now })]);
    expect(ledgerOfAccount(table, 'ba-1')).toEqual([expect.objectContaining({ id: `adjustment-${answer.body.id}`, kind: 'adjustment', amount: eur(-10), reference: expect.objectContaining({ id: answer.body.id, '@referredType': 'GoodwillCredit' }) })]);
    expect(balanceOf(table, 'ba-1')).toBe(-1000);
    expect(granted()).toEqual([{ id: answer.body.id, href: answer.body.href, date: now, reason: 'two days without service', billingAccountId: 'ba-1', customerId: 'cust-1', amount: eur(10) }]);
    expect(creditApplied()).toEqual([]);
    expectBalanced();
  });

  it('pays the open bills oldest first, each naming it in appliedGoodwillCredit; what is left of it stays credit', async () => {
    writeOpenBills();
    const first = await grant({ amount: eur(40) });
    expect(first.statusCode).toBe(201);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'settled', remainingAmount: eur(0), appliedGoodwillCredit: [{ goodwillCredit: { id: first.body.id, href: first.body.href }, appliedAmount: eur(29.03) }] });
    expect(billNow(table, 'mar')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(14.03), appliedGoodwillCredit: [{ goodwillCredit: { id: first.body.id }, appliedAmount: eur(10.97) }] });
    expect(creditOf(table, 'ba-1')).toEqual([]);
    expect(creditApplied().map((event) => [event.bill.id, event.bill.state, event.goodwillCreditIds, event.paymentIds])).toEqual([
      ['feb', 'settled', [first.body.id], []],
      ['mar', 'partiallyPaid', [first.body.id], []],
    ]);
    expectBalanced(['feb', 'mar']);

    const second = await grant({ amount: eur(20) });
    expect(billNow(table, 'mar')).toMatchObject({ state: 'settled', remainingAmount: eur(0) });
    expect(creditOf(table, 'ba-1')).toEqual([[second.body.id, '597']]);
    expect(balanceOf(table, 'ba-1')).toBe(-597);
    expectBalanced(['feb', 'mar']);
  });

  it('on a test clock: dated at the clock time, its events and entry naming the clock', async () => {
    writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' }, { testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } });
    table.put(testClockItem(testClock('clock-1', '2028-06-01T09:00:00.000Z')));
    const answer = await grant({});
    expect(answer.body).toMatchObject({ date: '2028-06-01T09:00:00.000Z', testClock: { id: 'clock-1' } });
    expect(granted()[0]).toMatchObject({ date: '2028-06-01T09:00:00.000Z', testClockId: 'clock-1' });
  });

  it('Idempotency-Key: a repeat answers the same goodwill credit and grants it once, even after the replay record expired; the key for another account is 422', async () => {
    writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
    const first = await grant({}, { key: 'gc-key-1' });
    const again = await grant({}, { key: 'gc-key-1' });
    expect(again.body.id).toBe(first.body.id);
    new FakeIdempotencyTable().install(dynamoMock);
    const afterExpiry = await grant({}, { key: 'gc-key-1' });
    expect(afterExpiry.statusCode).toBe(201);
    expect(afterExpiry.body.id).toBe(first.body.id);
    expect(writes()).toBe(1);
    expect(creditOf(table, 'ba-1')).toEqual([[first.body.id, '1000']]);
    new FakeIdempotencyTable().install(dynamoMock);
    expectTmfError(await grant({ billingAccount: { id: 'ba-2' } }, { key: 'gc-key-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(writes()).toBe(1);
    expectBalanced();
  });

  it('a repeat pays the open bills a first attempt granted but did not get to pay', async () => {
    writeOpenBills();
    let transactions = 0;
    table.beforeTransaction = () => {
      transactions += 1;
      if (transactions === 2) throw new Error('the function stopped after granting');
    };
    expect((await grant({ amount: eur(5) }, { key: 'gc-crash' })).statusCode).toBe(500);
    expect(creditOf(table, 'ba-1')).toHaveLength(1);
    expect(billNow(table, 'feb').state).toBe('validated');
    const again = await grant({ amount: eur(5) }, { key: 'gc-crash' });
    expect(again.statusCode).toBe(201);
    expect(billNow(table, 'feb')).toMatchObject({ state: 'partiallyPaid', remainingAmount: eur(24.03), appliedGoodwillCredit: [{ goodwillCredit: { id: again.body.id }, appliedAmount: eur(5) }] });
    expect(creditOf(table, 'ba-1')).toEqual([]);
    expect(granted()).toHaveLength(1);
    expectBalanced(['feb', 'mar']);
  });

  it('refuses, naming the field and writing nothing', async () => {
    writeCustomerAccount(table, { customerId: 'cust-3', accountId: 'ba-closed' });
    table.put(billingAccountItem(parisAccount('ba-closed', 'cust-3', { state: 'Closed' })));
    const refusals: [Record<string, unknown>, number, string, string[]][] = [
      [{ billingAccount: { id: 'nope' } }, 400, 'INVALID_REQUEST', ['billingAccount.id']],
      [{ amount: eur(0) }, 400, 'INVALID_REQUEST', ['amount.value']],
      [{ amount: eur(-5) }, 400, 'INVALID_REQUEST', ['amount.value']],
      [{ amount: eur(1.005) }, 400, 'INVALID_REQUEST', ['amount.value']],
      [{ amount: { unit: 'USD', value: 5 } }, 400, 'INVALID_REQUEST', ['amount.unit']],
      [{ reason: undefined }, 400, 'INVALID_REQUEST', ['reason']],
      [{ reason: '   ' }, 400, 'INVALID_REQUEST', ['reason']],
    ];
    for (const [body, status, code, fields] of refusals) {
      const answer = await grant(body);
      expectTmfError(answer, status, code);
      expect({ body, fields: detailFields(answer) }).toEqual({ body, fields });
    }
    expectTmfError(await grant({ billingAccount: { id: 'ba-closed' } }), 409, 'ACCOUNT_CLOSED');
    expectTmfError(await grant({}, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(writes()).toBe(0);
    expect(table.itemsOf('GOODWILL_CREDIT#')).toEqual([]);
  });
});

describe('GET /collections/v1/goodwillCredit/{id} (get-goodwill-credit)', () => {
  it('staff and its customer; another customer as an unknown one', async () => {
    writeCustomerAccount(table, { customerId: 'cust-2', accountId: 'ba-2' });
    const { body } = await grant({});
    expect(await get(body.id)).toMatchObject({ statusCode: 200, body });
    expect((await get(body.id, customerClaims('cust-1'))).statusCode).toBe(200);
    expectTmfError(await get(body.id, customerClaims('cust-2')), 404, 'NOT_FOUND');
    expectTmfError(await get('nope'), 404, 'NOT_FOUND');
  });
});

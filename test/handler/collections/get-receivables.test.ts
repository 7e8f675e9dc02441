import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyPaymentToBill } from '../../../domain/collections/bill-settlement.js';
import { handler } from '../../../functions/collections/get-receivables.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { billPaymentUpdate } from '../../../functions/lib/store/bill-store.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClock, testClockItem } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/collections/v1/receivables';
const now = '2027-04-20T10:00:00.000Z';
const get = (query: Record<string, string> = {}, claims: Claims = agentClaims) =>
  invoke(handler, apiEvent({ method: 'GET', path, query, claims }), lambdaContext('get-receivables'));
const money = (unit: string, value: number) => ({ unit, value });
const buckets = (unit: string, values: Partial<Record<'current' | '1-30' | '31-60' | '61-90' | 'over90', number>>) => ({
  current: money(unit, values.current ?? 0),
  '1-30': money(unit, values['1-30'] ?? 0),
  '31-60': money(unit, values['31-60'] ?? 0),
  '61-90': money(unit, values['61-90'] ?? 0),
  over90: money(unit, values.over90 ?? 0),
});

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  for (const n of [1, 2, 3, 4, 5]) writeCustomerAccount(table, { customerId: `cust-${n}`, accountId: `ba-${n}` });
  // ba-1: two late bills, 64 and 36 days past due.
  writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z' });
  writeIssuedBill(table, { id: 'mar', amount: 25, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-03-15T00:00:00.000Z' });
  // ba-2: one bill not yet due, one 140 days late.
  writeIssuedBill(table, { id: 'apr', amount: 40, accountId: 'ba-2', customerId: 'cust-2', paymentDueDate: '2027-04-25T00:00:00.000Z' });
  writeIssuedBill(table, { id: 'dec', amount: 10, accountId: 'ba-2', customerId: 'cust-2', paymentDueDate: '2026-12-01T00:00:00.000Z' });
  // ba-3 bills in dollars, 10 days late.
  writeIssuedBill(table, { id: 'usd', amount: 100, accountId: 'ba-3', customerId: 'cust-3', paymentDueDate: '2027-04-10T00:00:00.000Z', currency: 'USD' });
  // ba-4's only bill was paid in full: it left the open-bills index.
  const paid = writeIssuedBill(table, { id: 'paid', amount: 70, accountId: 'ba-4', customerId: 'cust-4', paymentDueDate: '2027-03-01T00:00:00.000Z' });
  table.apply(billPaymentUpdate(applyPaymentToBill(paid, { id: 'pay-1', amountMinor: 7000n }, now), 2));
  // ba-5 lives on a test clock frozen at 1 March: its bill is due 10 February.
  table.put(testClockItem(testClock('clk-1', '2027-03-01T00:00:00.000Z')));
  writeIssuedBill(table, { id: 'clocked', amount: 12.5, accountId: 'ba-5', customerId: 'cust-5', paymentDueDate: '2027-02-10T00:00:00.000Z', testClockId: 'clk-1' });
  return () => vi.restoreAllMocks();
});

describe('GET /collections/v1/receivables (get-receivables)', () => {
  it('200: live open bills aged now, totals per currency, accounts by open amount; settled and test-clock bills absent', async () => {
    const answer = await get();
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    expect(answer.body).toEqual({
      asOf: now,
      totals: [
        { currency: 'EUR', open: money('EUR', 104.03), buckets: buckets('EUR', { current: 40, '31-60': 25, '61-90': 29.03, over90: 10 }) },
        { currency: 'USD', open: money('USD', 100), buckets: buckets('USD', { '1-30': 100 }) },
      ],
      accounts: [
        {
          billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Account ba-1' },
          customer: { id: 'cust-1' },
          currency: 'EUR',
          open: money('EUR', 54.03),
          buckets: buckets('EUR', { '31-60': 25, '61-90': 29.03 }),
          oldestDueDate: '2027-02-15T00:00:00.000Z',
          bills: 2,
        },
        {
          billingAccount: { id: 'ba-2', href: '/tmf-api/accountManagement/v4/billingAccount/ba-2', name: 'Account ba-2' },
          customer: { id: 'cust-2' },
          currency: 'EUR',
          open: money('EUR', 50),
          buckets: buckets('EUR', { current: 40, over90: 10 }),
          oldestDueDate: '2026-12-01T00:00:00.000Z',
          bills: 2,
        },
        {
          billingAccount: { id: 'ba-3', href: '/tmf-api/accountManagement/v4/billingAccount/ba-3', name: 'Account ba-3' },
          customer: { id: 'cust-3' },
          currency: 'USD',
          open: money('USD', 100),
          buckets: buckets('USD', { '1-30': 100 }),
          oldestDueDate: '2027-04-10T00:00:00.000Z',
          bills: 1,
        },
      ],
    });
  });

  it('reads the open-bills index only: one Query per shard of gsi3, no scan', async () => {
    await get();
    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(16);
    expect(queries.every((query) => query.IndexName === 'gsi3')).toBe(true);
    expect(new Set(queries.map((query) => query.ExpressionAttributeValues?.[':pk']))).toEqual(new Set(Array.from({ length: 16 }, (_, shard) => `OPEN_BILL#${shard}`)));
    expect(documentMock.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('currency= keeps only that currency, in the totals and the accounts', async () => {
    const answer = await get({ currency: 'USD' });
    expect(answer.body.totals.map((total: { currency: string }) => total.currency)).toEqual(['USD']);
    expect(answer.body.accounts.map((account: any) => account.billingAccount.id)).toEqual(['ba-3']);
    expect(answer.headers['x-total-count']).toBe('1');
  });

  it('offset and limit page the accounts; the totals still cover them all', async () => {
    const answer = await get({ offset: '1', limit: '1' });
    expect(answer.body.accounts.map((account: any) => account.billingAccount.id)).toEqual(['ba-2']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
    expect(answer.body.totals.map((total: any) => total.open)).toEqual([money('EUR', 104.03), money('USD', 100)]);
  });

  it('asOf ages the same open bills at another instant', async () => {
    const answer = await get({ asOf: '2027-02-01T00:00:00+01:00' });
    expect(answer.body.asOf).toBe('2027-01-31T23:00:00.000Z');
    expect(answer.body.totals[0]).toEqual({ currency: 'EUR', open: money('EUR', 104.03), buckets: buckets('EUR', { current: 94.03, '61-90': 10 }) });
  });

  it("testClock.id shows that clock's bills only, aged at its frozen time unless asOf is given", async () => {
    const clocked = await get({ 'testClock.id': 'clk-1' });
    expect(clocked.statusCode).toBe(200);
    expect(clocked.body).toMatchObject({
      asOf: '2027-03-01T00:00:00.000Z',
      testClock: { id: 'clk-1' },
      totals: [{ currency: 'EUR', open: money('EUR', 12.5), buckets: buckets('EUR', { '1-30': 12.5 }) }],
      accounts: [{ billingAccount: { id: 'ba-5' }, customer: { id: 'cust-5' }, bills: 1 }],
    });
    expect(documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'])).toEqual(['CLOCK_OPEN_BILL#clk-1']);
    const later = await get({ 'testClock.id': 'clk-1', asOf: '2027-04-20T00:00:00Z' });
    expect(later.body.totals[0].buckets).toEqual(buckets('EUR', { '61-90': 12.5 }));
  });

  it('403 for a customer', async () => {
    expectTmfError(await get({}, customerClaims('cust-1')), 403, 'FORBIDDEN');
  });

  it('400 naming the field for bad input, before reading any bill', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ asOf: 'yesterday' }, 'asOf'],
      [{ asOf: '2027-04-01' }, 'asOf'],
      [{ asOf: '2027-04-01T10:00:00' }, 'asOf'],
      [{ asOf: '2027-02-30T10:00:00Z' }, 'asOf'],
      [{ asOf: '2027-04-01T24:00:00Z' }, 'asOf'],
      [{ 'testClock.id': 'no-such-clock' }, 'testClock.id'],
      [{ 'testClock.id': 'clk-1,clk-2' }, 'testClock.id'],
      [{ currency: 'EURO' }, 'currency'],
      [{ status: 'open' }, 'status'],
      [{ fields: 'totals' }, 'fields'],
      [{ limit: 'ten' }, 'limit'],
    ];
    for (const [query, field] of cases) {
      const answer = await get(query);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect([query, detailFields(answer)]).toEqual([query, [field]]);
    }
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { billIdFor } from '../../../domain/billing/customer-bill.js';
import { billsPerTransaction, type BillingContext } from '../../../functions/billing/account-billing.js';
import { billAccountsUpTo } from '../../../functions/billing/billing-rounds.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { simulatedTaxProvider } from '../../../functions/lib/providers/simulated-tax-provider.js';
import { apr1, feb1, mar1, may1, mobileMTerm, outboxEvents, scheduleOf, seriesCounter, storedBill, transactions, writeAccount, writeCatalog } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

/** The run bills everything due up to 1 April 10:00 Paris, and runs at 08:00Z that day. */
const asOf = '2027-04-01T08:00:00.000Z';
const systemNow = '2027-04-01T08:00:00.000Z';
const context: BillingContext = { taxProvider: simulatedTaxProvider, paymentTermsDays: 14, correlationId: 'corr-run-1', now: systemNow };
const bill = (accountId: string, date: string) => (storedBill(table, billIdFor(accountId, date))?.resource ?? {}) as Record<string, any>;

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  return () => vi.restoreAllMocks();
});

describe('billAccountsUpTo', () => {
  it('an account three periods behind gets one bill per round, in date order, numbered in that order', async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const outcome = await billAccountsUpTo(['ba-1'], asOf, context, { concurrency: 4 });

    expect(outcome.bills.map((each) => [each.billDate, each.billNo, each.state])).toEqual([
      [feb1, '2027-000001', 'validated'],
      [mar1, '2027-000002', 'validated'],
      [apr1, '2027-000003', 'validated'],
    ]);
    expect(outcome).toMatchObject({ billed: ['ba-1'], skipped: [], failures: [], firstBillAt: systemNow });
    // One issuing transaction per round.
    expect(transactions(documentMock)).toHaveLength(3);
    expect(outboxEvents(documentMock).map((event) => [event.detailType, event.detail.data.bill.billDate])).toEqual([
      ['CustomerBillIssued', feb1],
      ['CustomerBillIssued', mar1],
      ['CustomerBillIssued', apr1],
    ]);

    // Each bill starts where the previous ended: 1 Feb has the worked example; March is 10.00 in advance;
    // April is 10.00 as well (the promotion runs to 16 April, charged in advance on the 1 April bill, split there).
    expect(bill('ba-1', feb1).amountDue.value).toBe(15.03);
    expect(bill('ba-1', mar1)).toMatchObject({ billingPeriod: { startDateTime: feb1, endDateTime: mar1 }, amountDue: { value: 10 } });
    expect(bill('ba-1', apr1)).toMatchObject({ billingPeriod: { startDateTime: mar1, endDateTime: apr1 }, amountDue: { value: 14.86 } });
    expect(scheduleOf(table, 'ba-1')).toMatchObject({ nextBillAt: may1, lastBillAt: apr1, gsi3sk: `${may1}#ba-1` });
    expect(seriesCounter(table, '2027')).toBe(3);
  });

  it("bills several accounts together: each round numbers that round's bills in one transaction", async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2', products: [[mobileMTerm('2027-02-10T09:00:00.000Z')]] });
    const outcome = await billAccountsUpTo(['ba-2', 'ba-1'], '2027-03-01T08:00:00.000Z', context, { concurrency: 2 });
    expect(outcome.billed.sort()).toEqual(['ba-1', 'ba-2']);
    expect(outcome.bills.map((each) => [each.billingAccount.id, each.billDate])).toEqual([
      ['ba-2', mar1],
      ['ba-1', feb1],
      ['ba-1', mar1],
    ]);
    // Round 1: ba-2's 1 Mar and ba-1's 1 Feb; round 2: ba-1's 1 Mar.
    expect(transactions(documentMock).map((actions) => actions.filter((action) => action.Put?.Item?.entityType === 'OutboxEvent').length)).toEqual([2, 1]);
    expect(outcome.bills.map((each) => each.billNo)).toEqual(['2027-000001', '2027-000002', '2027-000003']);
  });

  it("one account's failure is recorded with its reason and drops it; the others are billed, and it stays due", async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', nextBillAt: mar1, lastBillAt: feb1 });
    // No postal address: its bill cannot be taxed.
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2', customer: { contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'b@example.com' } }] } });
    const outcome = await billAccountsUpTo(['ba-1', 'ba-2'], '2027-03-01T08:00:00.000Z', context, { concurrency: 2 });

    expect(outcome.failures).toEqual([{ billingAccountId: 'ba-2', reason: 'customer cust-2 has no postal address with a country: its bill cannot be taxed', at: systemNow }]);
    expect(outcome.billed).toEqual(['ba-1']);
    expect(outcome.skipped).toEqual([]);
    expect(outcome.bills.map((each) => each.billingAccount.id)).toEqual(['ba-1']);
    expect(scheduleOf(table, 'ba-2')).toMatchObject({ nextBillAt: feb1, gsi3sk: `${feb1}#ba-2` });
    expect(table.itemsOf(`BILL#ba-2-`)).toEqual([]);
  });

  it('a batch whose issuing fails records every drafted account of the round as failed, with the reason', async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    writeAccount(table, { accountId: 'ba-2', customerId: 'cust-2' });
    documentMock.on(TransactWriteCommand).rejects(Object.assign(new Error('Internal server error'), { name: 'InternalServerError' }));
    const outcome = await billAccountsUpTo(['ba-1', 'ba-2'], '2027-02-01T08:00:00.000Z', context, { concurrency: 2 });
    expect(outcome.failures.map((failure) => [failure.billingAccountId, failure.reason])).toEqual([
      ['ba-1', 'Internal server error'],
      ['ba-2', 'Internal server error'],
    ]);
    expect(outcome).toMatchObject({ billed: [], skipped: [], bills: [] });
    expect(outcome.firstBillAt).toBeUndefined();
    // Written `new`, never numbered: the next run rebuilds and issues them.
    expect(storedBill(table, billIdFor('ba-1', feb1))!.resource).toMatchObject({ state: 'new' });
    expect(scheduleOf(table, 'ba-1').nextBillAt).toBe(feb1);
  });

  it('a later round starts from the schedule the issuing transaction wrote: the schedule is read once per account', async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const outcome = await billAccountsUpTo(['ba-1'], asOf, context, { concurrency: 1 });
    expect(outcome.bills).toHaveLength(3);
    const scheduleReads = documentMock.commandCalls(GetCommand).filter((call) => call.args[0].input.Key?.sk === 'BILL_SCHEDULE');
    expect(scheduleReads).toHaveLength(1);
  });

  it('bills are issued as they are built: the first transaction is numbered while the rest are still being drafted', async () => {
    const accounts = Array.from({ length: 34 }, (_, index) => `ba-${String(index + 1).padStart(2, '0')}`);
    for (const accountId of accounts) writeAccount(table, { accountId, customerId: `cust-${accountId}` });
    const outcome = await billAccountsUpTo(accounts, '2027-02-01T08:00:00.000Z', context, { concurrency: 1 });
    expect(outcome.bills).toHaveLength(34);
    expect(outcome.failures).toEqual([]);
    expect(transactions(documentMock).map((actions) => actions.filter((action) => action.Put?.Item?.entityType === 'OutboxEvent').length)).toEqual([billsPerTransaction, 34 - billsPerTransaction]);
    const calls = documentMock.calls();
    const firstIssue = calls.findIndex((call) => call.args[0] instanceof TransactWriteCommand);
    const lastDraft = calls.findLastIndex((call) => call.args[0] instanceof PutCommand && (call.args[0].input as { Item?: { entityType?: string } }).Item?.entityType === 'CustomerBill');
    expect(firstIssue).toBeGreaterThan(-1);
    expect(firstIssue).toBeLessThan(lastDraft);
    expect(outcome.bills.map((each) => each.billNo)).toEqual(Array.from({ length: 34 }, (_, index) => `2027-${String(index + 1).padStart(6, '0')}`));
  });

  it("a transaction that fails fails only its own accounts: those issued before stay billed", async () => {
    const accounts = Array.from({ length: billsPerTransaction + 1 }, (_, index) => `ba-${String(index + 1).padStart(2, '0')}`);
    for (const accountId of accounts) writeAccount(table, { accountId, customerId: `cust-${accountId}` });
    let calls = 0;
    table.beforeTransaction = () => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
    };
    const outcome = await billAccountsUpTo(accounts, '2027-02-01T08:00:00.000Z', context, { concurrency: 1 });
    const last = accounts.at(-1)!;
    expect(outcome.bills).toHaveLength(billsPerTransaction);
    expect(outcome.billed).toHaveLength(billsPerTransaction);
    expect(outcome.failures.map((failure) => [failure.billingAccountId, failure.reason])).toEqual([[last, 'Internal server error']]);
    expect(storedBill(table, billIdFor(last, feb1))!.resource).toMatchObject({ state: 'new' });
  });

  it('an account due with nothing to bill is skipped: its schedule moves on without a bill, and comes to rest', async () => {
    writeAccount(table, {
      accountId: 'ba-3',
      customerId: 'cust-3',
      products: [[mobileMTerm('2026-11-10T09:00:00.000Z', { to: '2027-01-20T09:00:00.000Z', endedBy: 'termination' })]],
      nextBillAt: mar1,
      lastBillAt: feb1,
    });
    const outcome = await billAccountsUpTo(['ba-3'], asOf, context, { concurrency: 1 });
    expect(outcome).toEqual({ billed: [], skipped: ['ba-3'], failures: [], bills: [] });
    expect(transactions(documentMock)).toEqual([]);
    const schedule = scheduleOf(table, 'ba-3');
    expect(schedule).toMatchObject({ lastBillAt: mar1, version: 2 });
    // Out of the due index: nothing left to bill.
    expect(schedule.nextBillAt).toBeUndefined();
    expect(schedule.gsi3pk).toBeUndefined();
    expect(schedule.gsi3sk).toBeUndefined();
  });

  it('accounts not due by asOf, or never armed, are not counted at all', async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1', nextBillAt: may1 });
    const outcome = await billAccountsUpTo(['ba-1', 'ba-unknown'], asOf, context, { concurrency: 2 });
    expect(outcome).toEqual({ billed: [], skipped: [], failures: [], bills: [] });
    expect(transactions(documentMock)).toEqual([]);
  });

  it('an account named twice in the batch is billed once', async () => {
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const outcome = await billAccountsUpTo(['ba-1', 'ba-1'], '2027-02-01T08:00:00.000Z', context, { concurrency: 2 });
    expect(outcome.bills).toHaveLength(1);
    expect(outcome.billed).toEqual(['ba-1']);
  });

  it('an account billed before and failing on a later period counts as failed, not billed', async () => {
    // Its second bill (1 Mar) fails: the customer lost its address between the two rounds.
    writeAccount(table, { accountId: 'ba-1', customerId: 'cust-1' });
    const customerKey = { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' };
    table.beforeTransaction = () => {
      const customer = table.get(customerKey)!;
      table.put({ ...customer, resource: { ...(customer.resource as object), contactMedium: [] } });
    };
    const outcome = await billAccountsUpTo(['ba-1'], '2027-03-01T08:00:00.000Z', context, { concurrency: 1 });
    expect(outcome.bills.map((each) => each.billDate)).toEqual([feb1]);
    expect(outcome.failures.map((failure) => failure.billingAccountId)).toEqual(['ba-1']);
    expect(outcome.billed).toEqual([]);
    expect(outcome.skipped).toEqual([]);
    expect(outcome.firstBillAt).toBe(systemNow);
  });
});

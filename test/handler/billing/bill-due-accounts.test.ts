import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { billIdFor } from '../../../domain/billing/customer-bill.js';
import { handler, type BillDuePageInput } from '../../../functions/billing/bill-due-accounts.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { findBillRun } from '../../../functions/lib/store/bill-run-store.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { feb1, mar1, mobileMTerm, outboxEvents, scheduleOf, storedBill, testClock, testClockItem, writeAccount, writeCatalog, writeRun } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const systemNow = '2027-02-01T05:00:00.000Z';
const page = (input: Partial<BillDuePageInput> = {}) =>
  handler({ billRunId: 'run-1', asOf: '2027-02-01T05:00:00.000Z', testClockId: null, correlationId: 'corr-run-1', partition: 'BILL_DUE#0', cursor: null, ...input }, lambdaContext('bill-due-accounts'));
const dueQueries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input).filter((input) => input.IndexName === 'gsi3' && String(input.ExpressionAttributeValues?.[':pk']).includes('BILL_DUE#'));
const counters = () => documentMock.commandCalls(UpdateCommand).map((call) => call.args[0].input).filter((input) => input.Key?.pk === 'BILL_RUN#run-1');

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  // One shard, pages of two accounts: small enough to see every page.
  vi.stubEnv('BSS_BILLING_DUE_SHARDS', '1');
  vi.stubEnv('BSS_BILLING_PAGE_SIZE', '2');
  vi.spyOn(systemClock, 'now').mockReturnValue(systemNow);
  table = new FakeBillingTable().install(documentMock);
  writeCatalog(table);
  for (const id of ['ba-a', 'ba-b', 'ba-c']) writeAccount(table, { accountId: id, customerId: `cust-${id}` });
  writeRun(table, { id: 'run-1', asOf: '2027-02-01T05:00:00.000Z' }, { due: 3 });
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('bill-due-accounts (one page of a partition)', () => {
  it('bills the first page, adds its outcome to the run and answers where the next page starts', async () => {
    const first = await page();
    expect(first).toEqual({
      billRunId: 'run-1',
      asOf: '2027-02-01T05:00:00.000Z',
      testClockId: null,
      correlationId: 'corr-run-1',
      partition: 'BILL_DUE#0',
      cursor: expect.any(String),
      more: true,
    });
    expect(dueQueries()[0]).toMatchObject({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo',
      ExpressionAttributeValues: { ':pk': 'BILL_DUE#0', ':upTo': '2027-02-01T05:00:00.000Z#\uffff' },
      Limit: 2,
    });
    expect(dueQueries()[0]!.ExclusiveStartKey).toBeUndefined();
    // The cursor is the page's last key, opaque to the state machine.
    expect(JSON.parse(Buffer.from(first.cursor!, 'base64url').toString('utf8'))).toEqual({ pk: 'BILLING_ACCOUNT#ba-b', sk: 'BILL_SCHEDULE', gsi3pk: 'BILL_DUE#0', gsi3sk: `${feb1}#ba-b` });

    expect(storedBill(table, billIdFor('ba-a', feb1))!.resource).toMatchObject({ state: 'validated', billNo: '2027-000001' });
    expect(storedBill(table, billIdFor('ba-b', feb1))!.resource).toMatchObject({ state: 'validated', billNo: '2027-000002' });
    expect(storedBill(table, billIdFor('ba-c', feb1))).toBeUndefined();
    // Billed accounts leave the due range.
    expect(scheduleOf(table, 'ba-a').gsi3sk).toBe(`${mar1}#ba-a`);

    expect(counters()).toEqual([
      expect.objectContaining({
        UpdateExpression: 'ADD #billed :billed, #skipped :skipped, #failed :failed, #bills :bills SET #first = if_not_exists(#first, :first)',
        ExpressionAttributeValues: { ':billed': 2, ':skipped': 0, ':failed': 0, ':bills': 2, ':first': systemNow },
      }),
    ]);
    const run = await findBillRun('run-1');
    expect(run).toMatchObject({ counts: { due: 3, billed: 2, skipped: 0, failed: 0, bills: 2 }, progress: 66, firstBillAt: systemNow, failures: [] });
  });

  it('the next page starts at the cursor; the last page says there is no more', async () => {
    const first = await page();
    documentMock.resetHistory();
    const second = await page({ cursor: first.cursor });
    expect(dueQueries()[0]!.ExclusiveStartKey).toEqual({ pk: 'BILLING_ACCOUNT#ba-b', sk: 'BILL_SCHEDULE', gsi3pk: 'BILL_DUE#0', gsi3sk: `${feb1}#ba-b` });
    expect(second).toMatchObject({ cursor: null, more: false });
    expect(storedBill(table, billIdFor('ba-c', feb1))!.resource).toMatchObject({ billNo: '2027-000003' });
    expect((await findBillRun('run-1'))!.counts).toEqual({ due: 3, billed: 3, skipped: 0, failed: 0, bills: 3 });
    // The first bill's instant is kept from the first page.
    expect(counters()[0]!.UpdateExpression).toContain('if_not_exists(#first, :first)');
  });

  it('a page cut by the limit with nothing after it: the next call finds an empty page, bills nothing and ends the loop', async () => {
    table.items.delete('BILLING_ACCOUNT#ba-c|BILL_SCHEDULE');
    const first = await page();
    expect(first.more).toBe(true);
    documentMock.resetHistory();
    const last = await page({ cursor: first.cursor });
    expect(last).toMatchObject({ cursor: null, more: false });
    expect(counters()).toEqual([]);
    expect(documentMock.commandCalls(QueryCommand)).toHaveLength(1);
  });

  it("an account's failure is counted and recorded with its reason as an item of the run; the page goes on", async () => {
    const customer = table.get({ pk: 'CUSTOMER#cust-ba-a', sk: 'CUSTOMER' })!;
    table.put({ ...customer, resource: { ...(customer.resource as object), contactMedium: [] } });
    await page();
    expect(counters()[0]!.ExpressionAttributeValues).toEqual({ ':billed': 1, ':skipped': 0, ':failed': 1, ':bills': 1, ':first': systemNow });
    const failures = documentMock.commandCalls(BatchWriteCommand).flatMap((call) => Object.values(call.args[0].input.RequestItems!).flat()).filter((write) => write.PutRequest?.Item?.entityType === 'BillRunFailure');
    expect(failures.map((write) => write.PutRequest!.Item)).toEqual([
      {
        pk: 'BILL_RUN#run-1',
        sk: 'FAILURE#ba-a',
        entityType: 'BillRunFailure',
        version: 1,
        failure: { billingAccountId: 'ba-a', reason: 'customer cust-ba-a has no postal address with a country: its bill cannot be taxed', at: systemNow },
      },
    ]);
    const run = await findBillRun('run-1');
    expect(run).toMatchObject({ counts: { billed: 1, failed: 1, bills: 1 }, failures: [{ billingAccountId: 'ba-a' }] });
    // It stays due, behind the cursor: the next run tries it again.
    expect(scheduleOf(table, 'ba-a').nextBillAt).toBe(feb1);
  });

  it("bills that keep losing the numbering race give up only when the page's Lambda is down to the minute it keeps for its outcome", async () => {
    let lastNumber = 0;
    const keepMoving = () => {
      lastNumber += 1;
      table.put({ pk: 'BILL_SERIES#2027', sk: 'BILL_SERIES', entityType: 'BillSeries', lastNumber });
    };
    table.beforeTransaction = (input) => {
      if (input.TransactItems?.some((item) => item.Update?.Key?.pk === 'BILL_SERIES#2027')) keepMoving();
    };
    await handler({ billRunId: 'run-1', asOf: '2027-02-01T05:00:00.000Z', testClockId: null, correlationId: 'corr-run-1', partition: 'BILL_DUE#0', cursor: null }, lambdaContext('bill-due-accounts', 60_000));
    const run = await findBillRun('run-1');
    expect(run).toMatchObject({ counts: { billed: 0, failed: 2, bills: 0 } });
    expect(run!.failures.map((failure) => failure.reason)).toEqual([expect.stringContaining('the series counters kept moving'), expect.stringContaining('the series counters kept moving')]);

    // With the Lambda's time ahead, the same race is outlasted: the counter stops moving after a while and the page's bills are numbered.
    let moves = 5;
    table.beforeTransaction = (input) => {
      if (moves > 0 && input.TransactItems?.some((item) => item.Update?.Key?.pk === 'BILL_SERIES#2027')) {
        moves -= 1;
        keepMoving();
      }
    };
    documentMock.resetHistory();
    await handler({ billRunId: 'run-1', asOf: '2027-02-01T05:00:00.000Z', testClockId: null, correlationId: 'corr-run-1', partition: 'BILL_DUE#0', cursor: null }, lambdaContext('bill-due-accounts', 900_000));
    expect(counters()[0]!.ExpressionAttributeValues).toMatchObject({ ':billed': 2, ':failed': 0, ':bills': 2 });
  });

  it('an account due with nothing to bill is counted skipped, without a first bill instant', async () => {
    table.items.clear();
    writeCatalog(table);
    // Terminated on 20 Jan: the 1 Feb bill credited the rest of January; the 1 Mar one has nothing.
    writeAccount(table, {
      accountId: 'ba-a',
      customerId: 'cust-a',
      products: [[mobileMTerm('2026-11-10T09:00:00.000Z', { to: '2027-01-20T09:00:00.000Z', endedBy: 'termination' })]],
      nextBillAt: mar1,
      lastBillAt: feb1,
    });
    writeRun(table, { id: 'run-1', asOf: '2027-03-01T05:00:00.000Z' }, { due: 1 });
    await expect(page({ asOf: '2027-03-01T05:00:00.000Z' })).resolves.toMatchObject({ more: false });
    expect(counters()).toEqual([
      expect.objectContaining({ UpdateExpression: 'ADD #billed :billed, #skipped :skipped, #failed :failed, #bills :bills', ExpressionAttributeValues: { ':billed': 0, ':skipped': 1, ':failed': 0, ':bills': 0 } }),
    ]);
    expect(await findBillRun('run-1')).toMatchObject({ counts: { due: 1, billed: 0, skipped: 1, failed: 0, bills: 0 }, progress: 100 });
    expect((await findBillRun('run-1'))!.firstBillAt).toBeUndefined();
    expect(scheduleOf(table, 'ba-a').nextBillAt).toBeUndefined();
  });

  it("a test clock's page reads the clock's partition and writes the bills at the clock's time, in its own series", async () => {
    table.items.clear();
    writeCatalog(table);
    table.put(testClockItem(testClock('clock-1', '2027-02-03T12:00:00.000Z')));
    writeAccount(table, { accountId: 'ba-t', customerId: 'cust-t', testClockId: 'clock-1' });
    writeRun(table, { id: 'run-1', trigger: 'testClock', asOf: '2027-02-03T12:00:00.000Z', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } }, { due: 1 });
    const answer = await page({ partition: 'CLOCK_BILL_DUE#clock-1', testClockId: 'clock-1', asOf: '2027-02-03T12:00:00.000Z' });
    expect(answer).toMatchObject({ partition: 'CLOCK_BILL_DUE#clock-1', testClockId: 'clock-1', more: false });
    const bill = storedBill(table, billIdFor('ba-t', feb1))!.resource as Record<string, any>;
    expect(bill).toMatchObject({ billNo: 'TEST-clock-1-2027-000001', lastUpdate: '2027-02-03T12:00:00.000Z', testClock: { id: 'clock-1' } });
    expect(outboxEvents(documentMock)[0]!.detail).toMatchObject({ metadata: { occurredAt: '2027-02-03T12:00:00.000Z' }, data: { bill: { testClockId: 'clock-1' } } });
    // The run's first bill instant is the system's: it measures the run, not the simulation.
    expect((await findBillRun('run-1'))!.firstBillAt).toBe(systemNow);
  });
});

import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillRunCompleted } from '../../../domain/events/billing-events.js';
import { handler } from '../../../functions/billing/finish-bill-run.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { findBillRun } from '../../../functions/lib/store/bill-run-store.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { cancelledTransaction } from '../../support/order-saga-fixtures.js';
import { feb1, outboxEvents, testClock, testClockItem, transactions, writeRun } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2027-02-01T05:20:00.000Z';
const finish = (billRunId = 'run-1', failure: { Error?: string; Cause?: string } = {}) => handler({ billRunId, correlationId: 'corr-run-1', failure }, lambdaContext('finish-bill-run'));
const runResource = (id = 'run-1') => table.get({ pk: `BILL_RUN#${id}`, sk: 'BILL_RUN' })!.resource as Record<string, any>;
const clockKey = { pk: 'TEST_CLOCK#clock-1', sk: 'TEST_CLOCK' };
const clockRun = { id: 'run-1', trigger: 'testClock' as const, asOf: '2027-03-15T12:00:00.000Z', testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } };

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  return () => vi.restoreAllMocks();
});

describe('finish-bill-run (the end of a run)', () => {
  it('a run where nothing failed ends completed, with BillRunCompleted and its counts, in one transaction conditional on it being in progress', async () => {
    writeRun(table, { id: 'run-1' }, { due: 3, billed: 2, skipped: 1, failed: 0, bills: 4 });
    await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completed' });

    const [actions] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(1);
    expect(actions![0]!.Update).toMatchObject({
      Key: { pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' },
      ConditionExpression: '#resource.#state = :inProgress',
      ExpressionAttributeValues: { ':inProgress': 'inProgress' },
    });
    // The counters stay top-level attributes: the resource stored has none of them.
    expect(Object.keys(actions![0]!.Update!.ExpressionAttributeValues![':resource'] as object)).not.toContain('counts');
    expect(runResource()).toMatchObject({ state: 'completed', completedAt: now });
    expect(runResource().stoppedBecause).toBeUndefined();
    expect(await findBillRun('run-1')).toMatchObject({ state: 'completed', progress: 100, counts: { due: 3, billed: 2, skipped: 1, failed: 0, bills: 4 } });

    const events = outboxEvents(documentMock);
    expect(events.map((event) => [event.source, event.detailType])).toEqual([['bss.billing', 'BillRunCompleted']]);
    const completed = BillRunCompleted.parseDetail(events[0]!.detail);
    expect(completed.data).toEqual({ billRunId: 'run-1', state: 'completed', asOf: feb1, trigger: 'request', counts: { due: 3, billed: 2, skipped: 1, failed: 0, bills: 4 } });
    expect(completed.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-run-1' });
  });

  it('a run with a failed account ends completedWithErrors', async () => {
    writeRun(table, { id: 'run-1' }, { due: 3, billed: 2, failed: 1, bills: 2 });
    await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completedWithErrors' });
    expect(BillRunCompleted.parseDetail(outboxEvents(documentMock)[0]!.detail).data).toMatchObject({ state: 'completedWithErrors', counts: { failed: 1 } });
  });

  it("a run the Map's Catch stopped ends completedWithErrors, saying why", async () => {
    writeRun(table, { id: 'run-1' }, { due: 3, billed: 1, bills: 1 });
    await expect(finish('run-1', { Error: 'TransientStoreError', Cause: 'throttled for good' })).resolves.toMatchObject({ state: 'completedWithErrors' });
    expect(runResource()).toMatchObject({ state: 'completedWithErrors', stoppedBecause: 'TransientStoreError: throttled for good' });
    expect(await findBillRun('run-1')).toMatchObject({ progress: 33 });
  });

  it('the reason a run stopped is cut to 1000 characters', async () => {
    writeRun(table, { id: 'run-1' });
    await finish('run-1', { Error: 'States.TaskFailed', Cause: 'x'.repeat(5000) });
    expect(runResource().stoppedBecause).toHaveLength(1000);
  });

  it('repeating the step (a retry after its write) records no second end and no second event', async () => {
    writeRun(table, { id: 'run-1' }, { due: 1, billed: 1, bills: 1 });
    await finish();
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-01T05:30:00.000Z');
    await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completed' });
    expect(transactions(documentMock)).toHaveLength(1);
    expect(outboxEvents(documentMock)).toHaveLength(1);
    expect(runResource().completedAt).toBe(now);
  });

  it('two attempts racing: the one whose condition fails is taken as done, not as an error', async () => {
    writeRun(table, { id: 'run-1' });
    table.beforeTransaction = () => {
      const item = table.get({ pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' })!;
      table.put({ ...item, resource: { ...(item.resource as object), state: 'completed', completedAt: '2027-02-01T05:19:59.000Z' } });
    };
    await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completed' });
    expect(runResource().completedAt).toBe('2027-02-01T05:19:59.000Z');
  });

  it('a transaction conflict (a page still writing the counters) is not taken as done: the step fails retryable, and its retry completes the run', async () => {
    writeRun(table, { id: 'run-1' }, { due: 2, billed: 2, bills: 2 });
    let conflicts = 1;
    table.beforeTransaction = () => {
      if (conflicts-- > 0) throw cancelledTransaction('TransactionConflict', 'None');
    };
    await expect(finish()).rejects.toMatchObject({ name: 'TransientStoreError' });
    expect(runResource().state).toBe('inProgress');
    await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completed' });
    expect(outboxEvents(documentMock, 1).map((event) => event.detailType)).toEqual(['BillRunCompleted']);
  });

  it('an unknown run fails the step', async () => {
    await expect(finish('run-404')).rejects.toThrow('bill run run-404 does not exist');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  describe("a test clock's run", () => {
    it('sets the clock ready again, under its version', async () => {
      writeRun(table, clockRun, { due: 1, billed: 1, bills: 2 });
      table.put(testClockItem(testClock('clock-1', clockRun.asOf, { status: 'advancing', billRun: { id: 'run-1', href: '/billing/v1/billRun/run-1' } }), 4));
      await expect(finish()).resolves.toEqual({ billRunId: 'run-1', state: 'completed' });

      expect(BillRunCompleted.parseDetail(outboxEvents(documentMock, 0)[0]!.detail).data).toMatchObject({ trigger: 'testClock', testClockId: 'clock-1' });
      const [, clockUpdate] = transactions(documentMock);
      expect(clockUpdate![0]!.Update).toMatchObject({ Key: clockKey, ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':expected': 4, ':next': 5 } });
      expect(table.get(clockKey)).toMatchObject({ version: 5, resource: { status: 'ready', frozenTime: clockRun.asOf, lastUpdate: now, billRun: { id: 'run-1' } } });
    });

    it('a repeated step still sets a clock ready that an earlier attempt left advancing', async () => {
      writeRun(table, clockRun);
      table.put(testClockItem(testClock('clock-1', clockRun.asOf, { status: 'advancing', billRun: { id: 'run-1', href: '/billing/v1/billRun/run-1' } })));
      // The earlier attempt completed the run, then failed before the clock.
      const item = table.get({ pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' })!;
      table.put({ ...item, resource: { ...(item.resource as object), state: 'completed', completedAt: now } });
      await finish();
      expect(outboxEvents(documentMock)).toEqual([]);
      expect(table.get(clockKey)).toMatchObject({ resource: { status: 'ready' } });
    });

    it('leaves alone a clock that a later advance moved on: only its own run sets it ready', async () => {
      writeRun(table, clockRun);
      table.put(testClockItem(testClock('clock-1', '2027-04-15T12:00:00.000Z', { status: 'advancing', billRun: { id: 'run-2', href: '/billing/v1/billRun/run-2' } }), 6));
      await finish();
      expect(transactions(documentMock)).toHaveLength(1);
      expect(table.get(clockKey)).toMatchObject({ version: 6, resource: { status: 'advancing', billRun: { id: 'run-2' } } });
    });

    it('leaves alone a clock already ready', async () => {
      writeRun(table, clockRun);
      table.put(testClockItem(testClock('clock-1', clockRun.asOf, { billRun: { id: 'run-1', href: '/billing/v1/billRun/run-1' } }), 5));
      await finish();
      expect(transactions(documentMock)).toHaveLength(1);
      expect(table.get(clockKey)).toMatchObject({ version: 5 });
    });
  });
});

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dueShardOf } from '../../../domain/billing/billing-schedule.js';
import { handler, type BeginBillRunInput } from '../../../functions/billing/begin-bill-run.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { scheduleArming } from '../../../functions/lib/store/billing-schedule-store.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { feb1, mar1, writeRun } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2027-02-01T05:00:00.000Z';
/** The execution's input as the state machine passes it: BillRunRequested, or the schedule's own input. */
const begin = (input: object, executionName = 'exec-1') => handler({ input: input as BeginBillRunInput['input'], executionName }, lambdaContext('begin-bill-run'));
/** BillRunRequested as the outbox relay puts it on the bus, the execution's input. */
const requested = (billRunId: string) => ({
  source: 'bss.billing',
  'detail-type': 'BillRunRequested',
  detail: { metadata: { eventId: 'evt-1', occurredAt: now, correlationId: 'corr-staff-1', schemaVersion: '1.0' }, data: { billRunId, asOf: feb1, trigger: 'request' } },
});
const runItem = (id: string) => table.get({ pk: `BILL_RUN#${id}`, sk: 'BILL_RUN' });
const countQueries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input).filter((input) => input.Select === 'COUNT');

let table: FakeBillingTable;
function arm(billingAccountId: string, firstBillAt: string, testClockId?: string) {
  table.apply(scheduleArming({ billingAccountId, customerId: `cust-of-${billingAccountId}`, cycleDay: 1, timeZone: 'Europe/Paris', testClockId, firstBillAt }));
}

beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  // Due on 1 Feb: five accounts over the shards; one due a month later; two on a test clock.
  for (const id of ['ba-1', 'ba-2', 'ba-3', 'ba-4', 'ba-5']) arm(id, feb1);
  arm('ba-later', mar1);
  arm('ba-clock-1', feb1, 'clock-1');
  arm('ba-clock-2', mar1, 'clock-1');
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('begin-bill-run (the run, its due count, the partitions)', () => {
  it("a recorded run: counts what is due by its asOf in each of the 16 shards (never the test clocks'), and answers every shard", async () => {
    writeRun(table, { id: 'run-1' });
    const answer = await begin(requested('run-1'));
    expect(answer).toEqual({
      billRunId: 'run-1',
      asOf: feb1,
      testClockId: null,
      correlationId: 'corr-staff-1',
      partitions: Array.from({ length: 16 }, (_, shard) => ({ partition: `BILL_DUE#${shard}` })),
    });
    expect(countQueries()).toHaveLength(16);
    for (const input of countQueries()) {
      expect(input).toMatchObject({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :upTo', ExpressionAttributeValues: { ':upTo': `${feb1}#\uffff` } });
    }
    expect(countQueries().map((input) => input.ExpressionAttributeValues![':pk'])).toEqual(answer.partitions.map((each: { partition: string }) => each.partition));
    // The five accounts are spread over several shards, so the sum is over partitions.
    expect(new Set(['ba-1', 'ba-2', 'ba-3', 'ba-4', 'ba-5'].map((id) => dueShardOf(id, 16))).size).toBeGreaterThan(1);

    expect(runItem('run-1')).toMatchObject({ due: 5 });
    expect(documentMock.commandCalls(UpdateCommand)[0]!.args[0].input).toEqual({
      TableName: 'bss-test',
      Key: { pk: 'BILL_RUN#run-1', sk: 'BILL_RUN' },
      UpdateExpression: 'SET #due = :due',
      ExpressionAttributeNames: { '#due': 'due' },
      ExpressionAttributeValues: { ':due': 5 },
    });
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('a later asOf counts what fell due by then', async () => {
    writeRun(table, { id: 'run-2', asOf: mar1 });
    await begin(requested('run-2'));
    expect(runItem('run-2')).toMatchObject({ due: 6 });
  });

  it("a test clock's run reads only the clock's partition", async () => {
    writeRun(table, { id: 'run-3', trigger: 'testClock', asOf: feb1, testClock: { id: 'clock-1', href: '/billing/v1/testClock/clock-1' } });
    const answer = await begin(requested('run-3'));
    expect(answer).toMatchObject({ billRunId: 'run-3', testClockId: 'clock-1', partitions: [{ partition: 'CLOCK_BILL_DUE#clock-1' }] });
    expect(countQueries().map((input) => input.ExpressionAttributeValues![':pk'])).toEqual(['CLOCK_BILL_DUE#clock-1']);
    expect(runItem('run-3')).toMatchObject({ due: 1 });
  });

  it('the BSS_BILLING_DUE_SHARDS setting decides the partitions', async () => {
    vi.stubEnv('BSS_BILLING_DUE_SHARDS', '4');
    table.items.clear();
    for (const id of ['ba-1', 'ba-2', 'ba-3']) arm(id, feb1);
    writeRun(table, { id: 'run-4' });
    const answer = await begin(requested('run-4'));
    expect(answer.partitions).toEqual([0, 1, 2, 3].map((shard) => ({ partition: `BILL_DUE#${shard}` })));
    expect(runItem('run-4')).toMatchObject({ due: 3 });
  });

  it('the daily schedule (no run): a run named by the execution, billing everything due now, with a correlation id of its own', async () => {
    const answer = await begin({ trigger: 'schedule' }, 'daily-2027-02-01');
    expect(answer).toMatchObject({ billRunId: 'scheduled-daily-2027-02-01', asOf: now, testClockId: null, correlationId: 'bill-run-scheduled-daily-2027-02-01' });
    const put = documentMock.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      Item: { pk: 'BILL_RUN#scheduled-daily-2027-02-01', sk: 'BILL_RUN', gsi1pk: 'TYPE#BillRun', gsi1sk: `${now}#scheduled-daily-2027-02-01`, entityType: 'BillRun' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(runItem('scheduled-daily-2027-02-01')).toMatchObject({
      resource: { id: 'scheduled-daily-2027-02-01', state: 'inProgress', trigger: 'schedule', asOf: now, startedAt: now },
      due: 5,
    });
  });

  it('a retried step of a scheduled execution finds its run again instead of starting another', async () => {
    await begin({ trigger: 'schedule' }, 'daily-2027-02-01');
    vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-01T05:00:09.000Z');
    const again = await begin({ trigger: 'schedule' }, 'daily-2027-02-01');
    expect(again).toMatchObject({ billRunId: 'scheduled-daily-2027-02-01', asOf: now });
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('two attempts racing: the one that loses the create reads the run the other made', async () => {
    documentMock.on(PutCommand).callsFakeOnce((input: PutCommandInput) => {
      table.put({ ...input.Item!, resource: { ...(input.Item!.resource as object), asOf: '2027-02-01T04:59:59.000Z' } });
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    });
    const answer = await begin({ trigger: 'schedule' }, 'daily-2027-02-01');
    expect(answer).toMatchObject({ billRunId: 'scheduled-daily-2027-02-01', asOf: '2027-02-01T04:59:59.000Z' });
  });

  it('a very long execution name still gives a run id of at most 80 characters', async () => {
    const answer = await begin({}, 'x'.repeat(120));
    expect(answer.billRunId).toBe(`scheduled-${'x'.repeat(70)}`);
  });

  it('an unknown run fails the step, writing nothing', async () => {
    await expect(begin(requested('run-404'))).rejects.toThrow('bill run run-404 does not exist');
    expect(documentMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(documentMock.commandCalls(PutCommand)).toHaveLength(0);
  });
});

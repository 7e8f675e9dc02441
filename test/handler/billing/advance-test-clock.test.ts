import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillRunRequested, TestClockAdvanced } from '../../../domain/events/billing-events.js';
import type { TestClock } from '../../../domain/billing/test-clock.js';
import { handler } from '../../../functions/billing/advance-test-clock.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { outboxEvents, testClock, testClockItem, testClockPath, transactions } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2027-01-20T09:30:00.000Z';
const clockKey = { pk: 'TEST_CLOCK#clock-1', sk: 'TEST_CLOCK' };
const advance = (frozenTime: string, options: { id?: string; claims?: Claims; headers?: Record<string, string> } = {}) => {
  const id = options.id ?? 'clock-1';
  return invoke(
    handler,
    apiEvent({
      method: 'POST',
      path: `${testClockPath}/${id}/advance`,
      resource: `${testClockPath}/{id}/advance`,
      pathParameters: { id },
      body: { frozenTime },
      headers: { 'x-correlation-id': 'corr-advance-1', ...options.headers },
      ...(options.claims ? { claims: options.claims } : {}),
    }),
  );
};

let table: FakeBillingTable;
const store = (clock: TestClock, version = 2) => table.put(testClockItem(clock, version));
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  store(testClock('clock-1', '2027-01-16T09:00:00.000Z'));
  return () => vi.restoreAllMocks();
});

describe('POST /billing/v1/testClock/{id}/advance (advance-test-clock)', () => {
  it('202 with the clock at its new time, advancing with its run; the clock, the run and both events in one transaction under the version read', async () => {
    const answer = await advance('2027-04-01T12:00:00+02:00');
    expect(answer.statusCode).toBe(202);
    const runId = answer.body.billRun.id as string;
    expect(answer.body).toEqual({
      ...testClock('clock-1', '2027-04-01T10:00:00.000Z'),
      status: 'advancing',
      billRun: { id: runId, href: `/billing/v1/billRun/${runId}` },
      lastUpdate: now,
    });
    expect(answer.headers.etag).toBe('W/"3"');
    expect(answer.headers.location).toBe(`${testClockPath}/clock-1`);

    const [actions] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(1);
    expect(actions).toHaveLength(4);
    expect(actions![0]!.Update).toMatchObject({ Key: clockKey, ConditionExpression: '#version = :expected', ExpressionAttributeValues: { ':resource': answer.body, ':expected': 2, ':next': 3 } });
    expect(actions![1]!.Put).toMatchObject({
      Item: {
        pk: `BILL_RUN#${runId}`,
        sk: 'BILL_RUN',
        gsi1pk: 'TYPE#BillRun',
        entityType: 'BillRun',
        resource: { id: runId, state: 'inProgress', trigger: 'testClock', asOf: '2027-04-01T10:00:00.000Z', testClock: { id: 'clock-1', href: `${testClockPath}/clock-1` }, startedAt: now },
        due: 0,
        billed: 0,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });

    const events = outboxEvents(documentMock);
    expect(events.map((event) => [event.source, event.detailType])).toEqual([
      ['bss.billing', 'TestClockAdvanced'],
      ['bss.billing', 'BillRunRequested'],
    ]);
    expect(TestClockAdvanced.parseDetail(events[0]!.detail).data).toEqual({ testClockId: 'clock-1', from: '2027-01-16T09:00:00.000Z', to: '2027-04-01T10:00:00.000Z', billRunId: runId });
    const requested = BillRunRequested.parseDetail(events[1]!.detail);
    expect(requested.data).toEqual({ billRunId: runId, asOf: '2027-04-01T10:00:00.000Z', trigger: 'testClock', testClockId: 'clock-1' });
    expect(requested.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-advance-1' });

    expect(table.get(clockKey)).toMatchObject({ version: 3, resource: { status: 'advancing', frozenTime: '2027-04-01T10:00:00.000Z' } });
  });

  it('the same time again (however written) changes nothing: 200 with the clock as it is', async () => {
    const answer = await advance('2027-01-16T10:00:00+01:00', { claims: agentClaims });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(testClock('clock-1', '2027-01-16T09:00:00.000Z'));
    expect(answer.headers.etag).toBe('W/"2"');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('400 naming frozenTime for an earlier time: a clock only moves forward', async () => {
    const answer = await advance('2027-01-16T08:59:59Z');
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['frozenTime']);
    expect(answer.body.message).toContain('only moves forward');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('400 naming frozenTime for a time past 2099', async () => {
    const answer = await advance('2100-01-01T00:00:00Z');
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['frozenTime']);
  });

  it('409 TEST_CLOCK_ADVANCING while its previous advance still runs, writing nothing', async () => {
    store(testClock('clock-1', '2027-02-01T00:00:00.000Z', { status: 'advancing', billRun: { id: 'run-1', href: '/billing/v1/billRun/run-1' } }));
    const answer = await advance('2027-03-01T00:00:00Z');
    expectTmfError(answer, 409, 'TEST_CLOCK_ADVANCING');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(table.get(clockKey)).toMatchObject({ version: 2, resource: { billRun: { id: 'run-1' } } });
  });

  it('404 for an unknown clock', async () => {
    const answer = await advance('2027-03-01T00:00:00Z', { id: 'clock-404' });
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(answer.body.message).toBe('testClock clock-404 does not exist');
  });

  it('403 for a customer, before reading anything', async () => {
    expectTmfError(await advance('2027-03-01T00:00:00Z', { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with If-Match', () => {
    it('the current version advances it', async () => {
      expect((await advance('2027-03-01T00:00:00Z', { headers: { 'If-Match': 'W/"2"' } })).statusCode).toBe(202);
    });

    it('412 for a stale version, writing nothing', async () => {
      expectTmfError(await advance('2027-03-01T00:00:00Z', { headers: { 'If-Match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED');
      expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });

    it('412 when another advance wins between the read and the write; without If-Match the same race is a 409', async () => {
      const raceOnce = () => {
        let raced = false;
        table.beforeTransaction = () => {
          if (raced) return;
          raced = true;
          store(testClock('clock-1', '2027-02-10T00:00:00.000Z', { status: 'advancing' }), 3);
        };
      };
      raceOnce();
      expectTmfError(await advance('2027-03-01T00:00:00Z', { headers: { 'If-Match': 'W/"2"' } }), 412, 'PRECONDITION_FAILED');
      store(testClock('clock-1', '2027-01-16T09:00:00.000Z'));
      raceOnce();
      expectTmfError(await advance('2027-03-01T00:00:00Z'), 409, 'CONCURRENT_MODIFICATION');
      // Neither the run nor its events were written: the transaction was cancelled whole.
      expect(table.itemsOf('BILL_RUN#')).toEqual([]);
      expect(table.itemsOf('OUTBOX#')).toEqual([]);
    });
  });
});

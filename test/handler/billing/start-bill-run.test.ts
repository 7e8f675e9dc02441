import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillRunRequested } from '../../../domain/events/billing-events.js';
import { handler } from '../../../functions/billing/start-bill-run.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { billRunPath, outboxEvents, transactions } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const now = '2027-02-01T06:00:00.000Z';
const start = (body: unknown = {}, claims?: Claims, headers: Record<string, string> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path: billRunPath, body, headers: { 'x-correlation-id': 'corr-staff-1', ...headers }, ...(claims ? { claims } : {}) }), lambdaContext('start-bill-run'));

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  return () => vi.restoreAllMocks();
});

describe('POST /billing/v1/billRun (start-bill-run)', () => {
  it('202 with the run in progress as of now; the run and BillRunRequested in one transaction, so a recorded run always starts', async () => {
    const answer = await start();
    expect(answer.statusCode).toBe(202);
    const id = answer.body.id as string;
    expect(answer.body).toEqual({
      id,
      href: `${billRunPath}/${id}`,
      '@type': 'BillRun',
      state: 'inProgress',
      trigger: 'request',
      asOf: now,
      counts: { due: 0, billed: 0, skipped: 0, failed: 0, bills: 0 },
      progress: 0,
      failures: [],
      startedAt: now,
    });
    expect(answer.headers.location).toBe(`${billRunPath}/${id}`);

    const [actions] = transactions(documentMock);
    expect(transactions(documentMock)).toHaveLength(1);
    expect(actions).toHaveLength(2);
    expect(actions![0]!.Put).toEqual({
      TableName: 'bss-test',
      Item: {
        pk: `BILL_RUN#${id}`,
        sk: 'BILL_RUN',
        gsi1pk: 'TYPE#BillRun',
        gsi1sk: `${now}#${id}`,
        entityType: 'BillRun',
        version: 1,
        resource: { id, href: `${billRunPath}/${id}`, '@type': 'BillRun', state: 'inProgress', trigger: 'request', asOf: now, startedAt: now },
        due: 0,
        billed: 0,
        skipped: 0,
        failed: 0,
        bills: 0,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const [event] = outboxEvents(documentMock);
    expect(event).toMatchObject({ source: 'bss.billing', detailType: 'BillRunRequested' });
    const requested = BillRunRequested.parseDetail(event!.detail);
    expect(requested.data).toEqual({ billRunId: id, asOf: now, trigger: 'request' });
    expect(requested.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-staff-1' });
  });

  it('an earlier asOf bills what was due then, kept as UTC', async () => {
    const answer = await start({ asOf: '2027-01-31T23:59:59+01:00' }, agentClaims);
    expect(answer.statusCode).toBe(202);
    expect(answer.body.asOf).toBe('2027-01-31T22:59:59.000Z');
    expect(BillRunRequested.parseDetail(outboxEvents(documentMock)[0]!.detail).data.asOf).toBe('2027-01-31T22:59:59.000Z');
  });

  it('asOf now exactly is accepted', async () => {
    expect((await start({ asOf: now })).statusCode).toBe(202);
  });

  it.each([
    ['in the future', { asOf: '2027-02-01T06:00:01Z' }, ['asOf']],
    ['not an instant', { asOf: 'yesterday' }, ['asOf']],
    ['with attributes a run does not take', { asOf: now, state: 'completed' }, ['state']],
  ])('400 for an asOf %s, naming it, writing nothing', async (_case, body, fields) => {
    const answer = await start(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(fields);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it.each([
    ['a customer', customerClaims('cust-1')],
    ['a mediation feed', mediationClaims],
  ])('403 for %s, writing nothing', async (_who, claims) => {
    expectTmfError(await start({}, claims), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('an Idempotency-Key replays the first run instead of starting a second', async () => {
    new FakeIdempotencyTable().install(dynamoMock);
    const first = await start({}, undefined, { 'Idempotency-Key': 'month-end-feb' });
    const retry = await start({}, undefined, { 'Idempotency-Key': 'month-end-feb' });
    expect(retry.statusCode).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(table.itemsOf('BILL_RUN#')).toHaveLength(1);
  });
});

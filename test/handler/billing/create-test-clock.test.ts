import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/billing/create-test-clock.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { testClockPath } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const now = '2026-12-01T08:00:00.000Z';
const post = (body: unknown, claims?: Claims, headers: Record<string, string> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path: testClockPath, body, headers, ...(claims ? { claims } : {}) }), lambdaContext('create-test-clock'));
const puts = () => documentMock.commandCalls(PutCommand).map((call) => call.args[0].input);

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  table = new FakeBillingTable().install(documentMock);
  return () => vi.restoreAllMocks();
});

describe('POST /billing/v1/testClock (create-test-clock)', () => {
  it('201 with the clock ready at the time given (as UTC), its Location and ETag; stored create-only and listed by type', async () => {
    const answer = await post({ name: 'Ada through 2027', frozenTime: '2027-01-15T10:00:00+01:00' });
    expect(answer.statusCode).toBe(201);
    const id = answer.body.id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body).toEqual({
      id,
      href: `${testClockPath}/${id}`,
      '@type': 'TestClock',
      name: 'Ada through 2027',
      frozenTime: '2027-01-15T09:00:00.000Z',
      status: 'ready',
      createdAt: now,
      lastUpdate: now,
    });
    expect(answer.headers.location).toBe(`${testClockPath}/${id}`);
    expect(answer.headers.etag).toBe('W/"1"');
    expect(puts()).toEqual([
      {
        TableName: 'bss-test',
        Item: { pk: `TEST_CLOCK#${id}`, sk: 'TEST_CLOCK', gsi1pk: 'TYPE#TestClock', gsi1sk: `${now}#${id}`, entityType: 'TestClock', version: 1, resource: answer.body },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
    expect(table.get({ pk: `TEST_CLOCK#${id}`, sk: 'TEST_CLOCK' })!.resource).toEqual(answer.body);
  });

  it('agents create clocks too; without a name the clock is named by its time', async () => {
    const answer = await post({ frozenTime: '2027-01-01T00:00:00Z' }, agentClaims);
    expect(answer.statusCode).toBe(201);
    expect(answer.body.name).toBe('Test clock from 2027-01-01T00:00:00.000Z');
  });

  it.each([
    ['before 2000', { frozenTime: '1999-12-31T23:59:59Z' }, ['frozenTime']],
    ['from 2100', { frozenTime: '2100-01-01T00:00:00Z' }, ['frozenTime']],
    ['not an instant', { frozenTime: '15/01/2027' }, ['frozenTime']],
    ['missing', { name: 'no time' }, ['frozenTime']],
    ['with a status of its own', { frozenTime: '2027-01-01T00:00:00Z', status: 'advancing' }, ['status']],
  ])('400 for a frozenTime %s, naming the attribute, writing nothing', async (_case, body, fields) => {
    const answer = await post(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(fields);
    expect(puts()).toEqual([]);
  });

  it.each([
    ['a customer', customerClaims('cust-1')],
    ['a mediation feed', mediationClaims],
  ])('403 for %s, writing nothing', async (_who, claims) => {
    expectTmfError(await post({ frozenTime: '2027-01-01T00:00:00Z' }, claims), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('an Idempotency-Key replays the first clock instead of making another', async () => {
    new FakeIdempotencyTable().install(dynamoMock);
    const first = await post({ frozenTime: '2027-01-01T00:00:00Z' }, undefined, { 'Idempotency-Key': 'clock-for-ada' });
    const retry = await post({ frozenTime: '2027-01-01T00:00:00Z' }, undefined, { 'Idempotency-Key': 'clock-for-ada' });
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(puts()).toHaveLength(1);
  });
});

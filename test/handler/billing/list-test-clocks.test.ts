import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/list-test-clocks.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { testClock, testClockItem, testClockPath } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: testClockPath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const created = (day: number) => `2026-12-0${day}T08:00:00.000Z`;
const clocks = [testClock('clock-b', '2027-03-01T00:00:00.000Z', { createdAt: created(2) }), testClock('clock-a', '2027-01-01T00:00:00.000Z', { createdAt: created(1) }), testClock('clock-c', '2028-01-01T00:00:00.000Z', { createdAt: created(3) })];

beforeEach(() => {
  documentMock.reset();
  const table = new FakeBillingTable().install(documentMock);
  for (const clock of clocks) table.put(testClockItem(clock));
});

describe('GET /billing/v1/testClock (list-test-clocks)', () => {
  it('every clock, oldest first, from one gsi1 Query, with paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(answer.body.map((clock: { id: string }) => clock.id)).toEqual(['clock-a', 'clock-b', 'clock-c']);
    expect(answer.body[0]).toEqual(clocks[1]);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    expect(documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      expect.objectContaining({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'TYPE#TestClock' } }),
    ]);
  });

  it('pages with offset and limit, the total still counting every clock', async () => {
    const answer = await list({ offset: '1', limit: '1', fields: 'frozenTime' });
    expect(answer.body).toEqual([{ id: 'clock-b', href: clocks[0]!.href, '@type': 'TestClock', frozenTime: '2027-03-01T00:00:00.000Z' }]);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('400 for any filter: clocks are not filtered', async () => {
    const answer = await list({ status: 'ready' });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['status']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('403 for a customer, before reading anything', async () => {
    expectTmfError(await list(undefined, customerClaims('cust-1')), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

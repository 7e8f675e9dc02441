import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/billing/get-test-clock.js';
import { agentClaims, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { testClock, testClockItem, testClockPath } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const clock = testClock('clock-1', '2027-02-03T12:00:00.000Z', { status: 'advancing', billRun: { id: 'run-7', href: '/billing/v1/billRun/run-7' } });
const get = (id: string, claims?: Claims, query?: Record<string, string>) => invoke(handler, resourceEvent('GET', testClockPath, id, { ...(claims ? { claims } : {}), ...(query ? { query } : {}) }));

beforeEach(() => {
  documentMock.reset();
  new FakeBillingTable().install(documentMock).put(testClockItem(clock, 3));
});

describe('GET /billing/v1/testClock/{id} (get-test-clock)', () => {
  it('200 with the clock and its ETag, read consistently (an advance just written shows at once)', async () => {
    const answer = await get('clock-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(clock);
    expect(answer.headers.etag).toBe('W/"3"');
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: 'TEST_CLOCK#clock-1', sk: 'TEST_CLOCK' }, ConsistentRead: true }]);
  });

  it('agents read clocks; fields selects attributes', async () => {
    const answer = await get('clock-1', agentClaims, { fields: 'status,frozenTime' });
    expect(answer.body).toEqual({ id: 'clock-1', href: clock.href, '@type': 'TestClock', status: 'advancing', frozenTime: '2027-02-03T12:00:00.000Z' });
  });

  it('404 for an unknown clock', async () => {
    const answer = await get('clock-404');
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(answer.body.message).toBe('testClock clock-404 does not exist');
  });

  it.each([
    ['a customer', customerClaims('cust-1')],
    ['a mediation feed', mediationClaims],
  ])('403 for %s, before reading anything', async (_who, claims) => {
    expectTmfError(await get('clock-1', claims), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

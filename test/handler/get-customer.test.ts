import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/customers/get-customer.js';
import { agentClaims, resourceEvent, customerClaims, type Claims } from '../support/api-event.js';
import { expectTmfError, invoke } from '../support/api-answer.js';
import { customerItem, customerResource } from '../support/fixtures.js';
import { expectValidTmf, tmf629 } from '../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/customerManagement/v4/customer';
const stored = customerResource({ id: 'cust-1', characteristic: [{ name: 'preferredCurrency', value: 'EUR' }] });

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(
    handler,
    resourceEvent('GET', path, id, {
      ...(query ? { query } : {}),
      ...(claims !== undefined ? { claims } : {}),
    }),
  );

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } }).resolves({ Item: customerItem(stored, 7) });
});

describe('GET /customer/{id} (get-customer)', () => {
  it('200 with the stored customer and its version as ETag, in one key lookup', async () => {
    const answer = await get('cust-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(stored);
    expect(answer.headers.etag).toBe('W/"7"');
    expectValidTmf(tmf629, 'Customer', answer.body);
    const calls = documentMock.commandCalls(GetCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ TableName: 'bss-test', Key: { pk: 'CUSTOMER#cust-1', sk: 'CUSTOMER' } });
  });

  it('returns only the requested fields plus id, href and @type', async () => {
    const answer = await get('cust-1', agentClaims, { fields: 'name,status' });
    expect(answer.body).toEqual({ id: 'cust-1', href: stored.href, '@type': 'Customer', name: stored.name, status: stored.status });
  });

  it('404 NOT_FOUND for an unknown id', async () => {
    const answer = await get('nobody');
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(answer.body.message).toContain('nobody');
  });

  it('a customer token reads its own customer', async () => {
    const answer = await get('cust-1', customerClaims('cust-1'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.id).toBe('cust-1');
  });

  it("404 for another customer's id with a customer token, without even reading it", async () => {
    const answer = await get('cust-1', customerClaims('cust-2'));
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('401 without claims', async () => {
    expectTmfError(await get('cust-1', null), 401, 'UNAUTHORIZED');
    expect(documentMock.calls()).toHaveLength(0);
  });
  it('400 naming the id for an id longer than 256 bytes, before any DynamoDB call (no key that long can exist)', async () => {
    for (const length of [2_100, 8_000]) {
      const answer = await get('x'.repeat(length));
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(answer.body.details).toEqual([{ field: 'id', problem: 'longer than 256 bytes' }]);
    }
    expect(documentMock.commandCalls(GetCommand)).toHaveLength(0);
  });
});

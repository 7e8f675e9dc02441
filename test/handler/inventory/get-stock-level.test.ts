import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/inventory/get-stock-level.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { stockLevelItem, stockPath } from './stock-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const get = (sku: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(
    handler,
    apiEvent({
      method: 'GET',
      path: `${stockPath}/${encodeURIComponent(sku)}`,
      resource: `${stockPath}/{sku}`,
      pathParameters: { sku },
      ...(query ? { query } : {}),
      ...(claims !== undefined ? { claims } : {}),
    }),
  );

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'STOCK#NOVA-X', sk: 'STOCK' } }).resolves({ Item: stockLevelItem('NOVA-X', { onHand: 25, reserved: 3, version: 7 }) });
});

describe('GET /inventory/v1/stockLevel/{sku} (get-stock-level)', () => {
  it('200 with the level, available derived, and its ETag, from one key lookup', async () => {
    const answer = await get('NOVA-X', agentClaims);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({
      id: 'NOVA-X',
      href: '/inventory/v1/stockLevel/NOVA-X',
      sku: 'NOVA-X',
      onHand: 25,
      reserved: 3,
      available: 22,
      updatedAt: '2026-03-01T10:00:00.000Z',
      '@type': 'StockLevel',
    });
    expect(answer.headers.etag).toBe('W/"7"');
    expect(documentMock.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([{ TableName: 'bss-test', Key: { pk: 'STOCK#NOVA-X', sk: 'STOCK' } }]);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('NOVA-X', undefined, { fields: 'available' });
    expect(answer.body).toEqual({ id: 'NOVA-X', href: '/inventory/v1/stockLevel/NOVA-X', '@type': 'StockLevel', available: 22 });
  });

  it('404 for a SKU without a stock level', async () => {
    const answer = await get('SIM-NANO-5G');
    expectTmfError(answer, 404, 'NOT_FOUND');
    expect(answer.body.message).toBe('stockLevel SIM-NANO-5G does not exist');
  });

  it('400 naming sku for something that is not a stock keeping unit, without reading', async () => {
    const answer = await get('nova x');
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['sku']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('403 for a customer token, 401 without claims, without reading', async () => {
    expectTmfError(await get('NOVA-X', customerClaims('cust-1')), 403, 'FORBIDDEN');
    expectTmfError(await get('NOVA-X', null), 401, 'UNAUTHORIZED');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

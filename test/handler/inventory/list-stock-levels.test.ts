import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/inventory/list-stock-levels.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { stockLevelItem, stockPath } from './stock-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const list = (query?: Record<string, string>, claims?: Claims | null) =>
  invoke(handler, apiEvent({ method: 'GET', path: stockPath, ...(query ? { query } : {}), ...(claims !== undefined ? { claims } : {}) }));

const skus = (body: { sku: string }[]) => body.map((level) => level.sku);

beforeEach(() => {
  documentMock.reset();
  // Two pages, as DynamoDB answers past 1 MB: the total counts both.
  documentMock
    .on(QueryCommand)
    .resolvesOnce({ Items: [stockLevelItem('CASE-1', { onHand: 0, reserved: 0 }), stockLevelItem('NOVA-X', { onHand: 25, reserved: 3 })], LastEvaluatedKey: { pk: 'STOCK#NOVA-X' } })
    .resolvesOnce({ Items: [stockLevelItem('SIM-NANO-5G', { onHand: 500, reserved: 0 })] });
});

describe('GET /inventory/v1/stockLevel (list-stock-levels)', () => {
  it('staff list every level by SKU from gsi1, with exact paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(skus(answer.body)).toEqual(['CASE-1', 'NOVA-X', 'SIM-NANO-5G']);
    expect(answer.body[1]).toMatchObject({ id: 'NOVA-X', href: '/inventory/v1/stockLevel/NOVA-X', onHand: 25, reserved: 3, available: 22, '@type': 'StockLevel' });
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    const queries = documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ TableName: 'bss-test', IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'TYPE#StockLevel' } });
    expect(queries[1]!.ExclusiveStartKey).toEqual({ pk: 'STOCK#NOVA-X' });
  });

  it('pages with offset and limit, and selects fields', async () => {
    const answer = await list({ offset: '1', limit: '1', fields: 'available' });
    expect(answer.body).toEqual([{ id: 'NOVA-X', href: '/inventory/v1/stockLevel/NOVA-X', '@type': 'StockLevel', available: 22 }]);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('400 naming a filter, which stock levels do not offer, without querying', async () => {
    const answer = await list({ sku: 'NOVA-X' });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['sku']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('403 for a customer token, 401 without claims, without querying', async () => {
    expectTmfError(await list(undefined, customerClaims('cust-1')), 403, 'FORBIDDEN');
    expectTmfError(await list(undefined, null), 401, 'UNAUTHORIZED');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/product-inventory/get-product.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { expectValidTmf, tmf637 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/productInventory/v4/product';
const product = productIn('active', { id: 'prod-1', customerId: 'cust-1' });

const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
  invoke(handler, resourceEvent('GET', path, id, { ...(query ? { query } : {}), ...(claims !== undefined ? { claims } : {}) }));

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' } }).resolves({ Item: productItem(product, 3) });
});

describe('GET /product/{id} (get-product)', () => {
  it('200 with the product and its ETag, valid against TMF637 Product, from one GetItem', async () => {
    const answer = await get('prod-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(product);
    expect(answer.headers.etag).toBe('W/"3"');
    expectValidTmf(tmf637, 'Product', answer.body);
    expect(documentMock.calls()).toHaveLength(1);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'bss-test', Key: { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' } });
  });

  it('agents read any product', async () => {
    expect((await get('prod-1', agentClaims)).statusCode).toBe(200);
  });

  it('fields selects attributes, always with id, href and @type', async () => {
    const answer = await get('prod-1', undefined, { fields: 'status,productPrice' });
    expect(answer.body).toEqual({ id: 'prod-1', href: product.href, '@type': 'Product', status: 'active', productPrice: product.productPrice });
  });

  it('404 for an unknown product', async () => {
    const answer = await get('prod-404');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf637);
    expect(answer.body.message).toBe('product prod-404 does not exist');
  });

  it("a customer reads its own product; another customer's answers exactly like an unknown id", async () => {
    const own = await get('prod-1', customerClaims('cust-1'));
    expect(own.statusCode).toBe(200);
    expectValidTmf(tmf637, 'Product', own.body);
    const foreign = await get('prod-1', customerClaims('cust-2'));
    const unknown = await get('prod-404', customerClaims('cust-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND', tmf637);
    expect(foreign.body.message).toBe('product prod-1 does not exist');
    expect(unknown.body.message).toBe('product prod-404 does not exist');
  });

  it('401 without claims, before reading anything', async () => {
    expectTmfError(await get('prod-1', null), 401, 'UNAUTHORIZED', tmf637);
    expect(documentMock.calls()).toHaveLength(0);
  });
});

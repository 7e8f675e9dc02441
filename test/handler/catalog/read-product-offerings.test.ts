import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as getOffering } from '../../../functions/catalog/get-product-offering.js';
import { handler as getPrice } from '../../../functions/catalog/get-product-offering-price.js';
import { handler as listPrices } from '../../../functions/catalog/list-product-offering-prices.js';
import { handler as listOfferings } from '../../../functions/catalog/list-product-offerings.js';
import { agentClaims, apiEvent, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke, type Answer } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { catalogApi, catalogItem, catalogKey, FakeCatalogTable } from './catalog-table.js';
import { bundleResource, offeringResource, priceResource } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const customer = customerClaims('cust-1');
type Handler = typeof getOffering;

const get = (handler: Handler, path: string, id: string, claims: Claims = agentClaims) =>
  invoke(handler, resourceEvent('GET', `${catalogApi}/${path}`, id, { claims }));
const list = (handler: Handler, path: string, query?: Record<string, string>, claims: Claims = agentClaims) =>
  invoke(handler, apiEvent({ method: 'GET', path: `${catalogApi}/${path}`, claims, ...(query ? { query } : {}) }));

const queryInput = () => {
  const calls = documentMock.commandCalls(QueryCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};
const ids = (answer: Answer) => answer.body.map((resource: { id: string }) => resource.id);

let table: FakeCatalogTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable().install(documentMock);
});

describe.each([
  { path: 'productOffering', kind: 'ProductOffering', handler: getOffering, make: offeringResource },
  { path: 'productOfferingPrice', kind: 'ProductOfferingPrice', handler: getPrice, make: priceResource },
] as const)('GET /$path/{id}', ({ path, kind, handler, make }) => {
  it('200 with the resource and its ETag, from one GetItem', async () => {
    const resource = make('r-1', 'In design');
    table.put(kind, resource, 3);
    const answer = await get(handler, path, 'r-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(resource);
    expect(answer.headers.etag).toBe('W/"3"');
    expectValidTmf(tmf620, kind, answer.body);
    expect(documentMock.calls()).toHaveLength(1);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'bss-test', Key: catalogKey(kind, 'r-1') });
  });

  it.each(['Active', 'Launched'] as const)('a customer sees it %s (on sale)', async (status) => {
    table.put(kind, make('r-1', status));
    const answer = await get(handler, path, 'r-1', customer);
    expect(answer.statusCode).toBe(200);
    expectValidTmf(tmf620, kind, answer.body);
  });

  it.each(['In design', 'Retired'] as const)('404 for a customer when it is %s, as for an unknown id', async (status) => {
    table.put(kind, make('r-1', status));
    const answer = await get(handler, path, 'r-1', customer);
    expectTmfError(answer, 404, 'NOT_FOUND', tmf620);
    expect(answer.body.message).toBe(`${path} r-1 does not exist`);
  });

  it('404 for an unknown id', async () => {
    expectTmfError(await get(handler, path, 'nothing'), 404, 'NOT_FOUND', tmf620);
  });
});

describe('GET /productOffering (list-product-offerings)', () => {
  const offerings = [offeringResource('po-1', 'Launched'), bundleResource('po-2', ['po-1'], 'In design'), offeringResource('po-3', 'Retired')];
  beforeEach(() => {
    documentMock.on(QueryCommand).resolves({ Items: offerings.map((offering) => catalogItem('ProductOffering', offering)) });
  });

  it('lists offerings with one gsi1 Query on their partition', async () => {
    const answer = await list(listOfferings, 'productOffering');
    expect(answer.body).toEqual(offerings);
    for (const offering of answer.body) expectValidTmf(tmf620, 'ProductOffering', offering);
    expect(answer.headers['x-total-count']).toBe('3');
    const input = queryInput();
    expect(input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'TYPE#ProductOffering' } });
    expect(input.FilterExpression).toBeUndefined();
  });

  it('category.id filters on the categoryIds list the writes keep, any of the given ids', async () => {
    await list(listOfferings, 'productOffering', { 'category.id': 'cat-mobile,cat-bundles' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('(contains(#l0, :f0_0) OR contains(#l0, :f0_1))');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#l0': 'categoryIds' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'cat-mobile', ':f0_1': 'cat-bundles' });
  });

  it('isBundle and isSellable filter as booleans, lifecycleStatus as text', async () => {
    await list(listOfferings, 'productOffering', { isBundle: 'true', isSellable: 'false', lifecycleStatus: 'Launched,Active' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 IN (:f1_0) AND #resource.#f2_0 IN (:f2_0, :f2_1)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#resource': 'resource', '#f0_0': 'isBundle', '#f1_0': 'isSellable', '#f2_0': 'lifecycleStatus' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': true, ':f1_0': false, ':f2_0': 'Launched', ':f2_1': 'Active' });
  });

  it.each([
    [{ isBundle: 'yes' }, 'isBundle'],
    [{ lifecycleStatus: 'Published' }, 'lifecycleStatus'],
    [{ priceType: 'recurring' }, 'priceType'],
  ])('400 naming the parameter for %j, without a Query', async (query, field) => {
    const answer = await list(listOfferings, 'productOffering', query);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual([field]);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('a customer lists only offerings on sale, its own filters kept', async () => {
    documentMock.on(QueryCommand).resolves({ Items: [catalogItem('ProductOffering', offerings[0]!)] });
    const answer = await list(listOfferings, 'productOffering', { 'category.id': 'cat-mobile' }, customer);
    expect(ids(answer)).toEqual(['po-1']);
    const input = queryInput();
    expect(input.FilterExpression).toBe('(contains(#l0, :f0_0)) AND #resource.#f1_0 IN (:f1_0, :f1_1)');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'cat-mobile', ':f1_0': 'Active', ':f1_1': 'Launched' });
  });
});

describe('GET /productOfferingPrice (list-product-offering-prices)', () => {
  beforeEach(() => {
    documentMock.on(QueryCommand).resolves({ Items: [catalogItem('ProductOfferingPrice', priceResource('pop-1'))] });
  });

  it('filters on priceType, name and lifecycleStatus in the price partition', async () => {
    const answer = await list(listPrices, 'productOfferingPrice', { priceType: 'recurring,oneTime', name: 'Mobile M monthly', lifecycleStatus: 'Launched' });
    expectValidTmf(tmf620, 'ProductOfferingPrice', answer.body[0]);
    const input = queryInput();
    expect(input.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'priceType', '#f1_0': 'name', '#f2_0': 'lifecycleStatus' });
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':pk': 'TYPE#ProductOfferingPrice',
      ':f0_0': 'recurring',
      ':f0_1': 'oneTime',
      ':f1_0': 'Mobile M monthly',
      ':f2_0': 'Launched',
    });
  });

  it('a customer lists only prices on sale; asking for Retired ones alone answers an empty page without a Query', async () => {
    const answer = await list(listPrices, 'productOfferingPrice', { lifecycleStatus: 'Retired' }, customer);
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-total-count']).toBe('0');
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('400 on a filter prices do not have', async () => {
    const answer = await list(listPrices, 'productOfferingPrice', { isSellable: 'true' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual(['isSellable']);
  });
});

import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogListUseCase } from '../../../functions/catalog/catalog-http.js';
import { handler as listCatalogs } from '../../../functions/catalog/list-catalogs.js';
import { handler as listCategories } from '../../../functions/catalog/list-categories.js';
import { handler as listProductSpecifications } from '../../../functions/catalog/list-product-specifications.js';
import { apiHandler } from '../../../functions/lib/http/api-handler.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke, type Answer } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { catalogApi, catalogItem, catalogResource, categoryResource, productSpecificationResource } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

type Handler = typeof listCatalogs;
const list = (handler: Handler, path: string, query?: Record<string, string>, claims: Claims = agentClaims) =>
  invoke(handler, apiEvent({ method: 'GET', path: `${catalogApi}/${path}`, claims, ...(query ? { query } : {}) }));

const queryInput = () => {
  const calls = documentMock.commandCalls(QueryCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input;
};
const ids = (answer: Answer) => answer.body.map((resource: { id: string }) => resource.id);

const catalogs = [catalogResource('c-1', 'Launched'), catalogResource('c-2', 'In design'), catalogResource('c-3', 'Active')];

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: catalogs.map((catalog) => catalogItem('Catalog', catalog)) });
});

describe('GET /catalog (list-catalogs)', () => {
  it('lists every catalog of the kind with one gsi1 Query, counting them all', async () => {
    const answer = await list(listCatalogs, 'catalog');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(catalogs);
    for (const catalog of answer.body) expectValidTmf(tmf620, 'Catalog', catalog);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    const input = queryInput();
    expect(input).toMatchObject({ TableName: 'bss-test', IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'TYPE#Catalog' } });
    expect(input.FilterExpression).toBeUndefined();
  });

  it('pages with offset and limit, and keeps the true total', async () => {
    const answer = await list(listCatalogs, 'catalog', { offset: '1', limit: '1' });
    expect(ids(answer)).toEqual(['c-2']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it('fields keeps the requested attributes plus id, href and @type', async () => {
    const answer = await list(listCatalogs, 'catalog', { fields: 'lifecycleStatus' });
    expect(answer.body[0]).toEqual({ id: 'c-1', href: catalogs[0]!.href, '@type': 'Catalog', lifecycleStatus: 'Launched' });
  });

  it('filters on name, catalogType and lifecycleStatus, alternatives with commas', async () => {
    await list(listCatalogs, 'catalog', { lifecycleStatus: 'In design,Active', name: 'Consumer', catalogType: 'ProductCatalog' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 IN (:f1_0) AND #resource.#f2_0 IN (:f2_0, :f2_1)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'name', '#f1_0': 'catalogType', '#f2_0': 'lifecycleStatus' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Consumer', ':f1_0': 'ProductCatalog', ':f2_0': 'In design', ':f2_1': 'Active' });
  });

  it.each([
    [{ colour: 'blue' }, 'colour'],
    [{ lifecycleStatus: 'Draft' }, 'lifecycleStatus'],
    [{ 'category.id': 'cat-1' }, 'category.id'],
    [{ limit: '1001' }, 'limit'],
  ])('400 naming the parameter for %j, without querying', async (query, field) => {
    const answer = await list(listCatalogs, 'catalog', query);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual([field]);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('for a customer', () => {
    const customer = customerClaims('cust-1');

    it('lists only catalogs on sale', async () => {
      documentMock.on(QueryCommand).resolves({ Items: [catalogItem('Catalog', catalogs[0]!), catalogItem('Catalog', catalogs[2]!)] });
      const answer = await list(listCatalogs, 'catalog', undefined, customer);
      expect(ids(answer)).toEqual(['c-1', 'c-3']);
      const input = queryInput();
      expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1)');
      expect(input.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'lifecycleStatus' });
      expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Active', ':f0_1': 'Launched' });
    });

    it('narrows its own lifecycleStatus filter to the statuses on sale', async () => {
      await list(listCatalogs, 'catalog', { lifecycleStatus: 'Launched,Retired', name: 'Consumer' }, customer);
      const input = queryInput();
      expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 IN (:f1_0)');
      expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Consumer', ':f1_0': 'Launched' });
      expect(Object.values(input.ExpressionAttributeValues!)).not.toContain('Retired');
    });

    it('asking only for resources not on sale is an empty list, without a Query', async () => {
      const answer = await list(listCatalogs, 'catalog', { lifecycleStatus: 'In design,Retired' }, customer);
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
      expect(documentMock.calls()).toHaveLength(0);
    });
  });
});

describe('GET /category (list-categories)', () => {
  beforeEach(() => {
    documentMock.on(QueryCommand).resolves({ Items: [catalogItem('Category', categoryResource('cat-1')), catalogItem('Category', categoryResource('cat-2', 'Active', { parentId: 'cat-1' }))] });
  });

  it('lists categories from their own partition', async () => {
    const answer = await list(listCategories, 'category');
    expect(ids(answer)).toEqual(['cat-1', 'cat-2']);
    for (const category of answer.body) expectValidTmf(tmf620, 'Category', category);
    expect(queryInput().ExpressionAttributeValues).toMatchObject({ ':pk': 'TYPE#Category' });
  });

  it('filters isRoot as a boolean and parentId as text', async () => {
    await list(listCategories, 'category', { isRoot: 'false', parentId: 'cat-1' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 IN (:f1_0)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'isRoot', '#f1_0': 'parentId' });
    expect(input.ExpressionAttributeValues![':f0_0']).toBe(false);
    expect(input.ExpressionAttributeValues![':f1_0']).toBe('cat-1');
  });

  it('400 when a boolean filter is not true or false', async () => {
    const answer = await list(listCategories, 'category', { isRoot: 'yes' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual(['isRoot']);
    expect(documentMock.calls()).toHaveLength(0);
  });
});

describe('GET /productSpecification (list-product-specifications)', () => {
  beforeEach(() => {
    documentMock.on(QueryCommand).resolves({ Items: [catalogItem('ProductSpecification', productSpecificationResource('ps-1'))] });
  });

  it('filters on brand, productNumber and isBundle', async () => {
    const answer = await list(listProductSpecifications, 'productSpecification', { brand: 'Nova', productNumber: 'NOVA-X', isBundle: 'true' });
    expectValidTmf(tmf620, 'ProductSpecification', answer.body[0]);
    const input = queryInput();
    expect(input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TYPE#ProductSpecification', ':f0_0': 'Nova', ':f1_0': 'NOVA-X', ':f2_0': true });
  });

  it('customers list only specifications on sale', async () => {
    await list(listProductSpecifications, 'productSpecification', { isBundle: 'false' }, customerClaims('cust-1'));
    const input = queryInput();
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0) AND #resource.#f1_0 IN (:f1_0, :f1_1)');
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': false, ':f1_0': 'Active', ':f1_1': 'Launched' });
  });
});

describe('catalogListUseCase filter configuration', () => {
  const listOfferings = apiHandler(
    catalogListUseCase('ProductOffering', [
      { name: 'category.id', listAttribute: 'categoryIds' },
      { name: 'isBundle', valueType: 'boolean' },
    ]),
  );

  it('a listAttribute filter is a contains on the denormalized item attribute', async () => {
    await list(listOfferings, 'productOffering', { 'category.id': 'cat-1,cat-2', isBundle: 'true' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('(contains(#l0, :f0_0) OR contains(#l0, :f0_1)) AND #resource.#f1_0 IN (:f1_0)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#l0': 'categoryIds', '#f1_0': 'isBundle' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':pk': 'TYPE#ProductOffering', ':f0_0': 'cat-1', ':f0_1': 'cat-2', ':f1_0': true });
  });

  it('always offers lifecycleStatus and name, and nothing it was not given', async () => {
    await list(listOfferings, 'productOffering', { name: 'Mobile S', lifecycleStatus: 'Launched' });
    expect(queryInput().ExpressionAttributeValues).toMatchObject({ ':f0_0': 'Mobile S', ':f1_0': 'Launched' });
    const answer = await list(listOfferings, 'productOffering', { brand: 'Nova' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(answer.body.message).toBe('cannot filter on brand; filterable attributes: lifecycleStatus, name, category.id, isBundle');
  });
});

describe('TMF630 filters on every attribute (list-product-specifications)', () => {
  const specifications = 'productSpecification';

  it('id and href (the id it names) are exact matches inside the same gsi1 Query', async () => {
    await list(listProductSpecifications, specifications, { id: 'ps-1,ps-2', href: `https://api.example.com${catalogApi}/productSpecification/ps-2` });
    const input = queryInput();
    expect(input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'TYPE#ProductSpecification' }) });
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1) AND #resource.#f1_0 IN (:f1_0)');
    expect(input.ExpressionAttributeNames).toMatchObject({ '#f0_0': 'id', '#f1_0': 'id' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'ps-1', ':f0_1': 'ps-2', ':f1_0': 'ps-2' });
  });

  it('an href of another collection names nothing', async () => {
    await list(listProductSpecifications, specifications, { href: `${catalogApi}/productOffering/ps-2` });
    expect(queryInput().ExpressionAttributeValues).toMatchObject({ ':f0_0': '' });
  });

  it('lastUpdate: exact (as asked and as stored, in UTC) and .gte/.lt bounds, normalized to the stored UTC form', async () => {
    await list(listProductSpecifications, specifications, { lastUpdate: '2027-01-05T11:00:00+01:00', 'lastUpdate.gte': '2027-01-01T01:00:00+01:00', 'lastUpdate.lt': '2027-02-01' });
    const input = queryInput();
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1) AND #resource.#f1_0 >= :f1_0 AND #resource.#f2_0 < :f2_0');
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':f0_0': '2027-01-05T10:00:00.000Z',
      ':f0_1': '2027-01-05T11:00:00+01:00',
      ':f1_0': '2027-01-01T00:00:00.000Z',
      ':f2_0': '2027-02-01T00:00:00.000Z',
    });
  });

  it('booleans compare as booleans, whether the list names them or not', async () => {
    await list(listProductSpecifications, specifications, { isBundle: 'false' });
    expect(queryInput().ExpressionAttributeValues).toMatchObject({ ':f0_0': false });
  });

  it.each([
    [{ 'lastUpdate.gte': 'last week' }, 'lastUpdate.gte'],
    [{ 'name.gt': 'A' }, 'name.gt'],
    [{ 'isBundle.lt': 'true' }, 'isBundle.lt'],
    [{ relatedParty: 'x' }, 'relatedParty'],
    [{ 'relatedParty.name': 'x' }, 'relatedParty.name'],
    [{ colour: 'blue' }, 'colour'],
  ])('400 naming the filter for %j, without querying', async (query, field) => {
    const answer = await list(listProductSpecifications, specifications, query);
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
    expect(detailFields(answer)).toEqual([field]);
    expect(answer.body.message).toMatch(new RegExp(`^cannot filter on ${field.replace('.', '\\.')}|takes`));
    expect(documentMock.calls()).toHaveLength(0);
  });
});

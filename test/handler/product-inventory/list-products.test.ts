import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, type BatchGetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Product } from '../../../domain/product-inventory/product.js';
import { handler } from '../../../functions/product-inventory/list-products.js';
import { apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { chargeTermFrom, installationPrice, launchPromotion, monthlyPrice, productIn, productItem, promotedMonthlyPrice } from '../../support/product-fixtures.js';
import { expectValidTmf, tmf637 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/productInventory/v4/product';
const at = (minute: number) => `2026-01-10T09:${String(minute).padStart(2, '0')}:00.000Z`;
const products: Record<string, Product[]> = {
  'cust-1': [
    productIn('active', { id: 'prod-1a', customerId: 'cust-1', now: at(1) }),
    productIn('suspended', { id: 'prod-1b', customerId: 'cust-1', now: at(4), billingAccountId: 'ba-1b' }),
  ],
  'cust-2': [productIn('terminated', { id: 'prod-2a', customerId: 'cust-2', billingAccountId: 'ba-2', now: at(2) })],
};
const everyProduct = Object.values(products).flat().sort((a, b) => a.createdAt.localeCompare(b.createdAt));

const list = (query?: Record<string, string>, claims?: Claims) =>
  invoke(handler, apiEvent({ method: 'GET', path, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));

const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((product) => product.id);

beforeEach(() => {
  documentMock.reset();
  documentMock.on(QueryCommand).resolves({ Items: [] });
  documentMock
    .on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#Product' } })
    .resolves({ Items: everyProduct.map((product) => productItem(product)) });
  for (const [customerId, owned] of Object.entries(products)) {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'Product#' } })
      .resolves({ Items: owned.map((product) => productItem(product)) });
  }
});

describe('GET /product (list-products)', () => {
  it('staff list every product from gsi1, valid TMF637 Products with paging headers', async () => {
    const answer = await list();
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['prod-1a', 'prod-2a', 'prod-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('3');
    for (const product of answer.body) expectValidTmf(tmf637, 'Product', product);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk' })]);
  });

  it("relatedParty.id selects customers' products: one gsi2 Query per customer, merged by creation time", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-2,cust-1' });
    expect(ids(answer.body)).toEqual(['prod-1a', 'prod-2a', 'prod-1b']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(queries()).toHaveLength(2);
    for (const input of queries()) expect(input).toMatchObject({ IndexName: 'gsi2', KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)' });
  });

  it('pages across the merged products of several customers', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1,cust-2', offset: '1', limit: '1' });
    expect(ids(answer.body)).toEqual(['prod-2a']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
  });

  it.each([
    ['status', 'active,suspended', ['status'], ['active', 'suspended']],
    ['billingAccount.id', 'ba-1b', ['billingAccount', 'id'], ['ba-1b']],
    ['productOffering.id', 'po-fibre', ['productOffering', 'id'], ['po-fibre']],
  ])('passes the %s filter to the Query as a filter on the resource', async (name, value, segments, values) => {
    await list({ [name]: value });
    const [input] = queries();
    const path = ['#resource', ...segments.map((_, index) => `#f0_${index}`)].join('.');
    expect(input!.FilterExpression).toBe(`${path} IN (${values.map((_, index) => `:f0_${index}`).join(', ')})`);
    expect(input!.ExpressionAttributeNames).toMatchObject(Object.fromEntries(segments.map((segment, index) => [`#f0_${index}`, segment])));
    expect(input!.ExpressionAttributeValues).toMatchObject(Object.fromEntries(values.map((v, index) => [`:f0_${index}`, v])));
  });

  it('combines the owner with other filters and returns only the requested fields', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1', status: 'suspended', fields: 'status' });
    const [input] = queries();
    expect(input).toMatchObject({ IndexName: 'gsi2', FilterExpression: '#resource.#f0_0 IN (:f0_0)' });
    expect(Object.keys(answer.body[0]).sort()).toEqual(['@type', 'href', 'id', 'status']);
  });

  it('400 naming an unknown filter, without querying', async () => {
    const answer = await list({ 'productPrice.name': 'Installation' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf637);
    expect(detailFields(answer)).toEqual(['productPrice.name']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  describe('with a customer token', () => {
    it('is narrowed to its own products without any filter', async () => {
      const answer = await list(undefined, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['prod-1a', 'prod-1b']);
      expect(queries()).toEqual([
        expect.objectContaining({ IndexName: 'gsi2', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1' }) }),
      ]);
    });

    it("gets nothing, and queries nothing, when filtering on another customer's id", async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2' }, customerClaims('cust-1'));
      expect(answer.body).toEqual([]);
      expect(answer.headers['x-total-count']).toBe('0');
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('keeps only its own id from a list of customers', async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2,cust-1' }, customerClaims('cust-1'));
      expect(ids(answer.body)).toEqual(['prod-1a', 'prod-1b']);
      expect(queries()).toHaveLength(1);
    });
  });
});

describe('GET /product: the dates of the page’s promotions', () => {
  const sold = '2027-01-16T09:00:00.000Z';
  const term = [chargeTermFrom(sold)];
  const promoted = (id: string, billingAccountId: string, minute: number) =>
    productIn('active', { id, customerId: 'cust-3', billingAccountId, now: at(minute), productPrice: [promotedMonthlyPrice, installationPrice] });
  const page = [
    promoted('prod-paris-1', 'ba-paris', 1),
    promoted('prod-paris-2', 'ba-paris', 2),
    promoted('prod-kolkata', 'ba-kolkata', 3),
    productIn('active', { id: 'prod-plain', customerId: 'cust-3', billingAccountId: 'ba-plain', now: at(4), productPrice: [monthlyPrice, installationPrice] }),
  ];
  const zones: Record<string, string> = { 'BILLING_ACCOUNT#ba-paris': 'Europe/Paris', 'BILLING_ACCOUNT#ba-kolkata': 'Asia/Kolkata', 'BILLING_ACCOUNT#ba-plain': 'UTC' };
  const scheduleKeys = () =>
    documentMock.commandCalls(BatchGetCommand).map((call) => (call.args[0].input.RequestItems!['bss-test']!.Keys ?? []).map((key) => String(key.pk)).sort());
  const endsOf = (body: Product[]) =>
    Object.fromEntries(body.map((product) => [product.id, product.productPrice?.flatMap((price) => (price.productPriceAlteration ?? []).flatMap((alteration) => alteration.validFor ?? []))]));

  beforeEach(() => {
    documentMock
      .on(QueryCommand, { IndexName: 'gsi2', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-3', ':prefix': 'Product#' } })
      .resolves({ Items: page.map((product) => productItem(product, 1, term)) });
    documentMock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: { 'bss-test': (input.RequestItems!['bss-test']!.Keys ?? []).map((key) => ({ billingAccountId: String(key.pk).slice('BILLING_ACCOUNT#'.length), timeZone: zones[String(key.pk)] })) },
    }));
  });

  it('dates each product’s promotions in its own account’s zone, reading each account with a promotion once, in one BatchGetItem', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-3' }, customerClaims('cust-3'));
    expect(answer.statusCode).toBe(200);
    expect(endsOf(answer.body)).toEqual({
      'prod-paris-1': [{ startDateTime: sold, endDateTime: '2027-04-16T08:00:00.000Z' }],
      'prod-paris-2': [{ startDateTime: sold, endDateTime: '2027-04-16T08:00:00.000Z' }],
      'prod-kolkata': [{ startDateTime: sold, endDateTime: '2027-04-16T09:00:00.000Z' }],
      'prod-plain': [],
    });
    expect(answer.body[0].productPrice[0].productPriceAlteration).toEqual([{ ...launchPromotion, validFor: { startDateTime: sold, endDateTime: '2027-04-16T08:00:00.000Z' } }]);
    for (const product of answer.body) expectValidTmf(tmf637, 'Product', product);
    // ba-plain has no promotion to date: not read.
    expect(scheduleKeys()).toEqual([['BILLING_ACCOUNT#ba-kolkata', 'BILLING_ACCOUNT#ba-paris']]);
    expect(documentMock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['bss-test']).toMatchObject({ ConsistentRead: true, ProjectionExpression: '#account, #timeZone' });
  });

  it('reads only the accounts of the page', async () => {
    const answer = await list({ 'relatedParty.id': 'cust-3', offset: '2', limit: '1' });
    expect(ids(answer.body)).toEqual(['prod-kolkata']);
    expect(scheduleKeys()).toEqual([['BILLING_ACCOUNT#ba-kolkata']]);
  });

  it('fields with productPrice keep the dates; fields without it read no schedule', async () => {
    const prices = await list({ 'relatedParty.id': 'cust-3', fields: 'productPrice' });
    expect(endsOf(prices.body)['prod-kolkata']).toEqual([{ startDateTime: sold, endDateTime: '2027-04-16T09:00:00.000Z' }]);
    expect(scheduleKeys()).toHaveLength(1);
    documentMock.resetHistory();
    const statuses = await list({ 'relatedParty.id': 'cust-3', fields: 'status' });
    expect(statuses.body.map((product: object) => Object.keys(product).sort())).toEqual(page.map(() => ['@type', 'href', 'id', 'status']));
    expect(documentMock.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('a page without promotions reads nothing more than its Query', async () => {
    await list({ 'relatedParty.id': 'cust-1' });
    expect(documentMock.calls()).toHaveLength(1);
  });
});

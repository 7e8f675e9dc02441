import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { guideUsage, newUsage, readUsageRecord, type GuidableProduct, type Usage } from '../../../domain/usage/usage.js';
import { usageItem } from '../../../functions/lib/store/usage-store.js';
import { handler } from '../../../functions/usage/list-usage.js';
import { apiEvent, customerClaims, mediationClaims, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf635 } from '../../support/tmf-schema.js';
import { FakeUsageTable, mobileTerms, now, usageBody, usagePath } from './usage-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const guidable = (id: string, customerId: string): GuidableProduct => ({ id, name: id, customerId, billingAccountId: `ba-of-${customerId}`, terms: mobileTerms });
const usagePricesOf = () => [{ id: 'data-overage', name: 'Data overage', priceType: 'usage' as const, unitOfMeasure: { amount: 1, units: 'GB' } }];

/** A record of `product` on 2026-03-<day>, stored as the usage store stores it. */
function record(id: string, product: GuidableProduct | undefined, day: number, unit = 'GB'): { usage: Usage; item: Record<string, unknown> } {
  const read = readUsageRecord(usageBody({ recordId: id, unit }, { usageDate: `2026-03-${String(day).padStart(2, '0')}T10:00:00Z` }));
  const usage = newUsage(read, guideUsage(read, { product, now, usagePricesOf }), { id, now });
  const item = usageItem({ usage, productId: product?.id, customerId: product?.customerId, billingAccountId: product?.billingAccountId, quantity: read.quantity, unit: read.unit, recordId: read.recordId });
  return { usage, item };
}

const prodA = guidable('prod-a', 'cust-1');
const prodB = guidable('prod-b', 'cust-1');
const prodC = guidable('prod-c', 'cust-2');
const records = {
  a1: record('u-a1', prodA, 2),
  a2: record('u-a2', prodA, 9),
  b1: record('u-b1', prodB, 5),
  c1: record('u-c1', prodC, 3),
  rejected: record('u-rejected', undefined, 4),
};

const list = (query?: Record<string, string>, claims?: Claims) => invoke(handler, apiEvent({ method: 'GET', path: usagePath, ...(query ? { query } : {}), ...(claims ? { claims } : {}) }));
const queries = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
const ids = (body: { id: string }[]) => body.map((usage) => usage.id);
const partitionAnswer = (index: string, partition: string, items: { item: Record<string, unknown> }[]) =>
  documentMock.on(QueryCommand, { IndexName: index, ExpressionAttributeValues: { ':pk': partition } }).resolves({ Items: items.map((each) => each.item) });

beforeEach(() => {
  documentMock.reset();
  new FakeUsageTable().install(documentMock).product('prod-a', { customerId: 'cust-1' }).product('prod-c', { customerId: 'cust-2' }).billingAccount('ba-of-cust-1', 'cust-1').billingAccount('ba-of-cust-2', 'cust-2');
  documentMock.on(QueryCommand).resolves({ Items: [] });
  partitionAnswer('gsi1', 'PRODUCT_USAGE#prod-a', [records.a1, records.a2]);
  partitionAnswer('gsi1', 'PRODUCT_USAGE#prod-b', [records.b1]);
  partitionAnswer('gsi1', 'PRODUCT_USAGE#prod-c', [records.c1]);
  partitionAnswer('gsi2', 'CUSTOMER#cust-1', [records.a1, records.b1, records.a2]);
  partitionAnswer('gsi2', 'CUSTOMER#cust-2', [records.c1]);
  partitionAnswer('gsi3', 'REJECTED_USAGE', [records.rejected]);
});

describe('GET /usage (list-usage)', () => {
  it("product.id lists a product's records from its gsi1 partition, valid TMF635 Usage with paging headers", async () => {
    const answer = await list({ 'product.id': 'prod-a' });
    expect(answer.statusCode).toBe(200);
    expect(ids(answer.body)).toEqual(['u-a1', 'u-a2']);
    expect(answer.headers['x-total-count']).toBe('2');
    expect(answer.headers['x-result-count']).toBe('2');
    for (const usage of answer.body) expectValidTmf(tmf635, 'Usage', usage);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': 'PRODUCT_USAGE#prod-a' } })]);
  });

  it('several products are one Query each, merged by usage date and paged together', async () => {
    const answer = await list({ 'product.id': 'prod-a,prod-b', offset: '1', limit: '1' });
    expect(ids(answer.body)).toEqual(['u-b1']);
    expect(answer.headers['x-total-count']).toBe('3');
    expect(answer.headers['x-result-count']).toBe('1');
    expect(queries()).toHaveLength(2);
  });

  it("relatedParty.id lists a customer's records from gsi2", async () => {
    const answer = await list({ 'relatedParty.id': 'cust-1' });
    expect(ids(answer.body)).toEqual(['u-a1', 'u-b1', 'u-a2']);
    expect(queries()).toEqual([
      expect.objectContaining({ IndexName: 'gsi2', KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)', ExpressionAttributeValues: { ':pk': 'CUSTOMER#cust-1', ':prefix': 'Usage#' } }),
    ]);
  });

  it("billingAccount.id reads the account's owner's gsi2 partition, narrowed to records of the account", async () => {
    const answer = await list({ 'billingAccount.id': 'ba-of-cust-1' });
    expect(answer.statusCode).toBe(200);
    const [input] = queries();
    expect(input).toMatchObject({
      IndexName: 'gsi2',
      FilterExpression: '(contains(#l0, :f0_0))',
      ExpressionAttributeNames: expect.objectContaining({ '#l0': 'billingAccountIds' }),
      ExpressionAttributeValues: expect.objectContaining({ ':pk': 'CUSTOMER#cust-1', ':f0_0': 'ba-of-cust-1' }),
    });
  });

  it('an unknown account gives an empty list without querying', async () => {
    const answer = await list({ 'billingAccount.id': 'ba-404' });
    expect(answer.body).toEqual([]);
    expect(answer.headers['x-total-count']).toBe('0');
    expect(queries()).toHaveLength(0);
  });

  it.each([
    [{ 'product.id': 'prod-a' }, 'gsi1', ''],
    [{ 'relatedParty.id': 'cust-1' }, 'gsi2', 'Usage#'],
  ])('usageDate.gte and usageDate.lt bound the date part of the sort key (%o)', async (owner, index, prefix) => {
    await list({ ...owner, 'usageDate.gte': '2026-03-01T01:00:00+01:00', 'usageDate.lt': '2026-04-01T00:00:00Z' });
    expect(queries()).toEqual([
      expect.objectContaining({
        IndexName: index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeValues: expect.objectContaining({ ':from': `${prefix}2026-03-01T00:00:00.000Z`, ':to': `${prefix}2026-04-01T00:00:00.000Z` }),
      }),
    ]);
  });

  it('status and usageType filter on the resource', async () => {
    await list({ 'relatedParty.id': 'cust-1', status: 'rated,billed', usageType: 'data' });
    const [input] = queries();
    expect(input!.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0, :f0_1) AND #resource.#f1_0 IN (:f1_0)');
    expect(input!.ExpressionAttributeValues).toMatchObject({ ':f0_0': 'rated', ':f0_1': 'billed', ':f1_0': 'data' });
  });

  it('status=rejected alone reads the rejected queue (gsi3) for staff', async () => {
    const answer = await list({ status: 'rejected' });
    expect(ids(answer.body)).toEqual(['u-rejected']);
    expectValidTmf(tmf635, 'Usage', answer.body[0]);
    expect(queries()).toEqual([expect.objectContaining({ IndexName: 'gsi3', ExpressionAttributeValues: expect.objectContaining({ ':pk': 'REJECTED_USAGE' }) })]);
  });

  it('a list that names nobody is a 400 naming what to give, never a scan', async () => {
    const namingNobody: (Record<string, string> | undefined)[] = [undefined, { status: 'rated' }, { status: 'rejected,rated' }, { usageType: 'data' }, { 'usageDate.gte': '2026-03-01T00:00:00Z' }];
    for (const query of namingNobody) {
      const answer = await list(query);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
      expect(detailFields(answer)).toEqual(['product.id', 'relatedParty.id', 'billingAccount.id']);
    }
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('a date window on the rejected queue is a 400: it is ordered by arrival', async () => {
    const answer = await list({ status: 'rejected', 'usageDate.lt': '2026-03-01T00:00:00Z' });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
    expect(detailFields(answer)).toEqual(['usageDate.lt']);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it.each([
    [{ 'usageDate.gte': 'last week' }, 'usageDate.gte'],
    [{ 'usageDate.lt': '2026-03-01T00:00:00Z,2026-04-01T00:00:00Z' }, 'usageDate.lt'],
    [{ 'productOffering.id': 'po-mobile' }, 'productOffering.id'],
  ])('400 naming a bad or unknown filter %o', async (query, field) => {
    const answer = await list({ 'product.id': 'prod-a', ...query });
    expectTmfError(answer, 400, 'INVALID_REQUEST', tmf635);
    expect(detailFields(answer)).toEqual([field]);
  });

  it('mediation feeds list like staff', async () => {
    expect(ids((await list({ 'product.id': 'prod-c' }, mediationClaims)).body)).toEqual(['u-c1']);
    expectTmfError(await list(undefined, mediationClaims), 400, 'INVALID_REQUEST', tmf635);
  });

  describe('with a customer token', () => {
    const me = customerClaims('cust-1');

    it('is narrowed to its own records without any filter, and its own rejected ones with status=rejected', async () => {
      expect(ids((await list(undefined, me)).body)).toEqual(['u-a1', 'u-b1', 'u-a2']);
      await list({ status: 'rejected' }, me);
      expect(queries().map((input) => [input.IndexName, input.ExpressionAttributeValues![':pk']])).toEqual([
        ['gsi2', 'CUSTOMER#cust-1'],
        ['gsi2', 'CUSTOMER#cust-1'],
      ]);
    });

    it("gets nothing, and queries nothing, for another customer's id", async () => {
      const answer = await list({ 'relatedParty.id': 'cust-2' }, me);
      expect(answer.body).toEqual([]);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it("lists its own product's records, and nothing of another's or an unknown product, checked by the product's owner", async () => {
      expect(ids((await list({ 'product.id': 'prod-a' }, me)).body)).toEqual(['u-a1', 'u-a2']);
      const foreign = await list({ 'product.id': 'prod-c,prod-404' }, me);
      expect(foreign.body).toEqual([]);
      expect(foreign.headers['x-total-count']).toBe('0');
      expect(queries().map((input) => input.ExpressionAttributeValues![':pk'])).toEqual(['PRODUCT_USAGE#prod-a']);
    });

    it("lists its own account's records, and nothing of another's account", async () => {
      await list({ 'billingAccount.id': 'ba-of-cust-1' }, me);
      const foreign = await list({ 'billingAccount.id': 'ba-of-cust-2' }, me);
      expect(foreign.body).toEqual([]);
      expect(queries().map((input) => input.ExpressionAttributeValues![':pk'])).toEqual(['CUSTOMER#cust-1']);
    });
  });
});

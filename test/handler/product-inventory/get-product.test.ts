import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/product-inventory/get-product.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { chargeTermFrom, installationPrice, launchPromotion, productIn, productItem, promotedMonthlyPrice } from '../../support/product-fixtures.js';
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

describe('GET /product/{id}: the dates of its promotions', () => {
  // Sold 16 Jan 2027 10:00 Paris with a 3-month promotion: it ends 16 Apr 10:00 Paris (summer time), 08:00Z.
  const promoted = productIn('active', { id: 'prod-p', customerId: 'cust-1', billingAccountId: 'ba-paris', productPrice: [promotedMonthlyPrice, installationPrice] });
  const validFor = { startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: '2027-04-16T08:00:00.000Z' };
  const scheduleReads = () => documentMock.commandCalls(BatchGetCommand).map((call) => call.args[0].input);

  beforeEach(() => {
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-p', sk: 'PRODUCT' } }).resolves({ Item: productItem(promoted, 2, [chargeTermFrom('2027-01-16T09:00:00.000Z')]) });
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [{ billingAccountId: 'ba-paris', timeZone: 'Europe/Paris' }] } });
  });

  it('each promotion carries validFor, from the term’s start to where billing stops applying it, in the zone the account is billed in', async () => {
    const answer = await get('prod-p', customerClaims('cust-1'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.productPrice[0].productPriceAlteration).toEqual([{ ...launchPromotion, validFor }]);
    // The permanent discount of the installation has no end: no validFor.
    expect(answer.body.productPrice[1]).toEqual(installationPrice);
    expect(answer.body).toEqual({ ...promoted, productPrice: [{ ...promotedMonthlyPrice, productPriceAlteration: [{ ...launchPromotion, validFor }] }, installationPrice] });
    expectValidTmf(tmf637, 'Product', answer.body);
    expect(answer.headers.etag).toBe('W/"2"');
  });

  it('reads the account’s zone from its billing schedule: one consistent BatchGetItem of the zone alone, after the product', async () => {
    await get('prod-p');
    expect(documentMock.calls()).toHaveLength(2);
    expect(scheduleReads()).toEqual([
      {
        RequestItems: {
          'bss-test': {
            Keys: [{ pk: 'BILLING_ACCOUNT#ba-paris', sk: 'BILL_SCHEDULE' }],
            ProjectionExpression: '#account, #timeZone',
            ExpressionAttributeNames: { '#account': 'billingAccountId', '#timeZone': 'timeZone' },
            ConsistentRead: true,
          },
        },
      },
    ]);
  });

  it('the zone is the account’s: billed in Kolkata (no summer time), the same sale ends an hour later in UTC', async () => {
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [{ billingAccountId: 'ba-paris', timeZone: 'Asia/Kolkata' }] } });
    // 16 Jan 14:30 Kolkata + 3 months = 16 Apr 14:30 there, 09:00Z; the start stays the instant of the sale.
    expect((await get('prod-p')).body.productPrice[0].productPriceAlteration[0].validFor).toEqual({ startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: '2027-04-16T09:00:00.000Z' });
  });

  it('fields naming productPrice keep the dates; fields without it skip the schedule read', async () => {
    const prices = await get('prod-p', undefined, { fields: 'productPrice' });
    expect(prices.body.productPrice[0].productPriceAlteration[0].validFor).toEqual(validFor);
    const nested = await get('prod-p', undefined, { fields: 'status,productPrice.productPriceAlteration' });
    expect(nested.body.productPrice[0].productPriceAlteration[0].validFor).toEqual(validFor);
    expect(scheduleReads()).toHaveLength(2);
    documentMock.resetHistory();
    const status = await get('prod-p', undefined, { fields: 'status,billingAccount' });
    expect(status.body).toEqual({ id: 'prod-p', href: promoted.href, '@type': 'Product', status: 'active', billingAccount: promoted.billingAccount });
    expect(documentMock.calls()).toHaveLength(1);
  });

  it('a terminated product’s promotion ends with it when it ended first', async () => {
    const term = chargeTermFrom('2027-01-16T09:00:00.000Z', { to: '2027-02-20T11:30:00.000Z', endedBy: 'termination' });
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-p', sk: 'PRODUCT' } }).resolves({ Item: productItem(promoted, 4, [term]) });
    expect((await get('prod-p')).body.productPrice[0].productPriceAlteration[0].validFor).toEqual({ startDateTime: validFor.startDateTime, endDateTime: '2027-02-20T11:30:00.000Z' });
  });

  it('served as stored when nothing dates it: no terms (sold before billing), or an account never billed (no schedule)', async () => {
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-p', sk: 'PRODUCT' } }).resolves({ Item: productItem(promoted, 2, []) });
    expect((await get('prod-p')).body).toEqual(promoted);
    expect(scheduleReads()).toHaveLength(0);
    documentMock.on(GetCommand, { Key: { pk: 'PRODUCT#prod-p', sk: 'PRODUCT' } }).resolves({ Item: productItem(promoted, 2, [chargeTermFrom('2027-01-16T09:00:00.000Z')]) });
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [] } });
    expect((await get('prod-p')).body).toEqual(promoted);
  });

  it("another customer's product answers 404 without reading the schedule", async () => {
    expectTmfError(await get('prod-p', customerClaims('cust-2')), 404, 'NOT_FOUND', tmf637);
    expect(scheduleReads()).toHaveLength(0);
  });
});

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductOfferingPriceCreated } from '../../../domain/events/catalog-events.js';
import { handler } from '../../../functions/catalog/create-product-offering-price.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { catalogApi } from './catalog-table.js';
import { transactItems } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = `${catalogApi}/productOfferingPrice`;
const now = '2026-03-01T09:00:00.000Z';

const overage = {
  name: 'Mobile M data overage',
  priceType: 'usage',
  unitOfMeasure: { amount: 1, units: 'GB' },
  chargeModel: 'graduated',
  includedQuantity: 20,
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: { unit: 'EUR', value: 2 } },
    { fromQuantity: 10, price: { unit: 'EUR', value: 1 } },
  ],
  tax: [{ taxCategory: 'telecommunications' }],
  taxIncluded: true,
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
};

const post = (body: unknown = overage, input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body, headers: { 'x-correlation-id': 'corr-pop' }, ...input }));

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /productOfferingPrice (create-product-offering-price)', () => {
  it('201: stores the price In design with ProductOfferingPriceCreated in the same transaction', async () => {
    const answer = await post();

    expect(answer.statusCode).toBe(201);
    const price = answer.body;
    expect(price).toEqual({
      ...overage,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${price.id}`,
      lifecycleStatus: 'In design',
      isBundle: false,
      lastUpdate: now,
      createdAt: now,
      '@type': 'ProductOfferingPrice',
    });
    expect(answer.headers.location).toBe(price.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf620, 'ProductOfferingPrice', price);

    const [put, outbox, ...rest] = transactItems(documentMock);
    expect(rest).toEqual([]);
    expect(put!.Put).toMatchObject({
      TableName: 'bss-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `PRODUCT_OFFERING_PRICE#${price.id}`,
        sk: 'PRODUCT_OFFERING_PRICE',
        gsi1pk: 'TYPE#ProductOfferingPrice',
        gsi1sk: `${now}#${price.id}`,
        entityType: 'ProductOfferingPrice',
        version: 1,
        resource: price,
      },
    });
    expect(outbox!.Put!.Item).toMatchObject({ entityType: 'OutboxEvent', source: 'bss.catalog', detailType: 'ProductOfferingPriceCreated' });
    const detail = ProductOfferingPriceCreated.parseDetail(JSON.parse(outbox!.Put!.Item!.detail as string));
    expect(detail.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-pop', schemaVersion: '1.0' });
    expect(detail.data.productOfferingPrice).toEqual({
      id: price.id,
      href: price.href,
      name: 'Mobile M data overage',
      lifecycleStatus: 'In design',
      priceType: 'usage',
      unitOfMeasure: { amount: 1, units: 'GB' },
      chargeModel: 'graduated',
      validFor: { startDateTime: '2026-01-01T00:00:00Z' },
    });
  });

  it('201 for a recurring price created straight on sale', async () => {
    const answer = await post({
      name: 'Mobile M monthly',
      priceType: 'recurring',
      price: { unit: 'GBP', value: 17.5 },
      recurringChargePeriodType: 'month',
      recurringChargePeriodLength: 1,
      lifecycleStatus: 'Launched',
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.body.lifecycleStatus).toBe('Launched');
    expectValidTmf(tmf620, 'ProductOfferingPrice', answer.body);
  });

  const cardFee = {
    name: 'Card fee',
    priceType: 'usage',
    chargeModel: 'percentage',
    unitOfMeasure: { amount: 1, units: 'EUR' },
    percentage: 2.9,
    fixedFeePerEvent: { unit: 'EUR', value: 0.3 },
    minimumPerEvent: { unit: 'EUR', value: 0.1 },
    maximumPerEvent: { unit: 'EUR', value: 10 },
    freeEventsPerPeriod: 5,
  };

  it('201 for a transaction price: 2.9 % + 0.30 per transaction, 0.10 to 10.00, the first 5 free', async () => {
    const answer = await post(cardFee);
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ fixedFeePerEvent: { unit: 'EUR', value: 0.3 }, freeEventsPerPeriod: 5 });
    expectValidTmf(tmf620, 'ProductOfferingPrice', answer.body);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => {
      expect(documentMock.commandCalls(TransactWriteCommand), 'TransactWriteItems').toHaveLength(0);
    });

    const tier = (fromQuantity: number, toQuantity: number | undefined, value = 1) => ({
      fromQuantity,
      ...(toQuantity === undefined ? {} : { toQuantity }),
      price: { unit: 'EUR', value },
    });

    it.each([
      ['a negative amount', { price: { unit: 'EUR', value: -5 }, priceType: 'oneTime', chargeModel: undefined, priceTier: undefined, unitOfMeasure: undefined, includedQuantity: undefined }, ['price.value']],
      ['a currency the catalog does not sell in', { priceTier: [tier(0, 10), tier(10, undefined)].map((t) => ({ ...t, price: { unit: 'JPY', value: 100 } })) }, ['priceTier[0].price.unit']],
      ['overlapping tiers', { priceTier: [tier(0, 10), tier(8, undefined)] }, ['priceTier[1].fromQuantity']],
      ['a gap between tiers', { priceTier: [tier(0, 10), tier(12, undefined)] }, ['priceTier[1].fromQuantity']],
      ['an unbounded tier that is not the last', { priceTier: [tier(0, undefined), tier(10, undefined)] }, ['priceTier[0].toQuantity']],
      ['an unknown unit of measure', { unitOfMeasure: { amount: 1, units: 'parsec' } }, ['unitOfMeasure.units']],
      ['more decimals than the currency has', { priceTier: [tier(0, 10), { fromQuantity: 10, flatFee: { unit: 'EUR', value: 1.005 }, price: { unit: 'EUR', value: 1 } }] }, ['priceTier[1].flatFee.value']],
    ])('400 on %s, naming the field', async (_label, change, fields) => {
      const answer = await post(JSON.parse(JSON.stringify({ ...overage, ...change })));
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(fields);
    });

    it.each([
      ['a negative fee per event', { fixedFeePerEvent: { unit: 'EUR', value: -0.3 } }, ['fixedFeePerEvent.value']],
      ['a minimum per event above the maximum', { minimumPerEvent: { unit: 'EUR', value: 12 } }, ['maximumPerEvent.value']],
      ['a percentage above 100', { percentage: 120 }, ['percentage']],
      ['an allowance next to free events', { includedQuantity: 100 }, ['includedQuantity']],
    ])('400 on a transaction price with %s, naming the field', async (_label, change, fields) => {
      const answer = await post({ ...cardFee, ...change });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(fields);
    });

    it('400 on a recurring price without its period', async () => {
      const answer = await post({ name: 'Monthly', priceType: 'recurring', price: { unit: 'EUR', value: 10 } });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['recurringChargePeriodType']);
    });

    it('400 on a new price that starts Retired, and on read-only attributes', async () => {
      const answer = await post({ ...overage, lifecycleStatus: 'Retired', id: 'mine' });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(expect.arrayContaining(['lifecycleStatus', 'id']));
    });

    it.each([
      ['an agent', agentClaims],
      ['a customer', customerClaims('cust-1')],
    ])('403 for %s: only admins change the catalog', async (_label, claims) => {
      expectTmfError(await post(overage, { claims }), 403, 'FORBIDDEN', tmf620);
    });
  });
});

describe('POST /productOfferingPrice with Idempotency-Key', () => {
  beforeEach(() => {
    new FakeIdempotencyTable().install(dynamoMock);
  });

  it('replays the first answer for a retry without writing again', async () => {
    const send = () =>
      invoke(handler, apiEvent({ method: 'POST', path, body: overage, headers: { 'Idempotency-Key': 'pop-key-1' }, claims: adminClaims }), lambdaContext('create-product-offering-price'));
    const first = await send();
    const replay = await send();
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(dynamoMock.commandCalls(PutItemCommand)[0]!.args[0].input.Item!.pk).toEqual({ S: 'IDEMPOTENCY#create-product-offering-price' });
  });
});

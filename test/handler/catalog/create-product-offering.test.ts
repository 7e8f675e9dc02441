import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductOfferingCreated } from '../../../domain/events/catalog-events.js';
import { handler } from '../../../functions/catalog/create-product-offering.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { adminClaims, agentClaims, apiEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, categoryResource, FakeCatalogTable, productSpecificationResource } from './catalog-table.js';
import { offeringResource, priceResource, transactItems } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = `${catalogApi}/productOffering`;
const now = '2026-03-01T09:00:00.000Z';

const plan = {
  name: 'Mobile M',
  description: '20 GB of 5G data a month',
  productSpecification: { id: 'spec-1', name: 'Mobile plan' },
  category: [{ id: 'cat-mobile', name: 'Mobile' }],
  productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-activation' }],
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
};

const bundle = {
  name: 'Home + Mobile',
  isBundle: true,
  category: [{ id: 'cat-bundles' }],
  bundledProductOffering: [
    { id: 'po-broadband', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1, numberRelOfferDefault: 1 } },
    { id: 'po-mobile', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } },
  ],
  productOfferingPrice: [{ id: 'pop-discount' }],
};

const post = (body: unknown = plan, input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body, ...input, headers: { 'x-correlation-id': 'corr-po', ...input.headers } }));

let table: FakeCatalogTable;
beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  table = new FakeCatalogTable()
    .install(documentMock)
    .put('ProductSpecification', productSpecificationResource('spec-1', 'Launched'))
    .put('Category', categoryResource('cat-mobile', 'Launched'))
    .put('Category', categoryResource('cat-bundles', 'Launched'))
    .put('ProductOfferingPrice', priceResource('pop-monthly', 'Launched', { name: 'Mobile M monthly' }))
    .put('ProductOfferingPrice', priceResource('pop-activation', 'In design', { name: 'Activation', priceType: 'oneTime', recurringChargePeriodType: undefined, recurringChargePeriodLength: undefined }))
    .put('ProductOfferingPrice', priceResource('pop-discount', 'Launched', { name: 'Bundle discount', priceType: 'discount', percentage: 10, price: undefined, recurringChargePeriodType: undefined, recurringChargePeriodLength: undefined }))
    .put('ProductOffering', offeringResource('po-broadband', 'Launched'))
    .put('ProductOffering', offeringResource('po-mobile', 'Launched'));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /productOffering (create-product-offering)', () => {
  it('201: reads its references (one BatchGetItem per kind), stores it with categoryIds and ProductOfferingCreated in one transaction', async () => {
    const answer = await post();

    expect(answer.statusCode).toBe(201);
    const offering = answer.body;
    expect(offering).toEqual({
      ...plan,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${offering.id}`,
      lifecycleStatus: 'In design',
      isBundle: false,
      isSellable: true,
      lastUpdate: now,
      createdAt: now,
      '@type': 'ProductOffering',
    });
    expect(answer.headers.location).toBe(offering.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf620, 'ProductOffering', offering);

    expect(batchGetKeys(documentMock).sort()).toEqual([
      ['CATEGORY#cat-mobile'],
      ['PRODUCT_OFFERING_PRICE#pop-monthly', 'PRODUCT_OFFERING_PRICE#pop-activation'],
      ['PRODUCT_SPECIFICATION#spec-1'],
    ]);
    const [put, outbox, ...rest] = transactItems(documentMock);
    expect(rest).toEqual([]);
    expect(put!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `PRODUCT_OFFERING#${offering.id}`,
        sk: 'PRODUCT_OFFERING',
        gsi1pk: 'TYPE#ProductOffering',
        gsi1sk: `${now}#${offering.id}`,
        entityType: 'ProductOffering',
        version: 1,
        resource: offering,
        categoryIds: ['cat-mobile'],
      },
    });
    expect(outbox!.Put!.Item).toMatchObject({ source: 'bss.catalog', detailType: 'ProductOfferingCreated' });
    const detail = ProductOfferingCreated.parseDetail(JSON.parse(outbox!.Put!.Item!.detail as string));
    expect(detail.metadata).toMatchObject({ occurredAt: now, correlationId: 'corr-po', schemaVersion: '1.0' });
    expect(detail.data.productOffering).toEqual({
      id: offering.id,
      href: offering.href,
      name: 'Mobile M',
      lifecycleStatus: 'In design',
      isBundle: false,
      isSellable: true,
      productSpecificationId: 'spec-1',
      bundledProductOfferingIds: [],
      productOfferingPriceIds: ['pop-monthly', 'pop-activation'],
      categoryIds: ['cat-mobile'],
      validFor: { startDateTime: '2026-01-01T00:00:00Z' },
    });
  });

  it('201: a bundle created on sale, its components on sale, carrying only a discount', async () => {
    const answer = await post({ ...bundle, lifecycleStatus: 'Launched' });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ isBundle: true, lifecycleStatus: 'Launched' });
    expectValidTmf(tmf620, 'ProductOffering', answer.body);
    expect(batchGetKeys(documentMock)).toContainEqual(['PRODUCT_OFFERING#po-broadband', 'PRODUCT_OFFERING#po-mobile']);
    expect(transactItems(documentMock)[0]!.Put!.Item!.categoryIds).toEqual(['cat-bundles']);
  });

  it('201 with an empty categoryIds list when the offering has no category, so the filter never matches it', async () => {
    const { category: _none, ...uncategorized } = plan;
    expect((await post(uncategorized)).statusCode).toBe(201);
    expect(transactItems(documentMock)[0]!.Put!.Item!.categoryIds).toEqual([]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => {
      expect(documentMock.commandCalls(TransactWriteCommand), 'TransactWriteItems').toHaveLength(0);
    });

    it('400 productSpecification.id when the specification does not exist', async () => {
      const answer = await post({ ...plan, productSpecification: { id: 'spec-missing' } });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'productSpecification.id', problem: 'productSpecification spec-missing does not exist' }]);
    });

    it('400 productSpecification when an offering that is not a bundle has none, before reading anything', async () => {
      const { productSpecification: _none, ...withoutSpec } = plan;
      const answer = await post(withoutSpec);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['productSpecification']);
      expect(batchGetKeys(documentMock)).toEqual([]);
    });

    it('400 naming every unknown category and price at once', async () => {
      const answer = await post({ ...plan, category: [{ id: 'cat-gone' }], productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-gone' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['category[0].id', 'productOfferingPrice[1].id']);
    });

    it('400 when a price is in a currency the catalog does not sell in', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-yen', 'Launched', { price: { unit: 'JPY', value: 2000 } }));
      const answer = await post({ ...plan, productOfferingPrice: [{ id: 'pop-yen' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['productOfferingPrice[0].id']);
      expect(answer.body.details[0].problem).toContain('JPY');
    });

    it('400 when a bundle component is Retired', async () => {
      table.put('ProductOffering', offeringResource('po-mobile', 'Retired'));
      const answer = await post(bundle);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['bundledProductOffering[1].id']);
    });

    it('400 on component options that break lower ≤ default ≤ upper', async () => {
      const answer = await post({
        ...bundle,
        bundledProductOffering: [{ id: 'po-mobile', bundledProductOfferingOption: { numberRelOfferLowerLimit: 2, numberRelOfferUpperLimit: 1 } }],
      });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['bundledProductOffering[0].bundledProductOfferingOption.numberRelOfferUpperLimit']);
    });

    it('409 OFFERING_NOT_READY when created on sale while its specification is still In design', async () => {
      table.put('ProductSpecification', productSpecificationResource('spec-1', 'In design'));
      const answer = await post({ ...plan, lifecycleStatus: 'Active' });
      expectTmfError(answer, 409, 'OFFERING_NOT_READY', tmf620);
      expect(answer.body.message).toContain('productSpecification spec-1 is In design');
    });

    it('403 for an agent: only admins change the catalog', async () => {
      expectTmfError(await post(plan, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
      expect(batchGetKeys(documentMock)).toEqual([]);
    });
  });
});

describe('POST /productOffering with Idempotency-Key', () => {
  beforeEach(() => {
    new FakeIdempotencyTable().install(dynamoMock);
  });

  it('replays the first answer for a retry without reading or writing again', async () => {
    const send = () =>
      invoke(handler, apiEvent({ method: 'POST', path, body: plan, headers: { 'Idempotency-Key': 'po-key-1' }, claims: adminClaims }), lambdaContext('create-product-offering'));
    const first = await send();
    const replay = await send();
    expect(first.statusCode).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(batchGetKeys(documentMock)).toHaveLength(3);
  });
});

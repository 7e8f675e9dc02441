import { DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ProductOfferingDeleted,
  ProductOfferingPriceDeleted,
  ProductOfferingRetired,
  ProductSpecificationDeleted,
  ProductSpecificationRetired,
} from '../../../domain/events/catalog-events.js';
import { handler as deleteOffering } from '../../../functions/catalog/delete-product-offering.js';
import { handler as deletePrice } from '../../../functions/catalog/delete-product-offering-price.js';
import { handler as deleteSpecification } from '../../../functions/catalog/delete-product-specification.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, customerClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { tmf620 } from '../../support/tmf-schema.js';
import { catalogApi, categoryResource, FakeCatalogTable, productSpecificationResource } from './catalog-table.js';
import { bundleResource, offeringResource, outboxEvents, priceResource, transactItems } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const now = '2026-03-01T09:00:00.000Z';
type Handler = typeof deleteOffering;
const remove = (handler: Handler, path: string, id: string, input: Partial<ApiEventInput> = {}) =>
  invoke(handler, resourceEvent('DELETE', `${catalogApi}/${path}`, id, { ...input, headers: { 'x-correlation-id': 'corr-delete', ...input.headers } }));

let table: FakeCatalogTable;
/** What the gsi1 Queries of the referrer search find, per `TYPE#<Kind>`. */
let listed: Record<string, { id: string }[]>;
beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable().install(documentMock);
  listed = {};
  documentMock.on(QueryCommand).callsFake((input: QueryCommandInput) => ({
    Items: (listed[String(input.ExpressionAttributeValues?.[':type'])] ?? []).map((resource) => ({ resource })),
  }));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

const noWrite = () => expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
const queriedTypes = () => documentMock.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':type']);

describe('DELETE /productOffering/{id} (delete-product-offering)', () => {
  it('204: removes an In design offering nothing lists, with ProductOfferingDeleted, conditional on the version read', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'In design'), 2);
    listed['TYPE#ProductOffering'] = [offeringResource('po-1', 'In design'), offeringResource('po-2', 'Launched')];
    const answer = await remove(deleteOffering, 'productOffering', 'po-1');

    expect(answer.statusCode).toBe(204);
    expect(answer.body).toBeUndefined();
    expect(queriedTypes().sort()).toEqual(['TYPE#Category', 'TYPE#ProductOffering']);
    for (const call of documentMock.commandCalls(QueryCommand)) {
      expect(call.args[0].input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :type' });
      expect(call.args[0].input.ProjectionExpression).toBeDefined();
    }
    const [deletion] = transactItems(documentMock);
    expect(deletion!.Delete).toMatchObject({
      Key: { pk: 'PRODUCT_OFFERING#po-1', sk: 'PRODUCT_OFFERING' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
    });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductOfferingDeleted']);
    const detail = ProductOfferingDeleted.parseDetail(events[0]!.detail);
    expect(detail.data.productOffering).toMatchObject({ id: 'po-1', lifecycleStatus: 'In design' });
    expect(detail.metadata.correlationId).toBe('corr-delete');
  });

  it('204: retires a Launched offering no bundle on sale lists (an In design bundle does not hold it)', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Launched'), 4);
    listed['TYPE#ProductOffering'] = [bundleResource('b-draft', ['po-1'], 'In design')];
    listed['TYPE#Category'] = [categoryResource('cat-1', 'Launched', { productOffering: [{ id: 'po-1' }] })];
    const answer = await remove(deleteOffering, 'productOffering', 'po-1');

    expect(answer.statusCode).toBe(204);
    const [update] = transactItems(documentMock);
    expect(update!.Update).toMatchObject({
      Key: { pk: 'PRODUCT_OFFERING#po-1', sk: 'PRODUCT_OFFERING' },
      ExpressionAttributeValues: { ':expected': 4, ':next': 5, ':resource': { ...offeringResource('po-1', 'Retired'), lastUpdate: now } },
    });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductOfferingUpdated', 'ProductOfferingRetired']);
    expect(ProductOfferingRetired.parseDetail(events[1]!.detail).data.previousLifecycleStatus).toBe('Launched');
  });

  it('409: a bundle on sale lists the offering; the answer names it and nothing is written', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Launched'));
    listed['TYPE#ProductOffering'] = [bundleResource('b-live', ['po-1'], 'Launched')];
    const answer = await remove(deleteOffering, 'productOffering', 'po-1');
    expectTmfError(answer, 409, 'CATALOG_RESOURCE_REFERENCED', tmf620);
    expect(answer.body.message).toContain('productOffering b-live (Launched, bundledProductOffering)');
    noWrite();
  });

  it('409: an In design offering a category lists cannot be removed', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'In design'));
    listed['TYPE#Category'] = [categoryResource('cat-1', 'In design', { productOffering: [{ id: 'po-1' }] })];
    const answer = await remove(deleteOffering, 'productOffering', 'po-1');
    expectTmfError(answer, 409, 'CATALOG_RESOURCE_REFERENCED', tmf620);
    expect(answer.body.message).toContain('category cat-1');
    noWrite();
  });

  it('204 without a write: the offering is already Retired', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Retired'));
    expect((await remove(deleteOffering, 'productOffering', 'po-1')).statusCode).toBe(204);
    noWrite();
  });

  it('404: no such offering', async () => {
    expectTmfError(await remove(deleteOffering, 'productOffering', 'nope'), 404, 'NOT_FOUND', tmf620);
    noWrite();
  });

  it('403: agents and customers may not delete catalog resources', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'In design'));
    expectTmfError(await remove(deleteOffering, 'productOffering', 'po-1', { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    expectTmfError(await remove(deleteOffering, 'productOffering', 'po-1', { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf620);
    noWrite();
  });

  it('412 with a stale If-Match; 409 when the offering changed between the read and the write', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'In design'), 3);
    expectTmfError(await remove(deleteOffering, 'productOffering', 'po-1', { headers: { 'If-Match': 'W/"2"' } }), 412, 'PRECONDITION_FAILED', tmf620);
    noWrite();
    documentMock
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expectTmfError(await remove(deleteOffering, 'productOffering', 'po-1'), 409, 'CONCURRENT_MODIFICATION', tmf620);
  });
});

describe('DELETE /productOfferingPrice/{id} (delete-product-offering-price)', () => {
  it('204: removes an In design price no offering lists, with ProductOfferingPriceDeleted', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'));
    listed['TYPE#ProductOffering'] = [offeringResource('po-1', 'Launched', { productOfferingPrice: [{ id: 'pop-other' }] })];
    const answer = await remove(deletePrice, 'productOfferingPrice', 'pop-1');
    expect(answer.statusCode).toBe(204);
    expect(queriedTypes().sort()).toEqual(['TYPE#ProductOffering', 'TYPE#ProductOfferingPrice']);
    expect(transactItems(documentMock)[0]!.Delete?.Key).toEqual({ pk: 'PRODUCT_OFFERING_PRICE#pop-1', sk: 'PRODUCT_OFFERING_PRICE' });
    const events = outboxEvents(documentMock);
    expect(ProductOfferingPriceDeleted.parseDetail(events[0]!.detail).data.productOfferingPrice.id).toBe('pop-1');
  });

  it('409: a Launched price a Launched offering lists is neither removed nor retired (grandfathering)', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-monthly', 'Launched'));
    listed['TYPE#ProductOffering'] = [offeringResource('po-1', 'Launched')];
    const answer = await remove(deletePrice, 'productOfferingPrice', 'pop-monthly');
    expectTmfError(answer, 409, 'CATALOG_RESOURCE_REFERENCED', tmf620);
    expect(answer.body.message).toContain('productOffering po-1 (Launched, productOfferingPrice)');
    noWrite();
  });

  it('409: an In design price a discount names cannot be removed', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'));
    listed['TYPE#ProductOfferingPrice'] = [priceResource('pop-discount', 'In design', { priceType: 'discount', popRelationship: [{ id: 'pop-1', relationshipType: 'discounts' }] })];
    const answer = await remove(deletePrice, 'productOfferingPrice', 'pop-1');
    expectTmfError(answer, 409, 'CATALOG_RESOURCE_REFERENCED', tmf620);
    expect(answer.body.message).toContain('productOfferingPrice pop-discount (In design, popRelationship)');
  });

  it('204: retires an Active price only a Retired offering lists', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'Active'));
    listed['TYPE#ProductOffering'] = [offeringResource('po-old', 'Retired', { productOfferingPrice: [{ id: 'pop-1' }] })];
    expect((await remove(deletePrice, 'productOfferingPrice', 'pop-1')).statusCode).toBe(204);
    expect(outboxEvents(documentMock).map((event) => event.detailType)).toEqual(['ProductOfferingPriceUpdated', 'ProductOfferingPriceRetired']);
    expect(transactItems(documentMock)[0]!.Update?.ExpressionAttributeValues?.[':resource']).toMatchObject({ id: 'pop-1', lifecycleStatus: 'Retired' });
  });
});

describe('DELETE /productSpecification/{id} (delete-product-specification)', () => {
  it('204: removes an In design specification nothing refers to, with ProductSpecificationDeleted', async () => {
    table.put('ProductSpecification', productSpecificationResource('ps-1', 'In design'));
    const answer = await remove(deleteSpecification, 'productSpecification', 'ps-1');
    expect(answer.statusCode).toBe(204);
    expect(queriedTypes().sort()).toEqual(['TYPE#ProductOffering', 'TYPE#ProductOfferingPrice', 'TYPE#ProductSpecification']);
    expect(ProductSpecificationDeleted.parseDetail(outboxEvents(documentMock)[0]!.detail).data.productSpecification).toEqual({
      id: 'ps-1',
      href: `${catalogApi}/productSpecification/ps-1`,
      name: 'Specification ps-1',
      lifecycleStatus: 'In design',
      isBundle: false,
    });
  });

  it('409: an offering sells the specification', async () => {
    table.put('ProductSpecification', productSpecificationResource('spec-1', 'In design'));
    listed['TYPE#ProductOffering'] = [offeringResource('po-draft', 'In design')];
    const answer = await remove(deleteSpecification, 'productSpecification', 'spec-1');
    expectTmfError(answer, 409, 'CATALOG_RESOURCE_REFERENCED', tmf620);
    expect(answer.body.message).toContain('productOffering po-draft (In design, productSpecification)');
    noWrite();
  });

  it('204: retires a Launched specification only Retired offerings sell, with ProductSpecificationRetired', async () => {
    table.put('ProductSpecification', productSpecificationResource('spec-1', 'Launched'));
    listed['TYPE#ProductOffering'] = [offeringResource('po-old', 'Retired')];
    expect((await remove(deleteSpecification, 'productSpecification', 'spec-1')).statusCode).toBe(204);
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductSpecificationRetired']);
    expect(ProductSpecificationRetired.parseDetail(events[0]!.detail).data).toMatchObject({
      previousLifecycleStatus: 'Launched',
      productSpecification: { id: 'spec-1', lifecycleStatus: 'Retired' },
    });
  });
});

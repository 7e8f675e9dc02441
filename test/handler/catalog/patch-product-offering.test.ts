import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductOfferingRetired, ProductOfferingUpdated } from '../../../domain/events/catalog-events.js';
import { handler } from '../../../functions/catalog/patch-product-offering.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, categoryResource, FakeCatalogTable, productSpecificationResource } from './catalog-table.js';
import { bundleResource, offeringResource, outboxEvents, priceResource, transactItems } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const collection = `${catalogApi}/productOffering`;
const now = '2026-03-01T09:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'po-1') =>
  invoke(handler, resourceEvent('PATCH', collection, id, { body, ...input, headers: { 'x-correlation-id': 'corr-po-patch', ...input.headers } }));

let table: FakeCatalogTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable()
    .install(documentMock)
    .put('ProductSpecification', productSpecificationResource('spec-1', 'Launched'))
    .put('Category', categoryResource('cat-mobile', 'Launched'))
    .put('Category', categoryResource('cat-5g', 'Launched'))
    .put('ProductOfferingPrice', priceResource('pop-monthly', 'Launched', { name: 'Mobile M monthly' }))
    .put('ProductOfferingPrice', priceResource('pop-monthly-2027', 'In design', { name: 'Mobile M monthly', validFor: { startDateTime: '2027-01-01T00:00:00Z' } }))
    .put('ProductOffering', offeringResource('po-plan', 'Launched'));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

const noWrite = () => expect(documentMock.commandCalls(TransactWriteCommand), 'TransactWriteItems').toHaveLength(0);

describe('PATCH /productOffering/{id} (patch-product-offering)', () => {
  it('200: renames a Launched offering without reading its references, with ProductOfferingUpdated and its categoryIds', async () => {
    const current = offeringResource('po-1', 'Launched', { category: [{ id: 'cat-mobile' }] });
    table.put('ProductOffering', current, 7);
    const answer = await patch({ name: 'Mobile M 2026' }, { headers: { 'If-Match': 'W/"7"' } });

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ ...current, name: 'Mobile M 2026', lastUpdate: now });
    expect(answer.headers.etag).toBe('W/"8"');
    expectValidTmf(tmf620, 'ProductOffering', answer.body);
    expect(batchGetKeys(documentMock)).toEqual([]);

    const [update] = transactItems(documentMock);
    expect(update!.Update).toMatchObject({
      Key: { pk: 'PRODUCT_OFFERING#po-1', sk: 'PRODUCT_OFFERING' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#list0': 'categoryIds' },
      ExpressionAttributeValues: { ':expected': 7, ':next': 8, ':resource': answer.body, ':list0': ['cat-mobile'] },
    });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => `${event.source}/${event.detailType}`)).toEqual(['bss.catalog/ProductOfferingUpdated']);
    const detail = ProductOfferingUpdated.parseDetail(events[0]!.detail);
    expect(detail.data).toMatchObject({ changedAttributes: ['name'], productOffering: { id: 'po-1', name: 'Mobile M 2026', lifecycleStatus: 'Launched' } });
    expect(detail.metadata.correlationId).toBe('corr-po-patch');
  });

  it('moves the offering to other categories: checks them and rewrites categoryIds', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Launched', { category: [{ id: 'cat-mobile' }] }));
    const answer = await patch({ category: [{ id: 'cat-mobile' }, { id: 'cat-5g' }] });
    expect(answer.statusCode).toBe(200);
    expect(batchGetKeys(documentMock)).toEqual([['CATEGORY#cat-mobile', 'CATEGORY#cat-5g']]);
    expect(transactItems(documentMock)[0]!.Update!.ExpressionAttributeValues![':list0']).toEqual(['cat-mobile', 'cat-5g']);
  });

  it('adds a new price version to a Launched offering', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Launched'));
    const answer = await patch({ productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }] });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.productOfferingPrice).toEqual([{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }]);
  });

  it('retiring emits ProductOfferingUpdated and ProductOfferingRetired', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'Launched'));
    const answer = await patch({ lifecycleStatus: 'Retired', statusReason: 'replaced by Mobile M+' });
    expect(answer.statusCode).toBe(200);
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductOfferingUpdated', 'ProductOfferingRetired']);
    const retired = ProductOfferingRetired.parseDetail(events[1]!.detail);
    expect(retired.data).toMatchObject({ previousLifecycleStatus: 'Launched', productOffering: { id: 'po-1', lifecycleStatus: 'Retired' } });
  });

  it('puts an offering on sale once everything it sells is on sale, reading all its references', async () => {
    table.put('ProductOffering', offeringResource('po-1', 'In design', { category: [{ id: 'cat-mobile' }] }));
    const answer = await patch({ lifecycleStatus: 'Launched' });
    expect(answer.statusCode).toBe(200);
    expect(batchGetKeys(documentMock).sort()).toEqual([['CATEGORY#cat-mobile'], ['PRODUCT_OFFERING_PRICE#pop-monthly'], ['PRODUCT_SPECIFICATION#spec-1']]);
  });

  it('a new bundle composition is walked level by level for cycles, and an acyclic one is written', async () => {
    table.put('ProductOffering', bundleResource('po-1', ['po-plan']));
    table.put('ProductOffering', bundleResource('po-b', ['po-c']));
    table.put('ProductOffering', bundleResource('po-c', ['po-plan']));
    const answer = await patch({ bundledProductOffering: [{ id: 'po-plan' }, { id: 'po-b' }] });
    expect(answer.statusCode).toBe(200);
    expect(batchGetKeys(documentMock)).toEqual([['PRODUCT_OFFERING#po-plan', 'PRODUCT_OFFERING#po-b'], ['PRODUCT_OFFERING#po-c']]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => noWrite);

    it('400 naming the path when the new components would make the bundle contain itself (A → B → C → A)', async () => {
      table.put('ProductOffering', bundleResource('po-1', ['po-plan']));
      table.put('ProductOffering', bundleResource('po-b', ['po-c']));
      table.put('ProductOffering', bundleResource('po-c', ['po-1']));
      const answer = await patch({ bundledProductOffering: [{ id: 'po-plan' }, { id: 'po-b' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'bundledProductOffering[1].id', problem: 'the bundle would contain itself: po-1 → po-b → po-c → po-1' }]);
    });

    it('400 when the bundle lists itself', async () => {
      table.put('ProductOffering', bundleResource('po-1', ['po-plan']));
      const answer = await patch({ bundledProductOffering: [{ id: 'po-1' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['bundledProductOffering[0].id']);
    });

    it('409 CATALOG_LIFECYCLE on a forbidden transition', async () => {
      table.put('ProductOffering', offeringResource('po-1', 'Launched'));
      const answer = await patch({ lifecycleStatus: 'Active' });
      expectTmfError(answer, 409, 'CATALOG_LIFECYCLE', tmf620);
      expect(answer.body.message).toContain('Launched to Active');
    });

    it('409 OFFERING_FROZEN when a Launched offering would sell another specification', async () => {
      table.put('ProductOffering', offeringResource('po-1', 'Launched'));
      expectTmfError(await patch({ productSpecification: { id: 'spec-2' } }), 409, 'OFFERING_FROZEN', tmf620);
    });

    it('409 OFFERING_PRICE_REMOVED when a price would be removed from an Active offering: retire it instead', async () => {
      table.put('ProductOffering', offeringResource('po-1', 'Active', { productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }] }));
      const answer = await patch({ productOfferingPrice: [{ id: 'pop-monthly-2027' }] });
      expectTmfError(answer, 409, 'OFFERING_PRICE_REMOVED', tmf620);
      expect(answer.body.message).toContain('retire price pop-monthly');
    });

    it('409 OFFERING_NOT_READY when going on sale with a specification still In design', async () => {
      table.put('ProductSpecification', productSpecificationResource('spec-1', 'In design'));
      table.put('ProductOffering', offeringResource('po-1', 'In design'));
      expectTmfError(await patch({ lifecycleStatus: 'Active' }), 409, 'OFFERING_NOT_READY', tmf620);
    });

    it('400 when an added price does not exist', async () => {
      table.put('ProductOffering', offeringResource('po-1', 'Launched'));
      const answer = await patch({ productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-gone' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['productOfferingPrice[1].id']);
    });

    it('412 on a stale If-Match, 404 on an unknown offering, 403 for an agent', async () => {
      table.put('ProductOffering', offeringResource('po-1', 'In design'), 2);
      expectTmfError(await patch({ name: 'x' }, { headers: { 'If-Match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED', tmf620);
      expectTmfError(await patch({ name: 'x' }, {}, 'po-unknown'), 404, 'NOT_FOUND', tmf620);
      expectTmfError(await patch({ name: 'x' }, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    });
  });
});

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductOfferingPriceRetired, ProductOfferingPriceUpdated } from '../../../domain/events/catalog-events.js';
import { handler } from '../../../functions/catalog/patch-product-offering-price.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { catalogApi, FakeCatalogTable } from './catalog-table.js';
import { outboxEvents, priceResource, transactItems } from './offering-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const collection = `${catalogApi}/productOfferingPrice`;
const now = '2026-03-01T09:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'pop-1') =>
  invoke(handler, resourceEvent('PATCH', collection, id, { body, ...input, headers: { 'x-correlation-id': 'corr-pop-patch', ...input.headers } }));

let table: FakeCatalogTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable().install(documentMock);
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

const noWrite = () => expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);

describe('PATCH /productOfferingPrice/{id} (patch-product-offering-price)', () => {
  it('200: an In design price takes a new amount, written on the version read with ProductOfferingPriceUpdated', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'), 3);
    const answer = await patch({ price: { unit: 'EUR', value: 22.5 } }, { headers: { 'If-Match': 'W/"3"' } });

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ ...priceResource('pop-1', 'In design'), price: { unit: 'EUR', value: 22.5 }, lastUpdate: now });
    expect(answer.headers.etag).toBe('W/"4"');
    expectValidTmf(tmf620, 'ProductOfferingPrice', answer.body);

    const [update] = transactItems(documentMock);
    expect(update!.Update).toMatchObject({
      Key: { pk: 'PRODUCT_OFFERING_PRICE#pop-1', sk: 'PRODUCT_OFFERING_PRICE' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 3, ':next': 4, ':resource': answer.body },
    });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductOfferingPriceUpdated']);
    const detail = ProductOfferingPriceUpdated.parseDetail(events[0]!.detail);
    expect(detail.data.changedAttributes).toEqual(['price']);
    expect(detail.data.productOfferingPrice).toMatchObject({ id: 'pop-1', price: { unit: 'EUR', value: 22.5 } });
    expect(detail.metadata.correlationId).toBe('corr-pop-patch');
  });

  it('retiring a Launched price emits ProductOfferingPriceUpdated and ProductOfferingPriceRetired', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'Launched'));
    const answer = await patch({ lifecycleStatus: 'Retired' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.lifecycleStatus).toBe('Retired');
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductOfferingPriceUpdated', 'ProductOfferingPriceRetired']);
    const retired = ProductOfferingPriceRetired.parseDetail(events[1]!.detail);
    expect(retired.data).toMatchObject({ previousLifecycleStatus: 'Launched', productOfferingPrice: { id: 'pop-1', lifecycleStatus: 'Retired' } });
    expect(events[0]!.detail.metadata.eventId).not.toBe(events[1]!.detail.metadata.eventId);
  });

  it('ends an Active promotion: validFor sent whole with the same start and a new end', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'Active'));
    const answer = await patch({ validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' } });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.validFor).toEqual({ startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' });
  });

  it('retiring a price in a currency the catalog has since dropped still works: the price rules are not re-run', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'Launched', { price: { unit: 'CHF', value: 20 } }));
    expect((await patch({ lifecycleStatus: 'Retired' })).statusCode).toBe(200);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => noWrite);

    it('409 PRICE_FROZEN when the amount of an Active price would change: create a new price version', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'Active'));
      const answer = await patch({ price: { unit: 'EUR', value: 25 } });
      expectTmfError(answer, 409, 'PRICE_FROZEN', tmf620);
      expect(answer.body.message).toContain('create a new price');
    });

    it('409 PRICE_FROZEN when a Launched price would be renamed or start elsewhere', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'Launched'));
      expectTmfError(await patch({ name: 'Cheaper' }), 409, 'PRICE_FROZEN', tmf620);
      expectTmfError(await patch({ validFor: { startDateTime: '2026-02-01T00:00:00Z' } }), 409, 'PRICE_FROZEN', tmf620);
    });

    it('409 CATALOG_LIFECYCLE on a forbidden transition (Launched back to In design) and on any change of a Retired price', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'Launched'));
      const answer = await patch({ lifecycleStatus: 'In design' });
      expectTmfError(answer, 409, 'CATALOG_LIFECYCLE', tmf620);
      expect(answer.body.message).toContain('Launched to In design');
      table.put('ProductOfferingPrice', priceResource('pop-2', 'Retired'));
      expectTmfError(await patch({ description: 'x' }, {}, 'pop-2'), 409, 'CATALOG_LIFECYCLE', tmf620);
    });

    it('400 naming the field when a design-time change breaks the price rules', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'));
      const answer = await patch({ price: { unit: 'JPY', value: 2000 } });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['price.unit']);
      expect(answer.body.details[0].problem).toContain('JPY');
    });

    it('412 when If-Match names an older version', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'), 5);
      expectTmfError(await patch({ description: 'x' }, { headers: { 'If-Match': 'W/"4"' } }), 412, 'PRECONDITION_FAILED', tmf620);
    });

    it('404 for an unknown price', async () => {
      expectTmfError(await patch({ description: 'x' }, {}, 'nothing'), 404, 'NOT_FOUND', tmf620);
    });

    it('403 for an agent', async () => {
      table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'));
      expectTmfError(await patch({ description: 'x' }, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    });
  });

  it('409 CONCURRENT_MODIFICATION when the version moved on between read and write', async () => {
    table.put('ProductOfferingPrice', priceResource('pop-1', 'In design'), 2);
    documentMock
      .on(TransactWriteCommand)
      .rejects(new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expectTmfError(await patch({ description: 'x' }), 409, 'CONCURRENT_MODIFICATION', tmf620);
  });
});

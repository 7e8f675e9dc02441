import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductSpecificationRetired } from '../../../domain/events/catalog-events.js';
import { handler } from '../../../functions/catalog/patch-product-specification.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, FakeCatalogTable, productSpecificationResource } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = `${catalogApi}/productSpecification`;
const now = '2026-03-02T10:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'ps-3') => invoke(handler, resourceEvent('PATCH', path, id, { body, ...input }));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

const stored = productSpecificationResource('ps-3', 'Active', { productNumber: 'HOME' });

beforeEach(() => {
  documentMock.reset();
  new FakeCatalogTable()
    .install(documentMock)
    .put('ProductSpecification', productSpecificationResource('ps-1'))
    .put('ProductSpecification', stored, 7);
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('PATCH /productSpecification/{id} (patch-product-specification)', () => {
  it('retiring it writes ProductSpecificationRetired with the update; other patches write no event', async () => {
    expect((await patch({ lifecycleStatus: 'Retired' })).statusCode).toBe(200);
    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(2);
    expect(items[1]!.Put?.Item).toMatchObject({ entityType: 'OutboxEvent', source: 'bss.catalog', detailType: 'ProductSpecificationRetired' });
    const detail = ProductSpecificationRetired.parseDetail(JSON.parse(items[1]!.Put!.Item!.detail as string));
    expect(detail.data).toMatchObject({ previousLifecycleStatus: 'Active', productSpecification: { id: 'ps-3', lifecycleStatus: 'Retired' } });

    documentMock.resetHistory();
    expect((await patch({ description: 'Fibre' })).statusCode).toBe(200);
    expect(writes()[0]!.args[0].input.TransactItems).toHaveLength(1);
  });

  it('200: changes characteristics without reading references, and answers the next ETag', async () => {
    const productSpecCharacteristic = [{ name: 'colour', valueType: 'string', productSpecCharacteristicValue: [{ value: 'Black', isDefault: true }] }];
    const answer = await patch({ productSpecCharacteristic, brand: null });
    expect(answer.statusCode).toBe(200);
    const { brand: _removed, ...kept } = stored;
    expect(answer.body).toEqual({ ...kept, productSpecCharacteristic, lastUpdate: now });
    expect(answer.headers.etag).toBe('W/"8"');
    expectValidTmf(tmf620, 'ProductSpecification', answer.body);
    expect(documentMock.commandCalls(BatchGetCommand)).toHaveLength(0);
    expect(writes()[0]!.args[0].input.TransactItems![0]!.Update).toMatchObject({
      Key: { pk: 'PRODUCT_SPECIFICATION#ps-3', sk: 'PRODUCT_SPECIFICATION' },
      ExpressionAttributeValues: { ':expected': 7, ':next': 8 },
    });
  });

  it('200: listing bundled specifications turns it into a bundle', async () => {
    const answer = await patch({ bundledProductSpecification: [{ id: 'ps-1' }] });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.isBundle).toBe(true);
    expect(batchGetKeys(documentMock)).toEqual([['PRODUCT_SPECIFICATION#ps-1']]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('400 when a bundle would contain itself or a specification that does not exist', async () => {
      const answer = await patch({ bundledProductSpecification: [{ id: 'ps-3' }, { id: 'ps-9' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([
        { field: 'bundledProductSpecification[0].id', problem: 'a bundle cannot contain itself' },
        { field: 'bundledProductSpecification[1].id', problem: 'productSpecification ps-9 does not exist' },
      ]);
    });

    it('400 naming a characteristic whose values do not match its valueType', async () => {
      const answer = await patch({ productSpecCharacteristic: [{ name: 'storage', valueType: 'integer', productSpecCharacteristicValue: [{ value: 'lots' }] }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['productSpecCharacteristic.0.productSpecCharacteristicValue.0.value']);
    });

    it('409 CATALOG_LIFECYCLE from Active back to In design', async () => {
      expectTmfError(await patch({ lifecycleStatus: 'In design' }), 409, 'CATALOG_LIFECYCLE', tmf620);
    });

    it('412 on a stale If-Match', async () => {
      expectTmfError(await patch({ name: 'x' }, { headers: { 'If-Match': 'W/"6"' } }), 412, 'PRECONDITION_FAILED', tmf620);
    });

    it('403 for an agent', async () => {
      expectTmfError(await patch({ name: 'x' }, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    });

    it('404 for an unknown specification', async () => {
      expectTmfError(await patch({ name: 'x' }, {}, 'ps-404'), 404, 'NOT_FOUND', tmf620);
    });
  });
});

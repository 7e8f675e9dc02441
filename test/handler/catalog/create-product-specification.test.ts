import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/catalog/create-product-specification.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, FakeCatalogTable, productSpecificationResource } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = `${catalogApi}/productSpecification`;
const now = '2026-03-01T09:00:00.000Z';

const characteristic = (name: string, valueType: string, values: unknown[]) => ({
  name,
  valueType,
  configurable: values.length > 1,
  minCardinality: 1,
  maxCardinality: 1,
  productSpecCharacteristicValue: values.map((value, index) => ({ value, valueType, isDefault: index === 0 })),
});

const mobilePlan = {
  name: 'Mobile plan',
  description: 'Voice, SMS and a monthly data allowance',
  brand: 'BSS Telecom',
  productNumber: 'MOB-PLAN',
  lifecycleStatus: 'Launched',
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
  productSpecCharacteristic: [characteristic('dataAllowance', 'number', [5, 20, 50]), characteristic('speed', 'string', ['4G', '5G'])],
};

const post = (body: unknown, input: Partial<ApiEventInput> = {}) => invoke(handler, apiEvent({ method: 'POST', path, body, ...input }));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  new FakeCatalogTable().install(documentMock).put('ProductSpecification', productSpecificationResource('ps-1')).put('ProductSpecification', productSpecificationResource('ps-2'));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /productSpecification (create-product-specification)', () => {
  it('201: stores the specification with its characteristics, not a bundle', async () => {
    const answer = await post(mobilePlan);

    expect(answer.statusCode).toBe(201);
    const specification = answer.body;
    expect(specification).toEqual({
      ...mobilePlan,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${specification.id}`,
      isBundle: false,
      lastUpdate: now,
      '@type': 'ProductSpecification',
      createdAt: now,
    });
    expect(answer.headers.location).toBe(specification.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf620, 'ProductSpecification', specification);
    expect(batchGetKeys(documentMock)).toEqual([]);
    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(1);
    expect(items[0]!.Put!.Item).toMatchObject({ pk: `PRODUCT_SPECIFICATION#${specification.id}`, sk: 'PRODUCT_SPECIFICATION', gsi1pk: 'TYPE#ProductSpecification' });
  });

  it('201: a bundle of existing specifications, checked with one BatchGetItem', async () => {
    const answer = await post({ name: 'Home and mobile', bundledProductSpecification: [{ id: 'ps-1', name: 'Mobile plan' }, { id: 'ps-2' }] });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ isBundle: true, lifecycleStatus: 'In design' });
    expectValidTmf(tmf620, 'ProductSpecification', answer.body);
    expect(batchGetKeys(documentMock)).toEqual([['PRODUCT_SPECIFICATION#ps-1', 'PRODUCT_SPECIFICATION#ps-2']]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('400 naming each bundled specification that does not exist', async () => {
      const answer = await post({ name: 'Bundle', isBundle: true, bundledProductSpecification: [{ id: 'ps-1' }, { id: '42' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'bundledProductSpecification[1].id', problem: 'productSpecification 42 does not exist' }]);
    });

    it('400 naming the characteristic rules broken, before reading anything', async () => {
      const twoDefaults = { ...characteristic('speed', 'string', ['4G', '5G']), productSpecCharacteristicValue: [{ value: '4G', isDefault: true }, { value: '5G', isDefault: true }] };
      const answer = await post({
        ...mobilePlan,
        productSpecCharacteristic: [
          { ...characteristic('dataAllowance', 'number', [5, '20']), minCardinality: 2 },
          twoDefaults,
          characteristic('dataAllowance', 'integer', [1]),
        ],
      });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual([
        'productSpecCharacteristic.0.maxCardinality',
        'productSpecCharacteristic.0.productSpecCharacteristicValue.1.value',
        'productSpecCharacteristic.1.productSpecCharacteristicValue',
        'productSpecCharacteristic.2.name',
      ]);
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('400 when isBundle says bundle but nothing is bundled', async () => {
      const answer = await post({ name: 'Bundle', isBundle: true });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['isBundle']);
    });

    it('400 on attributes we do not support, such as serviceSpecification', async () => {
      const answer = await post({ ...mobilePlan, serviceSpecification: [{ id: 'ss-1' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['serviceSpecification']);
    });

    it('403 for a customer', async () => {
      expectTmfError(await post(mobilePlan, { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN', tmf620);
    });
  });
});

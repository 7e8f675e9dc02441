import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/catalog/create-category.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, type ApiEventInput } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, categoryResource, FakeCatalogTable } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = `${catalogApi}/category`;
const now = '2026-03-01T09:00:00.000Z';

const post = (body: unknown, input: Partial<ApiEventInput> = {}) => invoke(handler, apiEvent({ method: 'POST', path, body, ...input }));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  new FakeCatalogTable()
    .install(documentMock)
    .put('Category', categoryResource('cat-1'))
    .put('Category', categoryResource('cat-2', 'Active', { parentId: 'cat-1' }))
    .put('ProductOffering', { id: 'po-1' });
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /category (create-category)', () => {
  it('201: a root category In design, stored with no events', async () => {
    const answer = await post({ name: 'Mobile', description: 'Mobile plans and SIM cards' });

    expect(answer.statusCode).toBe(201);
    const category = answer.body;
    expect(category).toEqual({
      name: 'Mobile',
      description: 'Mobile plans and SIM cards',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${category.id}`,
      isRoot: true,
      lifecycleStatus: 'In design',
      lastUpdate: now,
      '@type': 'Category',
      createdAt: now,
    });
    expect(answer.headers.location).toBe(category.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf620, 'Category', category);
    expect(batchGetKeys(documentMock)).toEqual([]);
    expect(writes()[0]!.args[0].input.TransactItems).toEqual([
      {
        Put: {
          TableName: 'bss-test',
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: expect.objectContaining({ pk: `CATEGORY#${category.id}`, sk: 'CATEGORY', gsi1pk: 'TYPE#Category', version: 1, resource: category }),
        },
      },
    ]);
  });

  it('201: a subcategory of an existing parent, listing existing subcategories and offerings', async () => {
    const answer = await post({ name: 'SIM cards', parentId: 'cat-1', subCategory: [{ id: 'cat-2' }], productOffering: [{ id: 'po-1' }], lifecycleStatus: 'Active' });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toMatchObject({ parentId: 'cat-1', isRoot: false, lifecycleStatus: 'Active' });
    expectValidTmf(tmf620, 'Category', answer.body);
    expect(batchGetKeys(documentMock).sort()).toEqual([['CATEGORY#cat-1', 'CATEGORY#cat-2'], ['PRODUCT_OFFERING#po-1']]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('400 naming each reference that does not exist', async () => {
      const answer = await post({ name: 'x', parentId: '42', subCategory: [{ id: 'cat-2' }, { id: 'cat-9' }], productOffering: [{ id: 'po-9' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([
        { field: 'parentId', problem: 'category 42 does not exist' },
        { field: 'subCategory[1].id', problem: 'category cat-9 does not exist' },
        { field: 'productOffering[0].id', problem: 'productOffering po-9 does not exist' },
      ]);
    });

    it.each([
      [{ name: 'x', parentId: 'cat-1', isRoot: true }],
      [{ name: 'x', isRoot: false }],
    ])('400 on isRoot contradicting parentId, before reading references: %j', async (body) => {
      const answer = await post(body);
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details.map((detail: { field: string }) => detail.field)).toEqual(['isRoot']);
      expect(batchGetKeys(documentMock)).toEqual([]);
    });

    it('403 for an agent', async () => {
      expectTmfError(await post({ name: 'x' }, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    });
  });
});

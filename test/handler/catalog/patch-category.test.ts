import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/catalog/patch-category.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, categoryResource, FakeCatalogTable } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = `${catalogApi}/category`;
const now = '2026-03-02T10:00:00.000Z';

const patch = (id: string, body: unknown, input: Partial<ApiEventInput> = {}) => invoke(handler, resourceEvent('PATCH', path, id, { body, ...input }));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

// The tree: cat-a <- cat-b <- cat-c (cat-c's parent is cat-b, whose parent is the root cat-a); cat-x is a root of its own.
beforeEach(() => {
  documentMock.reset();
  new FakeCatalogTable()
    .install(documentMock)
    .put('Category', categoryResource('cat-a', 'Launched'), 2)
    .put('Category', categoryResource('cat-b', 'Launched', { parentId: 'cat-a' }))
    .put('Category', categoryResource('cat-c', 'Launched', { parentId: 'cat-b' }))
    .put('Category', categoryResource('cat-x', 'Active'), 5);
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('PATCH /category/{id} (patch-category)', () => {
  it('200: moves a root under a parent, checking the parent chain up to the root one level per read', async () => {
    const answer = await patch('cat-x', { parentId: 'cat-c' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ ...categoryResource('cat-x', 'Active'), parentId: 'cat-c', isRoot: false, lastUpdate: now });
    expect(answer.headers.etag).toBe('W/"6"');
    expectValidTmf(tmf620, 'Category', answer.body);
    expect(batchGetKeys(documentMock)).toEqual([['CATEGORY#cat-c'], ['CATEGORY#cat-b'], ['CATEGORY#cat-a']]);
    expect(writes()[0]!.args[0].input.TransactItems).toHaveLength(1);
  });

  it('200: moving to the top makes it a root, without reading anything else', async () => {
    const answer = await patch('cat-c', { parentId: null });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatchObject({ isRoot: true });
    expect(answer.body).not.toHaveProperty('parentId');
    expect(batchGetKeys(documentMock)).toEqual([]);
  });

  it('a Launched category may retire', async () => {
    expect((await patch('cat-a', { lifecycleStatus: 'Retired' })).body.lifecycleStatus).toBe('Retired');
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it.each(['cat-b', 'cat-c'])('400 when the new parent %s is below the category (a cycle)', async (parentId) => {
      const answer = await patch('cat-a', { parentId, isRoot: false });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'parentId', problem: `category ${parentId} is below this category: the parent would make a cycle` }]);
    });

    it('400 when a category would be its own parent', async () => {
      const answer = await patch('cat-b', { parentId: 'cat-b' });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'parentId', problem: 'a category cannot be its own parent' }]);
    });

    it('400 when the parent does not exist', async () => {
      const answer = await patch('cat-x', { parentId: '42' });
      expect(answer.body.details).toEqual([{ field: 'parentId', problem: 'category 42 does not exist' }]);
    });

    it('400 when isRoot contradicts the parent the category keeps', async () => {
      const answer = await patch('cat-b', { isRoot: true });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'isRoot', problem: 'a root category has no parentId' }]);
    });

    it('409 CATALOG_LIFECYCLE going back to In design', async () => {
      expectTmfError(await patch('cat-x', { lifecycleStatus: 'In design' }), 409, 'CATALOG_LIFECYCLE', tmf620);
    });

    it('412 on a stale If-Match', async () => {
      expectTmfError(await patch('cat-x', { name: 'x' }, { headers: { 'If-Match': 'W/"4"' } }), 412, 'PRECONDITION_FAILED', tmf620);
    });

    it('403 for an agent', async () => {
      expectTmfError(await patch('cat-x', { name: 'x' }, { claims: agentClaims }), 403, 'FORBIDDEN', tmf620);
    });
  });
});

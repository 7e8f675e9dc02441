import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CatalogLifecycleStatus } from '../../../domain/catalog/catalog-lifecycle.js';
import { handler } from '../../../functions/catalog/patch-catalog.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, customerClaims, resourceEvent, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, catalogResource, categoryResource, FakeCatalogTable } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = `${catalogApi}/catalog`;
const now = '2026-03-02T10:00:00.000Z';

const patch = (body: unknown, input: Partial<ApiEventInput> = {}, id = 'c-1') => invoke(handler, resourceEvent('PATCH', path, id, { body, ...input }));
const writes = () => documentMock.commandCalls(TransactWriteCommand);
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

let table: FakeCatalogTable;
const storeCatalog = (status: CatalogLifecycleStatus, version = 3) => {
  const catalog = catalogResource('c-1', status, { description: 'Everything', category: [{ id: 'cat-1' }] });
  table.put('Catalog', catalog, version);
  return catalog;
};

beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable().install(documentMock).put('Category', categoryResource('cat-1')).put('Category', categoryResource('cat-2'));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('PATCH /catalog/{id} (patch-catalog)', () => {
  it('200: writes the merged catalog conditional on the version read, with no events, and answers the next ETag', async () => {
    const stored = storeCatalog('In design');
    const answer = await patch({ name: 'Consumers', description: null });

    expect(answer.statusCode).toBe(200);
    const { description: _removed, ...kept } = stored;
    expect(answer.body).toEqual({ ...kept, name: 'Consumers', lastUpdate: now });
    expect(answer.headers.etag).toBe('W/"4"');
    expectValidTmf(tmf620, 'Catalog', answer.body);
    expect(documentMock.commandCalls(BatchGetCommand)).toHaveLength(0);

    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(1);
    expect(items[0]!.Update).toMatchObject({
      TableName: 'bss-test',
      Key: { pk: 'CATALOG#c-1', sk: 'CATALOG' },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 3, ':next': 4, ':resource': answer.body },
    });
  });

  it('a new category list is checked with one BatchGetItem', async () => {
    storeCatalog('Active');
    const answer = await patch({ category: [{ id: 'cat-2' }, { id: 'cat-1' }] });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.category).toEqual([{ id: 'cat-2' }, { id: 'cat-1' }]);
    expect(batchGetKeys(documentMock)).toEqual([['CATEGORY#cat-2', 'CATEGORY#cat-1']]);
  });

  it.each([
    ['In design', 'Active'],
    ['In design', 'Launched'],
    ['Active', 'Launched'],
    ['Active', 'Retired'],
    ['Launched', 'Retired'],
  ] as const)('lifecycle %s -> %s is allowed', async (from, to) => {
    storeCatalog(from);
    const answer = await patch({ lifecycleStatus: to });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.lifecycleStatus).toBe(to);
  });

  it('If-Match with the current version (or *) lets the patch through', async () => {
    storeCatalog('Active');
    expect((await patch({ name: 'A' }, { headers: { 'If-Match': 'W/"3"' } })).statusCode).toBe(200);
    expect((await patch({ name: 'B' }, { headers: { 'If-Match': '*' } })).statusCode).toBe(200);
  });

  it('409 CONCURRENT_MODIFICATION when the version moved on between read and write', async () => {
    storeCatalog('Active');
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    expectTmfError(await patch({ name: 'A' }), 409, 'CONCURRENT_MODIFICATION', tmf620);
  });

  it('412 when the version moved on after a matching If-Match was checked', async () => {
    storeCatalog('Active');
    documentMock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));
    expectTmfError(await patch({ name: 'A' }, { headers: { 'If-Match': 'W/"3"' } }), 412, 'PRECONDITION_FAILED', tmf620);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('412 PRECONDITION_FAILED on a stale If-Match', async () => {
      storeCatalog('Active');
      const answer = await patch({ name: 'A' }, { headers: { 'If-Match': 'W/"2"' } });
      expectTmfError(answer, 412, 'PRECONDITION_FAILED', tmf620);
      expect(answer.body.message).toContain('version 3');
    });

    it.each([
      ['In design', 'Retired'],
      ['Active', 'In design'],
      ['Launched', 'Active'],
      ['Retired', 'Launched'],
    ] as const)('409 CATALOG_LIFECYCLE for %s -> %s', async (from, to) => {
      storeCatalog(from);
      const answer = await patch({ lifecycleStatus: to });
      expectTmfError(answer, 409, 'CATALOG_LIFECYCLE', tmf620);
    });

    it('409 CATALOG_LIFECYCLE for any change to a Retired catalog', async () => {
      storeCatalog('Retired');
      const answer = await patch({ description: 'still here' });
      expectTmfError(answer, 409, 'CATALOG_LIFECYCLE', tmf620);
      expect(answer.body.message).toBe('a Retired catalog cannot be changed');
    });

    it('400 naming a category that does not exist', async () => {
      storeCatalog('Active');
      const answer = await patch({ category: [{ id: 'cat-1' }, { id: '42' }] });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([{ field: 'category[1].id', problem: 'category 42 does not exist' }]);
    });

    it('400 naming read-only attributes, and on an empty patch', async () => {
      storeCatalog('Active');
      const answer = await patch({ id: 'c-9', href: '/x', lastUpdate: now, createdAt: now });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toContain('id, href, lastUpdate, createdAt');
      expectTmfError(await patch({}), 400, 'INVALID_REQUEST', tmf620);
    });

    it('404 for an unknown catalog', async () => {
      expectTmfError(await patch({ name: 'x' }, {}, 'nothing'), 404, 'NOT_FOUND', tmf620);
    });

    it.each([
      ['an agent', agentClaims],
      ['a customer', customerClaims('cust-1')],
    ])('403 for %s, before reading anything', async (_who, claims) => {
      storeCatalog('Active');
      expectTmfError(await patch({ name: 'x' }, { claims }), 403, 'FORBIDDEN', tmf620);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });
});

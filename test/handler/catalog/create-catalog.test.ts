import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/catalog/create-catalog.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { batchGetKeys, catalogApi, categoryResource, FakeCatalogTable } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
const dynamoMock = mockClient(DynamoDBClient);
afterAll(() => {
  documentMock.restore();
  dynamoMock.restore();
});

const path = `${catalogApi}/catalog`;
const now = '2026-03-01T09:00:00.000Z';

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Consumer',
  description: 'Mobile and broadband for consumers',
  catalogType: 'ProductCatalog',
  category: [
    { id: 'cat-1', name: 'Mobile' },
    { id: 'cat-2', name: 'Broadband' },
  ],
  relatedParty: [{ id: 'org-1', name: 'BSS Telecom', role: 'owner', '@referredType': 'Organization' }],
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
  ...overrides,
});

const post = (input: Partial<ApiEventInput> = {}) => invoke(handler, apiEvent({ method: 'POST', path, body: body(), ...input }), lambdaContext('create-catalog'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  dynamoMock.reset();
  new FakeCatalogTable().install(documentMock).put('Category', categoryResource('cat-1')).put('Category', categoryResource('cat-2', 'In design'));
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /catalog (create-catalog)', () => {
  it('201: stores the catalog In design, after one BatchGetItem for its categories, with no events', async () => {
    const answer = await post();

    expect(answer.statusCode).toBe(201);
    const catalog = answer.body;
    expect(catalog).toEqual({
      ...body(),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      href: `${path}/${catalog.id}`,
      lifecycleStatus: 'In design',
      lastUpdate: now,
      '@type': 'Catalog',
      createdAt: now,
    });
    expect(answer.headers.location).toBe(catalog.href);
    expect(answer.headers.etag).toBe('W/"1"');
    expectValidTmf(tmf620, 'Catalog', catalog);

    expect(batchGetKeys(documentMock)).toEqual([['CATEGORY#cat-1', 'CATEGORY#cat-2']]);
    const [write] = writes();
    expect(write!.args[0].input.TransactItems).toEqual([
      {
        Put: {
          TableName: 'bss-test',
          ConditionExpression: 'attribute_not_exists(pk)',
          Item: {
            pk: `CATALOG#${catalog.id}`,
            sk: 'CATALOG',
            gsi1pk: 'TYPE#Catalog',
            gsi1sk: `${now}#${catalog.id}`,
            entityType: 'Catalog',
            version: 1,
            resource: catalog,
          },
        },
      },
    ]);
  });

  it('a catalog may start on sale, and needs no category', async () => {
    const answer = await post({ body: { name: 'Business', lifecycleStatus: 'Launched' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.body.lifecycleStatus).toBe('Launched');
    expectValidTmf(tmf620, 'Catalog', answer.body);
    expect(batchGetKeys(documentMock)).toEqual([]);
  });

  describe('rejections write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('400 naming each category that does not exist', async () => {
      const answer = await post({ body: body({ category: [{ id: 'cat-1' }, { id: '42' }, { id: 'cat-1' }] }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(answer.body.details).toEqual([
        { field: 'category[1].id', problem: 'category 42 does not exist' },
        { field: 'category[2].id', problem: 'category cat-1 is listed twice' },
      ]);
      expect(answer.body.message).toContain('category[1].id: category 42 does not exist');
    });

    it('400 naming invalid, unknown and read-only fields', async () => {
      const answer = await post({
        body: { ...body(), id: 'mine', lastUpdate: now, name: '', validFor: { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' } },
      });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(expect.arrayContaining(['id, lastUpdate', 'name', 'validFor.endDateTime']));
      expect(documentMock.calls()).toHaveLength(0);
    });

    it('400 on a Retired catalog: resources retire only once they existed', async () => {
      const answer = await post({ body: body({ lifecycleStatus: 'Retired' }) });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf620);
      expect(detailFields(answer)).toEqual(['lifecycleStatus']);
    });

    it.each([
      ['an agent', agentClaims],
      ['a customer', customerClaims('cust-1')],
    ])('403 for %s, before reading anything', async (_who, claims) => {
      const answer = await post({ claims });
      expectTmfError(answer, 403, 'FORBIDDEN', tmf620);
      expect(documentMock.calls()).toHaveLength(0);
    });
  });

  describe('with an Idempotency-Key', () => {
    beforeEach(() => {
      new FakeIdempotencyTable().install(dynamoMock);
    });

    it('replays the first answer for a retry without writing again', async () => {
      const first = await post({ headers: { 'Idempotency-Key': 'catalog-1' } });
      const replay = await post({ headers: { 'Idempotency-Key': 'catalog-1' } });
      expect(first.statusCode).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(first.headers.location);
      expect(writes()).toHaveLength(1);
      expect(dynamoMock.commandCalls(PutItemCommand)[0]!.args[0].input.Item!.pk).toEqual({ S: 'IDEMPOTENCY#create-catalog' });
    });

    it('422 when the key comes back with another body', async () => {
      await post({ headers: { 'Idempotency-Key': 'catalog-2' } });
      expectTmfError(await post({ headers: { 'Idempotency-Key': 'catalog-2' }, body: body({ name: 'Other' }) }), 422, 'IDEMPOTENCY_KEY_REUSED', tmf620);
      expect(writes()).toHaveLength(1);
    });
  });
});

import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogLifecycleStatus } from '../../../domain/catalog/catalog-lifecycle.js';
import { handler as getCatalog } from '../../../functions/catalog/get-catalog.js';
import { handler as getCategory } from '../../../functions/catalog/get-category.js';
import { handler as getProductSpecification } from '../../../functions/catalog/get-product-specification.js';
import { agentClaims, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf620 } from '../../support/tmf-schema.js';
import { catalogApi, catalogKey, catalogResource, categoryResource, FakeCatalogTable, productSpecificationResource, type Kind } from './catalog-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeCatalogTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeCatalogTable().install(documentMock);
});

const resources = [
  { kind: 'Catalog', path: 'catalog', handler: getCatalog, make: catalogResource },
  { kind: 'Category', path: 'category', handler: getCategory, make: categoryResource },
  { kind: 'ProductSpecification', path: 'productSpecification', handler: getProductSpecification, make: productSpecificationResource },
] as const;

describe.each(resources)('GET /$path/{id}', ({ kind, path, handler, make }) => {
  const get = (id: string, claims?: Claims | null, query?: Record<string, string>) =>
    invoke(handler, resourceEvent('GET', `${catalogApi}/${path}`, id, { ...(claims !== undefined ? { claims } : {}), ...(query ? { query } : {}) }));

  const store = (id: string, status: CatalogLifecycleStatus, version = 1) => {
    const resource = make(id, status);
    table.put(kind as Kind, resource, version);
    return resource;
  };

  it('200 with the resource and its ETag, in one GetItem', async () => {
    const resource = store('r-1', 'In design', 4);
    const answer = await get('r-1');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(resource);
    expect(answer.headers.etag).toBe('W/"4"');
    expectValidTmf(tmf620, kind, answer.body);
    expect(documentMock.calls()).toHaveLength(1);
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toEqual({ TableName: 'bss-test', Key: catalogKey(kind as Kind, 'r-1') });
  });

  it('fields keeps the requested attributes plus id, href and @type', async () => {
    const resource = store('r-1', 'Launched');
    const answer = await get('r-1', undefined, { fields: 'name,lifecycleStatus' });
    expect(answer.body).toEqual({ id: 'r-1', href: resource.href, '@type': kind, name: resource.name, lifecycleStatus: 'Launched' });
  });

  it('404 for an unknown id', async () => {
    const answer = await get('nothing-here');
    expectTmfError(answer, 404, 'NOT_FOUND', tmf620);
    expect(answer.body.message).toContain('nothing-here');
  });

  it.each(['In design', 'Retired'] as const)('404 for a customer when the resource is %s, as if it did not exist', async (status) => {
    store('r-1', status);
    const answer = await get('r-1', customerClaims('cust-1'));
    expectTmfError(answer, 404, 'NOT_FOUND', tmf620);
    expect(answer.body.message).toBe(`${path} r-1 does not exist`);
  });

  it.each(['Active', 'Launched'] as const)('200 for a customer when the resource is %s (on sale)', async (status) => {
    store('r-1', status);
    const answer = await get('r-1', customerClaims('cust-1'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body.lifecycleStatus).toBe(status);
  });

  it('agents see resources that are not on sale', async () => {
    store('r-1', 'Retired');
    expect((await get('r-1', agentClaims)).statusCode).toBe(200);
  });

  it('401 without claims', async () => {
    store('r-1', 'Launched');
    expectTmfError(await get('r-1', null), 401, 'UNAUTHORIZED', tmf620);
    expect(documentMock.calls()).toHaveLength(0);
  });
});

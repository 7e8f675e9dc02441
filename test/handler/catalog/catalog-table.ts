import { BatchGetCommand, GetCommand, type BatchGetCommandInput, type DynamoDBDocumentClient, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { CatalogLifecycleStatus } from '../../../domain/catalog/catalog-lifecycle.js';
import type { Category } from '../../../domain/catalog/category.js';
import type { ProductSpecification } from '../../../domain/catalog/product-specification.js';

/** TMF620 resources and their table items as the catalog store writes them (docs/data-model.md). */
export const catalogApi = '/tmf-api/productCatalogManagement/v4';
export const createdAt = '2026-01-05T08:00:00.000Z';

const keyPrefixes = {
  Catalog: 'CATALOG',
  Category: 'CATEGORY',
  ProductSpecification: 'PRODUCT_SPECIFICATION',
  ProductOffering: 'PRODUCT_OFFERING',
  ProductOfferingPrice: 'PRODUCT_OFFERING_PRICE',
} as const;
export type Kind = keyof typeof keyPrefixes;

export const catalogKey = (kind: Kind, id: string) => ({ pk: `${keyPrefixes[kind]}#${id}`, sk: keyPrefixes[kind] });

export function catalogItem(kind: Kind, resource: { id: string }, version = 1) {
  return {
    ...catalogKey(kind, resource.id),
    gsi1pk: `TYPE#${kind}`,
    gsi1sk: `${createdAt}#${resource.id}`,
    entityType: kind,
    version,
    resource,
  };
}

const common = (id: string, path: string, lifecycleStatus: CatalogLifecycleStatus) => ({
  id,
  href: `${catalogApi}/${path}/${id}`,
  lifecycleStatus,
  lastUpdate: createdAt,
  createdAt,
});

export const catalogResource = (id: string, lifecycleStatus: CatalogLifecycleStatus = 'Launched', overrides: Partial<Catalog> = {}): Catalog => ({
  ...common(id, 'catalog', lifecycleStatus),
  name: `Catalog ${id}`,
  catalogType: 'ProductCatalog',
  '@type': 'Catalog',
  ...overrides,
});

export const categoryResource = (id: string, lifecycleStatus: CatalogLifecycleStatus = 'Launched', overrides: Partial<Category> = {}): Category => ({
  ...common(id, 'category', lifecycleStatus),
  name: `Category ${id}`,
  isRoot: overrides.parentId === undefined,
  '@type': 'Category',
  ...overrides,
});

export const productSpecificationResource = (
  id: string,
  lifecycleStatus: CatalogLifecycleStatus = 'Launched',
  overrides: Partial<ProductSpecification> = {},
): ProductSpecification => ({
  ...common(id, 'productSpecification', lifecycleStatus),
  name: `Specification ${id}`,
  brand: 'BSS Telecom',
  isBundle: false,
  '@type': 'ProductSpecification',
  ...overrides,
});

/**
 * The catalog items a test stores, served to the mocked document client's GetItem and
 * BatchGetItem as DynamoDB would (absent keys are simply missing from the answer).
 */
export class FakeCatalogTable {
  private readonly items = new Map<string, ReturnType<typeof catalogItem>>();

  install(mock: AwsClientStub<DynamoDBDocumentClient>): this {
    mock.on(GetCommand).callsFake((input: GetCommandInput) => ({ Item: this.items.get(String(input.Key?.pk)) }));
    mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
          table,
          (request.Keys ?? []).flatMap((key) => this.items.get(String(key.pk)) ?? []),
        ]),
      ),
    }));
    return this;
  }

  put(kind: Kind, resource: { id: string }, version = 1): this {
    const item = catalogItem(kind, resource, version);
    this.items.set(item.pk, item);
    return this;
  }
}

/** The ids each BatchGetItem asked for, per call. */
export const batchGetKeys = (mock: AwsClientStub<DynamoDBDocumentClient>): string[][] =>
  mock
    .commandCalls(BatchGetCommand)
    .map((call) => Object.values(call.args[0].input.RequestItems ?? {}).flatMap((request) => (request.Keys ?? []).map((key) => String(key.pk))));

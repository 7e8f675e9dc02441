import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from './batch-items.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { ProductSpecification } from '../../../domain/catalog/product-specification.js';
import { stockKeepingUnitOf } from '../../../domain/orders/order-characteristics.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { queryAllItems } from './query-all.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { byType, keys, versionedResourceUpdate } from './table-items.js';

/**
 * The five TMF620 resources share one storage shape: one item per resource, keyed by kind and
 * id, listed per kind through gsi1, and written together with their outbox events.
 */
export type CatalogKind = 'Catalog' | 'Category' | 'ProductSpecification' | 'ProductOffering' | 'ProductOfferingPrice';

export interface StoredCatalogResource<T> {
  resource: T;
  version: number;
}

/**
 * Top-level item attributes copied from the resource at write time, so list filters on
 * arrays of references (`category.id` → `categoryIds`) are a DynamoDB `contains`.
 */
export type ListAttributes = Record<string, string[]>;

export async function insertCatalogResource<T extends { id: string }>(
  kind: CatalogKind,
  resource: T,
  createdAt: string,
  events: DomainEvent[],
  listAttributes: ListAttributes = {},
): Promise<void> {
  const table = tableName();
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: {
              ...keys.catalogResource(kind, resource.id),
              ...byType(kind, createdAt, resource.id),
              entityType: kind,
              version: 1,
              resource,
              ...listAttributes,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...events.map((event) => outboxPut(table, event)),
      ],
    }),
  );
}

export async function findCatalogResource<T>(kind: CatalogKind, id: string): Promise<StoredCatalogResource<T> | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.catalogResource(kind, id) }));
  if (!Item) return undefined;
  return { resource: Item.resource as T, version: Item.version as number };
}

/** Many resources of one kind by id; ids that do not exist are simply absent from the map. */
export async function findCatalogResources<T>(kind: CatalogKind, ids: Iterable<string>): Promise<Map<string, T>> {
  const items = await batchGetItems([...new Set(ids)].map((id) => keys.catalogResource(kind, id)), { what: kind });
  return new Map(items.map((item) => [(item.resource as { id: string }).id, item.resource as T]));
}

export function listCatalogResources<T>(
  kind: CatalogKind,
  page: { filters: AttributeFilter[]; offset: number; limit: number },
): Promise<ListPage<T>> {
  return listResources<T>({ index: 'gsi1', partitionKey: `TYPE#${kind}`, ...page });
}

/** Replaces the resource if its version is still `expectedVersion`, with its events; returns the new version. */
export async function updateCatalogResource<T extends { id: string }>(
  kind: CatalogKind,
  resource: T,
  expectedVersion: number,
  events: DomainEvent[],
  listAttributes: ListAttributes = {},
): Promise<number> {
  const table = tableName();
  const update = versionedResourceUpdate(table, keys.catalogResource(kind, resource.id), resource, expectedVersion);
  const listNames = Object.keys(listAttributes);
  for (const [index, name] of listNames.entries()) {
    update.Update.UpdateExpression += `, #list${index} = :list${index}`;
    (update.Update.ExpressionAttributeNames as Record<string, string>)[`#list${index}`] = name;
    (update.Update.ExpressionAttributeValues as Record<string, unknown>)[`:list${index}`] = listAttributes[name];
  }
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [update, ...events.map((event) => outboxPut(table, event))] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`${kind} ${resource.id} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/**
 * Whether some product specification names `sku` as its `stockKeepingUnit`: the specifications
 * are read (their characteristics only) through gsi1, a catalog's few hundred in a page or two.
 * Asked only of a SKU stock has never seen, so no index is kept for it.
 */
export async function isCatalogStockKeepingUnit(sku: string): Promise<boolean> {
  const items = await queryAllItems({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :type',
    ExpressionAttributeValues: { ':type': 'TYPE#ProductSpecification' },
    ProjectionExpression: '#resource.#characteristics',
    ExpressionAttributeNames: { '#resource': 'resource', '#characteristics': 'productSpecCharacteristic' },
  });
  return items.some((item) => stockKeepingUnitOf(item.resource as Pick<ProductSpecification, 'productSpecCharacteristic'> | undefined) === sku);
}

/** Removes the resource if its version is still `expectedVersion`, with its events in the same transaction. */
export async function deleteCatalogResource(kind: CatalogKind, id: string, expectedVersion: number, events: DomainEvent[]): Promise<void> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: table,
              Key: keys.catalogResource(kind, id),
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`${kind} ${id} changed since version ${expectedVersion}`);
    throw error;
  }
}

/**
 * Every resource of one kind, projected on the named top-level resource attributes (`id` and
 * `lifecycleStatus` always): a Query of the kind's gsi1 partition, the catalog's few hundred
 * resources in a page or two, never a Scan. DELETE reads what refers to a resource this way.
 */
export async function projectCatalogResources<T>(kind: CatalogKind, attributes: readonly string[]): Promise<T[]> {
  const names = [...new Set(['id', 'lifecycleStatus', ...attributes])];
  const items = await queryAllItems({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :type',
    ExpressionAttributeValues: { ':type': `TYPE#${kind}` },
    ProjectionExpression: names.map((_, index) => `#resource.#a${index}`).join(', '),
    ExpressionAttributeNames: { '#resource': 'resource', ...Object.fromEntries(names.map((name, index) => [`#a${index}`, name])) },
  });
  return items.map((item) => item.resource as T);
}

import { BatchGetCommand, GetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ownerCustomerIdOfProduct, type Product } from '../../../domain/product-inventory/product.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { byCustomer, byType, versionedResourceUpdate, type EntityItem } from './table-items.js';

/**
 * TMF637 products: one item per product, PRODUCT#<id>/PRODUCT, listed by type (gsi1) and by
 * owning customer (gsi2). Products are written only by order-to-cash, inside its own
 * transactions, so this store hands out transaction actions instead of writing itself.
 */
export interface StoredProduct {
  product: Product;
  version: number;
}

export const productKey = (id: string) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' });

/** BatchGetItem takes at most 100 keys per request. */
const batchGetLimit = 100;

function productItem(product: Product): EntityItem<Product> {
  return {
    ...productKey(product.id),
    ...byType('Product', product.createdAt, product.id),
    ...byCustomer(ownerCustomerIdOfProduct(product), 'Product', product.createdAt, product.id),
    entityType: 'Product',
    version: 1,
    resource: product,
  };
}

/** The TransactWriteItems action that records a new product (fails if the id is taken). */
export function productPut(product: Product) {
  return {
    Put: {
      TableName: tableName(),
      Item: productItem(product),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The TransactWriteItems action that replaces a product if it is still at `expectedVersion`.
 * Owner, creation time and therefore the index keys never change, so only the resource moves.
 */
export function productUpdate(product: Product, expectedVersion: number) {
  return versionedResourceUpdate(tableName(), productKey(product.id), product, expectedVersion);
}

export async function findProduct(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredProduct | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: productKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }),
  );
  if (!Item) return undefined;
  return { product: Item.resource as Product, version: Item.version as number };
}

/**
 * Many products by id: one BatchGetItem per 100 ids, retrying the keys DynamoDB leaves
 * unprocessed. Ids that do not exist are absent from the map.
 */
export async function findProducts(ids: Iterable<string>, options: { consistentRead?: boolean } = {}): Promise<Map<string, StoredProduct>> {
  const found = new Map<string, StoredProduct>();
  const unique = [...new Set(ids)];
  const table = tableName();
  for (let start = 0; start < unique.length; start += batchGetLimit) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(start, start + batchGetLimit).map(productKey);
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error(`BatchGetItem left ${pending.length} product keys unprocessed after ${attempt} attempts`);
      if (attempt > 0) await new Promise((resolveDelay) => setTimeout(resolveDelay, Math.min(1000, 25 * 2 ** attempt)));
      const answer: BatchGetCommandOutput = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ...(options.consistentRead ? { ConsistentRead: true } : {}) } } }),
      );
      for (const item of answer.Responses?.[table] ?? []) {
        const product = item.resource as Product;
        found.set(product.id, { product, version: item.version as number });
      }
      pending = answer.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/** One page of products: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export function listProducts(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<Product>> {
  const { customerId, ...rest } = page;
  return customerId
    ? listResources<Product>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'Product#', ...rest })
    : listResources<Product>({ index: 'gsi1', partitionKey: 'TYPE#Product', ...rest });
}

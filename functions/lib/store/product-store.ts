import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetItems } from './batch-items.js';
import type { ChargeTerm } from '../../../domain/billing/charge-term.js';
import { ownerCustomerIdOfProduct, type Product } from '../../../domain/product-inventory/product.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
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
  /** What billing charges the product for, term by term (docs/billing.md); absent on products sold before billing. */
  chargeTerms: ChargeTerm[];
  /** The test clock its customer lives on. */
  testClockId?: string;
}

/** Beside the TMF resource, never served: what billing needs of the product. */
export interface ProductBilling {
  chargeTerms: ChargeTerm[];
  testClockId?: string | undefined;
}

export const productKey = (id: string) => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' });

function productItem(product: Product, billing: ProductBilling): EntityItem<Product> & Record<string, unknown> {
  return {
    ...productKey(product.id),
    ...byType('Product', product.createdAt, product.id),
    ...byCustomer(ownerCustomerIdOfProduct(product), 'Product', product.createdAt, product.id),
    entityType: 'Product',
    version: 1,
    resource: product,
    chargeTerms: billing.chargeTerms,
    ...(billing.testClockId ? { testClockId: billing.testClockId } : {}),
  };
}

export function storedProductOf(item: Record<string, unknown>): StoredProduct {
  return {
    product: item.resource as Product,
    version: item.version as number,
    chargeTerms: (item.chargeTerms as ChargeTerm[] | undefined) ?? [],
    ...(typeof item.testClockId === 'string' ? { testClockId: item.testClockId } : {}),
  };
}

/** The TransactWriteItems action that records a new product (fails if the id is taken). */
export function productPut(product: Product, billing: ProductBilling) {
  return {
    Put: {
      TableName: tableName(),
      Item: productItem(product, billing),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * The TransactWriteItems action that replaces a product, and its charge terms, if it is still
 * at `expectedVersion`. Owner, creation time and therefore the index keys never change.
 */
export function productUpdate(product: Product, expectedVersion: number, chargeTerms: ChargeTerm[]) {
  const update = versionedResourceUpdate(tableName(), productKey(product.id), product, expectedVersion);
  update.Update.UpdateExpression += ', #chargeTerms = :chargeTerms';
  (update.Update.ExpressionAttributeNames as Record<string, string>)['#chargeTerms'] = 'chargeTerms';
  (update.Update.ExpressionAttributeValues as Record<string, unknown>)[':chargeTerms'] = chargeTerms;
  return update;
}

export async function findProduct(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredProduct | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName(), Key: productKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }),
  );
  return Item ? storedProductOf(Item) : undefined;
}

/** Many products by id; ids that do not exist are absent from the map. */
export async function findProducts(ids: Iterable<string>, options: { consistentRead?: boolean } = {}): Promise<Map<string, StoredProduct>> {
  const items = await batchGetItems([...new Set(ids)].map(productKey), { ...options, what: 'product' });
  return new Map(items.map((item) => [(item.resource as Product).id, storedProductOf(item)]));
}

/** What usage guiding reads of a product: who it is billed to and its charge terms, not the whole TMF resource. */
export interface ProductForGuiding {
  product: Pick<Product, 'id' | 'name' | 'relatedParty' | 'billingAccount'>;
  chargeTerms: ChargeTerm[];
  testClockId?: string;
}

/**
 * Many products by id for usage guiding, each with only the attributes guiding reads. A
 * product item is about 3 KB (prices, characteristics, order references); a usage batch reads
 * hundreds of them, and the projection makes that read about a third cheaper for DynamoDB and
 * half for this function (measured on DynamoDB Local). The items are read as they are stored,
 * at each call, like findProducts: nothing is remembered between calls.
 */
export async function findProductsForGuiding(ids: Iterable<string>): Promise<Map<string, ProductForGuiding>> {
  const items = await batchGetItems([...new Set(ids)].map(productKey), {
    what: 'product',
    projection: {
      expression: '#resource.#id, #resource.#name, #resource.#relatedParty, #resource.#billingAccount, #chargeTerms, #testClockId',
      names: { '#resource': 'resource', '#id': 'id', '#name': 'name', '#relatedParty': 'relatedParty', '#billingAccount': 'billingAccount', '#chargeTerms': 'chargeTerms', '#testClockId': 'testClockId' },
    },
  });
  return new Map(
    items.map((item) => {
      const product = item.resource as ProductForGuiding['product'];
      const guiding: ProductForGuiding = {
        product,
        chargeTerms: (item.chargeTerms as ChargeTerm[] | undefined) ?? [],
        ...(typeof item.testClockId === 'string' ? { testClockId: item.testClockId } : {}),
      };
      return [product.id, guiding];
    }),
  );
}

/** One page of products: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export function listProducts(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<Product>> {
  const { customerId, ...rest } = page;
  return customerId
    ? listResources<Product>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'Product#', ...rest })
    : listResources<Product>({ index: 'gsi1', partitionKey: 'TYPE#Product', ...rest });
}

/** A product of a page with what is kept beside it (its charge terms), for the reads that serve more than the stored resource. */
export type ListedProduct = StoredProduct & { id: string; createdAt: string };

/** One page of products as listProducts reads it, each with its charge terms (the same Query: the whole items are read anyway). */
export function listStoredProducts(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<ListedProduct>> {
  const { customerId, ...rest } = page;
  const present = (item: Record<string, unknown>): ListedProduct => {
    const stored = storedProductOf(item);
    return { ...stored, id: stored.product.id, createdAt: stored.product.createdAt };
  };
  return customerId
    ? listResources<ListedProduct>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'Product#', ...rest, present })
    : listResources<ListedProduct>({ index: 'gsi1', partitionKey: 'TYPE#Product', ...rest, present });
}

/**
 * Every product an account is billed for, with its charge terms: one Query of the owner's
 * products (gsi2), narrowed to the account. Billing reads them once per bill.
 */
export async function productsOfAccount(customerId: string, billingAccountId: string): Promise<StoredProduct[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    FilterExpression: '#resource.#account.#id = :account',
    ExpressionAttributeNames: { '#resource': 'resource', '#account': 'billingAccount', '#id': 'id' },
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'Product#', ':account': billingAccountId },
  });
  return items.map(storedProductOf);
}

/**
 * Every product of a customer, of all its accounts, with their charge terms: one Query of its
 * products (gsi2). The account overview reads them once for all the customer's accounts.
 */
export async function productsOfCustomer(customerId: string): Promise<StoredProduct[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'Product#' },
  });
  return items.map(storedProductOf);
}

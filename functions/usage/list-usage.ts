import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import type { Usage } from '../../domain/usage/usage.js';
import type { Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, instantFilter, parseCollectionQuery, type CollectionQuery } from '../lib/http/collection-query.js';
import { listAcrossPartitions } from '../lib/http/owned-collection.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import type { AttributeFilter, ListPage } from '../lib/store/list-resources.js';
import { findProducts } from '../lib/store/product-store.js';
import { listUsage } from '../lib/store/usage-store.js';
import { readsEveryUsage } from './usage-visibility.js';

const productFilter = 'product.id';
const customerFilter = 'relatedParty.id';
const accountFilter = 'billingAccount.id';
const usedFrom = 'usageDate.gte';
const usedBefore = 'usageDate.lt';
const resourceFilters = ['status', 'usageType'] as const;
const filterable = [productFilter, customerFilter, accountFilter, ...resourceFilters, usedFrom, usedBefore] as const;

/**
 * TMF635 GET /usage, always from an index partition, never a scan (docs/usage.md, "Reading
 * usage"): a product's records (`product.id`, gsi1), a customer's (`relatedParty.id`, gsi2), a
 * billing account's (`billingAccount.id`: its owner's gsi2 partition, filtered on the record's
 * account), or, for staff, the rejected records waiting for a correction (`status=rejected`
 * alone, gsi3). `usageDate.gte`/`usageDate.lt` bound the date part of the sort key; `status` and
 * `usageType` filter. Several products or customers are one Query each, merged by usage date.
 * A customer is always narrowed to its own records: another's product or account gives an
 * empty list, as an unknown one does.
 */
async function listUsageUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const dateFrom = instantFilter(query.filters.get(usedFrom)?.values, usedFrom);
  const dateBefore = instantFilter(query.filters.get(usedBefore)?.values, usedBefore);
  const window = { ...(dateFrom ? { dateFrom } : {}), ...(dateBefore ? { dateBefore } : {}) };
  const filters = resourceFilters.flatMap((name) => query.filters.get(name) ?? []);
  const owners = ownersVisibleTo(principal, query.filters.get(customerFilter)?.values);
  const productIds = query.filters.get(productFilter)?.values;
  const accountIds = query.filters.get(accountFilter)?.values;
  const page = { offset: query.offset, limit: query.limit };
  const byUsageDate = (usage: Usage) => usage.usageDate;

  let found: ListPage<Usage>;
  if (productIds !== undefined) {
    const products = owners === undefined ? unique(productIds) : await productsOwnedBy(productIds, owners);
    const narrowed = accountIds === undefined ? filters : [...filters, billingAccountFilter(accountIds)];
    found = await listAcrossPartitions(products, page, (productId, part) => listUsage({ productId, filters: narrowed, ...window, ...part }), byUsageDate);
  } else if (accountIds !== undefined) {
    const accounts = await accountsOwnedBy(accountIds, owners);
    const customers = unique([...accounts.values()]);
    const narrowed = [...filters, billingAccountFilter([...accounts.keys()])];
    found = await listAcrossPartitions(customers, page, (customerId, part) => listUsage({ customerId, filters: narrowed, ...window, ...part }), byUsageDate);
  } else if (owners !== undefined) {
    found = await listAcrossPartitions(unique(owners), page, (customerId, part) => listUsage({ customerId, filters, ...window, ...part }), byUsageDate);
  } else if (isRejectedQueue(query)) {
    if (dateFrom !== undefined || dateBefore !== undefined) {
      // The rejected queue is ordered by arrival, not by usage date: a date window there would be a filtered read of the whole queue.
      throw ApiError.badRequest('the rejected records are listed by arrival; a usageDate window needs a product.id, relatedParty.id or billingAccount.id', [
        { field: dateFrom !== undefined ? usedFrom : usedBefore, problem: 'give product.id, relatedParty.id or billingAccount.id with it' },
      ]);
    }
    found = await listUsage({ rejected: true, filters, ...page });
  } else {
    throw ApiError.badRequest('name whose usage to list: product.id, relatedParty.id or billingAccount.id (or status=rejected alone for the rejected records)', [
      { field: productFilter, problem: 'give a product, a customer or a billing account' },
      { field: customerFilter, problem: 'give a product, a customer or a billing account' },
      { field: accountFilter, problem: 'give a product, a customer or a billing account' },
    ]);
  }
  return collectionResponse(found.items, found.total, query.fields);
}

/** Whose records the caller may list: anyone's for staff and feeds (undefined when it names nobody), only its own for a customer. */
function ownersVisibleTo(principal: Principal, asked: string[] | undefined): string[] | undefined {
  if (readsEveryUsage(principal)) return asked;
  const own = principal.customerId ?? '';
  return asked === undefined || asked.includes(own) ? [own] : [];
}

/** The products among `ids` that exist and belong to one of `owners` (one BatchGetItem). */
async function productsOwnedBy(ids: readonly string[], owners: readonly string[]): Promise<string[]> {
  if (owners.length === 0) return [];
  const products = await findProducts(ids);
  return unique(ids).filter((id) => {
    const product = products.get(id);
    return product !== undefined && owners.includes(ownerCustomerIdOfProduct(product.product));
  });
}

/** The accounts among `ids` that exist (and belong to one of `owners`, when given), with their owner. */
async function accountsOwnedBy(ids: readonly string[], owners: readonly string[] | undefined): Promise<Map<string, string>> {
  if (owners?.length === 0) return new Map();
  const accounts = await Promise.all(unique(ids).map((id) => findBillingAccount(id)));
  const owned = new Map<string, string>();
  for (const stored of accounts) {
    if (!stored) continue;
    const owner = ownerCustomerId(stored.account);
    if (owners === undefined || owners.includes(owner)) owned.set(stored.account.id, owner);
  }
  return owned;
}

/** A record's account is the top-level list `billingAccountIds`, written with it. */
function billingAccountFilter(accountIds: readonly string[]): AttributeFilter {
  return { path: ['billingAccount', 'id'], values: [...accountIds], listAttribute: 'billingAccountIds' };
}

function isRejectedQueue(query: CollectionQuery): boolean {
  const statuses = query.filters.get('status')?.values;
  return statuses !== undefined && statuses.length === 1 && statuses[0] === 'rejected';
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

export const handler = apiHandler(listUsageUseCase);

import { seesEveryCustomer, type Principal } from '../auth/principal.js';
import { listAcrossPartitions, type AttributeFilter, type ListPage } from '../store/list-resources.js';
import type { CollectionQuery } from './collection-query.js';

export { listAcrossPartitions };

export type ListPageOf<T> = (page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }) => Promise<ListPage<T>>;

/**
 * One page of resources that customers own, listed by type (everyone's) or by customer (gsi2).
 * `ownerFilter` (e.g. `relatedParty.id`) selects customers: one Query per customer, merged in
 * creation order; a customer token is always narrowed to its own resources, and filtering on
 * other customers' ids, or a token of no customer at all, gives an empty page without querying
 * anything.
 */
export async function listOwnedResources<T extends { id: string }>(
  query: CollectionQuery,
  principal: Principal,
  ownerFilter: string,
  list: ListPageOf<T>,
  createdAtOf: (resource: T) => string,
): Promise<ListPage<T>> {
  let owners = query.filters.get(ownerFilter)?.values;
  if (!seesEveryCustomer(principal)) {
    // A token with no customer (a mediation feed) owns nothing: an empty page, never everyone's.
    const own = principal.customerId;
    owners = own !== undefined && (owners === undefined || owners.includes(own)) ? [own] : [];
  }
  const filters = [...query.filters].filter(([name]) => name !== ownerFilter).map(([, filter]) => filter);
  const { offset, limit } = query;
  if (owners === undefined) return list({ filters, offset, limit });

  return listAcrossPartitions([...new Set(owners)], { offset, limit }, (customerId, page) => list({ customerId, filters, ...page }), createdAtOf);
}

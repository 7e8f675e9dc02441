import { isStaff, type Principal } from '../auth/principal.js';
import type { AttributeFilter, ListPage } from '../store/list-resources.js';
import type { CollectionQuery } from './collection-query.js';

export type ListPageOf<T> = (page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }) => Promise<ListPage<T>>;

/**
 * One page of resources that customers own, listed by type (everyone's) or by customer (gsi2).
 * `ownerFilter` (e.g. `relatedParty.id`) selects customers: one Query per customer, merged in
 * creation order; a customer token is always narrowed to its own resources, and filtering on
 * other customers' ids gives an empty page without querying anything.
 */
export async function listOwnedResources<T extends { id: string }>(
  query: CollectionQuery,
  principal: Principal,
  ownerFilter: string,
  list: ListPageOf<T>,
  createdAtOf: (resource: T) => string,
): Promise<ListPage<T>> {
  let owners = query.filters.get(ownerFilter)?.values;
  if (!isStaff(principal)) {
    const own = principal.customerId ?? '';
    owners = owners === undefined || owners.includes(own) ? [own] : [];
  }
  const filters = [...query.filters].filter(([name]) => name !== ownerFilter).map(([, filter]) => filter);
  const { offset, limit } = query;
  if (owners === undefined) return list({ filters, offset, limit });

  const perOwner = await Promise.all([...new Set(owners)].map((customerId) => list({ customerId, filters, offset: 0, limit: offset + limit })));
  const merged = perOwner
    .flatMap((owned) => owned.items)
    .sort((a, b) => createdAtOf(a).localeCompare(createdAtOf(b)) || a.id.localeCompare(b.id));
  return { items: merged.slice(offset, offset + limit), total: perOwner.reduce((sum, owned) => sum + owned.total, 0) };
}

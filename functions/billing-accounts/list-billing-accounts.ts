import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listBillingAccounts } from '../lib/store/billing-account-store.js';
import type { ListPage } from '../lib/store/list-resources.js';

const ownerFilter = 'relatedParty.id';
const filterable = [ownerFilter, 'state', 'name', 'accountType', 'paymentStatus', 'currency'] as const;

/**
 * TMF666 GET /billingAccount. `relatedParty.id` selects customers' accounts (one gsi2 Query per
 * customer); a customer token is always narrowed to its own accounts.
 */
async function listBillingAccountsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  let owners = query.filters.get(ownerFilter)?.values;
  query.filters.delete(ownerFilter);
  if (!isStaff(principal)) {
    const own = principal.customerId ?? '';
    owners = owners === undefined || owners.includes(own) ? [own] : [];
  }
  const filters = [...query.filters.values()];
  const { offset, limit } = query;

  let page: ListPage<BillingAccount>;
  if (owners === undefined) {
    page = await listBillingAccounts({ filters, offset, limit });
  } else {
    const perOwner = await Promise.all(
      [...new Set(owners)].map((customerId) => listBillingAccounts({ customerId, filters, offset: 0, limit: offset + limit })),
    );
    const merged = perOwner.flatMap((owned) => owned.items).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    page = { items: merged.slice(offset, offset + limit), total: perOwner.reduce((sum, owned) => sum + owned.total, 0) };
  }
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listBillingAccountsUseCase);

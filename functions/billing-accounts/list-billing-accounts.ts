import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { billingAccountAttributes } from './billing-account-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listBillingAccounts } from '../lib/store/billing-account-store.js';

const ownerFilter = 'relatedParty.id';
const filterable = [ownerFilter, 'state', 'name', 'accountType', 'paymentStatus', 'currency'] as const;

/**
 * TMF666 GET /billingAccount. `relatedParty.id` selects customers' accounts (one gsi2 Query per
 * customer); a customer token is always narrowed to its own accounts.
 */
async function listBillingAccountsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, billingAccountAttributes);
  const page = await listOwnedResources(query, principal, ownerFilter, listBillingAccounts, (account) => account.createdAt);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listBillingAccountsUseCase);

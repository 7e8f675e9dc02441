import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { customerBillOnDemandAttributes } from './bill-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listAllBillsOnDemand, listBillsOnDemand } from '../lib/store/bill-on-demand-store.js';
import { accountFilter, customerFilter, narrowToBilledCustomers } from './billing-account-owner.js';

const filterable = [customerFilter, accountFilter, 'state'] as const;

/**
 * TMF678 GET /customerBillOnDemand, by customer or account and every scalar attribute; staff who
 * name neither list everyone's, newest first (gsi1); a customer sees its own.
 */
async function listCustomerBillsOnDemandUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, customerBillOnDemandAttributes);
  await narrowToBilledCustomers(query, principal);
  const page = await listOwnedResources(
    query,
    principal,
    customerFilter,
    ({ customerId, ...request }) => (customerId === undefined ? listAllBillsOnDemand(request) : listBillsOnDemand({ ...request, customerId })),
    (request) => request.lastUpdate,
  );
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listCustomerBillsOnDemandUseCase);

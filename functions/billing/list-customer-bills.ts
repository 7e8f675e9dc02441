import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, instantFilter, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listBills } from '../lib/store/bill-store.js';
import { accountFilter, customerFilter, narrowToBilledCustomers } from './billing-account-owner.js';

const datedFrom = 'billDate.gte';
const datedBefore = 'billDate.lt';
const filterable = [customerFilter, accountFilter, 'state', 'runType', 'billNo', datedFrom, datedBefore] as const;

/**
 * TMF678 GET /customerBill: a customer's bills (`relatedParty.id`, one gsi2 Query per
 * customer), or an account's (`billingAccount.id`: its owner's, narrowed to the account), by
 * `state`, `runType`, `billNo` and a `billDate` window (`billDate.gte`, `billDate.lt`, a key
 * range). Staff name a customer or an account (bills are never scanned); a customer token is
 * always narrowed to its own bills.
 */
async function listCustomerBillsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const dateFrom = instantFilter(query.filters.get(datedFrom)?.values, datedFrom);
  const dateBefore = instantFilter(query.filters.get(datedBefore)?.values, datedBefore);
  query.filters.delete(datedFrom);
  query.filters.delete(datedBefore);
  await narrowToBilledCustomers(query, principal, 'bills');
  const window = { ...(dateFrom ? { dateFrom } : {}), ...(dateBefore ? { dateBefore } : {}) };
  const page = await listOwnedResources(query, principal, customerFilter, (request) => listBills({ ...request, customerId: request.customerId!, ...window }), (bill) => bill.billDate);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listCustomerBillsUseCase);

import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, instantFilter, parseCollectionQuery } from '../lib/http/collection-query.js';
import { customerBillAttributes } from './bill-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listAllBills, listBills } from '../lib/store/bill-store.js';
import { accountFilter, customerFilter, narrowToBilledCustomers } from './billing-account-owner.js';

const datedFrom = 'billDate.gte';
const datedBefore = 'billDate.lt';
const filterable = [customerFilter, accountFilter, 'state', 'runType', 'billNo', datedFrom, datedBefore] as const;

/**
 * TMF678 GET /customerBill: a customer's bills (`relatedParty.id`, one gsi2 Query per
 * customer), or an account's (`billingAccount.id`: its owner's, narrowed to the account), by
 * `state`, `runType`, `billNo` and a `billDate` window (`billDate.gte`, `billDate.lt`, a key
 * range), and every other scalar attribute. Staff who name neither a customer nor an account
 * list everyone's bills, newest first, from the all-bills index (bills are never scanned); a
 * customer token is always narrowed to its own bills.
 */
async function listCustomerBillsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, customerBillAttributes);
  const dateFrom = instantFilter(query.filters.get(datedFrom)?.values, datedFrom);
  const dateBefore = instantFilter(query.filters.get(datedBefore)?.values, datedBefore);
  query.filters.delete(datedFrom);
  query.filters.delete(datedBefore);
  await narrowToBilledCustomers(query, principal);
  const window = { ...(dateFrom ? { dateFrom } : {}), ...(dateBefore ? { dateBefore } : {}) };
  const page = await listOwnedResources(
    query,
    principal,
    customerFilter,
    ({ customerId, ...request }) => (customerId === undefined ? listAllBills({ ...request, ...window }) : listBills({ ...request, customerId, ...window })),
    (bill) => bill.billDate,
  );
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listCustomerBillsUseCase);

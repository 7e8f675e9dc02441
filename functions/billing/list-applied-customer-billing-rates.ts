import { isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { appliedCustomerBillingRateAttributes } from './bill-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { findBill, linesOfBill, listAllBillLines, listCustomerBillLines } from '../lib/store/bill-store.js';
import { resourceMatches } from '../lib/store/list-resources.js';
import { accountFilter, customerFilter, narrowToBilledCustomers } from './billing-account-owner.js';

const billFilter = 'bill.id';
const filterable = [billFilter, accountFilter, customerFilter, 'product.id', 'type'] as const;

/**
 * TMF678 GET /appliedCustomerBillingRate: the lines of one bill (`bill.id`, in order), or of a
 * customer's or an account's bills, by `product.id`, `type` and every other scalar attribute.
 * Staff who name no bill, customer or account list everyone's lines, newest first (gsi1); a
 * customer sees only its own lines.
 */
async function listAppliedCustomerBillingRatesUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, appliedCustomerBillingRateAttributes);
  const bills = query.filters.get(billFilter)?.values;
  if (bills !== undefined) {
    // A bill's lines are one Query each; the other filters apply to them as they are.
    const customers = query.filters.get(customerFilter)?.values;
    query.filters.delete(billFilter);
    query.filters.delete(customerFilter);
    const stored = await Promise.all(bills.map((id) => findBill(id)));
    const visible = stored.filter(
      (bill) => bill !== undefined && (isStaff(principal) || bill.customerId === principal.customerId) && (customers === undefined || customers.includes(bill.customerId)),
    );
    const lines = (await Promise.all(visible.map((bill) => linesOfBill(bill!.bill.id)))).flat().filter((line) => resourceMatches(line, query.filters.values()));
    return collectionResponse(lines.slice(query.offset, query.offset + query.limit), lines.length, query.fields);
  }
  await narrowToBilledCustomers(query, principal);
  const page = await listOwnedResources(
    query,
    principal,
    customerFilter,
    ({ customerId, ...request }) => (customerId === undefined ? listAllBillLines(request) : listCustomerBillLines({ ...request, customerId })),
    (line) => `${line.date}#${line.id}`,
  );
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listAppliedCustomerBillingRatesUseCase);

import { isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery, type CollectionQuery } from '../lib/http/collection-query.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { findBill, linesOfBill, listCustomerBillLines } from '../lib/store/bill-store.js';
import { accountFilter, customerFilter, narrowToBilledCustomers } from './billing-account-owner.js';

const billFilter = 'bill.id';
const filterable = [billFilter, accountFilter, customerFilter, 'product.id', 'type'] as const;

/**
 * TMF678 GET /appliedCustomerBillingRate: the lines of one bill (`bill.id`, in order), or of a
 * customer's or an account's bills, by `product.id` and `type`. Staff name a bill, a customer or
 * an account; a customer sees only its own lines.
 */
async function listAppliedCustomerBillingRatesUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
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
    const lines = (await Promise.all(visible.map((bill) => linesOfBill(bill!.bill.id)))).flat().filter((line) => matchesFilters(line, query.filters));
    return collectionResponse(lines.slice(query.offset, query.offset + query.limit), lines.length, query.fields);
  }
  await narrowToBilledCustomers(query, principal, 'lines');
  const page = await listOwnedResources(query, principal, customerFilter, (request) => listCustomerBillLines({ ...request, customerId: request.customerId! }), (line) => `${line.date}#${line.id}`);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listAppliedCustomerBillingRatesUseCase);

function matchesFilters(line: object, filters: CollectionQuery['filters']): boolean {
  return [...filters.values()].every((filter) => {
    const value = filter.path.reduce<unknown>((at, segment) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[segment] : undefined), line);
    return filter.values.includes(String(value));
  });
}

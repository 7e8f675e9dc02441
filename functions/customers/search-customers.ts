import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ownerCustomerIdOf } from '../../domain/customers/billing-account-owner.js';
import {
  customerSearchSummary,
  defaultSearchLimit,
  lengthOf,
  matchKinds,
  maxQueryLength,
  maxSearchLimit,
  minQueryLength,
  nameMatches,
  orderedMatches,
  searchPlanOf,
  searchWordsOf,
  type CustomerSearchAnswer,
  type SearchMatch,
  type SearchPlan,
} from '../../domain/customers/customer-search.js';
import { orderCustomerId } from '../../domain/orders/product-order.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBill } from '../lib/store/bill-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { customersByName, customersByPhone, findBillNumberEntry } from '../lib/store/customer-search-store.js';
import { findCustomer, findCustomerIdByEmail, findCustomers, type StoredCustomer } from '../lib/store/customer-store.js';
import { findProductOrder } from '../lib/store/product-order-store.js';

/**
 * GET /customers/v1/customerSearch?q=…&limit=… (staff; docs/api.md, "Customer search"): the
 * agent desktop's one search box. Every lookup the query can be (domain/customers/customer-search.ts)
 * runs at once, each a GetItem or a bounded Query of the search index; then one BatchGetItem of
 * the customers found, whose current name, status and contacts the answer shows. One match per
 * customer, the best kept, exact ids first, at most `limit`.
 */
async function searchCustomers({ event }: ApiRequest) {
  const { q, limit } = parseSearchQuery(event);
  const plan = searchPlanOf(q);
  // A customer found several ways counts once: the index is asked for a few more than `limit`, one per kind of match, so those found twice do not leave the answer short.
  const wanted = limit + matchKinds.length;
  const [exact, byEmail, byBillNo, byPhone, byName] = await Promise.all([
    plan.id === undefined ? undefined : exactIdMatches(plan.id),
    plan.email === undefined ? [] : emailMatches(plan.email),
    plan.billNo === undefined ? [] : billNumberMatches(plan.billNo),
    plan.phone === undefined ? [] : customersByPhone(plan.phone, wanted).then((ids) => ids.map((customerId): SearchMatch => ({ customerId, matchedOn: 'phoneNumber' }))),
    plan.name === undefined ? [] : customersByName(plan.name, wanted).then((ids) => ids.map((customerId): SearchMatch => ({ customerId, matchedOn: 'name' }))),
  ]);
  const matches = [...(exact?.matches ?? []), ...byEmail, ...byBillNo, ...byPhone, ...byName];
  const customers = new Map<string, StoredCustomer>(exact?.customer ? [[exact.customer.customer.id, exact.customer]] : []);
  const unread = matches.map((match) => match.customerId).filter((id) => !customers.has(id));
  if (unread.length > 0) for (const [id, stored] of await findCustomers(unread)) customers.set(id, stored);

  const current = matches.filter((match) => (match.matchedOn !== 'name' || stillNamed(plan, customers.get(match.customerId))) && !erasedFoundByPersonalData(match, customers.get(match.customerId)));
  const ordered = orderedMatches(current, (customerId) => customers.get(customerId)?.customer.name, limit);
  const answer = ordered.map((match): CustomerSearchAnswer => ({
    customer: customerSearchSummary(customers.get(match.customerId)!.customer),
    matchedOn: match.matchedOn,
    ...(match.matched ? { matched: match.matched } : {}),
  }));
  return jsonResponse(200, answer, { 'X-Result-Count': String(answer.length) });
}

const parameters = ['q', 'limit'];

function parseSearchQuery(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): { q: string; limit: number } {
  const params = event.queryStringParameters ?? {};
  for (const name of Object.keys(params)) {
    if (!parameters.includes(name)) throw ApiError.badRequest(`unknown parameter ${name.slice(0, 100)}; the search takes: ${parameters.join(', ')}`, [{ field: name.slice(0, 100), problem: 'not a parameter of the search' }]);
  }
  const q = params.q?.trim();
  if (q === undefined || lengthOf(q) < minQueryLength || lengthOf(q) > maxQueryLength) {
    throw ApiError.badRequest(`q takes ${minQueryLength} to ${maxQueryLength} characters: a name, an e-mail, a phone number, a customer, billing account, bill or order id, or a bill number`, [
      { field: 'q', problem: q === undefined ? 'missing' : `${lengthOf(q)} characters` },
    ]);
  }
  const rawLimit = params.limit;
  if (rawLimit === undefined) return { q, limit: defaultSearchLimit };
  const limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= maxSearchLimit)) throw ApiError.badRequest(`limit takes an integer from 1 to ${maxSearchLimit}`, [{ field: 'limit', problem: `got "${rawLimit.slice(0, 40)}"` }]);
  return { q, limit };
}

/** The query as an id: a customer, a billing account (its owner), a bill or an order (their customer), side by side. */
async function exactIdMatches(id: string): Promise<{ customer?: StoredCustomer; matches: SearchMatch[] }> {
  const [customer, account, bill, order] = await Promise.all([findCustomer(id), findBillingAccount(id), findBill(id), findProductOrder(id)]);
  const matches: SearchMatch[] = [];
  if (customer) matches.push({ customerId: customer.customer.id, matchedOn: 'customerId' });
  // An organization's account belongs to no customer: it finds none.
  const accountOwner = account ? ownerCustomerIdOf(account.account) : undefined;
  if (account && accountOwner !== undefined) matches.push({ customerId: accountOwner, matchedOn: 'billingAccount', matched: { id: account.account.id, '@referredType': 'BillingAccount', name: account.account.name } });
  if (bill) {
    const billNo = bill.bill.billNo;
    matches.push({ customerId: bill.customerId, matchedOn: 'bill', matched: { id: bill.bill.id, '@referredType': 'CustomerBill', ...(billNo !== undefined ? { name: billNo } : {}) } });
  }
  const orderCustomer = order ? orderCustomerId(order.order) : '';
  if (order && orderCustomer !== '') matches.push({ customerId: orderCustomer, matchedOn: 'productOrder', matched: { id: order.order.id, '@referredType': 'ProductOrder', name: order.order.description ?? order.order.id } });
  return { ...(customer ? { customer } : {}), matches };
}

async function emailMatches(email: string): Promise<SearchMatch[]> {
  const customerId = await findCustomerIdByEmail(email);
  return customerId === undefined ? [] : [{ customerId, matchedOn: 'email' }];
}

async function billNumberMatches(billNo: string): Promise<SearchMatch[]> {
  const entry = await findBillNumberEntry(billNo);
  return entry === undefined ? [] : [{ customerId: entry.customerId, matchedOn: 'billNo', matched: { id: entry.billId, '@referredType': 'CustomerBill', name: entry.billNo } }];
}

/** The index may lag a rename by a moment: a customer no longer named so is not shown as a name match. */
/**
 * An erased customer is found by its ids alone, never by what it was called or reached at: the
 * index forgets it once CustomerErased is handled, and until then its entries must find nothing.
 */
function erasedFoundByPersonalData(match: SearchMatch, stored: StoredCustomer | undefined): boolean {
  return stored?.customer.erasedAt !== undefined && (match.matchedOn === 'name' || match.matchedOn === 'phoneNumber' || match.matchedOn === 'email');
}

function stillNamed(plan: SearchPlan, stored: StoredCustomer | undefined): boolean {
  return stored !== undefined && plan.name !== undefined && nameMatches(plan.name.words, searchWordsOf(stored.customer.name));
}

export const handler = apiHandler(searchCustomers);

import type { Customer } from '../../domain/customers/customer.js';
import { normalizeEmail, primaryEmail } from '../../domain/customers/email.js';
import { isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { customerAttributes } from './customer-list-attributes.js';
import { resourceMatches, type AttributeFilter } from '../lib/store/list-resources.js';
import { findCustomer, findCustomerIdByEmail, listCustomers } from '../lib/store/customer-store.js';

const emailFilter = 'contactMedium.characteristic.emailAddress';
const filterable = ['status', 'name', 'engagedParty.id', emailFilter] as const;

/**
 * TMF629 GET /customer. Staff without an email filter list everyone (gsi1 Query, filtered in
 * DynamoDB). Otherwise the candidates are key lookups, the caller's own customer for a
 * customer token, the holders of the emails asked for (email guard items) for staff, and the
 * remaining filters are applied to them here.
 */
async function listCustomersUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, customerAttributes);
  const emails = query.filters.get(emailFilter)?.values.map(normalizeEmail);
  query.filters.delete(emailFilter);
  const filters = [...query.filters.values()];

  if (isStaff(principal) && !emails) {
    const page = await listCustomers({ filters, offset: query.offset, limit: query.limit });
    return collectionResponse(page.items, page.total, query.fields);
  }

  const ids = isStaff(principal) ? await customerIdsHolding(emails ?? []) : [principal.customerId ?? ''];
  const candidates: Customer[] = [];
  for (const id of new Set(ids)) {
    const stored = await findCustomer(id);
    if (stored && matchesAll(stored.customer, filters, emails)) candidates.push(stored.customer);
  }
  return collectionResponse(candidates.slice(query.offset, query.offset + query.limit), candidates.length, query.fields);
}

async function customerIdsHolding(emails: string[]): Promise<string[]> {
  const ids = await Promise.all(emails.map((email) => findCustomerIdByEmail(email)));
  return ids.filter((id): id is string => id !== undefined);
}

/** The same exact-match semantics the DynamoDB filter applies on the Query path. */
function matchesAll(customer: Customer, filters: AttributeFilter[], emails: string[] | undefined): boolean {
  if (emails && !emails.includes(primaryEmail(customer.contactMedium))) return false;
  return resourceMatches(customer, filters);
}

export const handler = apiHandler(listCustomersUseCase);

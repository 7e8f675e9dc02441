import { requireCustomerAccess, isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { normalizeEmail, primaryEmail } from '../../domain/customers/email.js';
import { findCustomer, findCustomerIdByEmail, listCustomers } from '../lib/store/customer-store.js';
import type { Customer } from '../../domain/customers/customer.js';

const emailFilter = 'contactMedium.characteristic.emailAddress';
const filterable = ['status', 'name', 'engagedParty.id', emailFilter] as const;

/**
 * TMF629 GET /customer. Staff list everyone (gsi1, filtered); a customer token lists only
 * itself; an email filter is a key lookup on the email guard item.
 */
async function listCustomersUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const email = query.filters.get(emailFilter);
  query.filters.delete(emailFilter);

  if (!isStaff(principal) || email) {
    const ids = !isStaff(principal)
      ? [principal.customerId ?? '']
      : (await Promise.all(email!.values.map((value) => findCustomerIdByEmail(normalizeEmail(value))))).filter(
          (id): id is string => id !== undefined,
        );
    // A customer token's ids do not come from the email guard: check its email filter here.
    const ownEmailMatches = (customer: Customer) =>
      isStaff(principal) || !email || email.values.map(normalizeEmail).includes(primaryEmail(customer.contactMedium));
    const candidates: Customer[] = [];
    for (const id of new Set(ids)) {
      if (!isStaff(principal)) requireCustomerAccess(principal, id, 'customer', id);
      const stored = await findCustomer(id);
      if (
        stored &&
        ownEmailMatches(stored.customer) &&
        [...query.filters.values()].every((filter) => matches(stored.customer, filter.path, filter.values))
      ) {
        candidates.push(stored.customer);
      }
    }
    const page = candidates.slice(query.offset, query.offset + query.limit);
    return collectionResponse(page, candidates.length, query.fields);
  }

  const page = await listCustomers({ filters: [...query.filters.values()], offset: query.offset, limit: query.limit });
  return collectionResponse(page.items, page.total, query.fields);
}

function matches(resource: object, path: string[], values: string[]): boolean {
  const value = path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), resource);
  return typeof value === 'string' && values.includes(value);
}

export const handler = apiHandler(listCustomersUseCase);

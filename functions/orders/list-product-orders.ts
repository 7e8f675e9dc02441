import type { ProductOrder } from '../../domain/orders/product-order.js';
import { isStaff } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import type { ListPage } from '../lib/store/list-resources.js';
import { listProductOrders } from '../lib/store/product-order-store.js';

const customerFilter = 'relatedParty.id';
const placedFrom = 'orderDate.gte';
const placedBefore = 'orderDate.lt';
const filterable = [customerFilter, 'state', 'billingAccount.id', 'externalId', placedFrom, placedBefore] as const;

/**
 * TMF622 GET /productOrder: by customer (`relatedParty.id`, one gsi2 Query per customer),
 * `state`, `billingAccount.id`, and a window on `orderDate` (`orderDate.gte`, `orderDate.lt`,
 * read as a key range). A customer token is always narrowed to its own orders.
 */
async function listProductOrdersUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable);
  const window = { orderedFrom: instant(query.filters.get(placedFrom)?.values, placedFrom), orderedBefore: instant(query.filters.get(placedBefore)?.values, placedBefore) };
  query.filters.delete(placedFrom);
  query.filters.delete(placedBefore);
  let customers = query.filters.get(customerFilter)?.values;
  query.filters.delete(customerFilter);
  if (!isStaff(principal)) {
    const own = principal.customerId ?? '';
    customers = customers === undefined || customers.includes(own) ? [own] : [];
  }
  const filters = [...query.filters.values()];
  const { offset, limit } = query;
  const dates = Object.fromEntries(Object.entries(window).filter(([, value]) => value !== undefined)) as { orderedFrom?: string; orderedBefore?: string };

  let page: ListPage<ProductOrder>;
  if (customers === undefined) {
    page = await listProductOrders({ filters, offset, limit, ...dates });
  } else {
    const perCustomer = await Promise.all(
      [...new Set(customers)].map((customerId) => listProductOrders({ customerId, filters, offset: 0, limit: offset + limit, ...dates })),
    );
    const merged = perCustomer.flatMap((owned) => owned.items).sort((a, b) => a.orderDate.localeCompare(b.orderDate) || a.id.localeCompare(b.id));
    page = { items: merged.slice(offset, offset + limit), total: perCustomer.reduce((sum, owned) => sum + owned.total, 0) };
  }
  return collectionResponse(page.items, page.total, query.fields);
}

/** A date filter takes one ISO 8601 instant, normalized to the UTC form order dates are stored in. */
function instant(values: string[] | undefined, name: string): string | undefined {
  if (values === undefined) return undefined;
  const parsed = values.length === 1 ? Date.parse(values[0]!) : Number.NaN;
  if (Number.isNaN(parsed)) throw ApiError.badRequest(`${name} takes one ISO 8601 date-time`, [{ field: name, problem: `got "${values.join(',')}"` }]);
  return new Date(parsed).toISOString();
}

export const handler = apiHandler(listProductOrdersUseCase);

import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
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
  const orderedFrom = instant(query.filters.get(placedFrom)?.values, placedFrom);
  const orderedBefore = instant(query.filters.get(placedBefore)?.values, placedBefore);
  query.filters.delete(placedFrom);
  query.filters.delete(placedBefore);
  const window = { ...(orderedFrom ? { orderedFrom } : {}), ...(orderedBefore ? { orderedBefore } : {}) };
  const page = await listOwnedResources(query, principal, customerFilter, (request) => listProductOrders({ ...request, ...window }), (order) => order.orderDate);
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

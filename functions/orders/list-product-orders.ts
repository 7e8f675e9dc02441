import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, instantFilter, parseCollectionQuery } from '../lib/http/collection-query.js';
import { productOrderAttributes } from './order-list-attributes.js';
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
  const query = parseCollectionQuery(event, filterable, productOrderAttributes);
  const orderedFrom = instantFilter(query.filters.get(placedFrom)?.values, placedFrom);
  const orderedBefore = instantFilter(query.filters.get(placedBefore)?.values, placedBefore);
  query.filters.delete(placedFrom);
  query.filters.delete(placedBefore);
  const window = { ...(orderedFrom ? { orderedFrom } : {}), ...(orderedBefore ? { orderedBefore } : {}) };
  const page = await listOwnedResources(query, principal, customerFilter, (request) => listProductOrders({ ...request, ...window }), (order) => order.orderDate);
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listProductOrdersUseCase);

import { isStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { cancelProductOrderAttributes } from './order-list-attributes.js';
import { listCancelProductOrders } from '../lib/store/product-order-store.js';

const filterable = ['state', 'productOrder.id'] as const;

/** TMF622 GET /cancelProductOrder: all requests for staff, a customer's own for a customer token. */
async function listCancelProductOrdersUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, cancelProductOrderAttributes);
  const filters = [...query.filters.values()];
  // A token with no customer (a mediation feed) owns nothing: an empty page, never everyone's.
  if (!isStaff(principal) && principal.customerId === undefined) return collectionResponse([], 0, query.fields);
  const page = await listCancelProductOrders({
    ...(isStaff(principal) ? {} : { customerId: principal.customerId }),
    filters,
    offset: query.offset,
    limit: query.limit,
  });
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listCancelProductOrdersUseCase);

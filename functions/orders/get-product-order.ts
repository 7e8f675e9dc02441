import { orderCustomerId } from '../../domain/orders/product-order.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findProductOrder } from '../lib/store/product-order-store.js';

/** TMF622 GET /productOrder/{id}: one key lookup; customers see only their own orders. */
async function getProductOrder({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findProductOrder(id);
  if (!stored) throw ApiError.notFound('productOrder', id);
  requireCustomerAccess(principal, orderCustomerId(stored.order), 'productOrder', id);
  return jsonResponse(200, selectFields(stored.order, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getProductOrder);

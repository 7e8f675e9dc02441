import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findCancelProductOrder } from '../lib/store/product-order-store.js';

/** TMF622 GET /cancelProductOrder/{id}: customers see only requests on their own orders. */
async function getCancelProductOrder({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const request = await findCancelProductOrder(id);
  if (!request) throw ApiError.notFound('cancelProductOrder', id);
  requireCustomerAccess(principal, request.customerId, 'cancelProductOrder', id);
  return jsonResponse(200, selectFields(request, requestedFields(event)));
}

export const handler = apiHandler(getCancelProductOrder);

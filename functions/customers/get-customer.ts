import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findCustomer } from '../lib/store/customer-store.js';

/** TMF629 GET /customer/{id}: one key lookup. */
async function getCustomer({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const stored = await findCustomer(id);
  if (!stored) throw ApiError.notFound('customer', id);
  return jsonResponse(200, selectFields(stored.customer, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getCustomer);

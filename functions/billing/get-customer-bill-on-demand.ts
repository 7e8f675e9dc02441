import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBillOnDemand } from '../lib/store/bill-on-demand-store.js';

/** TMF678 GET /customerBillOnDemand/{id}; a customer sees the requests about its own accounts. */
async function getCustomerBillOnDemand({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const found = await findBillOnDemand(id);
  if (!found) throw ApiError.notFound('customerBillOnDemand', id);
  requireCustomerAccess(principal, found.customerId, 'customerBillOnDemand', id);
  return jsonResponse(200, selectFields(found.request, requestedFields(event)));
}

export const handler = apiHandler(getCustomerBillOnDemand);

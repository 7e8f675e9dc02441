import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findBill } from '../lib/store/bill-store.js';

/** TMF678 GET /customerBill/{id}: one key lookup; a customer sees only its own bills (another's answers 404). */
async function getCustomerBill({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findBill(id);
  if (!stored) throw ApiError.notFound('customerBill', id);
  requireCustomerAccess(principal, stored.customerId, 'customerBill', id);
  return jsonResponse(200, selectFields(stored.bill, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getCustomerBill);

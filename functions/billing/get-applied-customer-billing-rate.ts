import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBillLine } from '../lib/store/bill-store.js';

/** TMF678 GET /appliedCustomerBillingRate/{id}: a bill line, one key lookup; a customer sees only its own. */
async function getAppliedCustomerBillingRate({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const found = await findBillLine(id);
  if (!found) throw ApiError.notFound('appliedCustomerBillingRate', id);
  requireCustomerAccess(principal, found.customerId, 'appliedCustomerBillingRate', id);
  return jsonResponse(200, selectFields(found.line, requestedFields(event)));
}

export const handler = apiHandler(getAppliedCustomerBillingRate);

import { ownerCustomerIdOfPayment } from '../../domain/payments/payment.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findPayment } from '../lib/store/payment-store.js';

/** TMF676 GET /payment/{id}: one key lookup; customers see only the payments they made. */
async function getPayment({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findPayment(id);
  if (!stored) throw ApiError.notFound('payment', id);
  requireCustomerAccess(principal, ownerCustomerIdOfPayment(stored.payment), 'payment', id);
  return jsonResponse(200, selectFields(stored.payment, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getPayment);

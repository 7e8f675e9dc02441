import { ownerCustomerIdOfRefund } from '../../domain/payments/payment.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findRefund } from '../lib/store/payment-store.js';

/** TMF676 GET /refund/{id}: one key lookup; customers see only the refunds paid back to them. */
async function getRefund({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findRefund(id);
  if (!stored) throw ApiError.notFound('refund', id);
  requireCustomerAccess(principal, ownerCustomerIdOfRefund(stored.refund), 'refund', id);
  return jsonResponse(200, selectFields(stored.refund, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getRefund);

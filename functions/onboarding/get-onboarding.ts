import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findOnboarding } from '../lib/store/onboarding-store.js';

/**
 * GET /onboarding/v1/onboarding/{id}: how far an application got. Staff see every onboarding;
 * a customer sees the one that registered it, and gets 404 for any other (or one whose
 * customer is not registered yet), so ids cannot be probed.
 */
async function getOnboarding({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findOnboarding(id);
  if (!stored) throw ApiError.notFound('onboarding', id);
  requireCustomerAccess(principal, stored.onboarding.customer?.id ?? '', 'onboarding', id);
  return jsonResponse(200, selectFields(stored.onboarding, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getOnboarding);

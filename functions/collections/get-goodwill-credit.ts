import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findGoodwillCredit } from '../lib/store/goodwill-credit-store.js';

/** GET /collections/v1/goodwillCredit/{id} (staff; a customer its own): another customer's answers as an unknown one. */
async function getGoodwillCredit({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findGoodwillCredit(id);
  if (!stored) throw ApiError.notFound('goodwillCredit', id);
  requireCustomerAccess(principal, stored.customerId, 'goodwillCredit', id);
  return jsonResponse(200, stored.goodwillCredit);
}

export const handler = apiHandler(getGoodwillCredit);

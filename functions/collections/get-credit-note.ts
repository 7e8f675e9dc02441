import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findCreditNote } from '../lib/store/credit-note-store.js';

/** GET /collections/v1/creditNote/{id} (staff; a customer its own): another customer's answers as an unknown one. */
async function getCreditNote({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findCreditNote(id);
  if (!stored) throw ApiError.notFound('creditNote', id);
  requireCustomerAccess(principal, stored.customerId, 'creditNote', id);
  return jsonResponse(200, stored.creditNote);
}

export const handler = apiHandler(getCreditNote);

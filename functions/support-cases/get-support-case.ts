import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findSupportCase } from '../lib/store/support-case-store.js';
import { requireCaseVisible } from './support-case-access.js';

/** TMF621 GET /troubleTicket/{id}: one key lookup; staff read any case, a customer its own. */
async function getSupportCase({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findSupportCase(id);
  if (!stored) throw ApiError.notFound('troubleTicket', id);
  requireCaseVisible(principal, stored.supportCase);
  return jsonResponse(200, selectFields(stored.supportCase, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getSupportCase);

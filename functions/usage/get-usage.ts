import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findUsage } from '../lib/store/usage-store.js';
import { requireUsageVisible } from './usage-visibility.js';

/** TMF635 GET /usage/{id}: one key lookup; staff and mediation feeds read any record, a customer its own. */
async function getUsage({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findUsage(id);
  if (!stored) throw ApiError.notFound('usage', id);
  requireUsageVisible(principal, stored.usage);
  return jsonResponse(200, selectFields(stored.usage, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getUsage);

import { requireStaff } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findTestClock } from '../lib/store/test-clock-store.js';

/** GET /billing/v1/testClock/{id} (staff): its time, and whether it is still advancing. */
async function getTestClock({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read test clocks');
  const id = event.pathParameters?.id ?? '';
  const stored = await findTestClock(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('testClock', id);
  return jsonResponse(200, selectFields(stored.clock, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getTestClock);

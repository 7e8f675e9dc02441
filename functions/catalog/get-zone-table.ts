import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { ApiError } from '../lib/http/api-error.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findZoneTable } from '../lib/store/zone-table-store.js';

/** GET /catalog/v1/zoneTable/{id} (any authenticated caller): the whole table, entries included, with its ETag. */
export const handler = apiHandler(async ({ event }: ApiRequest) => {
  const id = event.pathParameters?.id ?? '';
  const stored = await findZoneTable(id);
  if (!stored) throw ApiError.notFound('zoneTable', id);
  return jsonResponse(200, selectFields(stored.table, requestedFields(event)), { ETag: etagOf(stored.version) });
});

import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listZoneTables } from '../lib/store/zone-table-store.js';

/**
 * GET /catalog/v1/zoneTable (any authenticated caller): one gsi1 Query, `name` filter,
 * `fields`, `offset`/`limit`. Each table comes without its versions' entries (a version may
 * hold 50,000 prefixes): its versions give their dates and `destinationZoneCount`,
 * `roamingZoneCount`; GET /zoneTable/{id} has the entries.
 */
export const handler = apiHandler(async ({ event }: ApiRequest) => {
  const query = parseCollectionQuery(event, ['name']);
  const page = await listZoneTables({ filters: [...query.filters.values()], offset: query.offset, limit: query.limit });
  return collectionResponse(page.items, page.total, query.fields);
});

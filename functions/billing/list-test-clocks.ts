import { requireStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listTestClocks } from '../lib/store/test-clock-store.js';

/** GET /billing/v1/testClock (staff), oldest first. */
async function listTestClocksUseCase({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read test clocks');
  const query = parseCollectionQuery(event, []);
  const page = await listTestClocks({ offset: query.offset, limit: query.limit });
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listTestClocksUseCase);

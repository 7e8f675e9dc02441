import { requireStaff } from '../lib/auth/principal.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listBillRuns } from '../lib/store/bill-run-store.js';

/** GET /billing/v1/billRun (staff), oldest first, with their counts (failures: GET one run). */
async function listBillRunsUseCase({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read billing runs');
  const query = parseCollectionQuery(event, []);
  const page = await listBillRuns({ offset: query.offset, limit: query.limit });
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listBillRunsUseCase);

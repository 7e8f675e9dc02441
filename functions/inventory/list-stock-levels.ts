import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listStockLevels } from '../lib/store/stock-store.js';

/** GET /inventory/v1/stockLevel: every SKU's level, by SKU, with `fields` and `offset`/`limit`; staff only. */
async function listStockLevelsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, []);
  const page = await listStockLevels({ offset: query.offset, limit: query.limit });
  return collectionResponse(page.items, page.total, query.fields);
}

export const handler = apiHandler(listStockLevelsUseCase);

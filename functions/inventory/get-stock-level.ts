import { checkSku } from '../../domain/inventory/stock-level.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findStockLevel } from '../lib/store/stock-store.js';

/** GET /inventory/v1/stockLevel/{sku}: one key lookup; stock is an operations matter, so staff only. */
async function getStockLevel({ event, principal }: ApiRequest) {
  const sku = event.pathParameters?.sku ?? '';
  checkSku(sku);
  const stored = await findStockLevel(sku);
  if (!stored) throw ApiError.notFound('stockLevel', sku);
  return jsonResponse(200, selectFields(stored.level, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getStockLevel);

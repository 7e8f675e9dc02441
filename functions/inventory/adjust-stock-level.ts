import { checkSku, stockAdjustmentSchema } from '../../domain/inventory/stock-level.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { isCatalogStockKeepingUnit } from '../lib/store/catalog-store.js';
import { adjustStockLevel, findStockLevel } from '../lib/store/stock-store.js';

/**
 * POST /inventory/v1/stockLevel/{sku}/adjustment: goods into the warehouse (quantity > 0; the
 * first delivery creates the level, for a SKU some product specification names, else 404) or out of it (< 0), answered with the new level. Goods out
 * may not take onHand below what orders have reserved (409 STOCK_BELOW_RESERVED). A retried
 * delivery note must not count twice: send an Idempotency-Key.
 */
async function adjustStockLevelUseCase({ event, principal }: ApiRequest) {
  const sku = event.pathParameters?.sku ?? '';
  checkSku(sku);
  const adjustment = parseBody(event, 'create', stockAdjustmentSchema);
  // A level is created by a first delivery, and only of goods the catalog sells: a mistyped SKU is not a new warehouse line.
  if (!(await findStockLevel(sku)) && !(await isCatalogStockKeepingUnit(sku))) {
    throw new ApiError(404, 'NOT_FOUND', 'Not Found', `no product specification has the stock keeping unit ${sku}: give one the characteristic stockKeepingUnit before stocking it`);
  }
  const level = await adjustStockLevel(sku, adjustment.quantity, adjustment.reason, systemClock.now());
  return jsonResponse(200, level);
}

export const handler = apiHandler(idempotentOnKey('adjust-stock-level', adjustStockLevelUseCase));

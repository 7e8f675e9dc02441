import { checkSku, stockAdjustmentSchema } from '../../domain/inventory/stock-level.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { adjustStockLevel } from '../lib/store/stock-store.js';

/**
 * POST /inventory/v1/stockLevel/{sku}/adjustment: goods into the warehouse (quantity > 0; the
 * first delivery creates the level) or out of it (< 0), answered with the new level. Goods out
 * may not take onHand below what orders have reserved (409 STOCK_BELOW_RESERVED). A retried
 * delivery note must not count twice: send an Idempotency-Key.
 */
async function adjustStockLevelUseCase({ event, principal }: ApiRequest) {
  requireStaff(principal, 'adjust stock levels');
  const sku = event.pathParameters?.sku ?? '';
  checkSku(sku);
  const adjustment = parseBody(event, 'create', stockAdjustmentSchema);
  const level = await adjustStockLevel(sku, adjustment.quantity, adjustment.reason, systemClock.now());
  return jsonResponse(200, level);
}

export const handler = apiHandler(idempotentOnKey('adjust-stock-level', adjustStockLevelUseCase));

import { stockAdjustmentSchema } from '../../domain/inventory/stock-level.js';
import { warehouseWrites } from '../../domain/shared/write-access.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext } from './shared.js';

/** Stock of physical goods (extension API /inventory/v1): levels and adjustments; handlers in functions/inventory/. */
export const stock: BoundedContext = {
  name: 'stock',
  functions: [
    {
      name: 'list-stock-levels',
      entry: 'functions/inventory/list-stock-levels.ts',
      description: 'GET /inventory/v1/stockLevel: stock on hand, reserved and available per stock keeping unit',
      permissions: [queryIndexes],
    },
    {
      name: 'get-stock-level',
      entry: 'functions/inventory/get-stock-level.ts',
      description: 'GET /inventory/v1/stockLevel/{sku}',
      permissions: [readTable],
    },
    {
      name: 'adjust-stock-level',
      entry: 'functions/inventory/adjust-stock-level.ts',
      description: 'POST /inventory/v1/stockLevel/{sku}/adjustment: goods in or out of the warehouse',
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['IDEMPOTENCY#*', 'OUTBOX#*', 'PRODUCT_ORDER#*', 'STOCK#*'] }],
    },
  ],
  routes: [
    { method: 'GET', path: '/inventory/v1/stockLevel', function: 'list-stock-levels', authorized: true },
    { method: 'GET', path: '/inventory/v1/stockLevel/{sku}', function: 'get-stock-level', authorized: true },
    { method: 'POST', path: '/inventory/v1/stockLevel/{sku}/adjustment', function: 'adjust-stock-level', authorized: true, requestBody: stockAdjustmentSchema, writeAccess: warehouseWrites },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

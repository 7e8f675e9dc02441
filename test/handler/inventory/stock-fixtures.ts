/** Stock level items as functions/lib/store/stock-store.ts writes them (docs/inventory.md). */
export function stockLevelItem(sku: string, counters: { onHand: number; reserved: number; version?: number; updatedAt?: string }) {
  return {
    pk: `STOCK#${sku}`,
    sk: 'STOCK',
    gsi1pk: 'TYPE#StockLevel',
    gsi1sk: sku,
    entityType: 'StockLevel',
    version: counters.version ?? 1,
    sku,
    onHand: counters.onHand,
    reserved: counters.reserved,
    available: counters.onHand - counters.reserved,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: counters.updatedAt ?? '2026-03-01T10:00:00.000Z',
    lastAdjustment: { quantity: counters.onHand, reason: 'delivery', at: '2026-03-01T09:00:00.000Z' },
  };
}

export const stockPath = '/inventory/v1/stockLevel';

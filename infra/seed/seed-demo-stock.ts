import { fetchRetryingBusy } from './seed-request.js';

/**
 * Puts the demo stock (the physical goods of the demo catalog, by the `stockKeepingUnit` of
 * their product specifications) into the warehouse through the inventory API with an admin
 * token, like any goods-in.
 *
 * Only a SKU without a stock level gets its delivery: a restart, or a second run, adds nothing,
 * and stock that orders have since used up stays used up. Each delivery carries an
 * Idempotency-Key, so two seeders racing on an empty table still deliver once (within the
 * 24-hour replay window).
 */
export interface DemoStock {
  sku: string;
  quantity: number;
}

export const demoStock: readonly DemoStock[] = [
  { sku: 'NOVA-X', quantity: 25 },
  { sku: 'SIM-NANO-5G', quantity: 500 },
];

export interface StockSeedOptions {
  apiUrl: string;
  token: string;
}

export interface StockSeedResult {
  /** SKUs that got their demo delivery in this run. */
  stocked: string[];
  /** SKUs that already had a stock level, left as they were. */
  present: string[];
}

const stockApi = '/inventory/v1/stockLevel';

export class StockSeedError extends Error {
  override readonly name = 'StockSeedError';
  constructor(
    readonly request: string,
    readonly status: number,
    body: string,
  ) {
    super(`seeding demo stock: ${request} answered ${status}: ${body || 'no body'}`);
  }
}

export async function seedDemoStock(options: StockSeedOptions, stock: readonly DemoStock[] = demoStock): Promise<StockSeedResult> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
  const result: StockSeedResult = { stocked: [], present: [] };
  for (const { sku, quantity } of stock) {
    const path = `${stockApi}/${encodeURIComponent(sku)}`;
    const existing = await fetchRetryingBusy(`${base}${path}?fields=sku`, { headers });
    if (existing.ok) {
      result.present.push(sku);
      continue;
    }
    if (existing.status !== 404) throw new StockSeedError(`GET ${path}`, existing.status, await existing.text());
    const delivered = await fetchRetryingBusy(`${base}${path}/adjustment`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `demo-stock-${sku}` },
      body: JSON.stringify({ quantity, reason: 'demo stock' }),
    });
    if (!delivered.ok) throw new StockSeedError(`POST ${path}/adjustment`, delivered.status, await delivered.text());
    result.stocked.push(sku);
  }
  return result;
}

/** One line for the start-up log. */
export function describeStockSeed(result: StockSeedResult): string {
  if (result.stocked.length === 0) return 'already present';
  const stocked = result.stocked.join(', ');
  return result.present.length === 0 ? `${stocked} stocked` : `${stocked} stocked (${result.present.join(', ')} already present)`;
}

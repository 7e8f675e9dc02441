import { customerMovements, movementCounters, sumMovements, type MrrMovement } from '../../domain/reports/mrr.js';
import { revenueLedgerOf } from '../../domain/revenue/monthly-close.js';
import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { mrrMovementsUpTo, replaceMrrModel, type MrrProductRecord } from '../lib/store/mrr-store.js';
import { storedProductOf } from '../lib/store/product-store.js';
import { queryAllItems } from '../lib/store/query-all.js';
import { productRecord } from './record-mrr.js';

/**
 * Rebuilds the MRR read model (docs/revenue-recognition.md, "Rebuilding the read model") into an
 * empty model in memory, through the consumer's own computation (`productRecord`, the same
 * movements), and compares it with the stored one, month by month; with `write`, the stored one
 * is replaced by it. The consumer computes a product from the product's whole history, so the
 * rebuild's input is every product (the type index, page by page), not events: an archive replay
 * only reaches the products that had an event within the archive's retention.
 *
 * Meant to run with the `product-changes-record-mrr` rule quiet (or disabled): a product recorded
 * during the rebuild's writes can be counted on the old basis.
 */
export interface MrrLedgerComparison {
  ledger: string;
  customers: number;
  products: number;
  /** Months and currencies whose stored counters differ from the rebuilt ones: both sides, zero when absent. */
  differences: { month: string; currency: string; stored: MrrMovement; rebuilt: MrrMovement }[];
}

const lastMonth = '9999-12';

export async function rebuildMrr(options: { write: boolean }): Promise<MrrLedgerComparison[]> {
  const ledgers = new Map<string, Map<string, Map<string, MrrProductRecord>>>([['live', new Map()]]);
  for (const item of await queryAllItems({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :type', ExpressionAttributeValues: { ':type': 'TYPE#Product' } })) {
    const stored = storedProductOf(item);
    const ledger = revenueLedgerOf(stored.testClockId);
    const customers = ledgers.get(ledger) ?? new Map<string, Map<string, MrrProductRecord>>();
    ledgers.set(ledger, customers);
    const customerId = ownerCustomerIdOfProduct(stored.product);
    const products = customers.get(customerId) ?? new Map<string, MrrProductRecord>();
    customers.set(customerId, products);
    products.set(stored.product.id, await productRecord(stored));
  }
  const comparisons: MrrLedgerComparison[] = [];
  for (const [ledger, customers] of [...ledgers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rebuilt = sumMovements([...customers.values()].flatMap((products) => customerMovements([...products].map(([productId, record]) => ({ productId, currency: record.currency, steps: record.steps })))));
    const stored = sumMovements(await mrrMovementsUpTo(ledger, lastMonth));
    const key = (movement: MrrMovement) => `${movement.month}#${movement.currency}`;
    const storedByKey = new Map(stored.map((movement) => [key(movement), movement]));
    const rebuiltByKey = new Map(rebuilt.map((movement) => [key(movement), movement]));
    const differences = [...new Set([...storedByKey.keys(), ...rebuiltByKey.keys()])].sort().flatMap((monthKey) => {
      const [month, currency] = monthKey.split('#') as [string, string];
      const nothing = emptyOf(month, currency);
      const before = storedByKey.get(monthKey) ?? nothing;
      const after = rebuiltByKey.get(monthKey) ?? nothing;
      return movementCounters.every((counter) => before[counter] === after[counter]) ? [] : [{ month, currency, stored: before, rebuilt: after }];
    });
    // Written even without differences in the months: the customers' models are what later changes are added to.
    if (options.write) await replaceMrrModel({ ledger, customers, months: rebuilt, zeroed: stored.filter((movement) => !rebuiltByKey.has(key(movement))) });
    comparisons.push({ ledger, customers: customers.size, products: [...customers.values()].reduce((sum, products) => sum + products.size, 0), differences });
  }
  return comparisons;
}

const emptyOf = (month: string, currency: string): MrrMovement => ({ month, currency, newMinor: 0n, expansionMinor: 0n, contractionMinor: 0n, churnedMinor: 0n, customersGained: 0, customersLost: 0, productsGained: 0, productsLost: 0 });

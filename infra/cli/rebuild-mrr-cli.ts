import { parseArgs } from 'node:util';
import { rebuildMrr } from '../../functions/revenue/rebuild-mrr.js';

/**
 * `npm run reports:rebuild -- [--write]` rebuilds the MRR read model from every product's history
 * through the consumer's own computation, into an empty model, and compares it with the stored
 * one (docs/revenue-recognition.md, "Rebuilding the read model"): one line per ledger, one per
 * month and currency that differs; exit code 1 when any does. `--write` replaces the stored model
 * with the rebuilt one (run it with the `product-changes-record-mrr` rule quiet).
 *
 * The table is the functions' own: TABLE_NAME, and AWS_ENDPOINT_URL_DYNAMODB for the local
 * runtime (`npm start` prints both); on AWS, the stage's table name and the usual credentials.
 */
const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });

try {
  const comparisons = await rebuildMrr({ write: values.write === true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  for (const comparison of comparisons) {
    log(`${comparison.ledger}: ${comparison.customers} customers, ${comparison.products} products, ${comparison.differences.length === 0 ? 'the same figures' : `${comparison.differences.length} months differ`}`);
    for (const { month, currency, stored, rebuilt } of comparison.differences) {
      const counters = (movement: typeof stored) => `new ${movement.newMinor} expansion ${movement.expansionMinor} contraction ${movement.contractionMinor} churned ${movement.churnedMinor} customers +${movement.customersGained}/-${movement.customersLost} products +${movement.productsGained}/-${movement.productsLost}`;
      log(`  ${month} ${currency}: stored ${counters(stored)}; rebuilt ${counters(rebuilt)}`);
    }
  }
  if (values.write) log('the stored model is now the rebuilt one');
  process.exit(!values.write && comparisons.some((comparison) => comparison.differences.length > 0) ? 1 : 0);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}

import { decimal } from '../money/decimal.js';
import { allocateMoney, moneyFromTmf, percentageOfMoney, type Money } from '../money/money.js';
import type { PriceTerms } from './price-terms.js';

/**
 * What one discount takes off each of the lines it targets (docs/pricing.md, discounts). The
 * discount is worked out once on the lines' remaining total, rounded once (half-even), then
 * allocated in proportion to the lines: the parts sum to it exactly. A fixed amount is per
 * unit of the discounted offering and never takes more than the lines have left, so no line
 * goes below zero; a percentage is at most 100 and cannot either.
 *
 * Returns one part per line (zero for the lines with nothing left), in the lines' order.
 */
export function discountParts(discount: PriceTerms, units: bigint, remaining: readonly Money[], currency: string): Money[] {
  const parts = remaining.map((): Money => ({ amount: 0n, currency }));
  const open = remaining.flatMap((line, index) => (line.amount > 0n ? [index] : []));
  const base = open.reduce((sum, index) => sum + remaining[index]!.amount, 0n);
  if (base === 0n) return parts;
  const baseMoney: Money = { amount: base, currency };
  let total: Money;
  if (discount.percentage !== undefined) {
    total = percentageOfMoney(baseMoney, decimal(discount.percentage));
  } else if (discount.price !== undefined) {
    const off = moneyFromTmf(discount.price, 'price').amount * units;
    total = { amount: off < base ? off : base, currency };
  } else {
    return parts;
  }
  const allocated = allocateMoney(total, open.map((index) => remaining[index]!.amount));
  open.forEach((lineIndex, position) => {
    const part = allocated[position]!;
    // A proportional share of at most the whole never exceeds its own line; guard the invariant anyway.
    if (part.amount > remaining[lineIndex]!.amount || part.amount < 0n) {
      throw new Error(`discount allocation gave ${part.amount} to a line with ${remaining[lineIndex]!.amount} left`);
    }
    parts[lineIndex] = part;
  });
  return parts;
}

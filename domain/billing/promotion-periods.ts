import { addCalendarMonths, toInstant } from './billing-calendar.js';
import type { ChargeTerm } from './charge-term.js';
import type { TermPricer } from './term-pricing.js';

/**
 * When a term's promotions end (docs/billing.md, "Promotions"): a promotion of N periods lasts N
 * calendar months from the term's start, in the account's time zone.
 */
export interface PromotionEnd {
  months: number;
  /** Epoch milliseconds. */
  at: number;
}

export function promotionEndsOf(term: ChargeTerm, pricer: TermPricer, timeZone: string): PromotionEnd[] {
  // A bill asks once per line and per usage period; the term, its pricer and zone rarely change between asks.
  const known = lastEnds.get(term);
  if (known && known.pricer === pricer && known.timeZone === timeZone) return known.ends;
  const ends = pricer.promotionLengths(term).map((months) => promotionEndOf(term, months, timeZone));
  lastEnds.set(term, { pricer, timeZone, ends });
  return ends;
}

/**
 * When one promotion of `months` periods (its `applicationDuration`) on the term ends, the rule
 * itself: bills (through promotionEndsOf) and the product's promotion dates
 * (domain/product-inventory/promotion-validity.ts) both ask here.
 */
export function promotionEndOf(term: Pick<ChargeTerm, 'from'>, months: number, timeZone: string): PromotionEnd {
  return { months, at: addCalendarMonths(toInstant(term.from), months, timeZone) };
}

const lastEnds = new WeakMap<ChargeTerm, { pricer: TermPricer; timeZone: string; ends: PromotionEnd[] }>();

/**
 * The period the pricing engine counts promotions against at `at` (its cart item's
 * `billingPeriod`): one more than the longest promotion already over, so exactly the promotions
 * still running apply.
 */
export function promotionPeriodAt(ends: readonly PromotionEnd[], at: number): number {
  const over = ends.filter((end) => end.at <= at).map((end) => end.months);
  return 1 + (over.length > 0 ? Math.max(...over) : 0);
}

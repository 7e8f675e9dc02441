import { decimalToString, type Decimal } from '../money/decimal.js';
import { scaleMoney, type Money } from '../money/money.js';
import { taxLine, type TaxedAmount } from '../pricing/line-tax.js';
import { epochSeconds, toIso } from './billing-calendar.js';
import type { PricedLine } from './term-pricing.js';

/**
 * One line of a bill before it is numbered (TMF678 AppliedCustomerBillingRate once issued):
 * - `recurring`: a recurring price for (part of) its period, in advance;
 * - `usage`: the rated usage of a period, in arrears (a late record's adjustment too);
 * - `oneTime`: a one-time charge (an order's bill);
 * - `credit`: the prepaid part of a recurring price given back (a plan change or termination);
 * - `creditBroughtForward` / `creditCarriedForward`: what a bill could not absorb of its credits,
 *   carried to the next bill (never taxed again: the credits it comes from were).
 */
export type BillLineType = 'recurring' | 'usage' | 'oneTime' | 'credit' | 'creditBroughtForward' | 'creditCarriedForward';

export interface BillLine {
  type: BillLineType;
  name: string;
  description: string;
  product?: { id: string; name: string };
  /** The productOfferingPrice that charges it. */
  priceId?: string;
  periodCoverage?: { startDateTime: string; endDateTime: string };
  taxCategory?: string;
  amount: TaxedAmount;
}

/** An interval of instants, [start, end), in epoch milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/**
 * `net` × covered seconds ÷ period seconds, rounded once (half-even) to the minor unit: the
 * exact fraction of time, to the second (docs/billing.md, "Proration").
 */
export function prorate(net: Money, covered: Interval, period: Interval): Money {
  const numerator = epochSeconds(covered.end) - epochSeconds(covered.start);
  const denominator = epochSeconds(period.end) - epochSeconds(period.start);
  if (denominator <= 0n || numerator < 0n || numerator > denominator) {
    throw new RangeError(`cannot prorate ${numerator} s of a ${denominator} s period`);
  }
  return numerator === denominator ? net : scaleMoney(net, numerator, denominator);
}

export function coverageOf(interval: Interval): NonNullable<BillLine['periodCoverage']> {
  return { startDateTime: toIso(interval.start), endDateTime: toIso(interval.end) };
}

/** A priced line's amount for a bill: taxed once, at its own rate, the way the price is written. */
export function taxedLineAmount(price: Pick<PricedLine, 'taxRate' | 'taxIncluded'>, amount: Money): TaxedAmount {
  return taxLine(amount, price.taxRate, price.taxIncluded);
}

/** "Launch promotion −50 %, Students −20 %": the discounts a line's amount is after. */
export function discountNote(price: Pick<PricedLine, 'discounts'>): string {
  if (price.discounts.length === 0) return '';
  return `, after ${price.discounts.map((discount) => (discount.percentage ? `${discount.name} (−${decimalToString(discount.percentage)} %)` : discount.name)).join(', ')}`;
}

export const zeroRate: Decimal = { coefficient: 0n, scale: 0 };

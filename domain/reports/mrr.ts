import { toInstant, toIso } from '../billing/billing-calendar.js';
import { taxedLineAmount } from '../billing/bill-line.js';
import type { ChargedProduct } from '../billing/charge-term.js';
import { promotionEndsOf, promotionPeriodAt } from '../billing/promotion-periods.js';
import type { PricedLine, TermPricer } from '../billing/term-pricing.js';
import { roundHalfEven } from '../money/decimal.js';
import { monthStart, monthsAfter, revenueMonthOf, type RevenueMonth } from '../revenue/revenue-month.js';

/**
 * Monthly recurring revenue (docs/revenue-recognition.md, "MRR and ARR"): what the products in
 * force would bill every month, normalized to a month, tax excluded, after the discounts and
 * promotions in force at the instant. Months are calendar months in UTC and a month's MRR is
 * the sum at its last instant, so the MRR of a month is one snapshot of the whole book.
 *
 * A product's monthly amount is a step function of time (`MrrStep`s): it starts at its first
 * term, moves at each plan change and promotion end, and drops to zero at its termination. A
 * customer's MRR is the sum of its products' per currency; its movements between consecutive
 * month ends are what the report adds up. All amounts are bigint minor units.
 */
export type MrrMonth = RevenueMonth;

/** From `from` (epoch ms, inclusive) until the next step, the product is worth `minor` a month. */
export interface MrrStep {
  from: number;
  minor: bigint;
}

/** One product's steps in its account's currency. */
export interface ProductMrr {
  productId: string;
  currency: string;
  steps: MrrStep[];
}

/**
 * One recurring price normalized to a month: its charge tax excluded (as billing taxes it, once,
 * half-even), divided by the months one charge covers (a yearly price: 12), rounded half-even
 * once to the minor unit.
 */
export function monthlyRecurringMinor(line: Pick<PricedLine, 'net' | 'taxRate' | 'taxIncluded' | 'periodMonths'>): bigint {
  const taxExcluded = taxedLineAmount(line, line.net).dutyFree.amount;
  const months = BigInt(line.periodMonths ?? 1);
  return months === 1n ? taxExcluded : roundHalfEven(taxExcluded, months);
}

/**
 * A product's monthly amount over time, priced by billing's own pricer (the term's pinned prices
 * as of its start, the promotions running at each instant, split where billing splits them, in
 * the account's zone). A suspended product keeps its term, and billing keeps charging it: it
 * counts until it is terminated. A product without terms (sold before billing) is worth nothing.
 */
export function productMrrSteps(product: Pick<ChargedProduct, 'terms'>, pricer: TermPricer, timeZone: string): MrrStep[] {
  const steps: MrrStep[] = [];
  for (const term of product.terms) {
    const from = toInstant(term.from);
    const to = term.to === undefined ? undefined : toInstant(term.to);
    if (to !== undefined && to <= from) continue;
    const ends = promotionEndsOf(term, pricer, timeZone);
    const cuts = [from, ...ends.map((end) => end.at).filter((at) => at > from && (to === undefined || at < to))];
    for (const at of [...new Set(cuts)].sort((a, b) => a - b)) {
      const recurring = pricer.lines(term, promotionPeriodAt(ends, at)).filter((line) => line.priceType === 'recurring');
      steps.push({ from: at, minor: recurring.reduce((sum, line) => sum + monthlyRecurringMinor(line), 0n) });
    }
    if (to !== undefined) steps.push({ from: to, minor: 0n });
  }
  return normalizedSteps(steps);
}

/** Steps in time order, a later one at the same instant winning (a plan change's new term over the old one's end), repeats dropped. */
export function normalizedSteps(steps: readonly MrrStep[]): MrrStep[] {
  const byInstant = new Map<number, bigint>();
  for (const step of [...steps].sort((a, b) => a.from - b.from)) byInstant.set(step.from, step.minor);
  const normalized: MrrStep[] = [];
  for (const [from, minor] of [...byInstant].sort(([a], [b]) => a - b)) {
    const previous = normalized.at(-1)?.minor ?? 0n;
    if (minor !== previous) normalized.push({ from, minor });
  }
  return normalized;
}

/** The amount in force at `instant`: the last step at or before it, zero before the first. */
export function amountAt(steps: readonly MrrStep[], instant: number): bigint {
  let amount = 0n;
  for (const step of steps) {
    if (step.from > instant) break;
    amount = step.minor;
  }
  return amount;
}

/** A month's last instant (UTC), the one its MRR is measured at. */
export function monthEnd(month: MrrMonth): number {
  return monthStart(monthsAfter(month, 1), 'UTC') - 1;
}

export const mrrMonthOf = (instant: number): MrrMonth => revenueMonthOf(instant, 'UTC');

/**
 * What one month moved, in one currency: MRR gained from customers who had none (`new`), from
 * customers who had some (`expansion`), lost by customers who kept some (`contraction`) and by
 * those left with none (`churned`), all positive; customers and products becoming active
 * (MRR above zero) or not. A customer who comes back after churning is new again.
 */
export interface MrrMovement {
  month: MrrMonth;
  currency: string;
  newMinor: bigint;
  expansionMinor: bigint;
  contractionMinor: bigint;
  churnedMinor: bigint;
  customersGained: number;
  customersLost: number;
  productsGained: number;
  productsLost: number;
}

export const movementCounters = ['newMinor', 'expansionMinor', 'contractionMinor', 'churnedMinor', 'customersGained', 'customersLost', 'productsGained', 'productsLost'] as const;

/** A month's movements before any customer moved. */
export const emptyMovement = (month: MrrMonth, currency: string): MrrMovement => ({
  month,
  currency,
  newMinor: 0n,
  expansionMinor: 0n,
  contractionMinor: 0n,
  churnedMinor: 0n,
  customersGained: 0,
  customersLost: 0,
  productsGained: 0,
  productsLost: 0,
});

const isEmpty = (movement: MrrMovement) => movementCounters.every((counter) => movement[counter] === 0n || movement[counter] === 0);

const movementKey = (month: MrrMonth, currency: string) => `${month}#${currency}`;

/**
 * One customer's movements, month by month, per currency: only months whose end sees another
 * MRR or another count of active products than the previous month's end (the months of its
 * products' steps), so a history of a few events gives a few movements, however long ago.
 */
export function customerMovements(products: readonly ProductMrr[]): MrrMovement[] {
  const movements: MrrMovement[] = [];
  for (const currency of [...new Set(products.map((product) => product.currency))].sort()) {
    const mine = products.filter((product) => product.currency === currency);
    const months = [...new Set(mine.flatMap((product) => product.steps.map((step) => mrrMonthOf(step.from))))].sort();
    for (const month of months) {
      const endBefore = monthEnd(monthsAfter(month, -1));
      const endNow = monthEnd(month);
      const before = mine.map((product) => amountAt(product.steps, endBefore));
      const now = mine.map((product) => amountAt(product.steps, endNow));
      const movement = emptyMovement(month, currency);
      const [was, is] = [before.reduce((a, b) => a + b, 0n), now.reduce((a, b) => a + b, 0n)];
      if (was === 0n && is > 0n) [movement.newMinor, movement.customersGained] = [is, 1];
      else if (was > 0n && is === 0n) [movement.churnedMinor, movement.customersLost] = [was, 1];
      else if (is > was) movement.expansionMinor = is - was;
      else if (is < was) movement.contractionMinor = was - is;
      movement.productsGained = now.filter((amount, index) => amount > 0n && before[index] === 0n).length;
      movement.productsLost = now.filter((amount, index) => amount === 0n && before[index]! > 0n).length;
      if (!isEmpty(movement)) movements.push(movement);
    }
  }
  return movements;
}

/**
 * What to add to the stored movements when a customer's movements go from `before` to `after`:
 * their difference per month and currency, months left unchanged omitted. Adding it keeps the
 * stored totals equal to the sum over customers, whatever the order changes arrive in.
 */
export function movementDifference(before: readonly MrrMovement[], after: readonly MrrMovement[]): MrrMovement[] {
  const difference = new Map<string, MrrMovement>();
  const add = (movement: MrrMovement, sign: 1 | -1) => {
    const key = movementKey(movement.month, movement.currency);
    const total = difference.get(key) ?? emptyMovement(movement.month, movement.currency);
    addCounters(total, movement, sign);
    difference.set(key, total);
  };
  for (const movement of after) add(movement, 1);
  for (const movement of before) add(movement, -1);
  return [...difference.values()].filter((movement) => !isEmpty(movement)).sort((a, b) => movementKey(a.month, a.currency).localeCompare(movementKey(b.month, b.currency)));
}

/** Adds (or takes away) `movement`'s counters to `total`'s. */
function addCounters(total: MrrMovement, movement: MrrMovement, sign: 1 | -1): void {
  total.newMinor += BigInt(sign) * movement.newMinor;
  total.expansionMinor += BigInt(sign) * movement.expansionMinor;
  total.contractionMinor += BigInt(sign) * movement.contractionMinor;
  total.churnedMinor += BigInt(sign) * movement.churnedMinor;
  total.customersGained += sign * movement.customersGained;
  total.customersLost += sign * movement.customersLost;
  total.productsGained += sign * movement.productsGained;
  total.productsLost += sign * movement.productsLost;
}

/** The movements of many customers added up per month and currency (what the stored month items hold). */
export function sumMovements(movements: readonly MrrMovement[]): MrrMovement[] {
  return movementDifference([], movements);
}

/** The MRR report of one month in one currency. */
export interface MrrFigures {
  month: MrrMonth;
  currency: string;
  /** MRR at the end of the previous month. */
  startingMinor: bigint;
  newMinor: bigint;
  expansionMinor: bigint;
  contractionMinor: bigint;
  churnedMinor: bigint;
  /** MRR at the end of the month: starting + new + expansion − contraction − churned. */
  mrrMinor: bigint;
  /** 12 × MRR. */
  arrMinor: bigint;
  /** Customers with MRR above zero at the month's end. */
  activeCustomers: number;
  /** Products worth something at the month's end. */
  activeProducts: number;
  /** MRR per active customer, rounded half-even to the minor unit; zero without any. */
  arpuMinor: bigint;
}

/**
 * A month's figures from the stored movements of every month up to it (the report's one Query):
 * the MRR at a month's end is every earlier movement added up, so nothing is read but these.
 * One row per currency that ever moved up to the month, in currency order.
 */
export function mrrFigures(month: MrrMonth, movements: readonly MrrMovement[]): MrrFigures[] {
  const figures: MrrFigures[] = [];
  const upTo = movements.filter((movement) => movement.month <= month);
  for (const currency of [...new Set(upTo.map((movement) => movement.currency))].sort()) {
    let starting = 0n;
    let customers = 0;
    let products = 0;
    const current = emptyMovement(month, currency);
    for (const movement of upTo.filter((candidate) => candidate.currency === currency)) {
      const net = movement.newMinor + movement.expansionMinor - movement.contractionMinor - movement.churnedMinor;
      customers += movement.customersGained - movement.customersLost;
      products += movement.productsGained - movement.productsLost;
      if (movement.month < month) starting += net;
      else addCounters(current, movement, 1);
    }
    const mrr = starting + current.newMinor + current.expansionMinor - current.contractionMinor - current.churnedMinor;
    figures.push({
      month,
      currency,
      startingMinor: starting,
      newMinor: current.newMinor,
      expansionMinor: current.expansionMinor,
      contractionMinor: current.contractionMinor,
      churnedMinor: current.churnedMinor,
      mrrMinor: mrr,
      arrMinor: 12n * mrr,
      activeCustomers: customers,
      activeProducts: products,
      arpuMinor: customers > 0 ? roundHalfEven(mrr, BigInt(customers)) : 0n,
    });
  }
  return figures;
}

/** Steps as stored: ISO instants, readable in the item; minor units as text, since neither JSON nor the document client carries a bigint. */
export interface StoredMrrStep {
  from: string;
  minor: string;
}

export const storedSteps = (steps: readonly MrrStep[]): StoredMrrStep[] => steps.map((step) => ({ from: toIso(step.from), minor: step.minor.toString() }));
export const stepsOfStored = (steps: readonly StoredMrrStep[]): MrrStep[] => steps.map((step) => ({ from: toInstant(step.from), minor: BigInt(step.minor) }));

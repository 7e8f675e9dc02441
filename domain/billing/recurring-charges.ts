import { negateMoney } from '../money/money.js';
import { boundaryAtOrAfter, boundaryPlus, cycleMonthOf, toInstant, type BillingCycle } from './billing-calendar.js';
import { promotionEndsOf, promotionPeriodAt, type PromotionEnd } from './promotion-periods.js';
import { coverageOf, discountNote, prorate, taxedLineAmount, type BillLine, type Interval } from './bill-line.js';
import type { ChargedProduct, ChargeTerm } from './charge-term.js';
import type { PricedLine, TermPricer } from './term-pricing.js';

/**
 * The recurring charges and credits one bill carries for one product (docs/billing.md,
 * "Recurring charges"). A bill dated D knows what happened before D, nothing at or after it:
 * a term counts on the bill once it started before D, and its end (a plan change or the
 * termination) once it happened before D. So a bill depends only on the product's history and
 * its own date and the previous bill's, never on when the billing run happened to read them,
 * and re-billing gives the same lines.
 *
 * Each recurring price charges in advance for its periods: monthly prices per cycle, a price of
 * n months per n cycles from the term's first cycle boundary (its anchor), and the part of a
 * period before the anchor pro rata. A period is charged on the first bill that knows the term
 * and whose date is at or after the period's start; the charge covers the period up to the
 * term's end if that is already known, else the whole period. When a bill later learns that
 * the term ended inside a period charged in full, it credits the rest of that period.
 */
export interface RecurringChargeInput {
  cycle: BillingCycle;
  /** Epoch milliseconds. */
  billDate: number;
  /** The previous bill's date; absent for the account's first bill. */
  previousBillDate?: number | undefined;
  product: ChargedProduct;
  pricer: TermPricer;
}

export function recurringChargeLines(input: RecurringChargeInput): BillLine[] {
  return input.product.terms.flatMap((term) => termLines(input, term));
}

interface ChargePeriod {
  /** Where the period's charge starts counting: the term's start for the part before the anchor. */
  chargeStart: number;
  /** The whole period the price covers, for the proration fraction. */
  span: Interval;
}

function termLines(input: RecurringChargeInput, term: ChargeTerm): BillLine[] {
  const { billDate, previousBillDate, pricer, cycle } = input;
  const from = toInstant(term.from);
  if (!(from < billDate)) return [];
  const to = term.to === undefined ? undefined : toInstant(term.to);
  const endKnownAt = (date: number | undefined) => (date !== undefined && to !== undefined && to < date ? to : undefined);
  const knownAt = (date: number | undefined) => date !== undefined && from < date;
  const promotionEnds = promotionEndsOf(term, pricer, cycle.timeZone);
  const lines: BillLine[] = [];

  for (const price of pricer.lines(term, 1).filter((line) => line.priceType === 'recurring')) {
    const months = price.periodMonths ?? 1;
    for (const period of candidatePeriods(cycle, from, to, months, billDate, knownAt(previousBillDate) ? previousBillDate : undefined)) {
      const billable = (date: number | undefined) => knownAt(date) && period.chargeStart <= date!;
      if (!billable(billDate)) continue;
      const endNow = Math.min(period.span.end, endKnownAt(billDate) ?? period.span.end);
      if (!billable(previousBillDate)) {
        const covered = { start: period.chargeStart, end: endNow };
        if (covered.end > covered.start) lines.push(...pricedParts(input, term, price, covered, period.span, promotionEnds, 'recurring'));
        continue;
      }
      const endBefore = Math.min(period.span.end, endKnownAt(previousBillDate) ?? period.span.end);
      if (endNow < endBefore) lines.push(...pricedParts(input, term, price, { start: endNow, end: endBefore }, period.span, promotionEnds, 'credit'));
    }
  }
  return lines;
}

/**
 * The periods of one recurring price whose charge can change on this bill: those from the
 * earliest instant the previous bill could not yet account for (the term's start, when the
 * previous bill did not know the term; else the previous bill date or the term's end, if
 * earlier) up to the bill date. Earlier periods were settled by earlier bills.
 */
function candidatePeriods(cycle: BillingCycle, from: number, to: number | undefined, months: number, billDate: number, previousBillDate: number | undefined): ChargePeriod[] {
  const anchor = boundaryAtOrAfter(cycle, from);
  const periods: ChargePeriod[] = [];
  if (from < anchor) periods.push({ chargeStart: from, span: { start: boundaryPlus(cycle, anchor, -months), end: anchor } });
  const settledUntil = previousBillDate === undefined ? from : Math.min(previousBillDate, to ?? previousBillDate);
  // The first regular period that can still change: the one containing settledUntil (or the anchor's).
  const anchorMonth = cycleMonthOf(cycle, anchor);
  const elapsed = Math.max(0, cycleMonthOf(cycle, Math.max(settledUntil, anchor)) - anchorMonth);
  for (let index = Math.floor(elapsed / months); ; index += 1) {
    const start = boundaryPlus(cycle, anchor, index * months);
    // A period starting after the term's end was never charged; one starting at it was, if an earlier bill did not know the end yet.
    if (start > billDate || (to !== undefined && start > to)) break;
    periods.push({ chargeStart: start, span: { start, end: boundaryPlus(cycle, anchor, (index + 1) * months) } });
  }
  return periods;
}

/**
 * The lines for `covered` of one period: one per stretch between promotion ends (a promotion
 * ending inside the coverage splits it), each prorated and rounded once. A credit is the same
 * amount negated.
 */
function pricedParts(
  input: RecurringChargeInput,
  term: ChargeTerm,
  price: PricedLine,
  covered: Interval,
  span: Interval,
  promotionEnds: readonly PromotionEnd[],
  type: 'recurring' | 'credit',
): BillLine[] {
  const cuts = [covered.start];
  for (const end of promotionEnds) if (end.at > covered.start && end.at < covered.end) cuts.push(end.at);
  cuts.push(covered.end);
  const lines: BillLine[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const part = { start: cuts[index]!, end: cuts[index + 1]! };
    const priced = input.pricer.lines(term, promotionPeriodAt(promotionEnds, part.start)).find((line) => line.priceId === price.priceId) ?? price;
    const prorated = prorate(priced.net, part, span);
    const whole = part.start === span.start && part.end === span.end;
    const amount = type === 'credit' ? negateMoney(prorated) : prorated;
    lines.push({
      type,
      name: price.name,
      description:
        (type === 'credit' ? `${price.name}: the unused part paid in advance, given back (${endReason(term)})` : `${price.name}${whole ? '' : ', pro rata'}`) +
        discountNote(priced),
      product: { id: input.product.id, name: input.product.name },
      priceId: price.priceId,
      periodCoverage: coverageOf(part),
      taxCategory: price.taxCategory,
      amount: taxedLineAmount(priced, amount),
    });
  }
  return lines;
}

function endReason(term: ChargeTerm): string {
  return term.endedBy === 'planChange' ? 'plan change' : 'termination';
}

import { epochSeconds, toInstant } from '../billing/billing-calendar.js';
import type { AppliedCustomerBillingRate } from '../billing/customer-bill.js';
import type { CreditNoteLine } from '../collections/credit-note.js';
import { allocateMoney, money, moneyFromTmf } from '../money/money.js';
import { laterMonth, monthStart, monthsAfter, revenueMonthOf, type RevenueMonth } from './revenue-month.js';

/**
 * Revenue schedules (docs/revenue-recognition.md): what each bill line, tax excluded, in the
 * account's currency, is worth in each month of revenue, and when that is recognized. A credit
 * note line is the negative schedule of the line it credits, of the same shape, so the two net
 * month by month. Amounts are minor units; a schedule's parts always add up to its amount.
 */
export type RecognitionRule = 'ratable' | 'deviceSale' | 'activationFee';

export interface RevenueSchedulePart {
  month: RevenueMonth;
  amountMinor: bigint;
}

export interface RevenueSchedule {
  /** The bill line's or the credit note line's id: one schedule per line. */
  id: string;
  source: 'billLine' | 'creditNoteLine';
  /** The bill line a credit note line reverses. */
  creditedLineId?: string;
  billingAccountId: string;
  offeringId: string;
  currency: string;
  rule: RecognitionRule;
  /** Tax excluded, signed: a credit note line's and a bill's `credit` line's are negative. */
  amountMinor: bigint;
  /** The month its amount enters deferred revenue (revenue-month.ts, `bookingMonth`). */
  bookedIn: RevenueMonth;
  /** No part is recognized before this month: `bookedIn`, or later for a fulfilment learned after it. */
  recognizableFrom: RevenueMonth;
  /** The amount by the month the service was given (ascending, no zero parts). */
  serviceParts: RevenueSchedulePart[];
  /** The amount by the month it is recognized: each service part at the later of its month and `recognizableFrom`. */
  recognitionParts: RevenueSchedulePart[];
  /** Deferred until its fulfilment is known: a one-time charge whose delivery or activation is not. */
  pendingMinor: bigint;
}

/** The bill lines that are revenue: charges, and the `credit` lines that give part of a charge back. Carried credit moves a balance between bills and is not. */
const revenueLineTypes: readonly AppliedCustomerBillingRate['type'][] = ['recurring', 'usage', 'oneTime', 'credit'];

/** The tax category the catalog gives devices (infra/seed/demo-catalog.ts); a one-time charge of any other is a service fee. */
export const deviceTaxCategory = 'electronicDevice';

export type BillLineForRevenue = Pick<AppliedCustomerBillingRate, 'id' | 'type' | 'periodCoverage' | 'taxExcludedAmount' | 'appliedTax' | 'billingAccount'>;

export function isRevenueLine(line: Pick<AppliedCustomerBillingRate, 'type'>): boolean {
  return revenueLineTypes.includes(line.type);
}

/**
 * How a line is recognized. A bill line does not say whether a one-time charge sold a device or
 * charged a fee, but its tax does: devices are taxed in their own category (they are goods), so
 * a one-time line taxed `electronicDevice` is a device sale, recognized at delivery, and any
 * other one-time line (the activation fee, taxed as a telecommunications service) is a service
 * fee, recognized at activation. Everything else is a service over its `periodCoverage`.
 */
export function recognitionRuleOf(line: Pick<AppliedCustomerBillingRate, 'type' | 'appliedTax'>): RecognitionRule {
  if (line.type !== 'oneTime') return 'ratable';
  return line.appliedTax.some((tax) => tax.taxCategory === deviceTaxCategory) ? 'deviceSale' : 'activationFee';
}

/**
 * Splits `amount` over the months of [start, end) in `timeZone` by the seconds of the interval
 * in each month (the unit billing prorates by), by largest remainder so the parts add up to the
 * minor unit; a tie goes to the earlier month. An empty interval is all in its start's month.
 */
export function ratableParts(amount: { amountMinor: bigint; currency: string }, interval: { start: number; end: number }, timeZone: string): RevenueSchedulePart[] {
  if (interval.end < interval.start) throw new RangeError(`a period cannot end (${interval.end}) before it starts (${interval.start})`);
  const first = revenueMonthOf(interval.start, timeZone);
  if (interval.end === interval.start) return nonZero([{ month: first, amountMinor: amount.amountMinor }]);
  const months: RevenueMonth[] = [];
  const seconds: bigint[] = [];
  for (let month = first; monthStart(month, timeZone) < interval.end; month = monthsAfter(month, 1)) {
    const from = Math.max(interval.start, monthStart(month, timeZone));
    const to = Math.min(interval.end, monthStart(monthsAfter(month, 1), timeZone));
    months.push(month);
    seconds.push(epochSeconds(to) - epochSeconds(from));
  }
  // Under a second in all: milliseconds do not count, so the whole amount goes to the first month.
  if (seconds.every((each) => each === 0n)) return nonZero([{ month: first, amountMinor: amount.amountMinor }]);
  const parts = allocateMoney(money(amount.amountMinor, amount.currency), seconds);
  return nonZero(months.map((month, index) => ({ month, amountMinor: parts[index]!.amount })));
}

function nonZero(parts: RevenueSchedulePart[]): RevenueSchedulePart[] {
  return parts.filter((part) => part.amountMinor !== 0n);
}

/** Each service part moved to `from` when it lies before it, parts of the same month added. */
function recognitionPartsOf(serviceParts: readonly RevenueSchedulePart[], from: RevenueMonth): RevenueSchedulePart[] {
  const byMonth = new Map<RevenueMonth, bigint>();
  for (const part of serviceParts) {
    const month = laterMonth(part.month, from);
    byMonth.set(month, (byMonth.get(month) ?? 0n) + part.amountMinor);
  }
  return nonZero([...byMonth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([month, amountMinor]) => ({ month, amountMinor })));
}

/**
 * The schedule of one bill line. `bookedIn` is the month the bill is booked in. A one-time
 * line needs its `fulfilment` (the delivery of the device, the activation of the product) and
 * the month that was booked in; without it the whole amount is pending: deferred, recognized
 * by no close, until the schedule is built again with it.
 */
export function billLineSchedule(input: {
  line: BillLineForRevenue;
  offeringId: string;
  timeZone: string;
  bookedIn: RevenueMonth;
  fulfilment?: { at: string; bookedIn: RevenueMonth } | undefined;
}): RevenueSchedule {
  const { line } = input;
  if (!isRevenueLine(line)) throw new RangeError(`line ${line.id} is a ${line.type} line: carried credit is not revenue`);
  const amount = moneyFromTmf(line.taxExcludedAmount);
  const rule = recognitionRuleOf(line);
  const common = {
    id: line.id,
    source: 'billLine' as const,
    billingAccountId: line.billingAccount.id,
    offeringId: input.offeringId,
    currency: amount.currency,
    rule,
    amountMinor: amount.amount,
    bookedIn: input.bookedIn,
  };
  if (rule === 'ratable') {
    if (!line.periodCoverage) throw new RangeError(`${line.type} line ${line.id} has no periodCoverage to be recognized over`);
    const interval = { start: toInstant(line.periodCoverage.startDateTime), end: toInstant(line.periodCoverage.endDateTime) };
    const serviceParts = ratableParts({ amountMinor: amount.amount, currency: amount.currency }, interval, input.timeZone);
    return { ...common, recognizableFrom: input.bookedIn, serviceParts, recognitionParts: recognitionPartsOf(serviceParts, input.bookedIn), pendingMinor: 0n };
  }
  if (!input.fulfilment) return { ...common, recognizableFrom: input.bookedIn, serviceParts: [], recognitionParts: [], pendingMinor: amount.amount };
  const recognizableFrom = laterMonth(input.bookedIn, input.fulfilment.bookedIn);
  const serviceParts = nonZero([{ month: revenueMonthOf(toInstant(input.fulfilment.at), input.timeZone), amountMinor: amount.amount }]);
  return { ...common, recognizableFrom, serviceParts, recognitionParts: recognitionPartsOf(serviceParts, recognizableFrom), pendingMinor: 0n };
}

/**
 * The schedule of one credit note line: minus its tax-excluded amount, spread over the months
 * of the line it credits in proportion to that line's service parts (and its pending amount),
 * by largest remainder, ties to the earlier month. What falls before the month the credit note
 * is booked in is reversed in that month, never in a month already closed.
 */
export function creditNoteLineSchedule(input: {
  line: Pick<CreditNoteLine, 'id' | 'creditedLine' | 'taxExcludedAmount'>;
  credited: RevenueSchedule;
  bookedIn: RevenueMonth;
}): RevenueSchedule {
  const { line, credited } = input;
  if (credited.source !== 'billLine' || credited.id !== line.creditedLine.id) {
    throw new RangeError(`credit note line ${line.id} credits ${line.creditedLine.id}, not the schedule of ${credited.source} ${credited.id}`);
  }
  const amount = moneyFromTmf(line.taxExcludedAmount);
  if (amount.currency !== credited.currency) throw new RangeError(`credit note line ${line.id} is in ${amount.currency}, the line it credits in ${credited.currency}`);
  const reversed = -amount.amount;
  const recognizableFrom = laterMonth(input.bookedIn, credited.recognizableFrom);
  const common = {
    id: line.id,
    source: 'creditNoteLine' as const,
    creditedLineId: credited.id,
    billingAccountId: credited.billingAccountId,
    offeringId: credited.offeringId,
    currency: credited.currency,
    rule: credited.rule,
    amountMinor: reversed,
    bookedIn: input.bookedIn,
    recognizableFrom,
  };
  const abs = (minor: bigint) => (minor < 0n ? -minor : minor);
  const weights = [...credited.serviceParts.map((part) => abs(part.amountMinor)), abs(credited.pendingMinor)];
  if (weights.every((weight) => weight === 0n)) {
    if (reversed !== 0n) throw new RangeError(`credit note line ${line.id} credits line ${credited.id}, which charged nothing`);
    return { ...common, serviceParts: [], recognitionParts: [], pendingMinor: 0n };
  }
  const shares = allocateMoney(money(reversed, credited.currency), weights).map((share) => share.amount);
  const serviceParts = nonZero(credited.serviceParts.map((part, index) => ({ month: part.month, amountMinor: shares[index]! })));
  return { ...common, serviceParts, recognitionParts: recognitionPartsOf(serviceParts, recognizableFrom), pendingMinor: shares[shares.length - 1]! };
}

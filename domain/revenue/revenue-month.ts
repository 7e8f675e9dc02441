import { boundaryOf, cycleMonthOf, toInstant, type BillingCycle } from '../billing/billing-calendar.js';

/**
 * A month of revenue: a calendar month in the billing account's time zone, written `2027-03`
 * (docs/revenue-recognition.md, "Months"). The text sorts as the months do, so it serves as
 * part of an item key as it is; a month starts at local midnight of its first day (the first
 * instant after it where midnight does not exist), as a cycle with cycle day 1 does.
 */
export type RevenueMonth = string;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

const calendarOf = (timeZone: string): BillingCycle => ({ cycleDay: 1, timeZone });

/** The month as year × 12 + month (0-11), the billing calendar's cycle month: "n months later" is arithmetic. */
function monthIndex(month: RevenueMonth): number {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`not a revenue month (YYYY-MM): ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

function monthOfIndex(index: number): RevenueMonth {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

export function isRevenueMonth(text: string): boolean {
  return monthPattern.test(text);
}

/** The month `instant` (epoch milliseconds) falls in, in `timeZone`. */
export function revenueMonthOf(instant: number, timeZone: string): RevenueMonth {
  return monthOfIndex(cycleMonthOf(calendarOf(timeZone), instant));
}

/** The instant `month` starts in `timeZone`. */
export function monthStart(month: RevenueMonth, timeZone: string): number {
  return boundaryOf(calendarOf(timeZone), monthIndex(month));
}

export function monthsAfter(month: RevenueMonth, count: number): RevenueMonth {
  return monthOfIndex(monthIndex(month) + count);
}

export function laterMonth(a: RevenueMonth, b: RevenueMonth): RevenueMonth {
  return monthIndex(a) >= monthIndex(b) ? a : b;
}

/**
 * The month a document (a bill, a credit note, a write-off, a delivery learned late) is booked
 * in: the month of its date, or the first month not yet closed when that one already is. So a
 * document never reopens a closed month: what it changes of closed months lands in the month
 * it is booked in (docs/revenue-recognition.md, "Closed months are never reopened").
 */
export function bookingMonth(input: { date: string; timeZone: string; lastClosedMonth?: RevenueMonth | undefined }): RevenueMonth {
  const dated = revenueMonthOf(toInstant(input.date), input.timeZone);
  return input.lastClosedMonth === undefined ? dated : laterMonth(dated, monthsAfter(input.lastClosedMonth, 1));
}

/**
 * The instant a close of `month` may run: the 2nd of the next month, 12:00 UTC, when the month
 * is over in every zone (UTC+14 to UTC−12), so one close covers every account's month in its own
 * zone (docs/revenue-recognition.md, "Months").
 */
export function monthClosableAt(month: RevenueMonth): number {
  return Date.parse(`${monthsAfter(month, 1)}-02T12:00:00.000Z`);
}

/**
 * The months a ledger's close does at `asOf`, in order: from the one after `lastClosedMonth`
 * (or `firstMonth`, the first month anything was booked in, for a ledger never closed) through
 * the last one over everywhere. Months without anything are closed too: their balances carry
 * over, and nothing can be booked in them afterwards.
 */
export function monthsToClose(input: { lastClosedMonth?: RevenueMonth | undefined; firstMonth?: RevenueMonth | undefined; asOf: number }): RevenueMonth[] {
  const from = input.lastClosedMonth !== undefined ? monthsAfter(input.lastClosedMonth, 1) : input.firstMonth;
  const months: RevenueMonth[] = [];
  for (let month = from; month !== undefined && monthClosableAt(month) <= input.asOf; month = monthsAfter(month, 1)) months.push(month);
  return months;
}

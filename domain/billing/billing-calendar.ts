import { TZDate } from '@date-fns/tz';
import { addDays, addMonths } from 'date-fns';

/**
 * The billing calendar of an account (docs/billing.md, "Periods"): monthly cycles that start
 * on the account's `billingCycleDay` at 00:00 in its `timeZone`. A cycle is as long as it
 * really is in that zone: a month with a daylight-saving change is an hour short or long.
 * Instants are epoch milliseconds here; a boundary is the instant a cycle starts.
 *
 * A boundary is named by its cycle month: year × 12 + month (0-11) of the local date it falls
 * on, which makes "n cycles later" plain arithmetic.
 */
export interface BillingCycle {
  /** 1-28, so every month has it. */
  cycleDay: number;
  /** IANA time zone. */
  timeZone: string;
}

export type CycleMonth = number;

/** The instant the cycle of `cycleMonth` starts: local midnight of the cycle day (the first instant after it where midnight does not exist). */
export function boundaryOf(cycle: BillingCycle, cycleMonth: CycleMonth): number {
  const year = Math.floor(cycleMonth / 12);
  const month = cycleMonth - year * 12;
  return new TZDate(year, month, cycle.cycleDay, cycle.timeZone).getTime();
}

/** The cycle month of the cycle `instant` falls in: the last boundary at or before it. */
export function cycleMonthOf(cycle: BillingCycle, instant: number): CycleMonth {
  const local = new TZDate(instant, cycle.timeZone);
  let cycleMonth = local.getFullYear() * 12 + local.getMonth() - (local.getDate() < cycle.cycleDay ? 1 : 0);
  // The local date decides, except around a boundary whose midnight does not exist: correct against the boundaries themselves.
  while (boundaryOf(cycle, cycleMonth) > instant) cycleMonth -= 1;
  while (boundaryOf(cycle, cycleMonth + 1) <= instant) cycleMonth += 1;
  return cycleMonth;
}

/** The first boundary at or after `instant`. */
export function boundaryAtOrAfter(cycle: BillingCycle, instant: number): number {
  const cycleMonth = cycleMonthOf(cycle, instant);
  const start = boundaryOf(cycle, cycleMonth);
  return start === instant ? start : boundaryOf(cycle, cycleMonth + 1);
}

/** The first boundary strictly after `instant`. */
export function boundaryAfter(cycle: BillingCycle, instant: number): number {
  return boundaryOf(cycle, cycleMonthOf(cycle, instant) + 1);
}

/** The boundary `cycles` cycles after the boundary `boundary` (which must be one). */
export function boundaryPlus(cycle: BillingCycle, boundary: number, cycles: number): number {
  return boundaryOf(cycle, cycleMonthOf(cycle, boundary) + cycles);
}

/** The cycle `instant` falls in, as [start, end). */
export function cycleContaining(cycle: BillingCycle, instant: number): { start: number; end: number } {
  const cycleMonth = cycleMonthOf(cycle, instant);
  return { start: boundaryOf(cycle, cycleMonth), end: boundaryOf(cycle, cycleMonth + 1) };
}

/**
 * `months` calendar months after `instant`, at the same local time in `timeZone`; a day the
 * target month lacks becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export function addCalendarMonths(instant: number, months: number, timeZone: string): number {
  return addMonths(new TZDate(instant, timeZone), months).getTime();
}

/** `days` calendar days after `instant`, at the same local time in `timeZone`. */
export function addCalendarDays(instant: number, days: number, timeZone: string): number {
  return addDays(new TZDate(instant, timeZone), days).getTime();
}

/** Proration counts whole seconds: an instant's milliseconds are dropped. */
export function epochSeconds(instant: number): bigint {
  return BigInt(Math.floor(instant / 1000));
}

export function toInstant(iso: string): number {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new RangeError(`not an instant: ${iso}`);
  return instant;
}

export function toIso(instant: number): string {
  return new Date(instant).toISOString();
}

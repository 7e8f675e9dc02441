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

/**
 * Time-zone arithmetic (Intl underneath) is the slowest thing billing does, and a billing run
 * asks the same questions for every account on the same calendar: the answers are remembered
 * per time zone under numeric keys, in maps that are emptied once large, so a long-lived function
 * never grows without bound.
 */
const rememberedAnswers = 50_000;
class ZoneMemory {
  private readonly zones = new Map<string, Map<number, number>>();
  private size = 0;
  /** The zone asked last, and its answers: a billing page's accounts are mostly in one zone. */
  private lastZone: string | undefined;
  private lastAnswers: Map<number, number> | undefined;

  known(timeZone: string, key: number): number | undefined {
    if (timeZone !== this.lastZone) {
      this.lastZone = timeZone;
      this.lastAnswers = this.zones.get(timeZone);
    }
    return this.lastAnswers?.get(key);
  }

  remember(timeZone: string, key: number, value: number): number {
    if (this.size >= rememberedAnswers) {
      this.zones.clear();
      this.size = 0;
      this.lastZone = undefined;
    }
    let zone = this.zones.get(timeZone);
    if (!zone) {
      zone = new Map();
      this.zones.set(timeZone, zone);
      this.lastZone = undefined;
    }
    zone.set(key, value);
    this.size += 1;
    return value;
  }

  answer(timeZone: string, key: number, compute: () => number): number {
    return this.known(timeZone, key) ?? this.remember(timeZone, key, compute());
  }
}
const boundaries = new ZoneMemory();
const cycleMonths = new ZoneMemory();
const monthsLater = new ZoneMemory();
const daysLater = new ZoneMemory();
/** Offsets of month and day counts inside a numeric key (instant × span + count + offset): counts beyond it are computed, not remembered. */
const countSpan = 1024;
const countOffset = countSpan / 2;
const countKey = (instant: number, count: number): number | undefined =>
  Number.isInteger(count) && Math.abs(count) < countOffset && Number.isInteger(instant) && Math.abs(instant) < 2 ** 42 ? instant * countSpan + count + countOffset : undefined;

/** The instant the cycle of `cycleMonth` starts: local midnight of the cycle day (the first instant after it where midnight does not exist). */
export function boundaryOf(cycle: BillingCycle, cycleMonth: CycleMonth): number {
  // Looked up without a closure: billing asks for boundaries many times per bill.
  const key = cycleMonth * 32 + cycle.cycleDay;
  const known = boundaries.known(cycle.timeZone, key);
  if (known !== undefined) return known;
  const year = Math.floor(cycleMonth / 12);
  const month = cycleMonth - year * 12;
  return boundaries.remember(cycle.timeZone, key, new TZDate(year, month, cycle.cycleDay, cycle.timeZone).getTime());
}

/** The cycle month of the cycle `instant` falls in: the last boundary at or before it. */
export function cycleMonthOf(cycle: BillingCycle, instant: number): CycleMonth {
  // Bills ask it of the same few instants (boundaries, term starts) again and again.
  const key = Number.isInteger(instant) && Math.abs(instant) < 2 ** 42 ? instant * 32 + cycle.cycleDay : undefined;
  const known = key === undefined ? undefined : cycleMonths.known(cycle.timeZone, key);
  if (known !== undefined) return known;
  // The UTC date is within a day of the local one: start there and settle against the boundaries themselves.
  const utc = new Date(instant);
  let cycleMonth = utc.getUTCFullYear() * 12 + utc.getUTCMonth() - (utc.getUTCDate() < cycle.cycleDay ? 1 : 0);
  while (boundaryOf(cycle, cycleMonth) > instant) cycleMonth -= 1;
  while (boundaryOf(cycle, cycleMonth + 1) <= instant) cycleMonth += 1;
  return key === undefined ? cycleMonth : cycleMonths.remember(cycle.timeZone, key, cycleMonth);
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
  const compute = () => addMonths(new TZDate(instant, timeZone), months).getTime();
  const key = countKey(instant, months);
  return key === undefined ? compute() : monthsLater.answer(timeZone, key, compute);
}

/** `days` calendar days after `instant`, at the same local time in `timeZone`. */
export function addCalendarDays(instant: number, days: number, timeZone: string): number {
  const compute = () => addDays(new TZDate(instant, timeZone), days).getTime();
  const key = countKey(instant, days);
  return key === undefined ? compute() : daysLater.answer(timeZone, key, compute);
}

/** Proration counts whole seconds: an instant's milliseconds are dropped. */
export function epochSeconds(instant: number): bigint {
  return BigInt(Math.floor(instant / 1000));
}

/** Bills convert the same few instants (boundaries, term starts) back and forth all the time: remembered too. */
const instantsOf = new Map<string, number>();
const isoOf = new Map<number, string>();

export function toInstant(iso: string): number {
  const known = instantsOf.get(iso);
  if (known !== undefined) return known;
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new RangeError(`not an instant: ${iso}`);
  if (instantsOf.size >= rememberedAnswers) instantsOf.clear();
  instantsOf.set(iso, instant);
  return instant;
}

export function toIso(instant: number): string {
  const known = isoOf.get(instant);
  if (known !== undefined) return known;
  const iso = new Date(instant).toISOString();
  if (isoOf.size >= rememberedAnswers) isoOf.clear();
  isoOf.set(instant, iso);
  return iso;
}

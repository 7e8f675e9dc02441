import { tzOffset } from '@date-fns/tz';
import type { FieldProblem } from '../shared/domain-errors.js';
import { rejectFieldProblems } from '../shared/domain-errors.js';

/**
 * Time bands (docs/rating.md): which band (peak, off-peak, weekend, holiday…) a moment of a
 * call falls in, read on the local clock of the account's time zone. A day follows one of
 * three schedules: Monday to Friday, the weekend, or a public holiday from the plan's dated
 * list. A schedule lists where each band starts in the day, the first at 00:00.
 */
export interface BandStart {
  /** Local wall-clock time `HH:MM`, 00:00 to 23:59. */
  from: string;
  band: string;
}

/** Bands in the order they start in the day; the first starts at 00:00 and each runs until the next, the last until midnight. */
export type DaySchedule = readonly BandStart[];

export interface TimeBandPlan {
  /** Monday to Friday. */
  weekdays: DaySchedule;
  /** Saturday and Sunday. */
  weekend: DaySchedule;
  /** Public holidays, local dates `YYYY-MM-DD`: they follow their own schedule (the weekend's, or a band of their own) whatever the weekday. */
  holidays: { dates: readonly string[]; schedule: DaySchedule };
}

/** A stretch of a call in one band. */
export interface BandPart {
  band: string;
  /** The instant the stretch's first second starts (epoch ms). */
  startMs: number;
  /** Whole seconds of the call in this band. */
  seconds: number;
}

const wallClockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const minuteMs = 60_000;
const dayMs = 86_400_000;

function isRealDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

function scheduleProblems(schedule: DaySchedule, field: string, problems: FieldProblem[]): void {
  if (schedule.length === 0) {
    problems.push({ field, problem: 'at least one band, starting at 00:00' });
    return;
  }
  let previous = -1;
  schedule.forEach((start, index) => {
    const at = `${field}[${index}]`;
    const match = wallClockPattern.exec(start.from);
    if (!match) {
      problems.push({ field: `${at}.from`, problem: 'a local time HH:MM from 00:00 to 23:59' });
    } else {
      const minutes = Number(match[1]) * 60 + Number(match[2]);
      if (index === 0 && minutes !== 0) problems.push({ field: `${at}.from`, problem: 'the first band starts at 00:00, so every moment of the day has a band' });
      else if (minutes <= previous) problems.push({ field: `${at}.from`, problem: `after ${schedule[index - 1]!.from}: bands are listed in the order they start` });
      previous = minutes;
    }
    if (typeof start.band !== 'string' || start.band.trim() === '' || start.band !== start.band.trim() || start.band.length > 64) {
      problems.push({ field: `${at}.band`, problem: 'a band name: not empty, no surrounding spaces, at most 64 characters' });
    }
  });
}

/** Whether the runtime knows the IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The rules of a plan, each problem naming its field (`weekdays[1].from`, `holidays.dates[2]`, `timeZone`). */
export function timeBandPlanProblems(plan: TimeBandPlan, timeZone?: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  scheduleProblems(plan.weekdays, 'weekdays', problems);
  scheduleProblems(plan.weekend, 'weekend', problems);
  scheduleProblems(plan.holidays.schedule, 'holidays.schedule', problems);
  const seen = new Map<string, number>();
  plan.holidays.dates.forEach((date, index) => {
    const field = `holidays.dates[${index}]`;
    if (typeof date !== 'string' || !isRealDate(date)) problems.push({ field, problem: 'a date YYYY-MM-DD' });
    else if (seen.has(date)) problems.push({ field, problem: `${date} is already holidays.dates[${seen.get(date)}]` });
    else seen.set(date, index);
  });
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) problems.push({ field: 'timeZone', problem: 'an IANA time zone such as Europe/Paris' });
  return problems;
}

export function validateTimeBandPlan(plan: TimeBandPlan, timeZone?: string): void {
  rejectFieldProblems(timeBandPlanProblems(plan, timeZone), 'the time bands are invalid');
}

/** Every band a plan names: what a price condition may refer to. */
export function bandNamesOf(plan: TimeBandPlan): Set<string> {
  return new Set([...plan.weekdays, ...plan.weekend, ...plan.holidays.schedule].map((start) => start.band));
}

/** Problems for band names a condition refers to that the plan does not know (`field` names the list). */
export function unknownBandProblems(bands: readonly string[], plan: TimeBandPlan, field: string): FieldProblem[] {
  const known = bandNamesOf(plan);
  return bands.flatMap((band, index) => (known.has(band) ? [] : [{ field: `${field}[${index}]`, problem: `unknown band ${band}` }]));
}

interface CompiledSchedule {
  /** Minutes after local midnight each band starts at, ascending, the first 0. */
  startMinutes: number[];
  bands: string[];
}

interface CompiledPlan {
  weekdays: CompiledSchedule;
  weekend: CompiledSchedule;
  holiday: CompiledSchedule;
  holidays: Set<string>;
}

const compiledPlans = new WeakMap<TimeBandPlan, CompiledPlan>();

function compileSchedule(schedule: DaySchedule): CompiledSchedule {
  return {
    startMinutes: schedule.map((start) => {
      const [hours, minutes] = start.from.split(':').map(Number);
      return hours! * 60 + minutes!;
    }),
    bands: schedule.map((start) => start.band),
  };
}

function compilePlan(plan: TimeBandPlan): CompiledPlan {
  let compiled = compiledPlans.get(plan);
  if (!compiled) {
    compiled = { weekdays: compileSchedule(plan.weekdays), weekend: compileSchedule(plan.weekend), holiday: compileSchedule(plan.holidays.schedule), holidays: new Set(plan.holidays.dates) };
    compiledPlans.set(plan, compiled);
  }
  return compiled;
}

/**
 * The first instant in (from, to] whose UTC offset is not `offsetMs`, knowing `to`'s is not: a
 * bisection to the millisecond (27 steps over a day), run only on the days the offset changes.
 * (tzScan of @date-fns/tz steps by whole hours from its start, so it misses the change's
 * instant for a start off the hour and for zones that change by half an hour.)
 */
function offsetChangeAfter(timeZone: string, from: number, to: number, offsetMs: number): number {
  let before = from;
  let after = to;
  while (after - before > 1) {
    const middle = before + Math.floor((after - before) / 2);
    if (tzOffset(timeZone, new Date(middle)) * minuteMs === offsetMs) before = middle;
    else after = middle;
  }
  return after;
}

/**
 * The band in force at `instant` and the next instant it may change: the next band start of
 * the local day, local midnight, or a change of the zone's UTC offset before either (the wall
 * clock jumps there, so the band is read again from the clock).
 */
function bandAt(plan: CompiledPlan, timeZone: string, instant: number): { band: string; until: number } {
  const offsetMs = tzOffset(timeZone, new Date(instant)) * minuteMs;
  // The local wall clock as if it were UTC: its UTC fields are the local date and time.
  const local = instant + offsetMs;
  const localMidnight = Math.floor(local / dayMs) * dayMs;
  const day = new Date(localMidnight);
  const weekday = day.getUTCDay();
  const schedule = plan.holidays.has(day.toISOString().slice(0, 10)) ? plan.holiday : weekday === 0 || weekday === 6 ? plan.weekend : plan.weekdays;
  const minuteOfDay = (local - localMidnight) / minuteMs;
  let index = 0;
  while (index + 1 < schedule.startMinutes.length && schedule.startMinutes[index + 1]! <= minuteOfDay) index += 1;
  const nextLocal = index + 1 < schedule.startMinutes.length ? localMidnight + schedule.startMinutes[index + 1]! * minuteMs : localMidnight + dayMs;
  let until = nextLocal - offsetMs;
  if (tzOffset(timeZone, new Date(until - 1)) * minuteMs !== offsetMs) until = offsetChangeAfter(timeZone, instant, until - 1, offsetMs);
  return { band: schedule.bands[index]!, until };
}

/** A stretch of time in one band, cut at the ends of a UTC day too. */
interface Stretch {
  from: number;
  until: number;
  band: string;
}

/**
 * Reading the local clock (Intl underneath) is the slowest thing the split does, and a billing
 * run splits many calls of the same days: each UTC day's stretches are worked out once per plan
 * and time zone, and remembered up to a bound, past which the memory starts again empty.
 */
const maxRememberedDays = 20_000;
const stretchesByPlan = new WeakMap<CompiledPlan, { size: number; byZone: Map<string, Map<number, Stretch[]>> }>();

/**
 * The plan and zone of the previous split, with what they resolve to: a billing run splits
 * its calls one price and one account at a time, and two WeakMap and one Map lookups a call
 * cost more than the rest of a one-part split.
 */
let lastSplit: { plan: TimeBandPlan; timeZone: string; compiled: CompiledPlan; memory: { size: number }; days: Map<number, Stretch[]> } | undefined;

function rememberedDays(plan: CompiledPlan, timeZone: string): { memory: { size: number }; days: Map<number, Stretch[]> } {
  let memory = stretchesByPlan.get(plan);
  if (!memory || memory.size >= maxRememberedDays) {
    memory = { size: 0, byZone: new Map() };
    stretchesByPlan.set(plan, memory);
  }
  let days = memory.byZone.get(timeZone);
  if (!days) {
    days = new Map();
    memory.byZone.set(timeZone, days);
  }
  return { memory, days };
}

/** The stretch `instant` falls in: the UTC day's stretches, from bandAt walked over the day, hold the same band at every instant as bandAt itself. */
function stretchAt(plan: CompiledPlan, timeZone: string, memory: { size: number }, days: Map<number, Stretch[]>, instant: number): Stretch {
  const day = Math.floor(instant / dayMs);
  let stretches = days.get(day);
  if (!stretches) {
    stretches = [];
    const end = (day + 1) * dayMs;
    for (let cursor = day * dayMs; cursor < end; ) {
      const { band, until } = bandAt(plan, timeZone, cursor);
      const to = Math.min(until, end);
      stretches.push({ from: cursor, until: to, band });
      cursor = to;
    }
    days.set(day, stretches);
    memory.size += 1;
  }
  let index = 0;
  while (instant >= stretches[index]!.until) index += 1;
  return stretches[index]!;
}

/**
 * Splits a call of `durationSeconds` whole seconds starting at `startMs` into its stretches in
 * each band, in order, in the account's `timeZone`. Each second of the call belongs to the
 * band in force when that second begins, so parts are whole seconds, contiguous, and always
 * add up to the call's duration; consecutive stretches in the same band (Tuesday 23:59 to
 * Wednesday 00:01, both off-peak) are one part. Midnight and daylight-saving changes are read
 * on the local clock: a DST day is 23 or 25 hours long, and in the repeated hour of autumn the
 * clock shows, and the call is rated at, the earlier times again. A call of 0 seconds is one
 * part of 0 seconds in the band it started in, so a connect fee still knows its band.
 *
 * The plan must be valid (`validateTimeBandPlan`) and `durationSeconds` a whole number of
 * seconds (the wiring rounds a CDR's duration up to the second before rating).
 */
export function splitCallByBands(startMs: number, durationSeconds: number, plan: TimeBandPlan, timeZone: string): BandPart[] {
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 0) throw new RangeError(`splitCallByBands needs whole seconds, 0 or more; got ${durationSeconds}`);
  if (!Number.isFinite(startMs)) throw new RangeError(`splitCallByBands needs a start instant; got ${startMs}`);
  let split = lastSplit;
  if (split === undefined || split.plan !== plan || split.timeZone !== timeZone || split.memory.size >= maxRememberedDays) {
    const compiled = compilePlan(plan);
    split = { plan, timeZone, compiled, ...rememberedDays(compiled, timeZone) };
    lastSplit = split;
  }
  const { compiled, memory, days } = split;
  const endMs = startMs + durationSeconds * 1000;
  const first = stretchAt(compiled, timeZone, memory, days, startMs);
  // Most calls end in the band they started in: one part, without the walk below.
  if (first.until >= endMs) return [{ band: first.band, startMs, seconds: durationSeconds }];
  const parts: BandPart[] = [];
  let secondsDone = 0;
  for (let stretch = first; ; stretch = stretchAt(compiled, timeZone, memory, days, stretch.until)) {
    const { band, until } = stretch;
    const last = until >= endMs;
    // The seconds that begin before `until` are in this band.
    const boundarySecond = last ? durationSeconds : Math.ceil((until - startMs) / 1000);
    const seconds = boundarySecond - secondsDone;
    const previous = parts.at(-1);
    if (seconds > 0 && previous?.band === band) previous.seconds += seconds;
    else if (seconds > 0 || (durationSeconds === 0 && parts.length === 0)) parts.push({ band, startMs: startMs + secondsDone * 1000, seconds });
    secondsDone = boundarySecond;
    if (last) return parts;
  }
}

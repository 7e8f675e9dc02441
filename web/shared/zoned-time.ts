/** The calendar day of an instant in a time zone, as `YYYY-MM-DD` (what a date input holds). */
export function dayIn(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** How far ahead of UTC the zone's clocks are at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(instant / 1000) * 1000;
}

/**
 * The last second of a calendar day in a time zone, as an ISO instant: "by 26 February" for a
 * customer in Paris is 26 February 23:59:59 in Paris. The zone's offset is read at that wall
 * time, so a day a clock change falls on still ends at its own midnight.
 */
export function endOfDayIn(day: string, timeZone: string): string {
  const wall = Date.parse(`${day}T23:59:59Z`);
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone)).toISOString();
}

import { describe, expect, it } from 'vitest';
import { splitCallByBands, timeBandPlanProblems, unknownBandProblems, validateTimeBandPlan, type TimeBandPlan } from '../../../../domain/rating/time-bands.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { plan } from './rating-fixtures.js';

const paris = 'Europe/Paris';
const at = (iso: string) => Date.parse(iso);
const bands = (parts: { band: string; seconds: number }[]) => parts.map(({ band, seconds }) => [band, seconds]);

describe('splitCallByBands', () => {
  it('splits a call crossing 20:00 on a Tuesday: 30 s peak, 60 s off-peak', () => {
    const start = at('2027-03-16T19:59:30+01:00');
    expect(splitCallByBands(start, 90, plan, paris)).toEqual([
      { band: 'peak', startMs: start, seconds: 30 },
      { band: 'off-peak', startMs: at('2027-03-16T20:00:00+01:00'), seconds: 60 },
    ]);
  });

  it('splits a call crossing midnight into a Saturday: 120 s off-peak, 180 s weekend', () => {
    expect(bands(splitCallByBands(at('2027-03-19T23:58:00+01:00'), 300, plan, paris))).toEqual([
      ['off-peak', 120],
      ['weekend', 180],
    ]);
  });

  it('keeps a call across midnight in one band as one part', () => {
    expect(bands(splitCallByBands(at('2027-03-16T23:59:00+01:00'), 120, plan, paris))).toEqual([['off-peak', 120]]);
  });

  it('rates a public holiday in its own band, whatever the weekday, and the next day as usual', () => {
    // 14 July 2027 is a Wednesday.
    expect(bands(splitCallByBands(at('2027-07-14T10:00:00+02:00'), 60, plan, paris))).toEqual([['holiday', 60]]);
    expect(bands(splitCallByBands(at('2027-07-14T23:59:00+02:00'), 120, plan, paris))).toEqual([
      ['holiday', 60],
      ['off-peak', 60],
    ]);
  });

  it('counts real seconds across the DST change of 28 March 2027 (02:00 becomes 03:00)', () => {
    // 01:50 to 03:10 on the clock is 20 minutes.
    expect(bands(splitCallByBands(at('2027-03-28T01:50:00+01:00'), 1200, plan, paris))).toEqual([['weekend', 1200]]);
    // Saturday 23:00 to Monday 01:00 is 25 hours: the Sunday has 23.
    expect(bands(splitCallByBands(at('2027-03-27T23:00:00+01:00'), 25 * 3600, plan, paris))).toEqual([
      ['weekend', 24 * 3600],
      ['off-peak', 3600],
    ]);
  });

  it('counts the 25-hour Sunday of 31 October 2027', () => {
    expect(bands(splitCallByBands(at('2027-10-31T00:00:00+02:00'), 26 * 3600, plan, paris))).toEqual([
      ['weekend', 25 * 3600],
      ['off-peak', 3600],
    ]);
  });

  it('starts a band at a local time the DST change skips at the change itself', () => {
    const nights: TimeBandPlan = {
      weekdays: [{ from: '00:00', band: 'night' }, { from: '02:30', band: 'day' }],
      weekend: [{ from: '00:00', band: 'night' }, { from: '02:30', band: 'day' }],
      holidays: { dates: [], schedule: [{ from: '00:00', band: 'night' }] },
    };
    // 02:30 does not exist on 28 March 2027: the clock goes from 01:59:59 to 03:00:00.
    expect(splitCallByBands(at('2027-03-28T01:50:00+01:00'), 1200, nights, paris)).toEqual([
      { band: 'night', startMs: at('2027-03-28T01:50:00+01:00'), seconds: 600 },
      { band: 'day', startMs: at('2027-03-28T03:00:00+02:00'), seconds: 600 },
    ]);
    // 02:30 comes twice on 31 October 2027: the band follows the clock, back to night in the repeated hour.
    expect(bands(splitCallByBands(at('2027-10-31T02:00:00+02:00'), 7200, nights, paris))).toEqual([
      ['night', 1800],
      ['day', 1800],
      ['night', 1800],
      ['day', 1800],
    ]);
  });

  it('gives each second to the band in force when it begins', () => {
    // Second 0 begins at 19:59:59.5 (peak), second 1 at 20:00:00.5 (off-peak).
    const start = at('2027-03-16T19:59:59.500+01:00');
    expect(splitCallByBands(start, 2, plan, paris)).toEqual([
      { band: 'peak', startMs: start, seconds: 1 },
      { band: 'off-peak', startMs: start + 1000, seconds: 1 },
    ]);
  });

  it('gives a call of 0 seconds one part of 0 seconds in its band', () => {
    expect(bands(splitCallByBands(at('2027-03-16T12:00:00+01:00'), 0, plan, paris))).toEqual([['peak', 0]]);
  });

  it('reads the bands in the account time zone', () => {
    // 19:30 UTC on a Tuesday is 20:30 in Paris (off-peak) and 15:30 in New York (peak).
    expect(bands(splitCallByBands(at('2027-03-16T19:30:00Z'), 60, plan, paris))).toEqual([['off-peak', 60]]);
    expect(bands(splitCallByBands(at('2027-03-16T19:30:00Z'), 60, plan, 'America/New_York'))).toEqual([['peak', 60]]);
  });

  it('refuses a fractional or negative duration as a programming error', () => {
    expect(() => splitCallByBands(0, 1.5, plan, paris)).toThrow(RangeError);
    expect(() => splitCallByBands(0, -1, plan, paris)).toThrow(RangeError);
  });
});

describe('validateTimeBandPlan', () => {
  it('accepts the plan', () => {
    expect(timeBandPlanProblems(plan, paris)).toEqual([]);
  });

  it('refuses bad schedules, dates and time zones, naming each field', () => {
    const bad: TimeBandPlan = {
      weekdays: [
        { from: '08:00', band: 'peak' },
        { from: '07:00', band: 'off-peak' },
        { from: '24:00', band: 'late' },
      ],
      weekend: [],
      holidays: { dates: ['2027-02-30', '2027-07-14', '2027-07-14'], schedule: [{ from: '00:00', band: '' }] },
    };
    try {
      validateTimeBandPlan(bad, 'Europe/Pariss');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual([
        'weekdays[0].from',
        'weekdays[1].from',
        'weekdays[2].from',
        'weekend',
        'holidays.schedule[0].band',
        'holidays.dates[0]',
        'holidays.dates[2]',
        'timeZone',
      ]);
    }
  });

  it('names the bands a condition refers to that the plan does not know', () => {
    expect(unknownBandProblems(['peak', 'night'], plan, 'bands')).toEqual([{ field: 'bands[1]', problem: 'unknown band night' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { dayIn, endOfDayIn } from '../shared/zoned-time.js';

describe('zoned time', () => {
  it('ends a day at its own midnight in the zone, summer and winter alike', () => {
    expect(endOfDayIn('2027-02-26', 'Europe/Paris')).toBe('2027-02-26T22:59:59.000Z');
    expect(endOfDayIn('2027-07-14', 'Europe/Paris')).toBe('2027-07-14T21:59:59.000Z');
    expect(endOfDayIn('2027-03-28', 'Europe/Paris')).toBe('2027-03-28T21:59:59.000Z');
    expect(endOfDayIn('2027-02-26', 'America/New_York')).toBe('2027-02-27T04:59:59.000Z');
    expect(endOfDayIn('2027-02-26', 'UTC')).toBe('2027-02-26T23:59:59.000Z');
  });

  it('reads the day of an instant in the zone', () => {
    expect(dayIn(new Date('2027-02-26T23:30:00Z'), 'Europe/Paris')).toBe('2027-02-27');
    expect(dayIn(new Date('2027-02-26T23:30:00Z'), 'America/New_York')).toBe('2027-02-26');
  });
});

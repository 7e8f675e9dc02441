import { describe, expect, it } from 'vitest';
import { assertFitsWithin, attemptTimeoutMs, defaultRetryDelaysMs, longestDeliveryMs, parseRetryDelays } from '../../../../domain/event-subscriptions/delivery-schedule.js';

describe('hub delivery schedule', () => {
  it('is the default unless set, and comma-separated whole milliseconds when set', () => {
    expect(parseRetryDelays(undefined)).toEqual(defaultRetryDelaysMs);
    expect(parseRetryDelays(' ')).toEqual(defaultRetryDelaysMs);
    expect(parseRetryDelays('100, 200')).toEqual([100, 200]);
    expect(parseRetryDelays('0')).toEqual([0]);
    expect(() => parseRetryDelays('100,abc')).toThrow('whole milliseconds');
    expect(() => parseRetryDelays('-1')).toThrow('whole milliseconds');
  });

  it('fits within the function timeout only with every attempt timing out and every delay waited', () => {
    expect(longestDeliveryMs([100, 200])).toBe(300 + 3 * attemptTimeoutMs);
    expect(() => assertFitsWithin(defaultRetryDelaysMs, 90_000)).not.toThrow();
    expect(() => assertFitsWithin(defaultRetryDelaysMs, longestDeliveryMs(defaultRetryDelaysMs))).toThrow('longer than the function may run');
  });
});

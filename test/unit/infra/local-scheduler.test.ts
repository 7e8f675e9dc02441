import { describe, expect, it } from 'vitest';
import { cronerPattern, LocalScheduler } from '../../../infra/local/scheduler.js';
import { schedules } from '../../../infra/topology.js';

describe('the local scheduler (EventBridge Scheduler cron expressions)', () => {
  it('reads AWS cron expressions: ? is any, the year must be every year', () => {
    expect(cronerPattern('cron(0 2 * * ? *)')).toBe('0 2 * * *');
    expect(cronerPattern('cron(15 10 ? * 2-6 *)')).toBe('15 10 * * 2-6');
    expect(() => cronerPattern('rate(1 day)')).toThrow(/not an EventBridge Scheduler cron expression/);
    expect(() => cronerPattern('cron(0 2 * * ? 2027)')).toThrow(/every year/);
  });

  it('fires each topology schedule at its next time in its zone: the daily billing run at 02:00 UTC', () => {
    const scheduler = new LocalScheduler({ schedules, fire: async () => undefined, log: () => {} });
    scheduler.start();
    try {
      const next = scheduler.nextRuns();
      expect(next.map((run) => run.name)).toContain('daily-billing-run');
      const billing = next.find((run) => run.name === 'daily-billing-run')!.next!;
      expect(billing.getUTCHours()).toBe(2);
      expect(billing.getUTCMinutes()).toBe(0);
      expect(billing.getTime()).toBeGreaterThan(Date.now());
      expect(billing.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    } finally {
      scheduler.stop();
    }
  });

  it('weekdays count from Sunday = 1, as in AWS', () => {
    const scheduler = new LocalScheduler({
      schedules: [{ name: 'mondays', expression: 'cron(0 9 ? * 2 *)', timeZone: 'UTC', target: { kind: 'function', name: 'health' }, input: {} }],
      fire: async () => undefined,
      log: () => {},
    });
    scheduler.start();
    try {
      expect(scheduler.nextRuns()[0]!.next!.getUTCDay()).toBe(1);
    } finally {
      scheduler.stop();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pauseDunning, resumeDunning } from '../../../../domain/collections/dunning-interventions.js';
import { businessDunningPolicy, defaultDunningPolicy, dueSteps, isPaused, startDunning, stepInstant, stepPerformed, type Dunning } from '../../../../domain/collections/dunning.js';

/**
 * docs/collections.md, "Pausing, stopping, restoring", over random histories: a dunning walked
 * by collections runs at random instants, between which staff pause it (for up to 30 days,
 * replacing a pause in force) or resume it. Whatever the order:
 * - no step is ever performed while a pause holds;
 * - every step is performed at or after its day postponed by the time actually spent paused
 *   (the pauses' overlaps counted once, a resumed pause only until it was resumed), and
 *   `nextStepAt` is never before the end of a pause in force;
 * - steps are performed in order, each once.
 */
const since = '2027-02-14T23:00:00.000Z';
const hour = 3_600_000;
const instant = (hours: number) => new Date(Date.parse(since) + hours * hour).toISOString();

const action = fc.oneof(
  fc.record({ kind: fc.constant('run' as const), afterHours: fc.integer({ min: 0, max: 24 * 10 }) }),
  fc.record({ kind: fc.constant('pause' as const), afterHours: fc.integer({ min: 0, max: 24 * 5 }), forHours: fc.integer({ min: 1, max: 24 * 30 }) }),
  fc.record({ kind: fc.constant('resume' as const), afterHours: fc.integer({ min: 0, max: 24 * 5 }) }),
);

describe('dunning pauses (property)', () => {
  it('no step while paused; each step at or after its day plus the time spent paused; in order, each once', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(action, { minLength: 1, maxLength: 30 }), (business, actions) => {
        const policy = business ? businessDunningPolicy : defaultDunningPolicy;
        const by = { subject: 'agent-1', role: 'agent' as const };
        let dunning: Dunning = startDunning({ billingAccountId: 'ba-1', customerId: 'c-1', since }, policy);
        let now = 0;
        /** The pause intervals as they really held, in hours: [from, to). */
        const held: [number, number][] = [];
        let open: [number, number] | undefined;
        const pausedHoursBefore = (hours: number) => [...held, ...(open ? [open] : [])].reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to, hours) - from), 0);

        for (const each of actions) {
          now += each.afterHours;
          const at = instant(now);
          if (open && now >= open[1]) {
            held.push(open);
            open = undefined;
          }
          if (each.kind === 'run') {
            const due = dueSteps(dunning, at, policy);
            if (due.length > 0) expect(isPaused(dunning, at)).toBe(false);
            for (const step of due) {
              expect(step).toBe(policy[dunning.stepsDone]);
              // Every hour paused before now postpones the step, and a pause that held until its day's end counts whole.
              expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(stepInstant(since, step)) + pausedHoursBefore(now) * hour - 1);
              dunning = stepPerformed(dunning, step, at, policy, { writtenOff: step.actions.includes('writeOff') });
            }
            if (dunning.status !== 'active') return;
          } else if (each.kind === 'pause') {
            dunning = pauseDunning(dunning, { billingAccountId: 'ba-1', at, until: instant(now + each.forHours), reason: 'x', by }, policy);
            if (open) held.push([open[0], now]);
            open = [now, now + each.forHours];
            expect(dunning.nextStepAt! >= dunning.pausedUntil!).toBe(true);
          } else if (isPaused(dunning, at)) {
            dunning = resumeDunning(dunning, { billingAccountId: 'ba-1', at, reason: 'x', by }, policy);
            held.push([open![0], now]);
            open = undefined;
          }
          // The postponement is exactly the time the pauses hold, the one in force to its end.
          const planned = held.reduce((sum, [from, to]) => sum + (to - from), 0) + (open ? open[1] - open[0] : 0);
          expect(dunning.postponedMs ?? 0).toBe(planned * hour);
          if (isPaused(dunning, at)) expect(dueSteps(dunning, at, policy)).toEqual([]);
          expect(dunning.history.map((step) => step.day)).toEqual(policy.slice(0, dunning.stepsDone).map((step) => step.day));
        }
      }),
      { numRuns: 300 },
    );
  });
});

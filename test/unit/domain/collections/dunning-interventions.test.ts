import { describe, expect, it } from 'vitest';
import {
  checkPauseEnd,
  dunningAuditEntry,
  dunningPauseSchema,
  dunningResumeSchema,
  pauseDunning,
  requireActiveDunning,
  requireRestorable,
  resumeDunning,
  serviceRestorationSchema,
  serviceRestored,
  stopDunning,
} from '../../../../domain/collections/dunning-interventions.js';
import { dunningNotice } from '../../../../domain/collections/dunning-notices.js';
import {
  billsBeginningDunning,
  defaultDunningPolicy,
  dueSteps,
  dunningResolved,
  isPaused,
  restorationsOf,
  startDunning,
  stepPerformed,
  type Dunning,
  type DunningActor,
} from '../../../../domain/collections/dunning.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';

const since = '2027-02-14T23:00:00.000Z';
const at = (days: number, hours = 0) => new Date(Date.parse(since) + days * 86_400_000 + hours * 3_600_000).toISOString();
const policy = defaultDunningPolicy;
const agent: DunningActor = { subject: 'agent-7', role: 'agent' };
const admin: DunningActor = { subject: 'admin-1', role: 'admin' };
const account = { billingAccountId: 'ba-1', customerId: 'cust-1', since };

/** Dunning walked by the run up to `asOf`: every step due performed, the suspension remembered. */
function walked(dunning: Dunning, asOf: string): Dunning {
  let current = dunning;
  for (const step of dueSteps(current, asOf, policy)) current = stepPerformed(current, step, asOf, policy, step.actions.includes('suspend') ? { suspended: true } : {});
  return current;
}
const days = (dunning: Dunning, asOf: string) => dueSteps(dunning, asOf, policy).map((step) => step.day);

function refusal(run: () => unknown): { kind: string; code: string; problems?: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolationError) return { kind: 'rule', code: error.rule };
    if (error instanceof InvalidInputError) return { kind: 'input', code: error.message, problems: error.problems };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('pausing dunning (docs/collections.md, "Pausing, stopping, restoring")', () => {
  it('no step while paused; afterwards every step not yet performed falls due as much later as the pause lasted', () => {
    const onDay2 = walked(startDunning(account, policy), at(2));
    const paused = pauseDunning(onDay2, { billingAccountId: 'ba-1', at: at(2), until: at(12), reason: 'promised on the phone', by: agent }, policy);
    expect(paused).toMatchObject({ pausedAt: at(2), pausedUntil: at(12), pauseReason: 'promised on the phone', pausedBy: agent, postponedMs: 10 * 86_400_000, nextStepAt: at(13) });
    expect(paused.interventions).toEqual([{ action: 'paused', at: at(2), until: at(12), reason: 'promised on the phone', by: agent }]);
    expect(isPaused(paused, at(11))).toBe(true);
    // Day 3's retry was due during the pause: none before its end, then on day 3 + 10.
    expect(days(paused, at(12, -1))).toEqual([]);
    expect(days(paused, at(12))).toEqual([]);
    expect(days(paused, at(13))).toEqual([3]);
    expect(days(paused, at(17))).toEqual([3, 7]);
    // The step performed after the pause clears it; the next keeps its spacing.
    const after = stepPerformed(paused, dueSteps(paused, at(13), policy)[0]!, at(13), policy);
    expect(after).toMatchObject({ stepsDone: 2, nextStepAt: at(17) });
    expect(after.pausedUntil).toBeUndefined();
    expect(after.pauseReason).toBeUndefined();
  });

  it('a step that fell due before the pause and was not yet performed waits for its end', () => {
    // The run has not come since day 3's retry fell due.
    const late = walked(startDunning(account, policy), at(2));
    const paused = pauseDunning(late, { billingAccountId: 'ba-1', at: at(4), until: at(6), reason: 'x', by: agent }, policy);
    expect(paused.nextStepAt).toBe(at(6));
    expect(days(paused, at(6, -1))).toEqual([]);
    expect(days(paused, at(6))).toEqual([3]);
  });

  it('resuming early gives back what was left: the steps fall due as much later as the pause lasted', () => {
    const paused = pauseDunning(walked(startDunning(account, policy), at(2)), { billingAccountId: 'ba-1', at: at(2), until: at(12), reason: 'x', by: agent }, policy);
    const resumed = resumeDunning(paused, { billingAccountId: 'ba-1', at: at(4), reason: 'changed their mind', by: admin }, policy);
    expect(resumed).toMatchObject({ postponedMs: 2 * 86_400_000, nextStepAt: at(5) });
    expect(resumed.pausedUntil).toBeUndefined();
    expect(resumed.interventions!.map((each) => each.action)).toEqual(['paused', 'resumed']);
    expect(resumed.interventions![1]).toEqual({ action: 'resumed', at: at(4), reason: 'changed their mind', by: admin });
    expect(days(resumed, at(5))).toEqual([3]);
  });

  it('a new pause replaces the one in force: only the time paused counts', () => {
    const first = pauseDunning(walked(startDunning(account, policy), at(2)), { billingAccountId: 'ba-1', at: at(2), until: at(12), reason: 'a', by: agent }, policy);
    const second = pauseDunning(first, { billingAccountId: 'ba-1', at: at(5), until: at(8), reason: 'b', by: agent }, policy);
    // 3 days of the first, then 3 of the second.
    expect(second).toMatchObject({ pausedAt: at(5), pausedUntil: at(8), pauseReason: 'b', postponedMs: 6 * 86_400_000, nextStepAt: at(9) });
    // The same pause twice (a retried request) postpones once.
    const again = pauseDunning(first, { billingAccountId: 'ba-1', at: at(2), until: at(12), reason: 'a', by: agent }, policy);
    expect(again.postponedMs).toBe(first.postponedMs);
  });

  it('`until` after the account time now and at most 30 days on, else 400 naming it', () => {
    const dunning = walked(startDunning(account, policy), at(2));
    const pause = (until: string) => () => pauseDunning(dunning, { billingAccountId: 'ba-1', at: at(2), until, reason: 'x', by: agent }, policy);
    expect(refusal(pause(at(2)))).toMatchObject({ kind: 'input', problems: [{ field: 'until', problem: `must be after the account's time now, ${at(2)}` }] });
    expect(refusal(pause(at(1)))).toMatchObject({ kind: 'input', problems: [{ field: 'until' }] });
    expect(refusal(pause(at(32, 1)))).toMatchObject({ kind: 'input', problems: [{ field: 'until', problem: expect.stringContaining('at most 30 days') }] });
    expect(pause(at(32))().pausedUntil).toBe(at(32));
    // Offsets are taken as the instant they name.
    expect(checkPauseEnd('2027-02-20T01:00:00+01:00', at(2))).toBe('2027-02-20T00:00:00.000Z');
  });

  it('409 without active dunning, and resuming 409 when no pause holds (nor one that ran out)', () => {
    const resolved = dunningResolved(startDunning(account, policy), at(2));
    expect(refusal(() => pauseDunning(undefined, { billingAccountId: 'ba-1', at: at(2), until: at(3), reason: 'x', by: agent }, policy))).toEqual({ kind: 'rule', code: 'no-active-dunning' });
    expect(refusal(() => pauseDunning(resolved, { billingAccountId: 'ba-1', at: at(2), until: at(3), reason: 'x', by: agent }, policy))).toEqual({ kind: 'rule', code: 'no-active-dunning' });
    expect(refusal(() => requireActiveDunning(resolved, 'ba-1'))).toEqual({ kind: 'rule', code: 'no-active-dunning' });
    const active = walked(startDunning(account, policy), at(2));
    expect(refusal(() => resumeDunning(active, { billingAccountId: 'ba-1', at: at(2), reason: 'x', by: agent }, policy))).toEqual({ kind: 'rule', code: 'dunning-not-paused' });
    const paused = pauseDunning(active, { billingAccountId: 'ba-1', at: at(2), until: at(3), reason: 'x', by: agent }, policy);
    expect(refusal(() => resumeDunning(paused, { billingAccountId: 'ba-1', at: at(3), reason: 'x', by: agent }, policy))).toEqual({ kind: 'rule', code: 'dunning-not-paused' });
  });

  it('the request bodies: a reason of 1 to 500 characters, `until` an instant with its offset, nothing else', () => {
    expect(dunningPauseSchema.safeParse({ until: '2027-03-01T00:00:00Z', reason: 'promised' }).success).toBe(true);
    expect(dunningPauseSchema.safeParse({ until: '2027-03-01', reason: 'promised' }).success).toBe(false);
    expect(dunningPauseSchema.safeParse({ until: '2027-03-01T00:00:00Z', reason: '  ' }).success).toBe(false);
    expect(dunningPauseSchema.safeParse({ until: '2027-03-01T00:00:00Z', reason: 'x'.repeat(501) }).success).toBe(false);
    expect(dunningResumeSchema.safeParse({ reason: 'x', until: '2027-03-01T00:00:00Z' }).success).toBe(false);
    expect(serviceRestorationSchema.safeParse({ reason: 'promised', until: '2027-03-01T00:00:00Z' }).success).toBe(true);
  });
});

describe('stopping dunning', () => {
  it('ends it stopped: nothing next, nothing due ever, the pause gone, the lifted suspension recorded', () => {
    const suspended = walked(startDunning(account, policy), at(15));
    const paused = pauseDunning(suspended, { billingAccountId: 'ba-1', at: at(15), until: at(20), reason: 'p', by: agent }, policy);
    const stopped = stopDunning(paused, { billingAccountId: 'ba-1', at: at(16), reason: 'sent to the agency', by: admin, productIds: ['prod-1'] });
    expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: at(16), suspended: false, stepsDone: 4 });
    expect(stopped.nextStepAt).toBeUndefined();
    expect(stopped.pausedUntil).toBeUndefined();
    expect(stopped.interventions!.at(-1)).toEqual({ action: 'stopped', at: at(16), reason: 'sent to the agency', by: admin, productIds: ['prod-1'] });
    expect(dueSteps(stopped, at(90), policy)).toEqual([]);
    expect(refusal(() => stopDunning(stopped, { billingAccountId: 'ba-1', at: at(17), reason: 'again', by: admin, productIds: [] }))).toEqual({ kind: 'rule', code: 'no-active-dunning' });
  });

  it('afterwards only a bill that fell overdue since begins dunning again; the debt already overdue is not chased', () => {
    const stopped = stopDunning(walked(startDunning(account, policy), at(5)), { billingAccountId: 'ba-1', at: at(5), reason: 'x', by: admin, productIds: [] });
    const february = { id: 'feb', paymentDueDate: since };
    const march = { id: 'mar', paymentDueDate: '2027-03-14T23:00:00.000Z' };
    expect(billsBeginningDunning([february], stopped)).toEqual([]);
    expect(billsBeginningDunning([february, march], stopped)).toEqual([march]);
    // Due exactly when it stopped: not overdue then, so it is new.
    expect(billsBeginningDunning([{ id: 'edge', paymentDueDate: at(5) }], stopped)).toHaveLength(1);
    // After a resolved (or no) dunning, every overdue bill begins one, as before.
    expect(billsBeginningDunning([february, march], dunningResolved(startDunning(account, policy), at(2)))).toEqual([february, march]);
    expect(billsBeginningDunning([february], undefined)).toEqual([february]);
  });
});

describe('restoring a suspended service on a promise to pay', () => {
  const suspended = walked(startDunning(account, policy), at(15));

  it('the service back, dunning paused until the promise and taken back to its suspension: suspended again when the pause ends unpaid, the steps after following with their spacing', () => {
    expect(suspended).toMatchObject({ suspended: true, stepsDone: 4, nextStepAt: at(21) });
    const restored = serviceRestored(suspended, { billingAccountId: 'ba-1', at: at(15), until: at(25), reason: 'pays on the 25th', by: admin, productIds: ['prod-1'] }, policy);
    expect(restored).toMatchObject({ suspended: false, stepsDone: 3, pausedUntil: at(25), pauseReason: 'pays on the 25th', pausedBy: admin, postponedMs: 10 * 86_400_000, nextStepAt: at(25) });
    expect(restored.interventions).toEqual([{ action: 'serviceRestored', at: at(15), until: at(25), reason: 'pays on the 25th', by: admin, productIds: ['prod-1'] }]);
    expect(restorationsOf(restored)).toBe(1);
    expect(days(restored, at(25, -1))).toEqual([]);
    expect(days(restored, at(25))).toEqual([14]);
    const again = walked(restored, at(25));
    expect(again).toMatchObject({ suspended: true, stepsDone: 4, nextStepAt: at(31) });
    expect(again.history.map((step) => step.day)).toEqual([1, 3, 7, 14, 14]);
    // The final notice 6 days after, as day 21 was 6 days after the suspension: then the write-off.
    expect(days(again, at(31))).toEqual([21]);
    expect(days(again, at(40))).toEqual([21, 30]);
  });

  it('409 when nothing is suspended (or dunning is not active); 400 for `until` as a pause', () => {
    const before = walked(startDunning(account, policy), at(8));
    expect(refusal(() => requireRestorable(before, { billingAccountId: 'ba-1', at: at(8), until: at(10) }))).toEqual({ kind: 'rule', code: 'service-not-suspended' });
    expect(refusal(() => requireRestorable(dunningResolved(suspended, at(16)), { billingAccountId: 'ba-1', at: at(16), until: at(20) }))).toEqual({ kind: 'rule', code: 'no-active-dunning' });
    expect(refusal(() => serviceRestored(suspended, { billingAccountId: 'ba-1', at: at(15), until: at(46), reason: 'x', by: admin, productIds: [] }, policy))).toMatchObject({ kind: 'input', problems: [{ field: 'until' }] });
    const restored = serviceRestored(suspended, { billingAccountId: 'ba-1', at: at(15), until: at(20), reason: 'x', by: admin, productIds: [] }, policy);
    expect(refusal(() => requireRestorable(restored, { billingAccountId: 'ba-1', at: at(16), until: at(20) }))).toEqual({ kind: 'rule', code: 'service-not-suspended' });
  });

  it('the notice says what is still overdue and by when it was promised; a payment still thanks', () => {
    const promised = dunningNotice('serviceRestored', { accountName: 'Ada', overdue: '29.03 EUR', since, stillOwed: true, payBy: at(25) });
    expect(promised.content).toBe('The service of your account Ada is restored. It still has 29.03 EUR overdue since 2027-02-14: please pay it by 2027-03-11 to keep your service.');
    expect(dunningNotice('serviceRestored', { accountName: 'Ada', overdue: '29.03 EUR', since, stillOwed: true }).content).toBe('The service of your account Ada is restored. It still has 29.03 EUR overdue since 2027-02-14.');
    expect(dunningNotice('serviceRestored', { accountName: 'Ada', overdue: '0.00 EUR', since, stillOwed: false }).content).toContain('Thank you');
  });
});

describe('the audit entry of an intervention', () => {
  it('under the billing account: the action, who, why, and the dunning before and after', () => {
    const before = walked(startDunning(account, policy), at(2));
    const after = pauseDunning(before, { billingAccountId: 'ba-1', at: at(2), until: at(12), reason: 'promised', by: agent }, policy);
    expect(dunningAuditEntry(before, after, { id: 'audit-1', correlationId: 'corr-1' })).toEqual({
      id: 'audit-1',
      at: at(2),
      resource: { type: 'BillingAccount', id: 'ba-1' },
      action: 'dunningPaused',
      actor: agent,
      reason: 'promised',
      correlationId: 'corr-1',
      before: { status: 'active', stepsDone: 1, suspended: false, nextStepAt: at(3), pausedUntil: null, postponedMs: 0 },
      after: { status: 'active', stepsDone: 1, suspended: false, nextStepAt: at(13), pausedUntil: at(12), postponedMs: 10 * 86_400_000 },
    });
    const stopped = stopDunning(after, { billingAccountId: 'ba-1', at: at(3), reason: 'agency', by: admin, productIds: [] });
    expect(dunningAuditEntry(after, stopped, { id: 'audit-2', correlationId: 'corr-2' })).toMatchObject({ action: 'dunningStopped', actor: admin, reason: 'agency', after: { status: 'stopped', nextStepAt: null } });
  });
});

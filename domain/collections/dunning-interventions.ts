import type { AuditEntry } from '../shared/audit-entry.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { adminWrites, staffWrites, type WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';
import { dayMs, isPaused, withNextStep, withoutPause, type Dunning, type DunningActor, type DunningIntervention, type DunningPolicy } from './dunning.js';

/**
 * What staff do to an account's dunning by hand (docs/collections.md, "Pausing, stopping,
 * restoring"), each with a reason and recorded with who did it:
 *
 * - **pause** (agents, admins) until an instant at most 30 days after the account's time now:
 *   no step is performed before it, and every step not yet performed falls due as much later as
 *   the pause lasts (dunning's clock stops; a step that fell due meanwhile is performed when it
 *   ends, the ones after keep their spacing). A new pause replaces the one in force.
 * - **resume** (agents, admins) ends a pause early: the steps fall due as much later as it lasted.
 * - **stop** (admins): dunning ends without write-off, the debt stays owed; a suspension it made
 *   is lifted. Only a bill that falls overdue later begins dunning again.
 * - **restore the service** (admins) that dunning suspended, on a promise to pay by an instant:
 *   dunning is paused until then and taken back to its suspension step, so that if the promise
 *   is not kept the service is suspended again when the pause ends, and the steps after follow
 *   with their spacing.
 *
 * Pure: the handlers pass the account's time (its test clock's when it has one) and the actor.
 */
export const maxPauseDays = 30;

const reasonSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));
const instantSchema = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

/** POST /collections/v1/dunning/{billingAccountId}/pause */
export const dunningPauseSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ until: instantSchema, reason: reasonSchema }));
/** POST /collections/v1/dunning/{billingAccountId}/resume */
export const dunningResumeSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ reason: reasonSchema }));
/** POST /collections/v1/dunning/{billingAccountId}/stop */
export const dunningStopSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ reason: reasonSchema }));
/** POST /collections/v1/dunning/{billingAccountId}/restoreService: the promise to pay by `until`. */
export const serviceRestorationSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ reason: reasonSchema, until: instantSchema }));

/** Agents and admins pause and resume dunning. */
export const dunningPauseAccess: WriteAccess = staffWrites;
/** Only admins stop dunning or restore a service it suspended. */
export const dunningStopAccess: WriteAccess = adminWrites;

interface Intervention {
  /** The account's time now. */
  at: string;
  reason: string;
  by: DunningActor;
}

/** 409 unless the account's dunning is active. */
export function requireActiveDunning(dunning: Dunning | undefined, billingAccountId: string): Dunning {
  if (dunning?.status !== 'active') {
    throw new RuleViolationError('no-active-dunning', `billing account ${billingAccountId} has no active dunning${dunning ? ` (its last one is ${dunning.status})` : ''}`);
  }
  return dunning;
}

/** 400 naming `until` unless it is after `now` and at most 30 days after it. */
export function checkPauseEnd(until: string, now: string): string {
  const end = Date.parse(until);
  const problem =
    end <= Date.parse(now)
      ? `must be after the account's time now, ${now}`
      : end > Date.parse(now) + maxPauseDays * dayMs
        ? `must be at most ${maxPauseDays} days after the account's time now, ${now}: by ${new Date(Date.parse(now) + maxPauseDays * dayMs).toISOString()}`
        : undefined;
  if (problem) throw new InvalidInputError(`until ${problem}`, [{ field: 'until', problem }]);
  return new Date(end).toISOString();
}

/** The pause in force ended at `at`: what was left of it is given back, the steps fall due as much later as it lasted. */
function pauseEnded(dunning: Dunning, at: string): Dunning {
  if (!isPaused(dunning, at)) return withoutPause(dunning);
  const unused = Date.parse(dunning.pausedUntil!) - Date.parse(at);
  return withoutPause({ ...dunning, postponedMs: Math.max(0, (dunning.postponedMs ?? 0) - unused) });
}

/** Paused from `at` until `until` (a pause in force is replaced): the steps not yet performed fall due `until` − `at` later. */
function pausedUntil(dunning: Dunning, until: string, input: Intervention): Dunning {
  const ended = pauseEnded(dunning, input.at);
  return {
    ...ended,
    postponedMs: (ended.postponedMs ?? 0) + (Date.parse(until) - Date.parse(input.at)),
    pausedAt: input.at,
    pausedUntil: until,
    pauseReason: input.reason,
    pausedBy: input.by,
  };
}

const withIntervention = (dunning: Dunning, intervention: DunningIntervention): Dunning => ({ ...dunning, interventions: [...(dunning.interventions ?? []), intervention] });

/** Dunning paused until `until` (at most 30 days after the account's time now). 409 without active dunning, 400 for `until`. */
export function pauseDunning(dunning: Dunning | undefined, input: Intervention & { billingAccountId: string; until: string }, policy: DunningPolicy): Dunning {
  const active = requireActiveDunning(dunning, input.billingAccountId);
  const until = checkPauseEnd(input.until, input.at);
  return withNextStep(withIntervention(pausedUntil(active, until, input), { action: 'paused', at: input.at, until, reason: input.reason, by: input.by }), policy);
}

/** A pause ended early. 409 without active dunning, or when no pause holds. */
export function resumeDunning(dunning: Dunning | undefined, input: Intervention & { billingAccountId: string }, policy: DunningPolicy): Dunning {
  const active = requireActiveDunning(dunning, input.billingAccountId);
  if (!isPaused(active, input.at)) throw new RuleViolationError('dunning-not-paused', `the dunning of billing account ${input.billingAccountId} is not paused`);
  return withNextStep(withIntervention(pauseEnded(active, input.at), { action: 'resumed', at: input.at, reason: input.reason, by: input.by }), policy);
}

/** Dunning stopped by an admin: no further step, the debt stays owed, a suspension lifted (the products in `productIds`). */
export function stopDunning(dunning: Dunning | undefined, input: Intervention & { billingAccountId: string; productIds: string[] }): Dunning {
  const active = requireActiveDunning(dunning, input.billingAccountId);
  const { nextStepAt: _none, ...rest } = pauseEnded(active, input.at);
  return withIntervention({ ...rest, status: 'stopped', stoppedAt: input.at, suspended: false }, { action: 'stopped', at: input.at, reason: input.reason, by: input.by, productIds: input.productIds });
}

/** 409 unless dunning is active with the service suspended; 400 for `until`: what a restoration checks before it moves the products. */
export function requireRestorable(dunning: Dunning | undefined, input: { billingAccountId: string; at: string; until: string }): { dunning: Dunning; until: string } {
  const active = requireActiveDunning(dunning, input.billingAccountId);
  if (!active.suspended) throw new RuleViolationError('service-not-suspended', `dunning has not suspended the service of billing account ${input.billingAccountId}`);
  return { dunning: active, until: checkPauseEnd(input.until, input.at) };
}

/**
 * The service restored (the products in `productIds`) on a promise to pay by `until`: dunning
 * is paused until then and taken back to the step that suspended, so that a promise not kept
 * suspends again when the pause ends; the steps after it follow, postponed like every step.
 */
export function serviceRestored(dunning: Dunning | undefined, input: Intervention & { billingAccountId: string; until: string; productIds: string[] }, policy: DunningPolicy): Dunning {
  const { dunning: suspended, until } = requireRestorable(dunning, input);
  const suspension = policy.findIndex((step) => step.actions.includes('suspend'));
  const stepsDone = suspension >= 0 && suspension < suspended.stepsDone ? suspension : suspended.stepsDone;
  const restored = { ...pausedUntil(suspended, until, input), suspended: false, stepsDone };
  return withNextStep(withIntervention(restored, { action: 'serviceRestored', at: input.at, until, reason: input.reason, by: input.by, productIds: input.productIds }), policy);
}

const auditActions = { paused: 'dunningPaused', resumed: 'dunningResumed', stopped: 'dunningStopped', serviceRestored: 'serviceRestored' } as const;

/** What the audit trail keeps of a dunning, before and after an intervention. */
const auditedState = (dunning: Dunning) => ({
  status: dunning.status,
  stepsDone: dunning.stepsDone,
  suspended: dunning.suspended,
  nextStepAt: dunning.nextStepAt ?? null,
  pausedUntil: dunning.pausedUntil ?? null,
  postponedMs: dunning.postponedMs ?? 0,
});

/** The audit entry of an intervention, under the billing account (docs/security.md, "Audit trail"). */
export function dunningAuditEntry(before: Dunning, after: Dunning, context: { id: string; correlationId: string }): AuditEntry {
  const intervention = after.interventions?.at(-1);
  if (!intervention) throw new Error('invariant broken: an audited dunning change records its intervention');
  return {
    id: context.id,
    at: intervention.at,
    resource: { type: 'BillingAccount', id: after.billingAccountId },
    action: auditActions[intervention.action],
    actor: intervention.by,
    reason: intervention.reason,
    correlationId: context.correlationId,
    before: auditedState(before),
    after: auditedState(after),
  };
}

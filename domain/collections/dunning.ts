/**
 * Dunning (docs/collections.md, "Dunning"): what happens to an account whose bill passed its
 * due date unpaid, day by day, until a payment clears what is overdue, the rest is written off,
 * or an admin stops it. Pure: the collections run passes the instant it acts at (the system's,
 * or the account's test clock's) and performs what `dueSteps` answers; every step is recorded,
 * so a step is never performed twice however often the run goes over it. Staff pause it, resume
 * it, stop it or restore a suspended service (dunning-interventions.ts): a pause stops dunning's
 * clock, so every step not yet performed falls due as much later as the pause lasted.
 */
export const dunningActions = ['retryPayment', 'reminder', 'suspend', 'finalNotice', 'writeOff'] as const;
export type DunningAction = (typeof dunningActions)[number];

export interface DunningStep {
  /** Days after the due date of the oldest overdue bill (day N is N × 24 h after it). */
  day: number;
  actions: readonly DunningAction[];
}

export type DunningPolicy = readonly DunningStep[];

/** The documented default: retries on days 1, 3 and 7, reminders on 1 and 7, suspension on 14, final notice on 21, write-off on 30. */
export const defaultDunningPolicy: DunningPolicy = [
  { day: 1, actions: ['retryPayment', 'reminder'] },
  { day: 3, actions: ['retryPayment'] },
  { day: 7, actions: ['retryPayment', 'reminder'] },
  { day: 14, actions: ['suspend'] },
  { day: 21, actions: ['finalNotice'] },
  { day: 30, actions: ['writeOff'] },
];

/** Business accounts get longer: retries on days 1, 5 and 10, suspension on 30, final notice on 45, write-off on 60. */
export const businessDunningPolicy: DunningPolicy = [
  { day: 1, actions: ['retryPayment', 'reminder'] },
  { day: 5, actions: ['retryPayment'] },
  { day: 10, actions: ['retryPayment', 'reminder'] },
  { day: 30, actions: ['suspend'] },
  { day: 45, actions: ['finalNotice'] },
  { day: 60, actions: ['writeOff'] },
];

/** The policy of an account, by its TMF666 `accountType`. */
export function dunningPolicyFor(accountType: string | undefined): DunningPolicy {
  return accountType === 'business' ? businessDunningPolicy : defaultDunningPolicy;
}

/** `active` while it goes on; it ends `resolved` (paid), `writtenOff`, or `stopped` (by an admin: the debt stays owed, nothing more happens). */
export type DunningStatus = 'active' | 'resolved' | 'writtenOff' | 'stopped';

/** Who acted on a dunning by hand: the token's subject and the role it acted in. */
export interface DunningActor {
  subject: string;
  role: 'admin' | 'agent';
}

/** What staff did to a dunning, with why and who: kept in the dunning, oldest first, beside the steps' history. */
export type DunningIntervention =
  | { action: 'paused'; at: string; until: string; reason: string; by: DunningActor }
  | { action: 'resumed'; at: string; reason: string; by: DunningActor }
  /** `productIds`: the products whose suspension the stop lifted. */
  | { action: 'stopped'; at: string; reason: string; by: DunningActor; productIds: string[] }
  /** The service back on a promise to pay by `until`; dunning paused until then. */
  | { action: 'serviceRestored'; at: string; until: string; reason: string; by: DunningActor; productIds: string[] };

export interface Dunning {
  billingAccountId: string;
  customerId: string;
  testClockId?: string;
  /** The due date of the oldest overdue bill when dunning began: the steps' days count from it. */
  since: string;
  status: DunningStatus;
  /** How many of the policy's steps were performed (a restored service takes it back to the suspension: see dunning-interventions.ts). */
  stepsDone: number;
  /** When the next step is performed: its day, postponed by the pauses, and never before a pause ends; absent once none is left, or dunning ended. */
  nextStepAt?: string;
  suspended: boolean;
  history: { day: number; actions: DunningAction[]; at: string }[];
  resolvedAt?: string;
  /** While paused (by staff, or after a restored service): no step before `pausedUntil`; when, why and by whom. All four together, removed once the pause is over. */
  pausedAt?: string;
  pausedUntil?: string;
  pauseReason?: string;
  pausedBy?: DunningActor;
  /** How much later than its day every step not yet performed falls due, in milliseconds: the time paused so far. */
  postponedMs?: number;
  /** Staff's pauses, resumptions, stop and restorations, oldest first. */
  interventions?: DunningIntervention[];
  /** When an admin stopped it. */
  stoppedAt?: string;
}

/** GET /collections/v1/dunning/{billingAccountId}, and the staff's actions under it (dunning-interventions.ts). */
export const dunningPath = '/collections/v1/dunning';

export const dayMs = 86_400_000;

/** The step's day after `since`, as the policy states it (no pause counted). */
export function stepInstant(since: string, step: DunningStep): string {
  return new Date(Date.parse(since) + step.day * dayMs).toISOString();
}

/** When the step falls due in this dunning: its day after `since`, postponed by the time paused so far. */
export function stepDueAt(dunning: Pick<Dunning, 'since' | 'postponedMs'>, step: DunningStep): string {
  return new Date(Date.parse(dunning.since) + step.day * dayMs + (dunning.postponedMs ?? 0)).toISOString();
}

/** Whether a pause holds as of `asOf`: no step is performed before `pausedUntil`. */
export function isPaused(dunning: Dunning, asOf: string): boolean {
  return dunning.status === 'active' && dunning.pausedUntil !== undefined && asOf < dunning.pausedUntil;
}

/**
 * When the next step will be performed: the later of its due instant and the end of the pause;
 * undefined when dunning ended or no step is left. The collections run finds the dunning by it.
 */
export function nextStepAtOf(dunning: Dunning, policy: DunningPolicy): string | undefined {
  const next = policy[dunning.stepsDone];
  if (dunning.status !== 'active' || !next) return undefined;
  const due = stepDueAt(dunning, next);
  return dunning.pausedUntil !== undefined && dunning.pausedUntil > due ? dunning.pausedUntil : due;
}

/** The dunning without its pause (over, or replaced). */
export function withoutPause(dunning: Dunning): Dunning {
  const { pausedAt: _at, pausedUntil: _until, pauseReason: _reason, pausedBy: _by, ...rest } = dunning;
  return rest;
}

/** The dunning with `nextStepAt` as `nextStepAtOf` says (absent when there is none). */
export function withNextStep(dunning: Dunning, policy: DunningPolicy): Dunning {
  const { nextStepAt: _previous, ...rest } = dunning;
  const nextStepAt = nextStepAtOf(rest, policy);
  return nextStepAt === undefined ? rest : { ...rest, nextStepAt };
}

export function startDunning(input: { billingAccountId: string; customerId: string; testClockId?: string | undefined; since: string }, policy: DunningPolicy): Dunning {
  const first = policy[0];
  return {
    billingAccountId: input.billingAccountId,
    customerId: input.customerId,
    ...(input.testClockId ? { testClockId: input.testClockId } : {}),
    since: input.since,
    status: 'active',
    stepsDone: 0,
    ...(first ? { nextStepAt: stepInstant(input.since, first) } : {}),
    suspended: false,
    history: [],
  };
}

/** The steps due as of `asOf` not yet performed, in order; none while a pause holds. */
export function dueSteps(dunning: Dunning, asOf: string, policy: DunningPolicy): DunningStep[] {
  if (dunning.status !== 'active' || isPaused(dunning, asOf)) return [];
  return policy.slice(dunning.stepsDone).filter((step) => stepDueAt(dunning, step) <= asOf);
}

/**
 * Dunning after the next step was performed at `at` (with `suspended` / `writtenOff` as the step
 * made them). A step is performed only once a pause is over: the pause goes.
 */
export function stepPerformed(dunning: Dunning, step: DunningStep, at: string, policy: DunningPolicy, effects: { suspended?: boolean; writtenOff?: boolean } = {}): Dunning {
  return withNextStep(
    {
      ...withoutPause(dunning),
      stepsDone: dunning.stepsDone + 1,
      suspended: effects.suspended ?? dunning.suspended,
      status: effects.writtenOff ? 'writtenOff' : dunning.status,
      history: [...dunning.history, { day: step.day, actions: [...step.actions], at }],
    },
    policy,
  );
}

/** Dunning stopped by a payment that cleared what was overdue: nothing more happens, service comes back if it was suspended. */
export function dunningResolved(dunning: Dunning, at: string): Dunning {
  const { nextStepAt: _none, ...rest } = withoutPause(dunning);
  return { ...rest, status: 'resolved', resolvedAt: at };
}

/**
 * The dunning as its customer reads it: the pause and what staff did, when and until when, but
 * not who on the staff did it nor the reasons they wrote (staff's notes, read by staff).
 */
export type DunningAsCustomerSees = Omit<Dunning, 'pausedBy' | 'pauseReason' | 'interventions'> & {
  interventions?: { action: DunningIntervention['action']; at: string; until?: string; productIds?: string[] }[];
};

export function dunningAsCustomerSees(dunning: Dunning): DunningAsCustomerSees {
  const { pausedBy: _by, pauseReason: _reason, interventions, ...rest } = dunning;
  if (!interventions) return rest;
  return {
    ...rest,
    interventions: interventions.map((intervention) => {
      const { by: _who, reason: _why, ...seen } = intervention;
      return seen;
    }),
  };
}

/** How many times staff restored the service: the steps performed again after a restoration are new steps, with their own notices, requests and events. */
export function restorationsOf(dunning: Dunning): number {
  return (dunning.interventions ?? []).filter((intervention) => intervention.action === 'serviceRestored').length;
}

/** Bills overdue as of `asOf`: issued, still owing, their due date passed. */
export function overdueBills<T extends { paymentDueDate: string }>(openBills: readonly T[], asOf: string): T[] {
  return openBills.filter((bill) => bill.paymentDueDate < asOf);
}

/**
 * The overdue bills that begin dunning: all of them, except after an admin stopped the last
 * dunning, when the bills already overdue then are left (their debt stays owed, it is not chased
 * again) and only a bill that fell overdue since begins a new one.
 */
export function billsBeginningDunning<T extends { paymentDueDate: string }>(overdue: readonly T[], previous: Pick<Dunning, 'status' | 'stoppedAt'> | undefined): T[] {
  if (previous?.status !== 'stopped' || previous.stoppedAt === undefined) return [...overdue];
  const stoppedAt = previous.stoppedAt;
  return overdue.filter((bill) => bill.paymentDueDate >= stoppedAt);
}

/**
 * Dunning (docs/collections.md, "Dunning"): what happens to an account whose bill passed its
 * due date unpaid, day by day, until a payment clears what is overdue or the rest is written
 * off. Pure: the collections run passes the instant it acts at (the system's, or the account's
 * test clock's) and performs what `dueSteps` answers; every step is recorded, so a step is never
 * performed twice however often the run goes over it.
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

export interface Dunning {
  billingAccountId: string;
  customerId: string;
  testClockId?: string;
  /** The due date of the oldest overdue bill when dunning began: the steps' days count from it. */
  since: string;
  status: 'active' | 'resolved' | 'writtenOff';
  /** How many of the policy's steps were performed. */
  stepsDone: number;
  /** When the next step falls due; absent once none is left, or dunning ended. */
  nextStepAt?: string;
  suspended: boolean;
  history: { day: number; actions: DunningAction[]; at: string }[];
  resolvedAt?: string;
}

const dayMs = 86_400_000;

export function stepInstant(since: string, step: DunningStep): string {
  return new Date(Date.parse(since) + step.day * dayMs).toISOString();
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

/** The steps due as of `asOf` not yet performed, in order. */
export function dueSteps(dunning: Dunning, asOf: string, policy: DunningPolicy): DunningStep[] {
  if (dunning.status !== 'active') return [];
  return policy.slice(dunning.stepsDone).filter((step) => stepInstant(dunning.since, step) <= asOf);
}

/** Dunning after the next step was performed at `at` (with `suspended` / `writtenOff` as the step made them). */
export function stepPerformed(dunning: Dunning, step: DunningStep, at: string, policy: DunningPolicy, effects: { suspended?: boolean; writtenOff?: boolean } = {}): Dunning {
  const stepsDone = dunning.stepsDone + 1;
  const next = effects.writtenOff ? undefined : policy[stepsDone];
  const { nextStepAt: _previous, ...rest } = dunning;
  return {
    ...rest,
    stepsDone,
    ...(next ? { nextStepAt: stepInstant(dunning.since, next) } : {}),
    suspended: effects.suspended ?? dunning.suspended,
    status: effects.writtenOff ? 'writtenOff' : dunning.status,
    history: [...dunning.history, { day: step.day, actions: [...step.actions], at }],
  };
}

/** Dunning stopped by a payment that cleared what was overdue: nothing more happens, service comes back if it was suspended. */
export function dunningResolved(dunning: Dunning, at: string): Dunning {
  const { nextStepAt: _none, ...rest } = dunning;
  return { ...rest, status: 'resolved', resolvedAt: at };
}

/** Bills overdue as of `asOf`: issued, still owing, their due date passed. */
export function overdueBills<T extends { paymentDueDate: string }>(openBills: readonly T[], asOf: string): T[] {
  return openBills.filter((bill) => bill.paymentDueDate < asOf);
}

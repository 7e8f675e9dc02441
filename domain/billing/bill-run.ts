import * as z from '../shared/zod.js';
import { InvalidInputError } from '../shared/domain-errors.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * A billing run (docs/billing.md, "Billing runs"): bills every account whose next bill date is
 * at or before `asOf`, period by period, idempotently. Started daily by the schedule, by staff
 * (`POST /billing/v1/billRun`), or by advancing a test clock (then only that clock's accounts).
 * One account's failure is recorded with its reason and stops nothing else; the run then ends
 * `completedWithErrors`, and the next run retries the account.
 */
export const billRunPath = '/billing/v1/billRun';

export const billRunStates = ['inProgress', 'completed', 'completedWithErrors'] as const;
export type BillRunState = (typeof billRunStates)[number];

export type BillRunTrigger = 'schedule' | 'request' | 'testClock';

export interface BillRunCounts {
  /** Accounts due when the run started. */
  due: number;
  /** Accounts that got at least one bill. */
  billed: number;
  /** Accounts that were due but had nothing to bill (their schedule moved on). */
  skipped: number;
  /** Accounts that failed; the next run retries them. */
  failed: number;
  /** Bills issued (an account several periods behind gets one per period). */
  bills: number;
}

export interface BillRunFailure {
  billingAccountId: string;
  reason: string;
  at: string;
}

export interface BillRun {
  id: string;
  href: string;
  '@type': 'BillRun';
  state: BillRunState;
  trigger: BillRunTrigger;
  /** Everything due at or before this instant is billed. */
  asOf: string;
  testClock?: { id: string; href: string };
  counts: BillRunCounts;
  /** Accounts done (billed, skipped or failed) out of those due, in percent. */
  progress: number;
  /** The first failures (at most `failureListLimit`); every failure is counted. */
  failures: BillRunFailure[];
  startedAt: string;
  /** Why the run stopped before every partition was billed (the accounts left are still due: the next run bills them). */
  stoppedBecause?: string;
  /** When the first bill of the run was issued. */
  firstBillAt?: string;
  completedAt?: string;
}

export const failureListLimit = 100;

export const billRunCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ asOf: z.optional(z.iso.datetime({ offset: true })) }));
export type BillRunCreate = z.infer<typeof billRunCreateSchema>;
export const billRunAccess: WriteAccess = staffWrites;

/** A requested run bills up to now, or up to an earlier instant: never ahead of time. */
export function requestedAsOf(input: BillRunCreate, now: string): string {
  if (input.asOf === undefined) return now;
  const asOf = Date.parse(input.asOf);
  if (asOf > Date.parse(now)) {
    throw new InvalidInputError('asOf is in the future: a billing run bills what is due now or earlier', [{ field: 'asOf', problem: `after the current time ${now}` }]);
  }
  return new Date(asOf).toISOString();
}

export function startBillRun(input: { id: string; trigger: BillRunTrigger; asOf: string; now: string; testClock?: { id: string; href: string } }): BillRun {
  return {
    id: input.id,
    href: `${billRunPath}/${input.id}`,
    '@type': 'BillRun',
    state: 'inProgress',
    trigger: input.trigger,
    asOf: input.asOf,
    ...(input.testClock ? { testClock: input.testClock } : {}),
    counts: { due: 0, billed: 0, skipped: 0, failed: 0, bills: 0 },
    progress: 0,
    failures: [],
    startedAt: input.now,
  };
}

export function progressOf(counts: BillRunCounts): number {
  if (counts.due === 0) return 100;
  return Math.min(100, Math.floor(((counts.billed + counts.skipped + counts.failed) * 100) / counts.due));
}

export function completeBillRun(run: BillRun, now: string, stoppedBecause?: string): BillRun {
  return {
    ...run,
    state: run.counts.failed > 0 || stoppedBecause !== undefined ? 'completedWithErrors' : 'completed',
    progress: progressOf(run.counts),
    ...(stoppedBecause !== undefined ? { stoppedBecause } : {}),
    completedAt: now,
  };
}

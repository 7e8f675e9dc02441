import type { BillRunCounts, BillRunState, BillRunTrigger } from '../billing/bill-run.js';
import type { BillRunCompleted, BillRunRequested } from '../events/billing-events.js';
import type * as z from '../shared/zod.js';
import { reportLedgerOf, type ReportLedger } from './receivables-read-model.js';

/**
 * The billing-run history's read model (docs/reports.md, "Billing-run history"): one entry per
 * run, filled by its two events. BillRunRequested (a staff request, a test clock's advance) says
 * when it was asked for; BillRunCompleted (every run, scheduled ones included) when it ended,
 * how, and its counts. Each event sets only its own facts, and the facts both carry (run,
 * `asOf`, trigger) are the same in both: applied in any order, any number of times, the entry
 * is the same.
 */
/** What one event says of a run: the facts it sets on the run's entry. */
export interface BillRunFacts {
  billRunId: string;
  ledger: ReportLedger;
  asOf: string;
  trigger: BillRunTrigger;
  testClockId?: string;
  requestedAt?: string;
  completed?: { at: string; state: Exclude<BillRunState, 'inProgress'>; counts: BillRunCounts };
}

export interface BillRunHistoryEntry extends Omit<BillRunFacts, 'completed'> {
  /** `inProgress` until its BillRunCompleted is in. */
  state: BillRunState;
  completedAt?: string;
  counts?: BillRunCounts;
}

export function billRunRequestedFacts(data: z.infer<typeof BillRunRequested.dataSchema>, occurredAt: string): BillRunFacts {
  return { billRunId: data.billRunId, ledger: reportLedgerOf(data.testClockId), asOf: data.asOf, trigger: data.trigger, ...(data.testClockId ? { testClockId: data.testClockId } : {}), requestedAt: occurredAt };
}

export function billRunCompletedFacts(data: z.infer<typeof BillRunCompleted.dataSchema>, occurredAt: string): BillRunFacts {
  return {
    billRunId: data.billRunId,
    ledger: reportLedgerOf(data.testClockId),
    asOf: data.asOf,
    trigger: data.trigger,
    ...(data.testClockId ? { testClockId: data.testClockId } : {}),
    completed: { at: occurredAt, state: data.state, counts: data.counts },
  };
}

/** The entry the facts seen so far make (in any order: each fact is set by one kind of event only). */
export function billRunEntryOf(facts: readonly BillRunFacts[]): BillRunHistoryEntry {
  const [first] = facts;
  if (!first) throw new Error('a bill run entry needs at least one event');
  const requestedAt = facts.find((each) => each.requestedAt)?.requestedAt;
  const completed = facts.find((each) => each.completed)?.completed;
  return {
    billRunId: first.billRunId,
    ledger: first.ledger,
    asOf: first.asOf,
    trigger: first.trigger,
    ...(first.testClockId ? { testClockId: first.testClockId } : {}),
    ...(requestedAt ? { requestedAt } : {}),
    state: completed?.state ?? 'inProgress',
    ...(completed ? { completedAt: completed.at, counts: completed.counts } : {}),
  };
}

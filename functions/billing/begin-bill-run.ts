import { startBillRun, type BillRun } from '../../domain/billing/bill-run.js';
import { systemClock } from '../lib/clock.js';
import { findBillRun, insertBillRun, setDueCount } from '../lib/store/bill-run-store.js';
import { countDueAccounts, duePartitions } from '../lib/store/billing-schedule-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';

export interface BeginBillRunInput {
  /** The execution's input: BillRunRequested for a run staff or a test clock recorded, or the daily schedule's (no run). */
  input: { detail?: { data?: { billRunId?: string }; metadata?: { correlationId?: string } } };
  executionName: string;
  correlationId?: string;
}

/**
 * Billing run, first step: the run to bill (the recorded one, or for the daily schedule a new
 * one billing everything due now), how many accounts are due, and the partitions of the due
 * index the next step bills side by side.
 */
export async function beginBillRun({ input, executionName }: BeginBillRunInput) {
  const run = await runToBill(input.detail?.data?.billRunId, executionName);
  const partitions = duePartitions(run.testClock?.id);
  const counts = await Promise.all(partitions.map((partition) => countDueAccounts(partition, run.asOf)));
  await setDueCount(run.id, counts.reduce((sum, count) => sum + count, 0));
  return {
    billRunId: run.id,
    asOf: run.asOf,
    testClockId: run.testClock?.id ?? null,
    correlationId: input.detail?.metadata?.correlationId ?? `bill-run-${run.id}`,
    partitions: partitions.map((partition) => ({ partition })),
  };
}

async function runToBill(billRunId: string | undefined, executionName: string): Promise<BillRun> {
  if (billRunId !== undefined) {
    const run = await findBillRun(billRunId);
    if (!run) throw new Error(`bill run ${billRunId} does not exist`);
    return run;
  }
  // A scheduled execution is named by the scheduler: the run takes its name, so a retried step finds it.
  const id = `scheduled-${executionName}`.slice(0, 80);
  const existing = await findBillRun(id);
  if (existing) return existing;
  const now = systemClock.now();
  await insertBillRun(startBillRun({ id, trigger: 'schedule', asOf: now, now })).catch((error: unknown) => {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  });
  return (await findBillRun(id))!;
}

export const handler = stateMachineTask('executionName', beginBillRun);

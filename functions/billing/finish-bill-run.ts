import { completeBillRun } from '../../domain/billing/bill-run.js';
import { finishAdvance } from '../../domain/billing/test-clock.js';
import { BillRunCompleted } from '../../domain/events/billing-events.js';
import { systemClock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { completeBillRunRecord, findBillRun } from '../lib/store/bill-run-store.js';
import { findTestClock, updateTestClock } from '../lib/store/test-clock-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';

export interface FinishBillRunInput {
  billRunId: string;
  correlationId: string;
  /** The Map's Catch: empty when every partition was billed. */
  failure: { Error?: string; Cause?: string };
}

/**
 * Billing run, last step: the run ends `completed`, or `completedWithErrors` when an account
 * failed or the run stopped early, with BillRunCompleted; a test clock's run sets the clock
 * `ready` again. Repeating the step changes nothing.
 */
export async function finishBillRun(input: FinishBillRunInput) {
  const run = await findBillRun(input.billRunId);
  if (!run) throw new Error(`bill run ${input.billRunId} does not exist`);
  const now = systemClock.now();
  if (run.state === 'inProgress') {
    const stoppedBecause = input.failure.Error ? `${input.failure.Error}: ${input.failure.Cause ?? ''}`.slice(0, 1000) : undefined;
    const completed = completeBillRun(run, now, stoppedBecause);
    const event = BillRunCompleted.create(
      {
        billRunId: run.id,
        state: completed.state as 'completed' | 'completedWithErrors',
        asOf: run.asOf,
        trigger: run.trigger,
        counts: run.counts,
        ...(run.testClock ? { testClockId: run.testClock.id } : {}),
      },
      { eventId: newId(), occurredAt: now, correlationId: input.correlationId },
    );
    await completeBillRunRecord(completed, event);
  }
  if (run.testClock) {
    const stored = await findTestClock(run.testClock.id, { consistentRead: true });
    // Only the advance this run belongs to: a later advance has its own run.
    if (stored && stored.clock.status === 'advancing' && stored.clock.billRun?.id === run.id) {
      await updateTestClock(finishAdvance(stored.clock, now), stored.version);
    }
  }
  const finished = await findBillRun(run.id);
  return { billRunId: run.id, state: finished?.state ?? run.state };
}

export const handler = stateMachineTask('billRunId', finishBillRun);

import type { Context } from 'aws-lambda';
import { dueAccounts } from '../lib/store/billing-schedule-store.js';
import { recordBatchOutcome } from '../lib/store/bill-run-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { billingContext } from './billing-context.js';
import { billAccountsUpTo } from './billing-rounds.js';

export interface BillDuePageInput {
  billRunId: string;
  asOf: string;
  testClockId: string | null;
  correlationId: string;
  partition: string;
  /** Where this page starts; null for the first. */
  cursor: string | null;
}

/** Accounts per page, and how many of them are billed at the same time. */
const pageSize = () => Number(process.env.BSS_BILLING_PAGE_SIZE ?? '100');
const accountConcurrency = () => Number(process.env.BSS_BILLING_ACCOUNT_CONCURRENCY ?? '10');
const pageOutcomeMarginMs = 60_000;

/**
 * Billing run, per partition of the due index: one page of due accounts billed up to the run's
 * `asOf` (billing-rounds.ts), the outcome added to the run's counters; answers where the next
 * page starts. Billed accounts leave the due range (their next bill is later), failed ones stay
 * behind the cursor for the next run.
 */
export async function billDueAccounts(input: BillDuePageInput, lambda?: Pick<Context, 'getRemainingTimeInMillis'>) {
  const page = await dueAccounts(input.partition, input.asOf, pageSize(), input.cursor ?? undefined);
  if (page.accounts.length > 0) {
    // Bills still racing for their numbers keep trying as long as the page can, leaving it a minute to record its outcome.
    const issueDeadline = lambda ? Date.now() + lambda.getRemainingTimeInMillis() - pageOutcomeMarginMs : undefined;
    const context = { ...(await billingContext(input)), ...(issueDeadline !== undefined ? { issueDeadline } : {}) };
    const outcome = await billAccountsUpTo(
      page.accounts.map((account) => account.billingAccountId),
      input.asOf,
      context,
      { concurrency: accountConcurrency() },
    );
    await recordBatchOutcome(input.billRunId, {
      billed: outcome.billed.length,
      skipped: outcome.skipped.length,
      bills: outcome.bills.length,
      failures: outcome.failures,
      firstBillAt: outcome.firstBillAt,
    });
  }
  return { ...input, cursor: page.cursor ?? null, more: page.cursor !== undefined };
}

export const handler = stateMachineTask('billRunId', billDueAccounts);

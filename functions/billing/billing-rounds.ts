import pMap from 'p-map';
import type { BillRunFailure } from '../../domain/billing/bill-run.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import { systemClock } from '../lib/clock.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { draftNextBill, issueBills, skipBill, type BillingContext, type DraftOutcome } from './account-billing.js';

/**
 * Bills a batch of accounts up to `asOf` (docs/billing.md, "Billing runs"), in rounds: each
 * round builds the next due bill of every account still due (a few accounts at a time), then
 * numbers and issues that round's bills together. An account several periods behind gets one
 * bill per round, in date order, until it is no longer due. One account's failure is recorded
 * with its reason and drops it from the batch; it stays due, so the next run tries it again.
 */
export interface BatchOutcome {
  /** Accounts that got at least one bill. */
  billed: string[];
  /** Accounts that were due but had nothing to bill. */
  skipped: string[];
  failures: BillRunFailure[];
  bills: CustomerBill[];
  /** When the first bill of the batch was issued (system time). */
  firstBillAt?: string;
}

export async function billAccountsUpTo(accountIds: readonly string[], asOf: string, context: BillingContext, options: { concurrency: number }): Promise<BatchOutcome> {
  const billed = new Set<string>();
  const processed = new Set<string>();
  const failures: BillRunFailure[] = [];
  const bills: CustomerBill[] = [];
  let firstBillAt: string | undefined;
  const fail = (billingAccountId: string, error: unknown) => failures.push({ billingAccountId, reason: (error as Error).message || String(error), at: systemClock.now() });

  let pending = [...new Set(accountIds)];
  while (pending.length > 0) {
    const drafts = await pMap(
      pending,
      async (billingAccountId): Promise<{ billingAccountId: string; outcome?: DraftOutcome }> => {
        try {
          const schedule = await findSchedule(billingAccountId);
          if (!schedule?.nextBillAt || schedule.nextBillAt > asOf) return { billingAccountId };
          return { billingAccountId, outcome: await draftNextBill({ ...schedule, nextBillAt: schedule.nextBillAt }, context) };
        } catch (error) {
          fail(billingAccountId, error);
          return { billingAccountId };
        }
      },
      { concurrency: options.concurrency },
    );
    const failed = new Set(failures.map((failure) => failure.billingAccountId));
    // An account no longer due (another run, or an earlier attempt of this batch, billed it) is not this batch's.
    const done = drafts.filter((draft) => draft.outcome !== undefined && !failed.has(draft.billingAccountId));
    for (const draft of done) processed.add(draft.billingAccountId);

    await pMap(
      done.filter((draft) => draft.outcome?.kind === 'nothing'),
      async (draft) => skipBill(draft.outcome as Extract<DraftOutcome, { kind: 'nothing' }>).catch((error: unknown) => fail(draft.billingAccountId, error)),
      { concurrency: options.concurrency },
    );
    const written = done.flatMap((draft) => (draft.outcome?.kind === 'drafted' ? [draft.outcome] : []));
    try {
      const issued = await issueBills(written, context);
      if (issued.length > 0) firstBillAt ??= systemClock.now();
      bills.push(...issued);
      for (const bill of issued) billed.add(bill.billingAccount.id);
    } catch (error) {
      for (const draft of written) fail(draft.bill.billingAccount.id, error);
    }
    // Those that moved on may be due again (several periods behind): another round for them.
    const stillFailed = new Set(failures.map((failure) => failure.billingAccountId));
    pending = done.filter((draft) => !stillFailed.has(draft.billingAccountId)).map((draft) => draft.billingAccountId);
  }
  const failedIds = new Set(failures.map((failure) => failure.billingAccountId));
  return {
    billed: [...billed].filter((id) => !failedIds.has(id)),
    skipped: [...processed].filter((id) => !billed.has(id) && !failedIds.has(id)),
    failures,
    bills,
    ...(firstBillAt ? { firstBillAt } : {}),
  };
}

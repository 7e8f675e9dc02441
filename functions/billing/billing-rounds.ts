import pMap from 'p-map';
import type { BillRunFailure } from '../../domain/billing/bill-run.js';
import type { BillingSchedule } from '../../domain/billing/billing-schedule.js';
import type { CustomerBill } from '../../domain/billing/customer-bill.js';
import { systemClock } from '../lib/clock.js';
import { findSchedule } from '../lib/store/billing-schedule-store.js';
import { billsPerTransaction, draftNextBill, issueBills, skipBill, type BillingContext, type DraftedBill, type DraftOutcome, type IssueOutcome } from './account-billing.js';
import { BillAlreadyIssuedError } from './next-bill.js';

/**
 * Bills a batch of accounts up to `asOf` (docs/billing.md, "Billing runs"), in rounds: each
 * round builds the next due bill of every account still due (a few accounts at a time), and
 * issues them as they are built: as soon as 30 are ready they are numbered and issued in one
 * transaction, one transaction of the batch at a time, the rest at the end of the round. An
 * account several periods behind gets one bill per round, in date order, until it is no longer
 * due. One account's failure is recorded with its reason and drops it from the batch; it stays
 * due, so the next run tries it again.
 *
 * The first round reads each account's schedule; a later round starts from the schedule this
 * batch's own write left (the issuing transaction's, or the skip's), without reading it again:
 * the issuing transaction's conditions (the bill still `new`, the schedule still at the bill's
 * date) keep that safe, and a bill found issued already sends the account back to a fresh read.
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

/** An account for the next round, with its schedule when this batch wrote it last (absent: read it). */
interface Pending {
  billingAccountId: string;
  schedule?: BillingSchedule;
}

export async function billAccountsUpTo(accountIds: readonly string[], asOf: string, context: BillingContext, options: { concurrency: number }): Promise<BatchOutcome> {
  const billed = new Set<string>();
  const processed = new Set<string>();
  const failures: BillRunFailure[] = [];
  const failed = new Set<string>();
  const bills: CustomerBill[] = [];
  let firstBillAt: string | undefined;
  const fail = (billingAccountId: string, reason: string) => {
    if (failed.has(billingAccountId)) return;
    failed.add(billingAccountId);
    failures.push({ billingAccountId, reason, at: systemClock.now() });
  };

  const draftFrom = async (schedule: BillingSchedule | undefined): Promise<DraftOutcome | undefined> =>
    schedule?.nextBillAt && schedule.nextBillAt <= asOf ? draftNextBill({ ...schedule, nextBillAt: schedule.nextBillAt }, context) : undefined;

  let pending: Pending[] = [...new Set(accountIds)].map((billingAccountId) => ({ billingAccountId }));
  while (pending.length > 0) {
    const next: Pending[] = [];
    const issuing = issuingQueue(context, (batch, outcome) => {
      if (outcome.issued.length > 0) firstBillAt ??= systemClock.now();
      const drafts = new Map(batch.map((draft) => [draft.bill.id, draft]));
      for (const bill of outcome.issued) {
        bills.push(bill);
        billed.add(bill.billingAccount.id);
        // Those that moved on may be due again (several periods behind): another round for them, from the schedule just written.
        next.push({ billingAccountId: bill.billingAccount.id, schedule: drafts.get(bill.id)!.scheduleAfter });
      }
      // Another run issued it: where the account stands now is read again.
      for (const draft of outcome.issuedElsewhere) next.push({ billingAccountId: draft.bill.billingAccount.id });
      for (const { draft, reason } of outcome.notIssued) fail(draft.bill.billingAccount.id, reason);
    });

    await pMap(
      pending,
      async ({ billingAccountId, schedule: known }) => {
        try {
          let outcome: DraftOutcome | undefined;
          try {
            outcome = await draftFrom(known ?? (await findSchedule(billingAccountId)));
          } catch (error) {
            // The schedule this batch remembered is out of date (another run billed the account since): read it.
            if (!(known && error instanceof BillAlreadyIssuedError)) throw error;
            outcome = await draftFrom(await findSchedule(billingAccountId));
          }
          // No longer due (another run, or an earlier round of this batch, billed it): not this batch's.
          if (!outcome) return;
          processed.add(billingAccountId);
          if (outcome.kind === 'drafted') issuing.add(outcome);
          else next.push({ billingAccountId, ...((await skipBill(outcome)) ? { schedule: outcome.scheduleAfter } : {}) });
        } catch (error) {
          fail(billingAccountId, reasonOf(error));
        }
      },
      { concurrency: options.concurrency },
    );
    await issuing.close();
    pending = next.filter((account) => !failed.has(account.billingAccountId));
  }
  return {
    billed: [...billed].filter((id) => !failed.has(id)),
    skipped: [...processed].filter((id) => !billed.has(id) && !failed.has(id)),
    failures,
    bills,
    ...(firstBillAt ? { firstBillAt } : {}),
  };
}

const reasonOf = (error: unknown) => (error as Error).message || String(error);

/**
 * Bills issued as they are built: a transaction as soon as 30 are waiting, one in flight at a
 * time (the next waits for it, gathering what was built meanwhile), the remainder on close.
 */
function issuingQueue(context: BillingContext, onOutcome: (batch: readonly DraftedBill[], outcome: IssueOutcome) => void) {
  const waiting: DraftedBill[] = [];
  let closing = false;
  let inFlight: Promise<void> | undefined;
  const pump = (): void => {
    if (inFlight || waiting.length === 0 || (waiting.length < billsPerTransaction && !closing)) return;
    const batch = waiting.splice(0, billsPerTransaction);
    inFlight = issueBills(batch, context)
      // issueBills answers for every bill; should it ever throw, this batch's bills are the ones not issued.
      .catch((error: unknown): IssueOutcome => ({ issued: [], issuedElsewhere: [], notIssued: batch.map((draft) => ({ draft, reason: reasonOf(error), error })) }))
      .then((outcome) => onOutcome(batch, outcome))
      .finally(() => {
        inFlight = undefined;
        pump();
      });
  };
  return {
    add(draft: DraftedBill): void {
      waiting.push(draft);
      pump();
    },
    /** Issues what is left and waits for every transaction. */
    async close(): Promise<void> {
      closing = true;
      pump();
      while (inFlight) await inFlight;
    },
  };
}

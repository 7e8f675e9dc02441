import { setTimeout as sleep } from 'node:timers/promises';
import type { BillDraft } from '../../domain/billing/bill-computation.js';
import { seriesOf, numberBills, type BillSeries } from '../../domain/billing/bill-numbering.js';
import { toInstant } from '../../domain/billing/billing-calendar.js';
import { afterBill, keepsBilling, type BillingSchedule } from '../../domain/billing/billing-schedule.js';
import { billLineResources, issueCustomerBill, newCustomerBill, settledByPayment, type CustomerBill } from '../../domain/billing/customer-bill.js';
import { CustomerBillIssued, issuedBillSnapshot } from '../../domain/events/billing-events.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { ledgerEntry } from '../../domain/collections/account-ledger.js';
import { moneyFromTmf } from '../../domain/money/money.js';
import { paymentPath } from '../../domain/payments/payment.js';
import { billedUsage, type Usage } from '../../domain/usage/usage.js';
import { newId } from '../lib/ids.js';
import { ledgerEntryActions } from '../lib/store/account-ledger-store.js';
import { findBill, endNumberingTurn, issueBillsTransaction, putBillDraft, putBilledUsage, takeNumberingTurn, type BillToIssue, type NumberingTurn } from '../lib/store/bill-store.js';
import { advanceSchedule, scheduleAfterBill } from '../lib/store/billing-schedule-store.js';
import { StaleVersionError } from '../lib/store/store-errors.js';
import { markUsageBilled, replaceUsage, storedUsageToStore, type StoredUsage } from '../lib/store/usage-store.js';
import { BillAlreadyIssuedError, computeNextBill, type BillComputationContext } from './next-bill.js';

/**
 * Billing one account, one due bill at a time (docs/billing.md, "Billing runs"), used by the
 * billing run's batches, by test clocks (through the same run) and by an on-demand bill:
 * read what the bill needs, compute it (domain/billing), write it `new` with its lines and mark
 * the usage it charges, then issue it in a batch with others (numbers given in one transaction
 * per batch). Every step can be repeated: the bill of an account and date has one id, a bill
 * not yet issued is rebuilt from scratch, and the account's schedule moves on only in the
 * transaction that issues its bill.
 */
export interface BillingContext extends BillComputationContext {
  correlationId: string;
  /** The instant the bills are written (the system's, or the test clock's). */
  now: string;
  /**
   * Until when (epoch milliseconds) bills that lost the numbering race keep trying: a billing
   * page's Lambda time, less what it needs to record its outcome. Absent: two minutes a transaction.
   */
  issueDeadline?: number;
}

/** A bill written and ready to be numbered, or an account whose due date passed with nothing to bill. */
export type DraftOutcome = DraftedBill | { kind: 'nothing'; scheduleAfter: BillingSchedule; billedAt: string };

export interface DraftedBill {
  kind: 'drafted';
  bill: CustomerBill;
  series: BillSeries;
  customerId: string;
  /** What else the issuing transaction writes: the account's schedule moving on. */
  also: Record<string, unknown>[];
  /** A bill paid when issued (an order's): the payment that settles it. */
  settledBy?: { id: string };
  /** The account's schedule once this bill is issued (what `also` writes): the next round starts from it without reading it again. */
  scheduleAfter?: BillingSchedule;
}

/**
 * Builds the account's next due bill, dated `schedule.nextBillAt` (or `offCycleAt` for an
 * on-demand bill), and writes it `new`: computed by `computeNextBill` (next-bill.ts, what the
 * account overview's estimate computes too), then written, its records marked.
 */
export async function draftNextBill(schedule: BillingSchedule & { nextBillAt: string }, context: BillingContext, options: { offCycleAt?: string } = {}): Promise<DraftOutcome> {
  const { billId, billDate, account, customer, products, existing, records, draft } = await computeNextBill(schedule, context, options);
  const scheduleAfter = afterBill(schedule, {
    billDate,
    creditCarriedMinor: draft.creditCarriedForward.amount.toString(),
    // A credit alone does not keep an account due: it waits in the schedule for the next bill the account gets.
    keepsBilling: keepsBilling(products, toInstant(billDate)),
  });
  await rejectUnbillable(draft, records, context.now);
  if (draft.lines.length === 0) return { kind: 'nothing', scheduleAfter, billedAt: schedule.nextBillAt };

  const bill = newCustomerBill(draft, {
    id: billId,
    now: context.now,
    billingAccount: { id: account.id, name: account.name },
    customer: { id: customer.id, name: customer.name },
    testClockId: schedule.testClockId,
    nextBillDate: scheduleAfter.nextBillAt,
  });
  const written = await putBillDraft(bill, billLineResources(bill, draft.lines), {
    customerId: customer.id,
    creditCarriedMinor: draft.creditCarriedForward.amount.toString(),
    ...(existing ? { previousLineCount: existing.bill.lineCount } : {}),
  });
  if (!written) throw new BillAlreadyIssuedError(`bill ${billId} was issued by another run while this one built it`);
  await markRecords(draft, records, bill);
  await putBilledUsage(bill.id, draft.billedUsage);
  return {
    kind: 'drafted',
    bill,
    series: seriesOf(bill.billDate, schedule.cycle.timeZone, schedule.testClockId),
    customerId: customer.id,
    also: [scheduleAfterBill(scheduleAfter, schedule.nextBillAt)],
    scheduleAfter,
  };
}

/** Marks each record the bill charges as billed, with its share; a few at a time. */
async function markRecords(draft: BillDraft, records: ReadonlyMap<string, StoredUsage>, bill: CustomerBill): Promise<void> {
  const pending = [...draft.recordCharges];
  const workers = Array.from({ length: Math.min(16, pending.length) }, async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const [id, charges] = next;
      const record = records.get(id)!;
      await markUsageBilled(record, billedUsage(record.usage, charges, { id: bill.id, href: bill.href }, bill.billDate), bill.id);
    }
  });
  await Promise.all(workers);
}

/**
 * Records no term covers (a product's history changed under them) wait for a person, rejected
 * with the reason, still listed with their product, customer and account. One changed meanwhile
 * (corrected, or billed by another run) is left as it now is.
 */
async function rejectUnbillable(draft: BillDraft, records: ReadonlyMap<string, StoredUsage>, now: string): Promise<void> {
  for (const { id, reason } of draft.unbillableUsage) {
    const record = records.get(id)!;
    const rejected: Usage = { ...record.usage, status: 'rejected', statusReason: reason, lastUpdate: now };
    await replaceUsage(storedUsageToStore(record, rejected), record.version).catch((error: unknown) => {
      if (!(error instanceof StaleVersionError)) throw error;
    });
  }
}

/**
 * Bills in one issuing transaction: per bill its update, schedule, event and ledger entry with
 * the account balance (5 actions; an order bill's payment adds 2), and the series counters,
 * within TransactWriteItems' 100 actions.
 */
export const billsPerTransaction = 19;

/** Waits for the numbering turn, or after a race lost: exponential with full jitter (AWS's advice), 20 ms growing to at most 1 s. */
const retryBaseMs = 20;
const retryCapMs = 1_000;
/** How long a numbering turn lasts at most: far longer than the one issuing transaction it is for, and what the others wait at worst for the turn of a holder that died. */
const numberingTurnMs = 10_000;
/** How long one transaction's bills keep trying to be numbered when the caller sets no deadline (an on-demand bill, an order's bill). */
export const defaultIssueTimeLimitMs = 120_000;

/** What became of drafts handed to issueBills: every one is in exactly one list. */
export interface IssueOutcome {
  /** Issued by this call, numbered, in the order given (per transaction). */
  issued: CustomerBill[];
  /** Issued by another run meanwhile: left out, nothing lost, nothing to report. */
  issuedElsewhere: DraftedBill[];
  /** Not issued, and why; they stay `new`, their accounts due, for the next run. */
  notIssued: { draft: DraftedBill; reason: string; error?: unknown }[];
}

/**
 * Numbers and issues written bills, `billsPerTransaction` to a transaction: per transaction, the
 * numbering turn of its series is taken (which reads each series' last number; another holder
 * means a wait), and the bills get the next numbers in order, with the accounts' schedules moving
 * on and one CustomerBillIssued each. It never throws for the whole set: a transaction that
 * cannot be made leaves its own bills not issued, with the reason, and the others go on.
 *
 * A cancelled transaction is told apart by what failed: a counter moved meanwhile (a credit note
 * numbered, or the turn ran out and another holder numbered) means taking the turn again; a bill
 * whose own condition or schedule failed is read again (consistently), alone, and left out:
 * issued by another run, or, still `new`, not issued because its schedule moved (another run
 * billed the account). A TransactionConflict is a race like a moved counter. Waits for the turn
 * and races are retried after an exponential, fully jittered wait, until the
 * context's `issueDeadline` (a billing page: as long as its Lambda can), or for `timeLimitMs`
 * (default two minutes) per transaction.
 */
export async function issueBills(drafts: readonly DraftedBill[], context: Pick<BillingContext, 'correlationId' | 'now' | 'issueDeadline'>, options: { timeLimitMs?: number } = {}): Promise<IssueOutcome> {
  const outcome: IssueOutcome = { issued: [], issuedElsewhere: [], notIssued: [] };
  for (let start = 0; start < drafts.length; start += billsPerTransaction) {
    const deadline = options.timeLimitMs !== undefined ? Date.now() + options.timeLimitMs : (context.issueDeadline ?? Date.now() + defaultIssueTimeLimitMs);
    await issueOneTransaction(drafts.slice(start, start + billsPerTransaction), context, deadline, outcome);
  }
  return outcome;
}

async function issueOneTransaction(drafts: readonly DraftedBill[], context: Pick<BillingContext, 'correlationId' | 'now'>, deadline: number, outcome: IssueOutcome): Promise<void> {
  const started = Date.now();
  const holder = newId();
  let batch = [...drafts];
  let turn: NumberingTurn | undefined;
  /** The series this call may still hold the numbering turn of, given back when it ends. */
  let held: string[] = [];
  let waits = 0;
  try {
    for (let attempt = 1; batch.length > 0; attempt += 1) {
      try {
        if (!turn) {
          held = [...new Set(batch.map((draft) => draft.series.key))];
          turn = await takeNumberingTurn(held, holder, numberingTurnMs);
        }
        if (turn) {
          const { numbered, last: after } = numberBills(batch, turn.lastNumbers);
          const bills = numbered.map((draft) => {
            const issued = issueCustomerBill(draft.bill, draft.billNo, context.now);
            return { draft, bill: draft.settledBy ? settledByPayment(issued, draft.settledBy) : issued };
          });
          const toIssue: BillToIssue[] = bills.map(({ draft, bill }) => ({ bill, seriesKey: draft.series.key, also: [...draft.also, ...issuedBillLedgerActions(bill, draft.settledBy, context.now)] }));
          const read = turn.lastNumbers;
          const counters = new Map([...after].map(([key, lastNumber]) => [key, { read: read.get(key) ?? 0, last: lastNumber }]));
          const events: DomainEvent[] = bills.map(({ draft, bill }) => issuedEvent(bill, draft.customerId, context));
          const attempted = await issueBillsTransaction(toIssue, counters, events, turn);
          if (attempted.kind === 'issued') {
            // The transaction ended the turn of the series it numbered.
            held = held.filter((key) => !after.has(key));
            outcome.issued.push(...bills.map(({ bill }) => bill));
            return;
          }
          if (attempted.bills.length > 0) {
            // Only the bills whose own conditions failed are looked at again; the turn is still this call's.
            const suspects = new Set(attempted.bills);
            const rechecked = await Promise.all(batch.filter((draft) => suspects.has(draft.bill.id)).map(async (draft) => ({ draft, stored: await findBill(draft.bill.id, { consistentRead: true }) })));
            for (const { draft, stored } of rechecked) {
              if (stored && stored.bill.state !== 'new') outcome.issuedElsewhere.push(draft);
              else {
                const reason = stored
                  ? `the schedule of billing account ${draft.bill.billingAccount.id} moved while its bill ${draft.bill.id} was being issued (another run billed it); the bill was left \`new\``
                  : `bill ${draft.bill.id} was not found when it was to be issued`;
                outcome.notIssued.push({ draft, reason });
              }
            }
            batch = batch.filter((draft) => !suspects.has(draft.bill.id));
          }
          // A counter moved (a credit note numbered, or the turn ran out and another took it) or a concurrent transaction: take the turn again, which reads the counters again, after a wait.
          const raced = attempted.counters.length > 0 || attempted.conflict;
          if (!raced) continue;
          turn = undefined;
          if (batch.length === 0) continue;
        }
        // Another call's turn, or a race lost: wait, then try again.
        waits += 1;
        if (Date.now() >= deadline) {
          const reason = `could not number ${batch.length} bills in ${Math.round((Date.now() - started) / 1000)} s (${attempt} attempts): the series counters kept moving, or others held their numbering turn`;
          outcome.notIssued.push(...batch.map((draft) => ({ draft, reason })));
          return;
        }
        await sleep(Math.random() * Math.min(retryCapMs, retryBaseMs * 2 ** (waits - 1)));
      } catch (error) {
        // Not a race (a throttle past the SDK's retries, a failure of the service): these bills stay `new`.
        const reason = (error as Error).message || String(error);
        outcome.notIssued.push(...batch.map((draft) => ({ draft, reason, error })));
        return;
      }
    }
  } finally {
    // Given back at once rather than left to run out: the other pages are waiting for it.
    if (held.length > 0) await endNumberingTurn(held, holder).catch(() => undefined);
  }
}

/**
 * The bill's entry in its account's ledger, in the transaction that issues it; a bill paid when
 * issued (an order's, by the order's payment) enters that payment too.
 */
export function issuedBillLedgerActions(bill: CustomerBill, settledBy: { id: string } | undefined, now: string): Record<string, unknown>[] {
  const amount = moneyFromTmf(bill.amountDue);
  const common = { billingAccountId: bill.billingAccount.id, currency: amount.currency, recordedAt: now, testClockId: bill.testClock?.id };
  const entries = [
    ledgerEntry({ ...common, kind: 'bill', amountMinor: amount.amount, reference: { id: bill.id, href: bill.href, '@referredType': 'CustomerBill' }, description: `bill ${bill.billNo ?? bill.id}` }),
    ...(settledBy && amount.amount > 0n
      ? [
          ledgerEntry({
            ...common,
            kind: 'payment',
            amountMinor: -amount.amount,
            reference: { id: settledBy.id, href: `${paymentPath}/${settledBy.id}`, '@referredType': 'Payment' },
            description: `the order's payment, for bill ${bill.billNo ?? bill.id}`,
          }),
        ]
      : []),
  ];
  return ledgerEntryActions(...entries);
}

function issuedEvent(bill: CustomerBill, customerId: string, context: Pick<BillingContext, 'correlationId' | 'now'>): DomainEvent {
  return CustomerBillIssued.create({ bill: issuedBillSnapshot(bill, customerId) }, { eventId: newId(), occurredAt: context.now, correlationId: context.correlationId });
}

/** An account due with nothing to bill: its schedule moves on, unless another run moved it first (then false). */
export function skipBill(outcome: Extract<DraftOutcome, { kind: 'nothing' }>): Promise<boolean> {
  return advanceSchedule(outcome.scheduleAfter, outcome.billedAt);
}

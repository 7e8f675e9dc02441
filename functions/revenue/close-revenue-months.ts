import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { seriesOf } from '../../domain/billing/bill-numbering.js';
import { creditNoteSeriesOf } from '../../domain/collections/credit-note.js';
import { BillRunCompleted } from '../../domain/events/billing-events.js';
import { RevenueMonthClosed } from '../../domain/events/revenue-events.js';
import { money, moneyToTmf } from '../../domain/money/money.js';
import { balancesAfterMonth, closeMonth, revenueLedgerOf, type JournalEntry, type RevenueBalance } from '../../domain/revenue/monthly-close.js';
import { monthsAfter, monthsToClose, type RevenueMonth } from '../../domain/revenue/revenue-month.js';
import { systemClock } from '../lib/clock.js';
import { idFrom, newId } from '../lib/ids.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { lastBillNumbers } from '../lib/store/bill-store.js';
import {
  balancesAtEndOf,
  bookedDocumentCount,
  closeToDocuments,
  finishClose,
  findRevenueLedger,
  firstBookedMonth,
  putJournalEntries,
  revenueOfMonth,
} from '../lib/store/revenue-store.js';

/**
 * The monthly close (docs/revenue-recognition.md, "The monthly close"): for one ledger, as of an
 * instant, every month not closed yet that is over in every zone, in order. Each month: closed
 * to documents first (the ledger's `lastClosedMonth`, so nothing booked afterwards can land in
 * it), then its schedules and bad debts read from the index, `closeMonth`, the entries written
 * by id, and in one transaction its balances, the ledger's `lastJournaledMonth` and
 * RevenueMonthClosed. A close stopped half-way is finished by the next run with the same items.
 */
export interface CloseSummary {
  ledger: string;
  asOf: string;
  closed: { month: RevenueMonth; journalEntries: number }[];
}

function totalsOf(entries: readonly JournalEntry[], balances: readonly RevenueBalance[]) {
  const currencies = [...new Set([...entries.map((entry) => entry.currency), ...balances.map((balance) => balance.currency)])].sort();
  const signed = (entry: JournalEntry, debitWhenPositive: string) => (entry.debit === debitWhenPositive ? entry.amountMinor : -entry.amountMinor);
  return currencies.map((currency) => {
    const mine = entries.filter((entry) => entry.currency === currency);
    const sum = (kind: JournalEntry['kind'], debitWhenPositive: string) =>
      moneyToTmf(money(mine.filter((entry) => entry.kind === kind).reduce((total, entry) => total + signed(entry, debitWhenPositive), 0n), currency));
    return {
      currency,
      billed: sum('billed', 'receivable'),
      credited: sum('credited', 'deferredRevenue'),
      recognized: sum('recognized', 'deferredRevenue'),
      badDebt: sum('badDebt', 'badDebtExpense'),
      deferredAtEnd: moneyToTmf(money(balances.filter((balance) => balance.currency === currency).reduce((total, balance) => total + balance.deferredMinor, 0n), currency)),
    };
  });
}

/** Writes one month's close, the ledger already closed to documents in it. False when another close finished it first. */
async function journalMonth(input: { ledger: string; month: RevenueMonth; testClockId?: string | undefined; asOf: string; correlationId: string }): Promise<number | undefined> {
  const [{ schedules, badDebts }, before] = await Promise.all([revenueOfMonth(input.ledger, input.month), balancesAtEndOf(input.ledger, monthsAfter(input.month, -1))]);
  const entries = closeMonth({ ledger: input.ledger, month: input.month, schedules, badDebts });
  const balances = balancesAfterMonth(before?.balances ?? [], entries);
  await putJournalEntries(entries);
  const event = RevenueMonthClosed.create(
    { ledger: input.ledger, month: input.month, ...(input.testClockId ? { testClockId: input.testClockId } : {}), journalEntryCount: entries.length, totals: totalsOf(entries, balances) },
    { eventId: idFrom(`revenue-month-closed-${input.ledger}-${input.month}`), occurredAt: input.asOf, correlationId: input.correlationId },
  );
  return (await finishClose({ ledger: input.ledger, month: input.month, balances, closedAt: input.asOf, event })) ? entries.length : undefined;
}

export async function closeRevenueMonths(input: { testClockId?: string | undefined; asOf: string; correlationId: string }): Promise<CloseSummary> {
  const ledger = revenueLedgerOf(input.testClockId);
  const summary: CloseSummary = { ledger, asOf: input.asOf, closed: [] };
  const state = await findRevenueLedger(ledger);
  const common = { ledger, testClockId: input.testClockId, asOf: input.asOf, correlationId: input.correlationId };
  // A close stopped after closing a month to documents and before its journal: finished first, with the same items.
  if (state.lastClosedMonth !== undefined && state.lastClosedMonth !== state.lastJournaledMonth) {
    const count = await journalMonth({ ...common, month: state.lastClosedMonth });
    if (count !== undefined) summary.closed.push({ month: state.lastClosedMonth, journalEntries: count });
    logger.info('revenue close: month finished', { ledger, month: state.lastClosedMonth, journalEntries: count });
  }
  const firstMonth = state.lastClosedMonth === undefined ? await firstBookedMonth(ledger) : undefined;
  let previous = state.lastClosedMonth;
  for (const month of monthsToClose({ lastClosedMonth: state.lastClosedMonth, firstMonth, asOf: Date.parse(input.asOf) })) {
    if (!(await closeToDocuments(ledger, month, previous))) {
      logger.info('revenue close: another close moved the ledger first; it carries on', { ledger, month });
      break;
    }
    const count = await journalMonth({ ...common, month });
    if (count === undefined) break;
    summary.closed.push({ month, journalEntries: count });
    logger.info('revenue close: month closed', { ledger, month, journalEntries: count });
    previous = month;
  }
  logger.info('revenue close', { ledger, asOf: input.asOf, closed: summary.closed.length, months: summary.closed.map((each) => each.month) });
  return summary;
}

/** How long a test clock's close waits for the documents numbered on it to be booked, and how often it looks. */
export const clockBookingWait = { timeoutMs: 60_000, intervalMs: 500 };

/**
 * Waits until the test clock's ledger has booked every bill and credit note numbered in the
 * clock's series (the years around `asOf`; numbers are gapless, so a series' last number is how
 * many were issued). A run issues the bills of the months the clock went past and completes at
 * once, before their `CustomerBillIssued` is handled: closing then would book them in the next
 * month. On the live ledger the close runs more than a day after the last run that can bill a
 * month, so it does not wait. Throws when they are not booked in time: the event is retried.
 */
async function awaitClockDocumentsBooked(testClockId: string, asOf: string): Promise<void> {
  const ledger = revenueLedgerOf(testClockId);
  const year = new Date(asOf).getUTCFullYear();
  const series = [year - 1, year, year + 1].flatMap((each) => {
    const mid = `${each}-07-01T00:00:00.000Z`;
    return [seriesOf(mid, 'UTC', testClockId), creditNoteSeriesOf(mid, 'UTC', testClockId)];
  });
  const deadline = Date.now() + clockBookingWait.timeoutMs;
  for (;;) {
    const [issued, booked] = await Promise.all([lastBillNumbers(series.map((each) => each.key)), Promise.all(series.map((each) => bookedDocumentCount(ledger, each.prefix)))]);
    const missing = series.reduce((sum, each, index) => sum + (issued.get(each.key) ?? 0) - booked[index]!, 0);
    if (missing <= 0) return;
    if (Date.now() > deadline) throw new Error(`test clock ${testClockId}: ${missing} bills or credit notes issued are not booked yet; the close is retried`);
    logger.info('revenue close: waiting for the documents of the clock to be booked', { testClockId, missing });
    await new Promise((resolveWait) => setTimeout(resolveWait, clockBookingWait.intervalMs));
  }
}

/**
 * Started by the monthly schedule (the live ledger, now), or by a test clock's billing run
 * completing (that clock's ledger, as of the run's instant, the clock's time it ran for): after
 * the run rather than on the advance itself, and once the bills and credit notes numbered on the
 * clock are booked, so the bills of the months the clock went past are booked in them before
 * they close. Live runs are left to the schedule.
 */
export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<CloseSummary | { skipped: string }> => {
  if (event['detail-type'] === BillRunCompleted.detailType) {
    const { data, metadata } = BillRunCompleted.parseDetail(event.detail);
    logger.appendKeys({ billRunId: data.billRunId, correlationId: metadata.correlationId });
    if (data.testClockId === undefined) return { skipped: 'a live billing run: the live ledger is closed by its monthly schedule' };
    // As of the run's instant, not the clock's time now: the clock may have been advanced again
    // since, and the run of that advance may not have issued the bills of the months it passed.
    await awaitClockDocumentsBooked(data.testClockId, data.asOf);
    return closeRevenueMonths({ testClockId: data.testClockId, asOf: data.asOf, correlationId: metadata.correlationId });
  }
  const correlationId = newId();
  logger.appendKeys({ correlationId });
  return closeRevenueMonths({ asOf: systemClock.now(), correlationId });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BillRunCompleted } from '../../domain/events/billing-events.js';
import { RevenueMonthClosed } from '../../domain/events/revenue-events.js';
import { money, moneyToTmf } from '../../domain/money/money.js';
import { balancesAfterMonth, closeMonth, revenueLedgerOf, type JournalEntry, type RevenueBalance } from '../../domain/revenue/monthly-close.js';
import { monthsAfter, monthsToClose, type RevenueMonth } from '../../domain/revenue/revenue-month.js';
import { systemClock } from '../lib/clock.js';
import { idFrom, newId } from '../lib/ids.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import {
  balancesAtEndOf,
  closeToDocuments,
  finishClose,
  findRevenueLedger,
  firstBookedMonth,
  putJournalEntries,
  revenueOfMonth,
} from '../lib/store/revenue-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';

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

/**
 * Started by the monthly schedule (the live ledger, now), or by a test clock's billing run
 * completing (that clock's ledger, as of its time): after the run rather than on the advance
 * itself, so the bills the run issued for the months the clock went past are booked in them
 * before they close. Runs of the live ledger's bills are left to the schedule.
 */
export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<CloseSummary | { skipped: string }> => {
  if (event['detail-type'] === BillRunCompleted.detailType) {
    const { data, metadata } = BillRunCompleted.parseDetail(event.detail);
    logger.appendKeys({ billRunId: data.billRunId, correlationId: metadata.correlationId });
    if (data.testClockId === undefined) return { skipped: 'a live billing run: the live ledger is closed by its monthly schedule' };
    const clock = await findTestClock(data.testClockId);
    if (!clock) throw new Error(`invariant broken: test clock ${data.testClockId} does not exist`);
    return closeRevenueMonths({ testClockId: data.testClockId, asOf: clock.clock.frozenTime, correlationId: metadata.correlationId });
  }
  const correlationId = newId();
  logger.appendKeys({ correlationId });
  return closeRevenueMonths({ asOf: systemClock.now(), correlationId });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

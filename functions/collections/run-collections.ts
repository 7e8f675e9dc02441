import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BillRunCompleted } from '../../domain/events/billing-events.js';
import { systemClock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { openBillPartitions, overdueOpenBills } from '../lib/store/bill-store.js';
import { dueDunnings, dunningPartitions } from '../lib/store/dunning-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { advanceDunning, beginDunning, type DunningContext, type DunningOutcome } from './account-dunning.js';

/**
 * The collections run (docs/collections.md, "Dunning"): after every billing run (the rule
 * `bill-run-completed-runs-collections`, a test clock's included, as of the clock's time) and
 * daily at 04:00 UTC as a safety net, as of its instant: accounts with a bill past its due date
 * unpaid begin dunning, and every account whose next dunning step fell due has it performed.
 * Both are found through sparse indexes (open bills by due date, dunnings by next step), never
 * a scan. One account's failure is logged and stops nothing else; the next run tries it again.
 */
const concurrency = 8;

export interface CollectionsRunSummary {
  asOf: string;
  testClockId?: string;
  began: number;
  advanced: number;
  resolved: number;
  writtenOff: number;
  failed: { billingAccountId: string; reason: string }[];
}

async function eachAccount(accountIds: readonly string[], work: (accountId: string) => Promise<DunningOutcome>, summary: CollectionsRunSummary): Promise<void> {
  const pending = [...new Set(accountIds)];
  const workers = Array.from({ length: Math.min(concurrency, pending.length) }, async () => {
    for (let accountId = pending.shift(); accountId !== undefined; accountId = pending.shift()) {
      try {
        const outcome = await work(accountId);
        if (outcome === 'started') summary.began += 1;
        if (outcome === 'advanced') summary.advanced += 1;
        if (outcome === 'resolved') summary.resolved += 1;
        if (outcome === 'writtenOff') summary.writtenOff += 1;
      } catch (error) {
        const reason = (error as Error).message || String(error);
        logger.error('collections run: account failed', { billingAccountId: accountId, reason });
        summary.failed.push({ billingAccountId: accountId, reason });
      }
    }
  });
  await Promise.all(workers);
}

export async function runCollections(input: { asOf: string; testClockId?: string; correlationId: string }): Promise<CollectionsRunSummary> {
  const context: DunningContext = { asOf: input.asOf, correlationId: input.correlationId, gateway: simulatedPaymentGateway, notifications: simulatedNotificationSender };
  const summary: CollectionsRunSummary = { asOf: input.asOf, ...(input.testClockId ? { testClockId: input.testClockId } : {}), began: 0, advanced: 0, resolved: 0, writtenOff: 0, failed: [] };

  const overdue = (await Promise.all(openBillPartitions(input.testClockId).map((partition) => overdueOpenBills(partition, input.asOf)))).flat();
  const oldestDue = new Map<string, string>();
  for (const bill of overdue) {
    const known = oldestDue.get(bill.billingAccountId);
    if (known === undefined || bill.paymentDueDate < known) oldestDue.set(bill.billingAccountId, bill.paymentDueDate);
  }
  await eachAccount([...oldestDue.keys()], (accountId) => beginDunning(accountId, oldestDue.get(accountId)!, context), summary);

  const due = (await Promise.all(dunningPartitions(input.testClockId).map((partition) => dueDunnings(partition, input.asOf)))).flat();
  await eachAccount(due, (accountId) => advanceDunning(accountId, context), summary);
  logger.info('collections run', { ...summary, failed: summary.failed.length });
  return summary;
}

/** Started by a BillRunCompleted event (the run's instant and clock), or by the schedule (now, live accounts). */
export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<CollectionsRunSummary> => {
  if (event['detail-type'] === BillRunCompleted.detailType) {
    const { data, metadata } = BillRunCompleted.parseDetail(event.detail);
    logger.appendKeys({ billRunId: data.billRunId, correlationId: metadata.correlationId });
    // A test clock's run: as of the clock's time now (it may have moved on since the run began).
    const asOf = data.testClockId ? ((await findTestClock(data.testClockId))?.clock.frozenTime ?? data.asOf) : data.asOf;
    return runCollections({ asOf, ...(data.testClockId ? { testClockId: data.testClockId } : {}), correlationId: metadata.correlationId });
  }
  const correlationId = newId();
  logger.appendKeys({ correlationId });
  return runCollections({ asOf: systemClock.now(), correlationId });
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

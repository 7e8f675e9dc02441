import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BillRunCompleted } from '../../domain/events/billing-events.js';
import { systemClock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { simulatedProvisioningSystem } from '../lib/providers/simulated-provisioning-system.js';
import { openBillPartitions, openBillsDueBy } from '../lib/store/bill-store.js';
import { dueDunnings, dunningPartitions } from '../lib/store/dunning-store.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { advanceDunning, beginDunning, type DunningContext, type DunningOutcome } from './account-dunning.js';
import { collectBill } from './bill-collection.js';

/**
 * The collections run (docs/collections.md, "Dunning"): after every billing run (the rule
 * `bill-run-completed-runs-collections`, a test clock's included, as of the clock's time) and
 * daily at 04:00 UTC as a safety net, as of its instant: the bills of accounts charged on the
 * due date (`paymentCollection` `onDueDate`) that fell due are charged, accounts with a bill past
 * its due date unpaid begin dunning, and every account whose next dunning step fell due has it
 * performed.
 * Both are found through sparse indexes (open bills by due date, dunnings by next step), never
 * a scan. One account's failure is logged and stops nothing else; the next run tries it again.
 */
const concurrency = 8;

export interface CollectionsRunSummary {
  asOf: string;
  testClockId?: string;
  /** Bills of accounts charged on the due date that were charged (collected or declined). */
  collectedOnDueDate: number;
  began: number;
  advanced: number;
  resolved: number;
  writtenOff: number;
  failed: { billingAccountId: string; reason: string }[];
}

/** Works through items a few at a time; one item's failure is logged with its account and stops nothing else. */
async function eachOf<T>(items: readonly T[], accountOf: (item: T) => string, work: (item: T) => Promise<void>, summary: CollectionsRunSummary): Promise<void> {
  const pending = [...items];
  const workers = Array.from({ length: Math.min(concurrency, pending.length) }, async () => {
    for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
      try {
        await work(item);
      } catch (error) {
        const reason = (error as Error).message || String(error);
        logger.error('collections run: account failed', { billingAccountId: accountOf(item), reason });
        summary.failed.push({ billingAccountId: accountOf(item), reason });
      }
    }
  });
  await Promise.all(workers);
}

function eachAccount(accountIds: readonly string[], work: (accountId: string) => Promise<DunningOutcome>, summary: CollectionsRunSummary): Promise<void> {
  return eachOf(
    [...new Set(accountIds)],
    (accountId) => accountId,
    async (accountId) => {
      const outcome = await work(accountId);
      if (outcome === 'started') summary.began += 1;
      if (outcome === 'advanced') summary.advanced += 1;
      if (outcome === 'resolved') summary.resolved += 1;
      if (outcome === 'writtenOff') summary.writtenOff += 1;
    },
    summary,
  );
}

export async function runCollections(input: { asOf: string; testClockId?: string; correlationId: string }): Promise<CollectionsRunSummary> {
  const context: DunningContext = { asOf: input.asOf, correlationId: input.correlationId, gateway: simulatedPaymentGateway, notifications: simulatedNotificationSender, provisioning: simulatedProvisioningSystem };
  const summary: CollectionsRunSummary = { asOf: input.asOf, ...(input.testClockId ? { testClockId: input.testClockId } : {}), collectedOnDueDate: 0, began: 0, advanced: 0, resolved: 0, writtenOff: 0, failed: [] };

  const due = (await Promise.all(openBillPartitions(input.testClockId).map((partition) => openBillsDueBy(partition, input.asOf)))).flat();
  // Accounts charged on the due date: their bills that fell due are charged now, before any dunning (one account read each).
  const billsOf = new Map<string, string[]>();
  for (const bill of due) billsOf.set(bill.billingAccountId, [...(billsOf.get(bill.billingAccountId) ?? []), bill.billId]);
  await eachOf(
    [...billsOf.keys()],
    (accountId) => accountId,
    async (accountId) => {
      if ((await findBillingAccount(accountId))?.account.paymentCollection !== 'onDueDate') return;
      for (const billId of billsOf.get(accountId)!) {
        const outcome = await collectBill(billId, { correlationId: input.correlationId, gateway: simulatedPaymentGateway, moment: 'dueDate', now: input.asOf });
        if (outcome.outcome === 'collected' || outcome.outcome === 'declined') summary.collectedOnDueDate += 1;
      }
    },
    summary,
  );
  const oldestDue = new Map<string, string>();
  for (const bill of due.filter((each) => each.paymentDueDate < input.asOf)) {
    const known = oldestDue.get(bill.billingAccountId);
    if (known === undefined || bill.paymentDueDate < known) oldestDue.set(bill.billingAccountId, bill.paymentDueDate);
  }
  await eachAccount([...oldestDue.keys()], (accountId) => beginDunning(accountId, oldestDue.get(accountId)!, context), summary);

  const dunningsDue = (await Promise.all(dunningPartitions(input.testClockId).map((partition) => dueDunnings(partition, input.asOf)))).flat();
  await eachAccount(dunningsDue, (accountId) => advanceDunning(accountId, context), summary);
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

import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { BillRunCompleted, BillRunRequested } from '../../domain/events/billing-events.js';
import { billRunCompletedFacts, billRunRequestedFacts, type BillRunFacts } from '../../domain/reports/bill-run-history.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { recordBillRunFacts } from '../lib/store/report-store.js';

/**
 * Rule `bill-runs-keep-history` (docs/reports.md, "Billing-run history"): what BillRunRequested
 * and BillRunCompleted say of a run, set on its history entry. One UpdateItem each, the same
 * however often and in whichever order they come.
 */
export function billRunFactsOf(event: { 'detail-type'?: string; detail?: unknown }): BillRunFacts {
  if (event['detail-type'] === BillRunRequested.detailType) {
    const { data, metadata } = BillRunRequested.parseDetail(event.detail);
    return billRunRequestedFacts(data, metadata.occurredAt);
  }
  if (event['detail-type'] === BillRunCompleted.detailType) {
    const { data, metadata } = BillRunCompleted.parseDetail(event.detail);
    return billRunCompletedFacts(data, metadata.occurredAt);
  }
  throw new Error(`keep-bill-run-history does not handle ${event['detail-type'] ?? 'an event without detail-type'}`);
}

export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<{ billRunId: string }> => {
  const facts = billRunFactsOf(event);
  await recordBillRunFacts(facts);
  logger.info('billing-run history kept', { detailType: event['detail-type'], billRunId: facts.billRunId, ledger: facts.ledger });
  return { billRunId: facts.billRunId };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

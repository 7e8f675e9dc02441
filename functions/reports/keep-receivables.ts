import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { CustomerBillIssued } from '../../domain/events/billing-events.js';
import { AccountCreditApplied, BillWrittenOff, CreditNoteIssued, PaymentReceived } from '../../domain/events/collections-events.js';
import { RefundIssued } from '../../domain/events/payment-events.js';
import { issuedReceivableOf, receivableMovementsOf, withIssue, withMovement, type ReceivableState, type ReceivablesEvent } from '../../domain/reports/receivables-read-model.js';
import { LostRace, retryingLostRaces } from '../lib/store/lost-races.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { findReceivable, putReceivable } from '../lib/store/report-store.js';

/**
 * Rule `receivables-report-keeps-bills` (docs/reports.md, "Receivables aging"): each event that
 * changes what a bill owes, applied to the bill's receivable read model. Each bill's item is read
 * and written back conditional on its version; the domain rules make the write idempotent (an
 * event id counted once) and the order of the events irrelevant (a sum of movements).
 */
export interface ReceivablesOutcome {
  bills: number;
  written: number;
}

const parsers = [CustomerBillIssued, PaymentReceived, AccountCreditApplied, CreditNoteIssued, BillWrittenOff, RefundIssued] as const;

export function receivablesEventOf(event: { 'detail-type'?: string; detail?: unknown }): ReceivablesEvent {
  const type = parsers.find((candidate) => candidate.detailType === event['detail-type']);
  if (!type) throw new Error(`keep-receivables does not handle ${event['detail-type'] ?? 'an event without detail-type'}`);
  const { data, metadata } = type.parseDetail(event.detail);
  return { detailType: type.detailType, eventId: metadata.eventId, data } as ReceivablesEvent;
}

/** Applies `change` to the bill's state; `undefined` from it means nothing to write (already counted). */
async function updateReceivable(billId: string, change: (state: ReceivableState | undefined) => ReceivableState | undefined): Promise<boolean> {
  return retryingLostRaces(`receivable of bill ${billId}`, async () => {
    const stored = await findReceivable(billId);
    const next = change(stored?.state);
    if (next === undefined) return false;
    if (!(await putReceivable(billId, next, stored?.version ?? 0))) throw new LostRace(`receivable of bill ${billId} moved`);
    return true;
  });
}

export async function keepReceivables(event: ReceivablesEvent): Promise<ReceivablesOutcome> {
  if (event.detailType === 'CustomerBillIssued') {
    const { issued, ledger } = issuedReceivableOf(event.data);
    const written = await updateReceivable(issued.billId, (state) => withIssue(state, issued, ledger));
    return { bills: 1, written: written ? 1 : 0 };
  }
  const movements = receivableMovementsOf(event);
  let written = 0;
  for (const movement of movements) {
    if (await updateReceivable(movement.billId, (state) => withMovement(state, movement))) written += 1;
  }
  return { bills: movements.length, written };
}

export const handler = middy(async (event: { 'detail-type'?: string; detail?: unknown }): Promise<ReceivablesOutcome> => {
  const received = receivablesEventOf(event);
  logger.appendKeys({ eventId: received.eventId });
  const outcome = await keepReceivables(received);
  logger.info('receivables report kept', { detailType: received.detailType, ...outcome });
  return outcome;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

import { startBillRun } from '../../domain/billing/bill-run.js';
import { advanceTestClock, testClockAccess, testClockAdvanceSchema } from '../../domain/billing/test-clock.js';
import { BillRunRequested, TestClockAdvanced } from '../../domain/events/billing-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { billRunPut } from '../lib/store/bill-run-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';
import { findTestClock, updateTestClock } from '../lib/store/test-clock-store.js';

/**
 * POST /billing/v1/testClock/{id}/advance (staff), `{ "frozenTime": … }`: the clock moves
 * forward and shows `advancing` while the billing run bills everything that fell due for its
 * customers up to the new time, period by period, through the same state machine as the daily
 * run; then it is `ready`. 202 with the clock. The same time again changes nothing (200); an
 * earlier time is a 400, an advance while one runs a 409.
 */
async function advanceTestClockUseCase({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'advance test clocks');
  const id = event.pathParameters?.id ?? '';
  const input = parseBody(event, 'create', testClockAdvanceSchema);
  requireWritable(principal, testClockAccess, input, 'testClock');
  const stored = await findTestClock(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('testClock', id);
  checkIfMatch(event, stored.version);

  const now = systemClock.now();
  const billRunId = newId();
  const decision = advanceTestClock(stored.clock, input, { now, billRunId, billRunHref: `/billing/v1/billRun/${billRunId}` });
  if (decision.kind === 'unchanged') return jsonResponse(200, stored.clock, { ETag: etagOf(stored.version) });

  const clock = decision.clock;
  const run = startBillRun({ id: billRunId, trigger: 'testClock', asOf: clock.frozenTime, now, testClock: { id: clock.id, href: clock.href } });
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const events = [
    TestClockAdvanced.create({ testClockId: clock.id, from: decision.from, to: clock.frozenTime, billRunId }, origin()),
    BillRunRequested.create({ billRunId, asOf: run.asOf, trigger: 'testClock', testClockId: clock.id }, origin()),
  ];
  // The clock, its run and the events in one transaction; BillRunRequested starts the run from the outbox, so an advancing clock always gets its run.
  const version = await updateTestClock(clock, stored.version, [billRunPut(run), ...events.map((each) => outboxPut(tableName(), each))]).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(202, clock, { ETag: etagOf(version), Location: clock.href });
}

export const handler = apiHandler(advanceTestClockUseCase);

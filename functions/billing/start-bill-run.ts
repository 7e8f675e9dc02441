import { billRunAccess, billRunCreateSchema, billRunPath, requestedAsOf, startBillRun } from '../../domain/billing/bill-run.js';
import { BillRunRequested } from '../../domain/events/billing-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { billRunPut } from '../lib/store/bill-run-store.js';
import { documentClient, tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

/**
 * POST /billing/v1/billRun (staff), `{ "asOf"?: … }`: a billing run of everything due at or
 * before `asOf` (default now; never in the future: 400). 202 with the run, which the
 * billing-run state machine then bills (started by BillRunRequested from the outbox, so a
 * recorded run always starts). Accounts on test clocks are their clocks' to bill.
 */
async function startBillRunUseCase({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'start billing runs');
  const input = parseBody(event, 'create', billRunCreateSchema);
  requireWritable(principal, billRunAccess, input, 'billRun');
  const now = systemClock.now();
  const run = startBillRun({ id: newId(), trigger: 'request', asOf: requestedAsOf(input, now), now });
  const requested = BillRunRequested.create({ billRunId: run.id, asOf: run.asOf, trigger: 'request' }, { eventId: newId(), occurredAt: now, correlationId });
  await documentClient.send(new TransactWriteCommand({ TransactItems: [billRunPut(run), outboxPut(tableName(), requested)] }));
  return jsonResponse(202, run, { Location: `${billRunPath}/${run.id}` });
}

export const handler = apiHandler(idempotentOnKey('start-bill-run', startBillRunUseCase));

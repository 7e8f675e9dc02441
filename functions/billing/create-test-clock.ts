import { createTestClock, testClockCreateSchema, testClockAccess } from '../../domain/billing/test-clock.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { insertTestClock } from '../lib/store/test-clock-store.js';

/** POST /billing/v1/testClock (staff): a clock frozen at `frozenTime`, for customers created on it. */
async function createTestClockUseCase({ event, principal }: ApiRequest) {
  requireStaff(principal, 'create test clocks');
  const input = parseBody(event, 'create', testClockCreateSchema);
  requireWritable(principal, testClockAccess, input, 'testClock');
  const clock = createTestClock(input, { id: newId(), now: systemClock.now() });
  await insertTestClock(clock);
  return jsonResponse(201, clock, { Location: clock.href, ETag: etagOf(1) });
}

export const handler = apiHandler(idempotentOnKey('create-test-clock', createTestClockUseCase));

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { customerCreateSchema, registerCustomer } from '../../domain/customers/customer.js';
import { primaryEmail } from '../../domain/customers/email.js';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { insertCustomer } from '../lib/store/customer-store.js';
import { customerSnapshot } from './customer-snapshot.js';

/**
 * TMF629 POST /customer. Registers the customer with its unique email and records
 * CustomerCreated in the outbox in one transaction; the default billing account follows
 * from that event.
 */
async function createCustomer({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'register customers');
  const input = parseBody(event, 'create', customerCreateSchema);
  const now = await creationTime(input.testClock?.id);
  const customer = registerCustomer(input, { customerId: newId(), partyId: newId() }, now);
  const created = CustomerCreated.create(
    { customer: customerSnapshot(customer) },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  await insertCustomer(customer, primaryEmail(customer.contactMedium), created);
  metrics.addMetric('CustomersCreated', MetricUnit.Count, 1);
  return jsonResponse(201, customer, { Location: customer.href, ETag: etagOf(1) });
}

/** A customer on a test clock is born at the clock's time; the clock must exist. */
async function creationTime(testClockId: string | undefined): Promise<string> {
  if (testClockId === undefined) return systemClock.now();
  const clock = await findTestClock(testClockId);
  if (!clock) throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'testClock.id', problem: 'unknown test clock' }]);
  return clock.clock.frozenTime;
}

export const handler = apiHandler(idempotentOnKey('create-customer', createCustomer));

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { customerCreateSchema, registerCustomer } from '../../domain/customers/customer.js';
import { primaryEmail } from '../../domain/customers/email.js';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
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
  const now = systemClock.now();
  const customer = registerCustomer(input, { customerId: newId(), partyId: newId() }, now);
  const created = CustomerCreated.create(
    { customer: customerSnapshot(customer) },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  await insertCustomer(customer, primaryEmail(customer.contactMedium), created);
  metrics.addMetric('CustomersCreated', MetricUnit.Count, 1);
  return jsonResponse(201, customer, { Location: customer.href, ETag: etagOf(1) });
}

export const handler = apiHandler(idempotentOnKey('create-customer', createCustomer));

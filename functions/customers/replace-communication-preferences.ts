import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { communicationPreferencesAccess, communicationPreferencesOf, communicationPreferencesUpdateSchema, replaceCommunicationPreferences } from '../../domain/communication/communication-preferences.js';
import { CommunicationPreferencesChanged } from '../../domain/events/customer-events.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable, writerRoleOf } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findCommunicationPreferences, saveCommunicationPreferences } from '../lib/store/communication-preferences-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { tableName } from '../lib/store/dynamo-client.js';
import { outboxPut } from '../lib/store/outbox.js';

/**
 * PUT /customers/v1/customer/{id}/communicationPreferences (docs/communication.md, "Preferences"):
 * the whole set of choices, a kind left out taking its default. A mandatory kind switched off on
 * every channel is a 400 naming it. Conditional on the version read (If-Match: a stale one is a
 * 412; without it a concurrent change is a 409), with CommunicationPreferencesChanged in the same
 * transaction, dated by the customer's clock. Choices that change nothing write nothing. A
 * customer writes its own only (another's answers 404); staff write any customer's.
 */
async function replacePreferences({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const update = parseBody(event, 'create', communicationPreferencesUpdateSchema);
  requireWritable(principal, communicationPreferencesAccess, update, 'communicationPreferences');
  const [customer, current] = await Promise.all([findCustomer(id), findCommunicationPreferences(id)]);
  if (!customer) throw ApiError.notFound('customer', id);
  checkIfMatch(event, current.version);

  const now = await customerNow(customer.customer.testClock?.id);
  const change = replaceCommunicationPreferences(communicationPreferencesOf(id, current.stored), update, now);
  if (change.changedKinds.length === 0 && current.stored !== undefined) {
    return jsonResponse(200, communicationPreferencesOf(id, current.stored), { ETag: etagOf(current.version) });
  }
  const changed = CommunicationPreferencesChanged.create(
    {
      customerId: id,
      preferences: change.stored.choices,
      changedKinds: change.changedKinds,
      changedByRole: writerRoleOf(principal),
      ...(customer.customer.testClock ? { testClockId: customer.customer.testClock.id } : {}),
    },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  const version = await saveCommunicationPreferences(id, change.stored, current.version, [outboxPut(tableName(), changed)]).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  metrics.addMetric('CommunicationPreferencesChanged', MetricUnit.Count, 1);
  return jsonResponse(200, change.preferences, { ETag: etagOf(version) });
}

export const handler = apiHandler(replacePreferences);

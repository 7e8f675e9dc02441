import { randomBytes } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { eventTypesOf } from '../../domain/event-subscriptions/tmf-events.js';
import { hubSubscriptionCreateAccess, hubSubscriptionCreateSchema, maxSubscriptionsPerHub, registerSubscription } from '../../domain/event-subscriptions/event-subscription.js';
import { ownerKeyOf } from '../../domain/event-subscriptions/subscription-owner.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { countSubscriptions, insertSubscription } from '../lib/store/event-subscription-store.js';
import { callbackPolicy } from './hub-settings.js';
import { closeCallbackDestination, openCallbackDestination } from './callback-destinations.js';
import { hubApiOf, ownerOf } from './hub-access.js';

/**
 * TMF630 POST /tmf-api/<api>/v4/hub: registers a callback for the API's events its query
 * selects (docs/events.md, "Hub subscriptions"), up to the owner's limit on the hub (409
 * beyond). The answer carries, this once, the secret the deliveries are signed with (`secret`,
 * an extension attribute): it is never shown again, and a subscriber that lost it subscribes
 * anew. An Idempotency-Key replays the first answer, secret included. The subscription's
 * connection, API destination and rule are made before it is recorded, so a recorded
 * subscription always has its way to the callback.
 */
async function createSubscription({ event, principal }: ApiRequest) {
  const api = hubApiOf(event);
  const owner = ownerOf(principal);
  const input = parseBody(event, 'create', hubSubscriptionCreateSchema);
  requireWritable(principal, hubSubscriptionCreateAccess, input, 'hub');
  const { subscription, otherCustomersNamed } = registerSubscription(input, { id: newId(), api, eventTypes: eventTypesOf(api), owner, policy: callbackPolicy });
  if (otherCustomersNamed.length > 0) {
    throw ApiError.forbidden('a customer subscribes to events about its own resources only', [{ field: 'query', problem: `names another customer (${otherCustomersNamed.join(', ')})` }]);
  }
  const ownerKey = ownerKeyOf(owner);
  const limit = maxSubscriptionsPerHub[owner.kind];
  // A soft limit: two creations at the same instant may both pass it, by one each.
  if ((await countSubscriptions(api, ownerKey)) >= limit) {
    throw ApiError.conflict('TOO_MANY_SUBSCRIPTIONS', `at most ${limit} subscriptions on this hub; delete one first`);
  }
  // 256 bits, as the HMAC-SHA256 key: guessing it is no easier than breaking the hash.
  const secret = randomBytes(32).toString('base64url');
  await openCallbackDestination(subscription.id, subscription.callback);
  try {
    await insertSubscription({ subscription, api, owner: ownerKey, secret, createdAt: systemClock.now() });
  } catch (error) {
    // The subscription is not recorded: its way to the callback goes too, or it would hold the name and never deliver.
    await closeCallbackDestination(subscription.id);
    throw error;
  }
  metrics.addMetric('HubSubscriptionsCreated', MetricUnit.Count, 1);
  return jsonResponse(201, { ...subscription, secret }, { Location: subscription.href });
}

export const handler = apiHandler(idempotentOnKey('create-hub-subscription', createSubscription));

import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { deleteSubscription } from '../lib/store/event-subscription-store.js';
import { closeCallbackDestination } from './callback-destinations.js';
import { findVisibleSubscription, hubApiOf } from './hub-access.js';

/**
 * TMF630 DELETE /tmf-api/<api>/v4/hub/{id}: no more deliveries to the callback (204): its rule,
 * API destination and connection are removed, then the subscription. Its dead letters stay for
 * the record; replaying one then answers 409.
 */
async function deleteHubSubscription({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  await findVisibleSubscription(principal, hubApiOf(event), id);
  // Its way to the callback goes first: a failure here leaves the subscription, which a DELETE asked again removes.
  await closeCallbackDestination(id);
  // Deleted by someone else between the read and now: the same answer as an unknown id.
  if (!(await deleteSubscription(id))) throw ApiError.notFound('hub', id);
  return { statusCode: 204, headers: {}, body: '' };
}

export const handler = apiHandler(deleteHubSubscription);

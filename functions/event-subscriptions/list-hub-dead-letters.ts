import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { listDeadLetters } from '../lib/store/hub-dead-letter-store.js';

const subscriptionFilter = 'subscription.id';

/**
 * GET /hub/v1/deadLetter (staff): the hub events callbacks never took, oldest first, all or a
 * subscription's (`subscription.id`), filtered by `state` (deadLettered, replayed).
 */
async function listHubDeadLetters({ event }: ApiRequest) {
  const query = parseCollectionQuery(event, [subscriptionFilter, 'state']);
  const subscriptionIds = query.filters.get(subscriptionFilter)?.values;
  if (subscriptionIds !== undefined && subscriptionIds.length > 1) throw ApiError.badRequest(`${subscriptionFilter} takes one subscription`, [{ field: subscriptionFilter, problem: `got ${subscriptionIds.length}` }]);
  const state = query.filters.get('state')?.values;
  const found = await listDeadLetters({
    ...(subscriptionIds !== undefined ? { subscriptionId: subscriptionIds[0]! } : {}),
    ...(state !== undefined ? { state } : {}),
    offset: query.offset,
    limit: query.limit,
  });
  return collectionResponse(found.items, found.total, query.fields);
}

export const handler = apiHandler(listHubDeadLetters);

import { afterReplay, deadLetterReplayAccess, deadLetterReplaySchema } from '../../domain/event-subscriptions/dead-letter.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findSubscription } from '../lib/store/event-subscription-store.js';
import { findDeadLetter, updateDeadLetter } from '../lib/store/hub-dead-letter-store.js';
import { postSigned } from './callback-delivery.js';

/**
 * POST /hub/v1/deadLetterReplay (staff): sends a dead-lettered event to its subscription's
 * callback once more, now, signed anew under the subscription's secret, and answers the dead
 * letter as it is after: `replayed` when the callback took it, else still `deadLettered` with
 * the new `lastError` (the request did what it was asked; the subscriber did not take it).
 */
async function replayDeadLetter({ event, principal }: ApiRequest) {
  const input = parseBody(event, 'create', deadLetterReplaySchema);
  requireWritable(principal, deadLetterReplayAccess, input, 'deadLetterReplay');
  const id = input.deadLetter.id;
  const deadLetter = await findDeadLetter(id);
  if (!deadLetter) throw ApiError.notFound('deadLetter', id);
  if (deadLetter.state === 'replayed') throw ApiError.conflict('ALREADY_REPLAYED', `dead letter ${id} was replayed at ${deadLetter.replayedAt}`);
  const stored = await findSubscription(deadLetter.subscription.id);
  if (!stored) throw ApiError.conflict('SUBSCRIPTION_DELETED', `the subscription ${deadLetter.subscription.id} was deleted; nothing receives its events`);
  const at = systemClock.now();
  const outcome = await postSigned(stored.subscription.callback, JSON.stringify(deadLetter.event), stored.secret, Math.floor(Date.parse(at) / 1000));
  const after = afterReplay(deadLetter, outcome, at);
  await updateDeadLetter(after);
  return jsonResponse(200, after);
}

export const handler = apiHandler(replayDeadLetter);

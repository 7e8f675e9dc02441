import { randomUUID } from 'node:crypto';
import { afterReplay, deadLetterReplayAccess, deadLetterReplaySchema, type HubDeadLetter } from '../../domain/event-subscriptions/dead-letter.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findSubscription } from '../lib/store/event-subscription-store.js';
import { claimDeadLetterReplay, findDeadLetter, recordReplay } from '../lib/store/hub-dead-letter-store.js';
import { postSigned } from './callback-delivery.js';

/**
 * How long a replay holds its dead letter: longer than the function may run (its 10 s timeout,
 * which bounds the callback's 5 s), so a replay still sending is never overtaken, and one that
 * died gives the dead letter back within a minute.
 */
const replayHoldMs = 60_000;

/**
 * POST /hub/v1/deadLetterReplay (staff): sends a dead-lettered event to its subscription's
 * callback once more, now, signed anew under the subscription's secret, and answers the dead
 * letter as it is after: `replayed` when the callback took it, else still `deadLettered` with
 * the new `lastError` (the request did what it was asked; the subscriber did not take it). The
 * replay is taken on the dead letter before sending, so two staff replaying it at once do not
 * both send it: the second is told a replay is under way.
 */
async function replayDeadLetter({ event, principal }: ApiRequest) {
  const input = parseBody(event, 'create', deadLetterReplaySchema);
  requireWritable(principal, deadLetterReplayAccess, input, 'deadLetterReplay');
  const id = input.deadLetter.id;
  const found = await findDeadLetter(id);
  if (!found) throw ApiError.notFound('deadLetter', id);
  if (found.state === 'replayed') throw alreadyReplayed(found);
  const stored = await findSubscription(found.subscription.id);
  if (!stored) throw ApiError.conflict('SUBSCRIPTION_DELETED', `the subscription ${found.subscription.id} was deleted; nothing receives its events`);
  const at = systemClock.now();
  const holder = randomUUID();
  const deadLetter = await claimDeadLetterReplay(id, holder, Date.parse(at), Date.parse(at) + replayHoldMs);
  if (!deadLetter) {
    const now = await findDeadLetter(id);
    if (now?.state === 'replayed') throw alreadyReplayed(now);
    throw ApiError.conflict('REPLAY_IN_PROGRESS', `another replay of dead letter ${id} is sending it now; ask again once it has answered`);
  }
  const outcome = await postSigned(stored.subscription, deadLetter.event, stored.secret, Math.floor(Date.parse(at) / 1000));
  const after = afterReplay(deadLetter, outcome, at);
  if (!(await recordReplay(after, holder))) {
    throw ApiError.conflict('REPLAY_OVERTAKEN', `the replay of dead letter ${id} ran past ${replayHoldMs / 1000} s and another took it over; the callback may receive the event twice (it deduplicates by eventId)`);
  }
  return jsonResponse(200, after);
}

function alreadyReplayed(deadLetter: HubDeadLetter): ApiError {
  return ApiError.conflict('ALREADY_REPLAYED', `dead letter ${deadLetter.id} was replayed at ${deadLetter.replayedAt}`);
}

export const handler = apiHandler(replayDeadLetter);

import * as z from '../shared/zod.js';
import { staffWrites } from '../shared/write-access.js';
import type { HubSubscription } from './event-subscription.js';
import type { TmfEvent } from './tmf-events.js';

/**
 * An event a hub subscription's callback never took, after every retry (docs/events.md, "Hub
 * subscriptions"): kept for staff, who replay it once the subscriber is fixed. One per
 * subscription and event, whatever the number of times the event failed.
 */
export interface HubDeadLetter {
  id: string;
  href: string;
  subscription: { id: string; href: string };
  /** The TMF event as it was sent; a replay sends it again, under a new signature. */
  event: TmfEvent;
  attempts: number;
  lastError: string;
  failedAt: string;
  state: 'deadLettered' | 'replayed';
  replayedAt?: string;
  '@type': 'HubDeadLetter';
}

export const deadLetterPath = '/hub/v1/deadLetter';

/** POST /hub/v1/deadLetterReplay: which dead letter to send again (staff only: dead letters carry any customer's events). */
export const deadLetterReplaySchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({ deadLetter: z.strictObject({ id: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)) }) })
  .check(z.meta({ examples: [{ deadLetter: { id: '5b0c8a1e-2f4d-5c6b-8a9e-1d2c3b4a5f60' } }] })));
export const deadLetterReplayAccess = staffWrites;

export function deadLetterOf(
  id: string,
  subscription: Pick<HubSubscription, 'id' | 'href'>,
  event: TmfEvent,
  failure: { attempts: number; error: string; at: string },
): HubDeadLetter {
  return {
    id,
    href: `${deadLetterPath}/${id}`,
    subscription: { id: subscription.id, href: subscription.href },
    event,
    attempts: failure.attempts,
    lastError: failure.error,
    failedAt: failure.at,
    state: 'deadLettered',
    '@type': 'HubDeadLetter',
  };
}

/** The dead letter after a replay: replayed when the callback took it, else one attempt more and the new error. */
export function afterReplay(deadLetter: HubDeadLetter, outcome: { delivered: boolean; error?: string }, at: string): HubDeadLetter {
  if (outcome.delivered) return { ...deadLetter, attempts: deadLetter.attempts + 1, state: 'replayed', replayedAt: at };
  return { ...deadLetter, attempts: deadLetter.attempts + 1, lastError: outcome.error ?? deadLetter.lastError, failedAt: at };
}

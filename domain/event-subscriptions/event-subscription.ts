import * as z from '../shared/zod.js';
import { InvalidInputError } from '../shared/domain-errors.js';
import type { WriteAccess } from '../shared/write-access.js';
import { callbackProblem, type CallbackPolicy } from './callback-policy.js';
import { customerIdsNamed, maxQueryLength, parseSubscriptionQuery } from './subscription-query.js';
import { hubPathOf, type SubscriptionOwner } from './subscription-owner.js';

/**
 * A hub subscription (TMF630 part 4, the `EventSubscription` of every TMF API's `/hub`): a
 * callback that receives the API's events its query selects, signed under the subscription's
 * own secret (event-signature.ts). Whose events it receives is its owner's: a customer's
 * subscription receives events about that customer's resources only, staff's receive every
 * customer's and the catalog's.
 */
/** The callback the API reference's examples subscribe (each hub's route adds a query for its own event types). */
export const exampleCallback = 'https://listener.example.com/bss-events';

export const hubSubscriptionCreateSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    callback: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048)),
    query: z.optional(z.string().check(z.maxLength(maxQueryLength))),
  })
  .check(z.meta({ examples: [{ callback: exampleCallback }] })));
export type HubSubscriptionInput = z.infer<typeof hubSubscriptionCreateSchema>;

/** Every role that may call a hub writes the whole body: it names only where its own events go. */
export const hubSubscriptionCreateAccess: WriteAccess = { admin: 'everything', agent: 'everything', customer: 'everything', mediation: {} };

export interface HubSubscription {
  id: string;
  href: string;
  callback: string;
  query?: string;
  '@type': 'EventSubscription';
}

/**
 * How many subscriptions an owner may hold on one API's hub: each is an HTTP request per
 * matching event, so a customer cannot multiply our outgoing traffic at will (more than one
 * listener per kind of event is rarely needed); staff, who receive every customer's events,
 * may hold more.
 */
export const maxSubscriptionsPerHub = { customer: 10, staff: 100 } as const;

/**
 * Checks a new subscription (400 for a refused callback or a malformed query) and gives it its
 * shape, with the other customers its query names, which the edge refuses to a customer (403):
 * it would receive none of their events anyway. The API's TMF event types, which a query may
 * name, come from the caller (tmf-events.ts `eventTypesOf`): this module stays free of the
 * event catalog, whose schemas the hub's other functions would otherwise build at cold start.
 */
export function registerSubscription(
  input: HubSubscriptionInput,
  context: { id: string; api: string; eventTypes: readonly string[]; owner: SubscriptionOwner; policy: CallbackPolicy },
): { subscription: HubSubscription; otherCustomersNamed: string[] } {
  const problem = callbackProblem(input.callback, context.policy);
  if (problem !== undefined) throw new InvalidInputError(`callback ${problem}`, [{ field: 'callback', problem }]);
  const clauses = parseSubscriptionQuery(input.query ?? '', context.eventTypes);
  const owner = context.owner;
  return {
    otherCustomersNamed: owner.kind === 'customer' ? customerIdsNamed(clauses).filter((named) => named !== owner.customerId) : [],
    subscription: {
      id: context.id,
      href: `${hubPathOf(context.api)}/${context.id}`,
      callback: input.callback,
      ...(input.query !== undefined && input.query.trim() !== '' ? { query: input.query } : {}),
      '@type': 'EventSubscription',
    },
  };
}

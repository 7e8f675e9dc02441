import type { APIGatewayProxyEvent } from 'aws-lambda';
import { hubPathOf, ownerKeyOf, type SubscriptionOwner } from '../../domain/event-subscriptions/subscription-owner.js';
import { tmfApiOf } from '../../domain/shared/tmf-paths.js';
import type { Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { findSubscription, type StoredSubscription } from '../lib/store/event-subscription-store.js';

/**
 * Who a hub subscription belongs to and who sees it (docs/security.md, "Hub callbacks"). Every
 * TMF API's hub is the same three functions; which API a request is for is in its route
 * (`/tmf-api/<api>/v4/hub...`).
 */
export function hubApiOf(event: Pick<APIGatewayProxyEvent, 'resource'>): string {
  const api = tmfApiOf(event.resource);
  const hub = api === undefined ? undefined : hubPathOf(api);
  if (api === undefined || (event.resource !== hub && !event.resource.startsWith(`${hub}/`))) throw new Error(`${event.resource} is not a hub route`);
  return api;
}

/** Staff subscribe for the whole system; a customer for itself (the route admits no one else). */
export function ownerOf(principal: Principal): SubscriptionOwner {
  if (principal.roles.includes('admin') || principal.roles.includes('agent')) return { kind: 'staff' };
  if (principal.customerId !== undefined) return { kind: 'customer', customerId: principal.customerId };
  throw ApiError.forbidden('only customers and staff subscribe to events');
}

/**
 * The subscription, when it is this API's and the caller's (staff see every one). Anyone else's
 * answers as an unknown id does, so ids cannot be probed.
 */
export async function findVisibleSubscription(principal: Principal, api: string, id: string): Promise<StoredSubscription> {
  const stored = await findSubscription(id);
  const owner = ownerOf(principal);
  if (!stored || stored.api !== api || (owner.kind === 'customer' && stored.owner !== ownerKeyOf(owner))) throw ApiError.notFound('hub', id);
  return stored;
}

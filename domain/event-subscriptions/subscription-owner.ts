/**
 * Whose a hub subscription is, and whose events it receives (docs/events.md, "Hub
 * subscriptions"), apart from the subscription's request schema (event-subscription.ts): the
 * hub's read, delete and delivery functions need these and build no schema at their cold start.
 */

/** A customer's id, or `staff` for a subscription staff made (it receives every customer's events). */
export type SubscriptionOwner = { kind: 'customer'; customerId: string } | { kind: 'staff' };

/** The owner's name in keys and records: the customer's id, or `staff`. */
export const ownerKeyOf = (owner: SubscriptionOwner): string => (owner.kind === 'staff' ? 'staff' : `customer:${owner.customerId}`);

/** The owners whose subscriptions receive an event about `customerId`: staff, and that customer (none for a catalog resource). */
export const ownersReceiving = (customerId: string | undefined): SubscriptionOwner[] => [{ kind: 'staff' }, ...(customerId !== undefined ? [{ kind: 'customer' as const, customerId }] : [])];

/** A TMF API's hub: /tmf-api/<api>/v4/hub. */
export const hubPathOf = (api: string) => `/tmf-api/${api}/v4/hub`;

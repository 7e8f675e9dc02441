import { deadLetterPath, deadLetterReplayAccess, deadLetterReplaySchema } from '../../domain/event-subscriptions/dead-letter.js';
import { hubPathOf, hubSubscriptionCreateAccess, hubSubscriptionCreateSchema } from '../../domain/event-subscriptions/event-subscription.js';
import { hubEventPattern } from '../../domain/event-subscriptions/tmf-events.js';
import { tmfApiOf } from '../../domain/shared/tmf-types.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext, type RouteDefinition } from './shared.js';

/** How long the delivery may run: the retry schedule's delays and every attempt's timeout fit within it (domain/event-subscriptions/delivery-schedule.ts). */
const hubDeliveryTimeoutSeconds = 120;

/** The TMF APIs the contexts serve, by the name in their base paths (/tmf-api/<api>/v4/...), each once. */
export function tmfApisServedBy(contexts: readonly BoundedContext[]): string[] {
  const apis = contexts.flatMap((context) => context.routes.flatMap((route) => tmfApiOf(route.path) ?? []));
  return [...new Set(apis)];
}

/**
 * TMF630 event subscriptions (docs/events.md, "Hub subscriptions"): a `/hub` on every TMF API
 * the other contexts serve, generated from their routes, so a new API gets its hub without a
 * line here; the delivery of matching domain events to the callbacks, signed and retried; and
 * the dead letters, which staff list and replay.
 */
export function eventSubscriptions(tmfApis: readonly string[]): BoundedContext {
  const hubRoutes = tmfApis.flatMap((api): RouteDefinition[] => [
    { method: 'POST', path: hubPathOf(api), function: 'create-hub-subscription', authorized: true, requestBody: hubSubscriptionCreateSchema, writeAccess: hubSubscriptionCreateAccess },
    { method: 'GET', path: `${hubPathOf(api)}/{id}`, function: 'get-hub-subscription', authorized: true },
    { method: 'DELETE', path: `${hubPathOf(api)}/{id}`, function: 'delete-hub-subscription', authorized: true },
  ]);
  return {
    name: 'event-subscriptions',
    functions: [
      {
        name: 'create-hub-subscription',
        entry: 'functions/event-subscriptions/create-hub-subscription.ts',
        description: 'TMF630 POST /hub of every TMF API: a callback for the API\'s events its query selects, answered with its signing secret once',
        // Query (COUNT) of the owner's subscriptions on the hub; PutItem of the subscription.
        permissions: [queryIndexes, { resource: 'table', actions: idempotencyRecords, keys: ['HUB_SUBSCRIPTION#*', 'IDEMPOTENCY#*'] }],
      },
      {
        name: 'get-hub-subscription',
        entry: 'functions/event-subscriptions/get-hub-subscription.ts',
        description: 'GET /hub/{id} of every TMF API: the subscription, without its secret',
        permissions: [readTable],
      },
      {
        name: 'delete-hub-subscription',
        entry: 'functions/event-subscriptions/delete-hub-subscription.ts',
        description: 'TMF630 DELETE /hub/{id} of every TMF API: no more deliveries to the callback',
        permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem'], keys: ['HUB_SUBSCRIPTION#*'] }],
      },
      {
        name: 'deliver-hub-events',
        entry: 'functions/event-subscriptions/deliver-hub-events.ts',
        // Query of the subscriptions (gsi2, one per owner); PutItem of a dead letter.
        description: 'Delivers each domain event with a TMF counterpart to the hub subscriptions it is for, signed, retried with back-off, dead-lettered after the last retry',
        permissions: [queryIndexes, { resource: 'table', actions: ['dynamodb:PutItem'], keys: ['HUB_DEAD_LETTER#*'] }],
        timeoutSeconds: hubDeliveryTimeoutSeconds,
      },
      {
        name: 'list-hub-dead-letters',
        entry: 'functions/event-subscriptions/list-hub-dead-letters.ts',
        description: 'GET /hub/v1/deadLetter (staff): hub events callbacks never took, all or a subscription\'s',
        permissions: [queryIndexes],
      },
      {
        name: 'replay-hub-dead-letter',
        entry: 'functions/event-subscriptions/replay-hub-dead-letter.ts',
        description: 'POST /hub/v1/deadLetterReplay (staff): sends a dead-lettered event to its callback once more',
        permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], keys: ['HUB_DEAD_LETTER#*'] }],
      },
    ],
    routes: [
      ...hubRoutes,
      { method: 'GET', path: deadLetterPath, function: 'list-hub-dead-letters', authorized: true },
      { method: 'POST', path: '/hub/v1/deadLetterReplay', function: 'replay-hub-dead-letter', authorized: true, requestBody: deadLetterReplaySchema, writeAccess: deadLetterReplayAccess },
    ],
    stateMachines: [],
    eventRules: [
      {
        name: 'domain-events-to-hub-subscriptions',
        description: 'Domain events with a TMF counterpart go to the hub subscriptions of their API, as TMF events',
        pattern: hubEventPattern(),
        target: { kind: 'function', name: 'deliver-hub-events' },
      },
    ],
    schedules: [],
  };
}

import { deadLetterPath, deadLetterReplayAccess, deadLetterReplaySchema } from '../../domain/event-subscriptions/dead-letter.js';
import { exampleCallback, hubSubscriptionCreateAccess, hubSubscriptionCreateSchema } from '../../domain/event-subscriptions/event-subscription.js';
import { hubPathOf } from '../../domain/event-subscriptions/subscription-owner.js';
import { eventTypesOf, hubEventPattern } from '../../domain/event-subscriptions/tmf-events.js';
import { tmfApiOf } from '../../domain/shared/tmf-paths.js';
import { idempotencyRecords, managesHubCallbackDestinations, queryIndexes, readTable, type BoundedContext, type RouteDefinition } from './shared.js';

/**
 * The hub's dead-letter queue and the function that empties it (docs/events.md, "Hub
 * subscriptions"): every subscription's rule sends what its callback never took there. On AWS an
 * SQS queue with this function as its event source (infra/aws/hub-callbacks.ts); locally the
 * runtime's bus hands each dead letter to the function as the queue would.
 */
export const hubCallbackDeadLetters = {
  function: 'record-hub-dead-letters',
  batchSize: 10,
} as const;

/** The TMF APIs the contexts serve, by the name in their base paths (/tmf-api/<api>/v4/...), each once. */
export function tmfApisServedBy(contexts: readonly BoundedContext[]): string[] {
  const apis = contexts.flatMap((context) => context.routes.flatMap((route) => tmfApiOf(route.path) ?? []));
  return [...new Set(apis)];
}

/** A hub's documented subscription: a query for the API's first event type, the hub having any. */
const hubSubscriptionExample = (eventTypes: readonly string[]) => ({
  callback: exampleCallback,
  ...(eventTypes[0] !== undefined ? { query: `eventType=${eventTypes[0]}` } : {}),
});

/**
 * TMF630 event subscriptions (docs/events.md, "Hub subscriptions"): a `/hub` on every TMF API
 * the other contexts serve, generated from their routes, so a new API gets its hub without a
 * line here; the delivery of matching domain events to the callbacks, signed and retried; and
 * the dead letters, which staff list and replay.
 */
export function eventSubscriptions(tmfApis: readonly string[]): BoundedContext {
  const hubRoutes = tmfApis.flatMap((api): RouteDefinition[] => [
    {
      method: 'POST',
      path: hubPathOf(api),
      function: 'create-hub-subscription',
      authorized: true,
      requestBody: hubSubscriptionCreateSchema,
      writeAccess: hubSubscriptionCreateAccess,
      requestExample: hubSubscriptionExample(eventTypesOf(api)),
    },
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
        // Query (COUNT) of the owner's subscriptions on the hub; PutItem of the subscription; its connection, API destination and rule.
        permissions: [queryIndexes, { resource: 'table', actions: idempotencyRecords, keys: ['HUB_SUBSCRIPTION#*', 'IDEMPOTENCY#*'] }, managesHubCallbackDestinations],
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
        permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem'], keys: ['HUB_SUBSCRIPTION#*'] }, managesHubCallbackDestinations],
      },
      {
        name: 'deliver-hub-events',
        entry: 'functions/event-subscriptions/deliver-hub-events.ts',
        // Query of the subscriptions (gsi2, one per owner); PutEvents of the signed deliveries on the hub's bus.
        description: 'Signs each domain event with a TMF counterpart for the hub subscriptions it is for and puts the deliveries on the hub\'s bus, for their API destinations',
        permissions: [queryIndexes, { resource: 'hub-delivery-bus', actions: ['events:PutEvents'] }],
      },
      {
        name: hubCallbackDeadLetters.function,
        entry: 'functions/event-subscriptions/record-hub-dead-letters.ts',
        description: 'Records each hub delivery its callback never took, from the hub\'s dead-letter queue, as the subscription\'s dead letter',
        // GetItem of the subscription; PutItem of the dead letter.
        permissions: [readTable, { resource: 'table', actions: ['dynamodb:PutItem'], keys: ['HUB_DEAD_LETTER#*'] }],
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

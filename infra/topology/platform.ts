import { partnerEventCatalog } from '../../domain/events/partner-events.js';
import type { BoundedContext } from './shared.js';

/**
 * Concurrency of each public handler (docs/security.md, Rate limits): they answer fixed
 * documents in milliseconds, so 5 at once serve hundreds of requests a second.
 */
const publicHandlerConcurrency = 5;

/** The platform's own use cases: the API's liveness answer, its reference (OpenAPI document, event schemas), the outbox relay and the partner events. */
export const platform: BoundedContext = {
  name: 'platform',
  functions: [
    {
      name: 'health',
      entry: 'functions/platform/health.ts',
      description: 'Liveness answer of the API',
      permissions: [],
      // Public (no token): a flood of them takes at most this much of the account's concurrency.
      reservedConcurrency: publicHandlerConcurrency,
    },
    {
      name: 'get-openapi-document',
      entry: 'functions/platform/get-openapi-document.ts',
      description: 'The OpenAPI 3.1 document of the API, generated from the topology, its zod schemas and the TMF specifications',
      permissions: [],
      reservedConcurrency: publicHandlerConcurrency,
      carriesApiReference: true,
    },
    {
      name: 'list-event-schemas',
      entry: 'functions/platform/list-event-schemas.ts',
      description: "Every domain event's JSON Schema, with its source, detail-type and schema version",
      permissions: [],
      reservedConcurrency: publicHandlerConcurrency,
      carriesApiReference: true,
    },
    {
      name: 'get-event-schema',
      entry: 'functions/platform/get-event-schema.ts',
      description: "One domain event's JSON Schema, by <source>@<detail-type>",
      permissions: [],
      reservedConcurrency: publicHandlerConcurrency,
      carriesApiReference: true,
    },
    {
      name: 'relay-outbox',
      entry: 'functions/platform/relay-outbox.ts',
      description: 'Publishes outbox items from the table stream to the event bus',
      permissions: [{ resource: 'event-bus', actions: ['events:PutEvents'] }],
    },
    {
      name: 'publish-partner-events',
      entry: 'functions/platform/publish-partner-events.ts',
      description: 'Publishes the partner shape (bss.partner, no personal data) of each domain event partners may receive',
      permissions: [{ resource: 'event-bus', actions: ['events:PutEvents'] }],
    },
  ],
  routes: [
    { method: 'GET', path: '/health', function: 'health', authorized: false },
    // The API reference (docs/api-reference.md): public, like any API's documentation.
    { method: 'GET', path: '/openapi.json', function: 'get-openapi-document', authorized: false },
    { method: 'GET', path: '/events/schemas', function: 'list-event-schemas', authorized: false },
    { method: 'GET', path: '/events/schemas/{name}', function: 'get-event-schema', authorized: false },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'domain-events-to-partner-events',
      description: 'Domain events partners may receive are published again in their partner shape, the only events partner rules forward',
      pattern: {
        source: [...new Set(partnerEventCatalog.map((type) => type.from.source))],
        'detail-type': partnerEventCatalog.map((type) => type.detailType),
      },
      target: { kind: 'function', name: 'publish-partner-events' },
    },
  ],
  schedules: [],
};

/** The stream consumer that relays outbox items; not an API route, wired by both targets. */
export const outboxRelay = {
  function: 'relay-outbox',
  batchSize: 100,
  maximumRetryAttempts: 5,
  maximumRecordAgeSeconds: 3600,
  /** Split a failing batch to isolate a poison record instead of retrying the whole batch. */
  bisectBatchOnError: true,
  /**
   * TRIM_HORIZON, not LATEST: outbox items written while the mapping is (re)created are still
   * published; the duplicates that can cause are harmless, consumers being idempotent.
   */
  startingPosition: 'TRIM_HORIZON',
  /** Event-source-mapping filter (EventBridge pattern syntax): only new outbox items reach the relay. */
  recordFilter: { eventName: ['INSERT'], dynamodb: { NewImage: { entityType: { S: ['OutboxEvent'] } } } },
} as const;

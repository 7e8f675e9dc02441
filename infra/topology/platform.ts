import { partnerEventCatalog } from '../../domain/events/partner-events.js';
import type { BoundedContext } from './shared.js';

/** The platform's own use cases: the API's liveness answer, the outbox relay and the partner events. */
export const platform: BoundedContext = {
  name: 'platform',
  functions: [
    {
      name: 'health',
      entry: 'functions/platform/health.ts',
      description: 'Liveness answer of the API',
      permissions: [],
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

import * as z from '../../domain/shared/zod.js';
import { eventCatalog } from '../../domain/events/event-catalog.js';
import { partnerEventCatalog, partnerEventMetadataSchema, partnerEventSource } from '../../domain/events/partner-events.js';

/**
 * The event catalog for subscribers: for every event in domain/events/event-catalog.ts, and every
 * partner event (`bss.partner`, domain/events/partner-events.ts: what partner accounts receive),
 * the JSON Schema of the EventBridge event a subscriber's rule receives (its `source`, `detail-type` and
 * `detail` = { metadata, data }), converted from the event's zod schema, the one the event is
 * validated with when it is created. JSON Schema draft-04, the dialect of the EventBridge schema
 * registry (JSONSchemaDraft4), so the same document is served locally, exported to a folder and
 * registered on AWS.
 */
export interface PublishedEventSchema {
  source: string;
  detailType: string;
  /** The `metadata.schemaVersion` its events carry: major.minor. */
  schemaVersion: string;
  /** File and registry name: bss.customers@CustomerCreated. */
  name: string;
  schema: Record<string, unknown>;
}

export function publishedEventSchemaName(source: string, detailType: string): string {
  return `${source}@${detailType}`;
}

/** An event a subscriber may receive: its source, detail-type, schema version and the zod schema of its detail. */
export interface SubscribableEvent {
  source: string;
  detailType: string;
  schemaVersion: string;
  detailSchema: z.ZodMiniType;
}

/** The domain events, then the partner events drawn from them. */
export const subscribableEvents: readonly SubscribableEvent[] = [
  ...eventCatalog,
  ...partnerEventCatalog.map((type) => ({
    source: partnerEventSource,
    detailType: type.detailType,
    schemaVersion: type.schemaVersion,
    detailSchema: z.strictObject({ metadata: partnerEventMetadataSchema, data: type.dataSchema }),
  })),
];

export function publishedEventSchemas(): PublishedEventSchema[] {
  return subscribableEvents.map((event) => publishedEventSchema(event));
}

function publishedEventSchema(event: SubscribableEvent): PublishedEventSchema {
  const name = publishedEventSchemaName(event.source, event.detailType);
  const { $schema: _dialect, ...detail } = z.toJSONSchema(event.detailSchema, { target: 'draft-04', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    source: event.source,
    detailType: event.detailType,
    schemaVersion: event.schemaVersion,
    name,
    schema: {
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: event.detailType,
      description: `${event.detailType} from ${event.source}, schema version ${event.schemaVersion}: the EventBridge event a subscriber receives. Its detail is { metadata, data }; a new major version changes data incompatibly.`,
      'x-source': event.source,
      'x-detail-type': event.detailType,
      'x-schema-version': event.schemaVersion,
      type: 'object',
      properties: {
        version: { type: 'string' },
        id: { type: 'string' },
        source: { type: 'string', enum: [event.source] },
        'detail-type': { type: 'string', enum: [event.detailType] },
        account: { type: 'string' },
        time: { type: 'string' },
        region: { type: 'string' },
        resources: { type: 'array', items: { type: 'string' } },
        detail,
      },
      required: ['source', 'detail-type', 'detail'],
    },
  };
}

import * as z from '../shared/zod.js';

/**
 * Every event on the bus has the same envelope: `source` = bss.<context>, `detail-type` = a
 * past-tense fact, and `detail` = { metadata, data }. Each event type declares its data
 * schema once with `defineEvent`; the schema validates what we publish and is exported as
 * JSON Schema for subscribers in partner accounts.
 */
export const eventMetadataSchema = /* @__PURE__ */ z.lazy(() => z.object({
  eventId: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().check(z.minLength(1)),
  schemaVersion: z.string().check(z.regex(/^\d+\.\d+$/)),
}));
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

export interface DomainEvent<TData = unknown> {
  source: string;
  detailType: string;
  detail: { metadata: EventMetadata; data: TData };
}

export interface EventOrigin {
  eventId: string;
  occurredAt: string;
  correlationId: string;
}

export interface EventType<TSchema extends z.ZodMiniType> {
  source: string;
  detailType: string;
  schemaVersion: string;
  dataSchema: TSchema;
  detailSchema: z.ZodMiniType<{ metadata: EventMetadata; data: z.infer<TSchema> }>;
  /** Builds a validated event; throws if the data breaks the published schema. */
  create(data: z.infer<TSchema>, origin: EventOrigin): DomainEvent<z.infer<TSchema>>;
  /** Parses an event detail received from the bus. */
  parseDetail(detail: unknown): { metadata: EventMetadata; data: z.infer<TSchema> };
}

/** Every call carries the `@__PURE__` annotation: esbuild honours purity only at a call site, so a bundle then drops the events it never uses. */
export function defineEvent<TSchema extends z.ZodMiniType>(definition: {
  source: `bss.${string}`;
  detailType: string;
  schemaVersion: string;
  dataSchema: TSchema;
}): EventType<TSchema> {
  // Lazy like every module-level schema: a function built with a module of events builds only the one it publishes or reads.
  const detailSchema = z.lazy(() => z.object({ metadata: eventMetadataSchema, data: definition.dataSchema })) as unknown as z.ZodMiniType<{
    metadata: EventMetadata;
    data: z.infer<TSchema>;
  }>;
  return {
    ...definition,
    detailSchema,
    create(data, origin) {
      const detail = detailSchema.parse({
        metadata: { ...origin, schemaVersion: definition.schemaVersion },
        data,
      });
      return { source: definition.source, detailType: definition.detailType, detail };
    },
    parseDetail(detail) {
      return detailSchema.parse(detail);
    },
  };
}

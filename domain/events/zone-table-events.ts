import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/**
 * Events of zone tables (docs/rating.md), source bss.catalog like the rest of the catalog.
 * They carry the table without its entries (a version may hold 50,000 prefixes, an event at
 * most 256 KB): enough for a subscriber that caches tables to know which to read again.
 */
const versionSummarySchema = /* @__PURE__ */ shapeOnFirstUse(() => z.object({
  validFrom: z.string(),
  validTo: z.optional(z.string()),
  destinationZoneCount: z.int().check(z.nonnegative()),
  roamingZoneCount: z.int().check(z.nonnegative()),
}));

export const zoneTableSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  name: z.string(),
  versions: z.array(versionSummarySchema()),
}));
export type ZoneTableSnapshot = z.infer<typeof zoneTableSnapshotSchema>;

export const ZoneTableCreated = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ZoneTableCreated',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ zoneTable: zoneTableSnapshotSchema })),
});

/** A version was added; `endedVersion` is the one that ran until further notice and now ends where the new one starts. */
export const ZoneTableVersionPublished = /* @__PURE__ */ defineEvent({
  source: 'bss.catalog',
  detailType: 'ZoneTableVersionPublished',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    zoneTable: zoneTableSnapshotSchema,
    version: z.extend(versionSummarySchema(), { index: z.int().check(z.nonnegative()) }),
    endedVersion: z.optional(z.extend(versionSummarySchema(), { index: z.int().check(z.nonnegative()) })),
  })),
});

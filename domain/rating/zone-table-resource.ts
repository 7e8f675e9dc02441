import * as z from '../shared/zod.js';
import { rejectFieldProblems } from '../shared/domain-errors.js';
import { zoneTableProblems, type RoamingZone, type ZoneTable, type ZoneTableVersion } from './zone-table.js';

/**
 * The zone table as a catalog resource (docs/rating.md, "Zone tables"): what staff send to
 * create one or to publish a version, and what the API answers. The rules of the table itself
 * (prefixes, overlaps, zone names) are `zoneTableProblems`; the schemas here only bound the
 * shape and the size, so a body is refused before any rule runs over 50,000 entries.
 */
export const zoneTablePath = '/catalog/v1/zoneTable';

/** Bounds of one request: a national numbering plan with ranges ported between operators fits. */
export const zoneTableBounds = {
  destinationZonesPerVersion: 50_000,
  roamingZonesPerVersion: 1_000,
  versions: 100,
} as const;

/** Ids given by the client end up in a key and a URL: letters, digits, dot, dash, underscore. */
const zoneTableIdSchema = /* @__PURE__ */ z.lazy(() => z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes and underscores, at most 64, the first a letter or digit')));

const instantSchema = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

/** Prefix and zone formats are the domain's rules (named per entry); the schema bounds their length. */
const destinationZoneSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  prefix: z.string().check(z.maxLength(16)),
  zone: z.string().check(z.maxLength(64)),
}));

/** Exactly one of country and network is a domain rule too (`versions[0].roamingZones[3]`). */
const roamingZoneSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  country: z.optional(z.string().check(z.maxLength(2))),
  network: z.optional(z.string().check(z.maxLength(7))),
  zone: z.string().check(z.maxLength(64)),
}));

/** One version as sent: created with the table, or published on its own. */
export const zoneTableVersionSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  validFrom: instantSchema,
  validTo: z.optional(instantSchema),
  destinationZones: z.array(destinationZoneSchema).check(z.maxLength(zoneTableBounds.destinationZonesPerVersion)),
  roamingZones: z.array(roamingZoneSchema).check(z.maxLength(zoneTableBounds.roamingZonesPerVersion)),
}));
export type ZoneTableVersionInput = z.infer<typeof zoneTableVersionSchema>;

/** POST /catalog/v1/zoneTable. Without an id the API gives one; with one, a retry of the same create answers 409 instead of making a second table. */
export const zoneTableCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.optional(zoneTableIdSchema),
  name: z.string().check(z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  versions: z.array(zoneTableVersionSchema).check(z.maxLength(zoneTableBounds.versions)),
  '@type': z.optional(z.literal('ZoneTable')),
}));
export type ZoneTableCreate = z.infer<typeof zoneTableCreateSchema>;

/** The zone table as the API serves it, entries included. It is a `ZoneTable`, so rating takes it as it is. */
export interface ZoneTableResource extends ZoneTable {
  href: string;
  description?: string;
  lastUpdate: string;
  '@type': 'ZoneTable';
}

/** A version without its entries: what lists, events and the publish answer carry. */
export interface ZoneTableVersionSummary {
  validFrom: string;
  validTo?: string;
  destinationZoneCount: number;
  roamingZoneCount: number;
}

/** A zone table without its versions' entries: small whatever the table's size. */
export interface ZoneTableSummary extends Omit<ZoneTableResource, 'versions'> {
  versions: ZoneTableVersionSummary[];
}

/**
 * A version as stored and served: the fields in one order whatever order the client sent them
 * in, and no absent attribute written as undefined, so a table reads back exactly as built.
 */
export function zoneTableVersionOf(input: ZoneTableVersionInput): ZoneTableVersion {
  return {
    validFrom: input.validFrom,
    ...(input.validTo !== undefined ? { validTo: input.validTo } : {}),
    destinationZones: input.destinationZones.map(({ prefix, zone }) => ({ prefix, zone })),
    // Both sides or neither are kept as sent, for zoneTableProblems to name.
    roamingZones: input.roamingZones.map(
      ({ country, network, zone }) => ({ ...(country !== undefined ? { country } : {}), ...(network !== undefined ? { network } : {}), zone }) as RoamingZone,
    ),
  };
}

/** A new zone table from its create body; a table that breaks a rule of docs/rating.md is a 400 naming each field at fault. */
export function createZoneTable(input: ZoneTableCreate, id: string, now: string): ZoneTableResource {
  const table: ZoneTableResource = {
    id,
    href: `${zoneTablePath}/${id}`,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    versions: input.versions.map(zoneTableVersionOf),
    lastUpdate: now,
    '@type': 'ZoneTable',
  };
  rejectFieldProblems(zoneTableProblems(table), `zone table ${id} is invalid`);
  return table;
}

export function summarizeZoneTableVersion(version: ZoneTableVersion): ZoneTableVersionSummary {
  return {
    validFrom: version.validFrom,
    ...(version.validTo !== undefined ? { validTo: version.validTo } : {}),
    destinationZoneCount: version.destinationZones.length,
    roamingZoneCount: version.roamingZones.length,
  };
}

export function summarizeZoneTable(table: ZoneTableResource): ZoneTableSummary {
  return { ...table, versions: table.versions.map(summarizeZoneTableVersion) };
}

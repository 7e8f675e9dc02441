import * as z from 'zod';
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
const zoneTableIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dots, dashes and underscores, at most 64, the first a letter or digit');

const instantSchema = z.iso.datetime({ offset: true });

/** Prefix and zone formats are the domain's rules (named per entry); the schema bounds their length. */
const destinationZoneSchema = z.strictObject({
  prefix: z.string().max(16),
  zone: z.string().max(64),
});

/** Exactly one of country and network is a domain rule too (`versions[0].roamingZones[3]`). */
const roamingZoneSchema = z.strictObject({
  country: z.string().max(2).optional(),
  network: z.string().max(7).optional(),
  zone: z.string().max(64),
});

/** One version as sent: created with the table, or published on its own. */
export const zoneTableVersionSchema = z.strictObject({
  validFrom: instantSchema,
  validTo: instantSchema.optional(),
  destinationZones: z.array(destinationZoneSchema).max(zoneTableBounds.destinationZonesPerVersion),
  roamingZones: z.array(roamingZoneSchema).max(zoneTableBounds.roamingZonesPerVersion),
});
export type ZoneTableVersionInput = z.infer<typeof zoneTableVersionSchema>;

/** POST /catalog/v1/zoneTable. Without an id the API gives one; with one, a retry of the same create answers 409 instead of making a second table. */
export const zoneTableCreateSchema = z.strictObject({
  id: zoneTableIdSchema.optional(),
  name: z.string().max(256),
  description: z.string().max(2048).optional(),
  versions: z.array(zoneTableVersionSchema).max(zoneTableBounds.versions),
  '@type': z.literal('ZoneTable').optional(),
});
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

import type { FieldProblem } from '../shared/domain-errors.js';
import { rejectFieldProblems } from '../shared/domain-errors.js';
import { countryCodePattern, mccMncPattern, normalizeMccMnc } from './rating-attributes.js';

/**
 * A zone table (docs/rating.md): the catalog resource that names where a call went and where a
 * subscriber roamed. Destination prefixes map to zones by longest-prefix match (`+3389` premium
 * beats `+33` national); visited networks and countries map to roaming zones, the network
 * first. Staff manage it like prices: effective-dated versions that never overlap, so usage is
 * always zoned by the version in force at its date, and a new version never rezones the past.
 */
export interface DestinationZone {
  /** A + and 1 to 15 digits: `+33`, `+3389`. */
  prefix: string;
  zone: string;
}

/** A roaming zone for one visited network (MCC-MNC) or one visited country (ISO alpha-2): exactly one of the two. */
export type RoamingZone = { country: string; network?: undefined; zone: string } | { network: string; country?: undefined; zone: string };

export interface ZoneTableVersion {
  /** ISO 8601 instant, inclusive. */
  validFrom: string;
  /** ISO 8601 instant, exclusive; without it the version runs until further notice, so a later version needs this one ended where it starts. */
  validTo?: string;
  destinationZones: DestinationZone[];
  roamingZones: RoamingZone[];
}

export interface ZoneTable {
  id: string;
  name: string;
  versions: ZoneTableVersion[];
}

/** As E.164 numbers: the country code never starts with 0. */
const prefixPattern = /^\+[1-9]\d{0,14}$/;
const maxZoneNameLength = 64;

function checkZoneName(zone: unknown, field: string, problems: FieldProblem[]): void {
  if (typeof zone !== 'string' || zone.trim() === '' || zone !== zone.trim() || zone.length > maxZoneNameLength) {
    problems.push({ field, problem: `a zone name: not empty, no surrounding spaces, at most ${maxZoneNameLength} characters` });
  }
}

/**
 * The rules of a zone table, each problem naming its field (`versions[1].validFrom`,
 * `versions[0].destinationZones[3].prefix`): instants that parse, a validTo after its
 * validFrom, versions that never overlap (the one that starts later is named), prefixes of a +
 * and digits given once per version, roaming entries naming one network or one country, each
 * once per version, and zone names that are not empty.
 */
export function zoneTableProblems(table: ZoneTable): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof table.name !== 'string' || table.name.trim() === '') problems.push({ field: 'name', problem: 'required: the name of the table' });
  if (table.versions.length === 0) problems.push({ field: 'versions', problem: 'at least one version' });
  const spans: { index: number; from: number; to: number }[] = [];
  table.versions.forEach((version, index) => {
    const at = `versions[${index}]`;
    const from = Date.parse(version.validFrom);
    const to = version.validTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(version.validTo);
    if (Number.isNaN(from)) problems.push({ field: `${at}.validFrom`, problem: 'an ISO 8601 instant' });
    if (Number.isNaN(to)) problems.push({ field: `${at}.validTo`, problem: 'an ISO 8601 instant' });
    else if (!Number.isNaN(from) && to <= from) problems.push({ field: `${at}.validTo`, problem: 'after validFrom' });
    else if (!Number.isNaN(from)) spans.push({ index, from, to });

    const prefixes = new Map<string, number>();
    version.destinationZones.forEach((entry, entryIndex) => {
      const entryAt = `${at}.destinationZones[${entryIndex}]`;
      if (typeof entry.prefix !== 'string' || !prefixPattern.test(entry.prefix)) {
        problems.push({ field: `${entryAt}.prefix`, problem: 'a + and 1 to 15 digits, the first not 0, such as +3389' });
      } else if (prefixes.has(entry.prefix)) {
        problems.push({ field: `${entryAt}.prefix`, problem: `${entry.prefix} is already destinationZones[${prefixes.get(entry.prefix)}]` });
      } else {
        prefixes.set(entry.prefix, entryIndex);
      }
      checkZoneName(entry.zone, `${entryAt}.zone`, problems);
    });

    const places = new Map<string, number>();
    version.roamingZones.forEach((entry, entryIndex) => {
      const entryAt = `${at}.roamingZones[${entryIndex}]`;
      const hasCountry = entry.country !== undefined;
      const hasNetwork = entry.network !== undefined;
      if (hasCountry === hasNetwork) {
        problems.push({ field: entryAt, problem: 'exactly one of country and network' });
      } else if (hasCountry && (typeof entry.country !== 'string' || !countryCodePattern.test(entry.country))) {
        problems.push({ field: `${entryAt}.country`, problem: 'an ISO 3166-1 alpha-2 country code such as FR' });
      } else if (hasNetwork && (typeof entry.network !== 'string' || !mccMncPattern.test(entry.network))) {
        problems.push({ field: `${entryAt}.network`, problem: 'an MCC-MNC network code such as 208-01' });
      } else {
        const key = hasCountry ? `country:${entry.country}` : `network:${normalizeMccMnc(entry.network!)}`;
        const name = hasCountry ? 'country' : 'network';
        if (places.has(key)) problems.push({ field: `${entryAt}.${name}`, problem: `already roamingZones[${places.get(key)}]` });
        else places.set(key, entryIndex);
      }
      checkZoneName(entry.zone, `${entryAt}.zone`, problems);
    });
  });
  spans.sort((a, b) => a.from - b.from || a.index - b.index);
  for (let i = 1; i < spans.length; i += 1) {
    const previous = spans[i - 1]!;
    const current = spans[i]!;
    if (current.from < previous.to) {
      problems.push({ field: `versions[${current.index}].validFrom`, problem: `overlaps versions[${previous.index}], in force until ${Number.isFinite(previous.to) ? new Date(previous.to).toISOString() : 'further notice'}` });
    }
  }
  return problems;
}

/** Refuses a zone table that breaks a rule: a 400 naming every field at fault. */
export function validateZoneTable(table: ZoneTable): void {
  rejectFieldProblems(zoneTableProblems(table), `zone table ${table.id} is invalid`);
}

/** Every zone a table's versions name, destination and roaming alike: what a price condition may refer to. */
export function zoneNamesOf(table: ZoneTable): Set<string> {
  const names = new Set<string>();
  for (const version of table.versions) {
    for (const entry of version.destinationZones) names.add(entry.zone);
    for (const entry of version.roamingZones) names.add(entry.zone);
  }
  return names;
}

/** Problems for zone names a condition refers to that no version of the table knows (`field` names the list). */
export function unknownZoneProblems(zones: readonly string[], table: ZoneTable, field: string): FieldProblem[] {
  const known = zoneNamesOf(table);
  return zones.flatMap((zone, index) => (known.has(zone) ? [] : [{ field: `${field}[${index}]`, problem: `unknown zone ${zone} in zone table ${table.name}` }]));
}

/**
 * A version compiled for lookups. Destinations go through a digit trie held in flat arrays (ten
 * child slots per node), so a lookup walks the number's digits once: its cost depends on the
 * number's length (at most 15 digits), never on how many prefixes the table holds. A lookup's
 * time is mostly its cache misses, one a node once past the first digits: so a subtree that
 * holds one prefix alone, most of a big table's longest prefixes, is no chain of nodes but a
 * tail, its remaining digits as one number, read at once.
 */
export class CompiledZoneVersion {
  readonly validFrom: number;
  readonly validTo: number;
  /** children[node × 10 + digit] is the child node, 0 for none (the root is node 0 and never a child), or -1 - t for the tail t. */
  private readonly children: Int32Array;
  /** zoneAt[node] is the index in `zones` of the prefix ending at the node, -1 for none. */
  private readonly zoneAt: Int32Array;
  /** tails[t × 3 …] are the tail's digits after the child's own as a number, how many they are, and its zone's index. */
  private readonly tails: Float64Array;
  private readonly zones: string[] = [];
  private readonly networkZones = new Map<string, string>();
  private readonly countryZones = new Map<string, string>();

  constructor(version: ZoneTableVersion) {
    this.validFrom = Date.parse(version.validFrom);
    this.validTo = version.validTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(version.validTo);
    const maxNodes = 1 + version.destinationZones.reduce((sum, entry) => sum + entry.prefix.length - 1, 0);
    const children = new Int32Array(maxNodes * 10);
    const zoneAt = new Int32Array(maxNodes).fill(-1);
    const zoneIndex = new Map<string, number>();
    let nodes = 1;
    for (const { prefix, zone } of version.destinationZones) {
      let node = 0;
      for (let i = 1; i < prefix.length; i += 1) {
        const slot = node * 10 + (prefix.charCodeAt(i) - 48);
        if (children[slot] === 0) children[slot] = nodes++;
        node = children[slot]!;
      }
      let index = zoneIndex.get(zone);
      if (index === undefined) {
        index = this.zones.push(zone) - 1;
        zoneIndex.set(zone, index);
      }
      zoneAt[node] = index;
    }
    // A node's children come after it: from the last node back, whether its subtree is one prefix alone, ending at its last node.
    const alone = new Uint8Array(nodes);
    for (let node = nodes - 1; node > 0; node -= 1) {
      let count = 0;
      let only = 0;
      for (let digit = 0; digit < 10; digit += 1) {
        const child = children[node * 10 + digit]!;
        if (child !== 0) {
          count += 1;
          only = child;
        }
      }
      alone[node] = (count === 0 && zoneAt[node]! >= 0) || (count === 1 && zoneAt[node]! < 0 && alone[only] === 1) ? 1 : 0;
    }
    const kept = [0];
    const tails: number[] = [];
    const compactChildren: number[] = [];
    for (let at = 0; at < kept.length; at += 1) {
      for (let digit = 0; digit < 10; digit += 1) {
        let child = children[kept[at]! * 10 + digit]!;
        if (child === 0) compactChildren.push(0);
        else if (alone[child] === 0) compactChildren.push(kept.push(child) - 1);
        else {
          let digits = 0;
          let length = 0;
          while (zoneAt[child]! < 0) {
            const next = children.subarray(child * 10, child * 10 + 10).findIndex((each) => each !== 0);
            digits = digits * 10 + next;
            length += 1;
            child = children[child * 10 + next]!;
          }
          compactChildren.push(-1 - tails.length / 3);
          tails.push(digits, length, zoneAt[child]!);
        }
      }
    }
    this.children = Int32Array.from(compactChildren);
    this.zoneAt = Int32Array.from(kept, (node) => zoneAt[node]!);
    this.tails = Float64Array.from(tails);
    for (const entry of version.roamingZones) {
      if (entry.network !== undefined) this.networkZones.set(normalizeMccMnc(entry.network), entry.zone);
      else this.countryZones.set(entry.country, entry.zone);
    }
  }

  /** The zone of the longest prefix of `destination` (an E.164 number, + first), or undefined when no prefix matches. */
  destinationZone(destination: string): string | undefined {
    let node = 0;
    let found = this.zoneAt[0]!;
    for (let i = destination.charCodeAt(0) === 43 ? 1 : 0; i < destination.length; i += 1) {
      const digit = destination.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      node = this.children[node * 10 + digit]!;
      if (node === 0) break;
      if (node < 0) {
        if (this.tailMatches(-1 - node, destination, i + 1)) found = this.tails[(-1 - node) * 3 + 2]!;
        break;
      }
      const zone = this.zoneAt[node]!;
      if (zone >= 0) found = zone;
    }
    return found >= 0 ? this.zones[found] : undefined;
  }

  /** Whether `destination` goes on from `from` with the tail's digits: then the tail's prefix is the longest, as its subtree holds no other. */
  private tailMatches(tail: number, destination: string, from: number): boolean {
    const length = this.tails[tail * 3 + 1]!;
    if (from + length > destination.length) return false;
    let digits = 0;
    for (let i = from; i < from + length; i += 1) {
      const digit = destination.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return false;
      digits = digits * 10 + digit;
    }
    return digits === this.tails[tail * 3]!;
  }

  /**
   * The roaming zone of where a subscriber was: by the visited network when it is listed (an
   * agreement with one operator beats its country's zone), else by the visited country.
   */
  roamingZone(where: { visitedNetwork?: string | undefined; visitedCountry?: string | undefined }): string | undefined {
    const byNetwork = where.visitedNetwork === undefined ? undefined : this.networkZones.get(normalizeMccMnc(where.visitedNetwork));
    if (byNetwork !== undefined) return byNetwork;
    return where.visitedCountry === undefined ? undefined : this.countryZones.get(where.visitedCountry);
  }
}

/** A zone table's versions compiled once, ordered by validFrom. */
export class CompiledZoneTable {
  readonly versions: readonly CompiledZoneVersion[];

  constructor(table: ZoneTable) {
    this.versions = table.versions.map((version) => new CompiledZoneVersion(version)).sort((a, b) => a.validFrom - b.validFrom);
  }

  /** The version in force at `instant` (epoch ms): the one that started last at or before it, if it has not ended. */
  versionAt(instant: number): CompiledZoneVersion | undefined {
    let low = 0;
    let high = this.versions.length - 1;
    let candidate: CompiledZoneVersion | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const version = this.versions[middle]!;
      if (version.validFrom <= instant) {
        candidate = version;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return candidate !== undefined && instant < candidate.validTo ? candidate : undefined;
  }

  destinationZoneAt(destination: string, instant: number): string | undefined {
    return this.versionAt(instant)?.destinationZone(destination);
  }

  roamingZoneAt(where: { visitedNetwork?: string | undefined; visitedCountry?: string | undefined }, instant: number): string | undefined {
    return this.versionAt(instant)?.roamingZone(where);
  }
}

/** Tables are compiled once per table object (a billing run zones every record against the same table). */
const compiledTables = new WeakMap<ZoneTable, CompiledZoneTable>();

/** The compiled lookup of a table, which must be valid (`validateZoneTable`): compiling trusts the prefixes' digits. */
export function compileZoneTable(table: ZoneTable): CompiledZoneTable {
  let compiled = compiledTables.get(table);
  if (!compiled) {
    compiled = new CompiledZoneTable(table);
    compiledTables.set(table, compiled);
  }
  return compiled;
}

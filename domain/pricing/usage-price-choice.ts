import { homeRoamingZone } from '../catalog/usage-price-rating.js';
import type { RatingAttributes } from '../rating/rating-attributes.js';
import { compileZoneTable, type ZoneTable } from '../rating/zone-table.js';
import type { PriceTerms } from './price-terms.js';

/**
 * Which usage price a record counts against (docs/rating.md, "Conditional usage prices"). A
 * usage price with `rating.appliesTo` applies to the records that match every dimension it
 * names: destination zone, roaming zone (`home` when not roaming), direction, service type;
 * one without applies to every record of its unit. When some price of the record's unit has a
 * filter, the record counts against exactly one: the highest `weight`, then the most specific
 * (the most dimensions named); a tie is not guessed, the record is rejected with the reason.
 * When none has a filter, the record counts against every price of its unit, as it always has.
 */
export interface UsageToChoose {
  units: string;
  /** Epoch ms: zones come from the table version in force at the usage date. */
  at: number;
  attributes?: RatingAttributes | undefined;
}

/** Where a record went and was, as one price's zone table reads it. */
export interface UsageZones {
  zone?: string | undefined;
  roamingZone: string;
}

export type UsagePriceChoice<P> = { prices: P[]; zones?: UsageZones | undefined } | { reason: string };

export interface PriceChoiceContext {
  zoneTables: ReadonlyMap<string, ZoneTable>;
}

function hasUsageFilter(price: PriceTerms): boolean {
  return price.rating?.appliesTo !== undefined;
}

/**
 * The prices among `candidates` (the usage prices that count the record's unit) the record
 * counts against, or why none does.
 */
export function chooseUsagePrices<P extends PriceTerms & { id: string; name: string }>(candidates: readonly P[], usage: UsageToChoose, context: PriceChoiceContext): UsagePriceChoice<P> {
  if (candidates.length === 0) return { reason: `no usage price counts ${usage.units}` };
  const zoned = candidates.find((price) => price.rating?.zoneTable !== undefined);
  const zonesOf = new Map<string, UsageZones | { reason: string }>();
  const zonesFor = (price: P): UsageZones | { reason: string } => {
    const tableId = price.rating?.zoneTable?.id ?? '';
    let zones = zonesOf.get(tableId);
    if (!zones) {
      zones = usageZones(usage, tableId === '' ? undefined : tableId, context);
      zonesOf.set(tableId, zones);
    }
    return zones;
  };
  if (!candidates.some(hasUsageFilter)) {
    const zones = zoned ? zonesFor(zoned) : undefined;
    if (zones && 'reason' in zones) return zones;
    return { prices: [...candidates], zones };
  }

  let best: { price: P; zones: UsageZones | undefined; weight: number; specificity: number }[] = [];
  for (const price of candidates) {
    const filter = price.rating?.appliesTo;
    const zones = price.rating?.zoneTable ? zonesFor(price) : undefined;
    // A record a table cannot zone is not left to a catch-all price: its destination could be premium.
    if (zones && 'reason' in zones) return zones;
    if (filter && !matches(filter, usage, zones)) continue;
    const weight = price.rating?.weight ?? 0;
    const specificity = filter ? specificityOf(filter) : 0;
    const top = best[0];
    if (!top || weight > top.weight || (weight === top.weight && specificity > top.specificity)) best = [{ price, zones, weight, specificity }];
    else if (weight === top.weight && specificity === top.specificity) best.push({ price, zones, weight, specificity });
  }
  if (best.length === 0) return { reason: `no usage price applies to ${describeUsage(usage, zoned ? zonesFor(zoned) : undefined)}` };
  // Versions of one price (same name) never compete: the pricing engine picks the version in force.
  const names = new Set(best.map((entry) => entry.price.name));
  if (names.size > 1) {
    return { reason: `${[...names].sort().join(' and ')} apply equally to ${describeUsage(usage, best[0]!.zones)}: give one a higher rating.weight` };
  }
  return { prices: best.map((entry) => entry.price), zones: best[0]!.zones };
}

type Filter = NonNullable<NonNullable<PriceTerms['rating']>['appliesTo']>;

function matches(filter: Filter, usage: UsageToChoose, zones: UsageZones | undefined): boolean {
  const attributes = usage.attributes ?? {};
  if (filter.zones && (zones?.zone === undefined || !filter.zones.includes(zones.zone))) return false;
  if (filter.roamingZones && !filter.roamingZones.includes(zones?.roamingZone ?? roamingZoneWithoutTable(attributes))) return false;
  if (filter.direction && attributes.direction !== filter.direction) return false;
  if (filter.serviceType && (attributes.serviceType === undefined || !filter.serviceType.includes(attributes.serviceType))) return false;
  return true;
}

/** Without a table, a price can still tell home from abroad. */
function roamingZoneWithoutTable(attributes: RatingAttributes): string {
  return attributes.visitedCountry === undefined && attributes.visitedNetwork === undefined ? homeRoamingZone : '';
}

function specificityOf(filter: Filter): number {
  return (filter.zones ? 1 : 0) + (filter.roamingZones ? 1 : 0) + (filter.direction ? 1 : 0) + (filter.serviceType ? 1 : 0);
}

/**
 * The zones of a record by a table's version in force at its date. A destination no prefix
 * matches, or a visited place the table does not list, is a reason to reject the record, not to
 * guess a price: an unknown number could be premium, an unlisted country far from home.
 */
function usageZones(usage: UsageToChoose, tableId: string | undefined, context: PriceChoiceContext): UsageZones | { reason: string } {
  const attributes = usage.attributes ?? {};
  const roaming = attributes.visitedCountry !== undefined || attributes.visitedNetwork !== undefined;
  if (tableId === undefined) return { roamingZone: roamingZoneWithoutTable(attributes) };
  const table = context.zoneTables.get(tableId);
  if (!table) return { reason: `zone table ${tableId} is not in the catalog` };
  const compiled = compileZoneTable(table);
  const version = compiled.versionAt(usage.at);
  const when = new Date(usage.at).toISOString();
  if (!version) return { reason: `zone table ${table.name} has no version in force at ${when}` };
  let zone: string | undefined;
  if (attributes.destination !== undefined) {
    zone = version.destinationZone(attributes.destination);
    if (zone === undefined) return { reason: `destination ${attributes.destination} matches no prefix of zone table ${table.name} in force at ${when}` };
  }
  let roamingZone = homeRoamingZone;
  if (roaming) {
    const found = version.roamingZone(attributes);
    const where = [attributes.visitedNetwork && `network ${attributes.visitedNetwork}`, attributes.visitedCountry && `country ${attributes.visitedCountry}`].filter(Boolean).join(' in ');
    if (found === undefined) return { reason: `visited ${where} has no roaming zone in zone table ${table.name} in force at ${when}` };
    roamingZone = found;
  }
  return { zone, roamingZone };
}

function describeUsage(usage: UsageToChoose, zones: UsageZones | { reason: string } | undefined): string {
  const attributes = usage.attributes ?? {};
  const parts = [`${usage.units} usage`];
  if (zones && !('reason' in zones)) {
    if (zones.zone !== undefined) parts.push(`to zone ${zones.zone}`);
    parts.push(zones.roamingZone === homeRoamingZone ? 'at home' : `roaming in ${zones.roamingZone}`);
  }
  if (attributes.direction) parts.push(attributes.direction);
  if (attributes.serviceType) parts.push(`(${attributes.serviceType})`);
  return parts.join(' ');
}

import type { DestinationZone, RoamingZone, ZoneTableVersion } from '../../domain/rating/zone-table.js';
import { seededRandom } from '../../bench/seeded-random.js';

/**
 * A version with `prefixCount` distinct prefixes of random digits (`digits` long after the +,
 * the first not 0) spread over `zoneCount` zones, and `roamingCount` roaming networks: the
 * worst case for compression, next to a real table's runs of neighbouring ranges.
 */
export function randomZoneTableVersion(options: { prefixCount: number; digits: readonly [number, number]; zoneCount: number; roamingCount?: number; seed?: number; validFrom?: string; validTo?: string }): ZoneTableVersion {
  const random = seededRandom(options.seed ?? 1);
  const [minDigits, maxDigits] = options.digits;
  const seen = new Set<string>();
  const destinationZones: DestinationZone[] = [];
  while (destinationZones.length < options.prefixCount) {
    const length = minDigits + Math.floor(random() * (maxDigits - minDigits + 1));
    let prefix = `+${1 + Math.floor(random() * 9)}`;
    for (let digit = 1; digit < length; digit += 1) prefix += Math.floor(random() * 10);
    if (seen.has(prefix)) continue;
    seen.add(prefix);
    destinationZones.push({ prefix, zone: `zone-${Math.floor(random() * options.zoneCount)}` });
  }
  const roamingZones: RoamingZone[] = Array.from({ length: options.roamingCount ?? 0 }, (_, index) => ({
    network: `${String(200 + Math.floor(index / 100)).padStart(3, '0')}-${String(index % 100).padStart(2, '0')}`,
    zone: `roam-${index % 5}`,
  }));
  return { validFrom: options.validFrom ?? '2026-01-01T00:00:00Z', ...(options.validTo ? { validTo: options.validTo } : {}), destinationZones, roamingZones };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileZoneTable, zoneTableProblems, type DestinationZone, type RoamingZone, type ZoneTable, type ZoneTableVersion } from '../../../../domain/rating/zone-table.js';

/** Few digits, so prefixes nest in one another and numbers hit them often. */
const digitsArbitrary = (min: number, max: number) => fc.array(fc.constantFrom('1', '2', '3'), { minLength: min, maxLength: max }).map((digits) => digits.join(''));
const destinationZonesArbitrary = fc
  .uniqueArray(fc.record({ prefix: digitsArbitrary(1, 6).map((digits) => `+${digits}`), zone: fc.constantFrom('a', 'b', 'c', 'd') }), { selector: (entry) => entry.prefix, maxLength: 40 })
  .map((entries): DestinationZone[] => entries);
const numberArbitrary = digitsArbitrary(1, 12).map((digits) => `+${digits}`);
const roamingZonesArbitrary = fc
  .uniqueArray(
    fc.oneof(
      fc.record({ country: fc.constantFrom('FR', 'DE', 'CH', 'US'), zone: fc.constantFrom('eu', 'world') }),
      fc.record({ network: fc.constantFrom('208-01', '228-01', '310-260'), zone: fc.constantFrom('eu', 'world', 'partner') }),
    ),
    { selector: (entry) => ('country' in entry ? `c${entry.country}` : `n${entry.network}`), maxLength: 7 },
  )
  .map((entries) => entries as RoamingZone[]);
const whereArbitrary = fc.record({ visitedNetwork: fc.constantFrom(undefined, '208-01', '228-01', '310-260', '262-01'), visitedCountry: fc.constantFrom(undefined, 'FR', 'DE', 'CH', 'US', 'JP') });

function naiveDestinationZone(entries: readonly DestinationZone[], destination: string): string | undefined {
  let best: DestinationZone | undefined;
  for (const entry of entries) {
    if (destination.startsWith(entry.prefix) && (!best || entry.prefix.length > best.prefix.length)) best = entry;
  }
  return best?.zone;
}

const january = Date.parse('2026-01-01T00:00:00Z');
const year = 365 * 86_400_000;

describe('zone tables, properties', () => {
  it('finds the zone a naive longest-prefix scan finds', () => {
    fc.assert(
      fc.property(destinationZonesArbitrary, fc.array(numberArbitrary, { minLength: 1, maxLength: 20 }), (destinationZones, numbers) => {
        const table: ZoneTable = { id: 't', name: 'T', versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZones, roamingZones: [] }] };
        expect(zoneTableProblems(table)).toEqual([]);
        const version = compileZoneTable(table).versionAt(january)!;
        for (const number of numbers) expect(version.destinationZone(number)).toBe(naiveDestinationZone(destinationZones, number));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same zones as a naive scan in a table of 20,000 prefixes', () => {
    const destinationZones: DestinationZone[] = [];
    const seen = new Set<string>();
    // A deterministic spread of 1- to 7-digit prefixes, as a real table's country and operator ranges.
    for (let i = 0; destinationZones.length < 20_000; i += 1) {
      const prefix = `+${String((i * 7_919) % 9_999_991).slice(0, 1 + (i % 7))}`;
      if (prefix.length < 2 || prefix[1] === '0' || seen.has(prefix)) continue;
      seen.add(prefix);
      destinationZones.push({ prefix, zone: `zone-${i % 37}` });
    }
    const table: ZoneTable = { id: 'big', name: 'Big', versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZones, roamingZones: [] }] };
    expect(zoneTableProblems(table)).toEqual([]);
    const version = compileZoneTable(table).versionAt(january)!;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789'), { minLength: 1, maxLength: 14 }), (digits) => {
        const number = `+${digits.join('')}`;
        expect(version.destinationZone(number)).toBe(naiveDestinationZone(destinationZones, number));
      }),
      { numRuns: 200 },
    );
  });

  it('never changes the zones of usage dated before a new version', () => {
    fc.assert(
      fc.property(
        destinationZonesArbitrary,
        roamingZonesArbitrary,
        destinationZonesArbitrary,
        roamingZonesArbitrary,
        fc.integer({ min: 1, max: year }),
        fc.array(fc.record({ before: fc.integer({ min: 0, max: year }), number: numberArbitrary, where: whereArbitrary }), { minLength: 1, maxLength: 10 }),
        (destinationZones, roamingZones, newDestinationZones, newRoamingZones, newVersionAfter, usages) => {
          const first: ZoneTableVersion = { validFrom: new Date(january).toISOString(), destinationZones, roamingZones };
          const newFrom = january + newVersionAfter;
          const before: ZoneTable = { id: 't', name: 'T', versions: [first] };
          const after: ZoneTable = {
            id: 't',
            name: 'T',
            versions: [
              { ...first, validTo: new Date(newFrom).toISOString() },
              { validFrom: new Date(newFrom).toISOString(), destinationZones: newDestinationZones, roamingZones: newRoamingZones },
            ],
          };
          expect(zoneTableProblems(after)).toEqual([]);
          for (const usage of usages) {
            const instant = newFrom - 1 - (usage.before % newVersionAfter);
            expect(compileZoneTable(after).destinationZoneAt(usage.number, instant)).toBe(compileZoneTable(before).destinationZoneAt(usage.number, instant));
            expect(compileZoneTable(after).roamingZoneAt(usage.where, instant)).toBe(compileZoneTable(before).roamingZoneAt(usage.where, instant));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('zones roaming by the network when the table lists it, else by the country', () => {
    fc.assert(
      fc.property(roamingZonesArbitrary, whereArbitrary, (roamingZones, where) => {
        const version = compileZoneTable({ id: 't', name: 'T', versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZones: [], roamingZones }] }).versionAt(january)!;
        const byNetwork = roamingZones.find((entry) => entry.network !== undefined && entry.network === where.visitedNetwork)?.zone;
        const byCountry = roamingZones.find((entry) => entry.country !== undefined && entry.country === where.visitedCountry)?.zone;
        expect(version.roamingZone(where)).toBe(byNetwork ?? byCountry);
      }),
    );
  });
});

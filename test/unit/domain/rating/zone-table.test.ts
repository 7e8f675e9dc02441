import { describe, expect, it } from 'vitest';
import { demoZoneTable, demoZones } from '../../../../domain/rating/demo-zone-table.js';
import { compileZoneTable, unknownZoneProblems, validateZoneTable, zoneTableProblems, type ZoneTable } from '../../../../domain/rating/zone-table.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const at = (iso: string) => Date.parse(iso);

describe('the demo zone table', () => {
  const zones = compileZoneTable(demoZoneTable);
  const june2026 = at('2026-06-15T10:00:00Z');

  it('is valid', () => {
    expect(zoneTableProblems(demoZoneTable)).toEqual([]);
  });

  it.each([
    ['+33142345678', demoZones.nationalFixed],
    ['+33512345678', demoZones.nationalFixed],
    ['+33912345678', demoZones.nationalFixed],
    ['+33612345678', demoZones.nationalMobile],
    ['+33712345678', demoZones.nationalMobile],
    ['+33892680000', demoZones.premium],
    ['+33800123456', demoZones.freephone],
    ['+33805123456', demoZones.freephone],
    ['+4930123456', demoZones.eu],
    ['+35312345678', demoZones.eu],
    ['+4712345678', demoZones.eu],
    ['+441632960000', demoZones.world1],
    ['+12025550100', demoZones.world1],
    ['+41441234567', demoZones.world1],
    ['+380441234567', demoZones.world2],
    ['+81312345678', demoZones.world2],
  ])('zones %s as %s by its longest prefix', (destination, zone) => {
    expect(zones.destinationZoneAt(destination, june2026)).toBe(zone);
  });

  it('picks +3389 (premium) over +33 (national) for a premium number', () => {
    const version = zones.versionAt(june2026)!;
    expect(version.destinationZone('+33890000000')).toBe('premium');
    expect(version.destinationZone('+33880000000')).toBe('national-fixed');
  });

  it('zones roaming by the visited network before the country', () => {
    const january2027 = at('2027-01-15T10:00:00Z');
    expect(zones.roamingZoneAt({ visitedNetwork: '228-01', visitedCountry: 'CH' }, january2027)).toBe(demoZones.roamEu);
    expect(zones.roamingZoneAt({ visitedNetwork: '22801', visitedCountry: 'CH' }, january2027)).toBe(demoZones.roamEu);
    expect(zones.roamingZoneAt({ visitedNetwork: '228-02', visitedCountry: 'CH' }, january2027)).toBe(demoZones.roamWorld);
    expect(zones.roamingZoneAt({ visitedCountry: 'DE' }, january2027)).toBe(demoZones.roamEu);
    expect(zones.roamingZoneAt({ visitedNetwork: '901-12', visitedCountry: 'NO' }, january2027)).toBe(demoZones.roamMaritime);
    expect(zones.roamingZoneAt({ visitedCountry: 'AQ' }, january2027)).toBeUndefined();
  });

  it('keeps the zone of the version then in force for usage dated before a new version', () => {
    const swisscom = { visitedNetwork: '228-01', visitedCountry: 'CH' };
    expect(zones.roamingZoneAt(swisscom, at('2026-12-31T23:59:59.999Z'))).toBe(demoZones.roamWorld);
    expect(zones.roamingZoneAt(swisscom, at('2027-01-01T00:00:00Z'))).toBe(demoZones.roamEu);
  });

  it('has no version before its first one starts', () => {
    expect(zones.versionAt(at('2025-12-31T23:59:59Z'))).toBeUndefined();
    expect(zones.destinationZoneAt('+33612345678', at('2025-12-31T23:59:59Z'))).toBeUndefined();
  });
});

describe('zone lookups', () => {
  const table: ZoneTable = {
    id: 't',
    name: 'T',
    versions: [
      { validFrom: '2026-01-01T00:00:00Z', validTo: '2026-07-01T00:00:00Z', destinationZones: [{ prefix: '+33', zone: 'a' }], roamingZones: [] },
      { validFrom: '2026-09-01T00:00:00Z', destinationZones: [{ prefix: '+336', zone: 'b' }], roamingZones: [] },
    ],
  };

  it('finds no version in a gap between versions, nor a zone for a number no prefix matches', () => {
    const zones = compileZoneTable(table);
    expect(zones.versionAt(at('2026-08-01T00:00:00Z'))).toBeUndefined();
    expect(zones.destinationZoneAt('+33612345678', at('2026-10-01T00:00:00Z'))).toBe('b');
    expect(zones.destinationZoneAt('+33112345678', at('2026-10-01T00:00:00Z'))).toBeUndefined();
    expect(zones.destinationZoneAt('+33112345678', at('2026-02-01T00:00:00Z'))).toBe('a');
  });

  it('knows the zones a condition may name', () => {
    expect(unknownZoneProblems(['a', 'c'], table, 'zones')).toEqual([{ field: 'zones[1]', problem: 'unknown zone c in zone table T' }]);
  });
});

describe('validateZoneTable', () => {
  const version = { validFrom: '2026-01-01T00:00:00Z', destinationZones: [{ prefix: '+33', zone: 'national' }], roamingZones: [{ country: 'DE', zone: 'eu' }] };

  function problemFields(table: ZoneTable): string[] {
    try {
      validateZoneTable(table);
    } catch (error) {
      if (error instanceof InvalidInputError) return error.problems.map((problem) => problem.field);
      throw error;
    }
    return [];
  }

  it('refuses overlapping versions, naming the later one', () => {
    expect(
      problemFields({
        id: 't',
        name: 'T',
        versions: [
          { ...version, validTo: '2026-07-01T00:00:00Z' },
          { ...version, validFrom: '2026-06-01T00:00:00Z' },
        ],
      }),
    ).toEqual(['versions[1].validFrom']);
    expect(problemFields({ id: 't', name: 'T', versions: [{ ...version, validFrom: '2027-01-01T00:00:00Z' }, version] })).toEqual(['versions[0].validFrom']);
  });

  it('accepts versions that meet end to start', () => {
    expect(problemFields({ id: 't', name: 'T', versions: [{ ...version, validTo: '2026-07-01T00:00:00Z' }, { ...version, validFrom: '2026-07-01T00:00:00Z' }] })).toEqual([]);
  });

  it('refuses a duplicate prefix, unknown characters, an empty zone and bad dates, naming each field', () => {
    expect(
      problemFields({
        id: 't',
        name: 'T',
        versions: [
          {
            validFrom: 'yesterday',
            destinationZones: [
              { prefix: '+33', zone: 'national' },
              { prefix: '+33', zone: 'other' },
              { prefix: '+33-6', zone: 'mobile' },
              { prefix: '+0', zone: 'nowhere' },
              { prefix: '+34', zone: '' },
            ],
            roamingZones: [
              { country: 'DE', zone: 'eu' },
              { country: 'DE', zone: 'eu' },
              { country: 'Germany', zone: 'eu' },
              { network: '2620', zone: 'eu' },
              { country: 'AT', network: '232-01', zone: 'eu' } as never,
              { network: '262-01', zone: ' ' },
            ],
          },
          { validFrom: '2026-01-01T00:00:00Z', validTo: '2025-01-01T00:00:00Z', destinationZones: [], roamingZones: [] },
        ],
      }),
    ).toEqual([
      'versions[0].validFrom',
      'versions[0].destinationZones[1].prefix',
      'versions[0].destinationZones[2].prefix',
      'versions[0].destinationZones[3].prefix',
      'versions[0].destinationZones[4].zone',
      'versions[0].roamingZones[1].country',
      'versions[0].roamingZones[2].country',
      'versions[0].roamingZones[3].network',
      'versions[0].roamingZones[4]',
      'versions[0].roamingZones[5].zone',
      'versions[1].validTo',
    ]);
  });

  it('refuses a table without a name or versions', () => {
    expect(problemFields({ id: 't', name: ' ', versions: [] })).toEqual(['name', 'versions']);
  });
});

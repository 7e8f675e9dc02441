import { describe, expect, it } from 'vitest';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { publishZoneTableVersion } from '../../../../domain/rating/zone-table-publishing.js';
import type { ZoneTableSummary, ZoneTableVersionSummary } from '../../../../domain/rating/zone-table-resource.js';

const now = '2026-03-01T09:00:00.000Z';
const entries = { destinationZones: [{ prefix: '+33', zone: 'national' }], roamingZones: [] };
const summaryOf = (validFrom: string, validTo?: string): ZoneTableVersionSummary => ({ validFrom, ...(validTo ? { validTo } : {}), destinationZoneCount: 1, roamingZoneCount: 0 });
const table = (versions: ZoneTableVersionSummary[]): ZoneTableSummary => ({ id: 't', href: '/catalog/v1/zoneTable/t', name: 'T', versions, lastUpdate: '2026-01-01T00:00:00.000Z', '@type': 'ZoneTable' });

describe('publishing a zone table version (domain/rating/zone-table-publishing.ts)', () => {
  it('ends the version that starts last, wherever it is in the list, and leaves the others as they were', () => {
    const current = table([summaryOf('2026-02-01T00:00:00Z'), summaryOf('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')]);
    const published = publishZoneTableVersion(current, { validFrom: '2026-05-01T00:00:00Z', ...entries }, now);
    expect(published.table.versions).toEqual([summaryOf('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z'), current.versions[1], summaryOf('2026-05-01T00:00:00Z')]);
    expect(published).toMatchObject({ index: 2, ended: { index: 0, version: summaryOf('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z') } });
    expect(published.table.lastUpdate).toBe(now);
    // The table read is not changed in place: a lost race leaves the caller's copy as read.
    expect(current.versions[0]).toEqual(summaryOf('2026-02-01T00:00:00Z'));
  });

  it('ends nothing when the open version starts at or after the new one: that is an overlap to name', () => {
    const current = table([summaryOf('2026-06-01T00:00:00Z')]);
    const refused = (() => {
      try {
        publishZoneTableVersion(current, { validFrom: '2026-06-01T00:00:00Z', ...entries }, now);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).problems).toEqual([{ field: 'validFrom', problem: 'overlaps versions[0], in force until further notice' }]);
  });

  it('refuses a 101st version: a table holds at most 100', () => {
    const full = table(Array.from({ length: 100 }, (_, index) => summaryOf(new Date(Date.UTC(2020, index, 1)).toISOString(), new Date(Date.UTC(2020, index + 1, 1)).toISOString())));
    expect(() => publishZoneTableVersion(full, { validFrom: '2030-01-01T00:00:00Z', ...entries }, now)).toThrow(RuleViolationError);
    expect(() => publishZoneTableVersion(full, { validFrom: '2030-01-01T00:00:00Z', ...entries }, now)).toThrow(/has 100 versions/);
  });
});

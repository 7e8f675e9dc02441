import { describe, expect, it } from 'vitest';
import { contentsPartBytes, decodeContents, encodeContents } from '../../../functions/lib/store/zone-table-contents.js';
import { demoZoneTable } from '../../../domain/rating/demo-zone-table.js';
import { randomZoneTableVersion } from '../../support/zone-table-fixtures.js';

describe('zone table version contents (functions/lib/store/zone-table-contents.ts)', () => {
  it('keeps the demo table in one part and reads it back exactly', () => {
    for (const version of demoZoneTable.versions) {
      const { ref, parts } = encodeContents(version);
      expect(parts).toHaveLength(1);
      expect(decodeContents(ref, parts)).toEqual({ destinationZones: version.destinationZones, roamingZones: version.roamingZones });
    }
  });

  it('cuts the worst case of the bounds (50,000 random 14- and 15-digit prefixes over 5,000 zones, 1,000 networks) into parts an item holds', () => {
    const version = randomZoneTableVersion({ prefixCount: 50_000, digits: [14, 15], zoneCount: 5_000, roamingCount: 1_000 });
    const { ref, parts } = encodeContents(version);
    expect(parts.length).toBeGreaterThan(1);
    expect(ref.parts).toBe(parts.length);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(contentsPartBytes);
    expect(decodeContents(ref, parts)).toEqual({ destinationZones: version.destinationZones, roamingZones: version.roamingZones });
  });

  it('names contents by their bytes: the same entries get the same name, other entries another', () => {
    const [first, second] = demoZoneTable.versions;
    expect(encodeContents(first!).ref).toEqual(encodeContents(structuredClone({ destinationZones: first!.destinationZones, roamingZones: first!.roamingZones })).ref);
    expect(encodeContents(first!).ref.digest).not.toBe(encodeContents(second!).ref.digest);
  });

  it('refuses parts that do not add up to the name, rather than give a wrong table', () => {
    const { ref, parts } = encodeContents(randomZoneTableVersion({ prefixCount: 50_000, digits: [14, 15], zoneCount: 5_000 }));
    expect(() => decodeContents(ref, parts.slice(0, 1))).toThrow(/do not match their parts/);
    const altered = parts.map((part) => Buffer.from(part));
    altered[0]![100] = altered[0]![100]! ^ 0xff;
    expect(() => decodeContents(ref, altered)).toThrow(/do not match their parts/);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoZoneTable } from '../../domain/rating/demo-zone-table.js';
import { publishZoneTableVersion } from '../../domain/rating/zone-table-publishing.js';
import { summarizeZoneTable, type ZoneTableResource } from '../../domain/rating/zone-table-resource.js';
import { compileZoneTable } from '../../domain/rating/zone-table.js';
import { randomZoneTableVersion } from '../support/zone-table-fixtures.js';

/**
 * The zone table store against the runtime's DynamoDB Local: big tables round-trip exactly
 * through their compressed parts, item sizes and transactions as DynamoDB enforces them. Each
 * test uses tables of its own, because other test files share the table.
 */
process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoDbEndpoint');
process.env.TABLE_NAME = 'bss';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

// Imported after the environment is set: the table client is created when the module loads.
let store: typeof import('../../functions/lib/store/zone-table-store.js');
let StaleVersionError: typeof import('../../functions/lib/store/store-errors.js').StaleVersionError;
beforeAll(async () => {
  store = await import('../../functions/lib/store/zone-table-store.js');
  ({ StaleVersionError } = await import('../../functions/lib/store/store-errors.js'));
});

const now = '2026-03-01T09:00:00.000Z';

function resource(versions: ZoneTableResource['versions'], name = 'Big zones'): ZoneTableResource {
  const id = `zones-${randomUUID()}`;
  return { id, href: `/catalog/v1/zoneTable/${id}`, name, versions, lastUpdate: now, '@type': 'ZoneTable' };
}

describe('zone tables in DynamoDB Local (functions/lib/store/zone-table-store.ts)', () => {
  it('round-trips a 20,000-prefix table exactly, and rates with what it read as with what it wrote', async () => {
    const big = randomZoneTableVersion({ prefixCount: 20_000, digits: [3, 8], zoneCount: 40, roamingCount: 300, validTo: '2027-01-01T00:00:00Z' });
    const table = resource([big, { ...big, validFrom: '2027-01-01T00:00:00Z', roamingZones: big.roamingZones.slice(1) }]);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(400 * 1024);
    await store.insertZoneTable(table, []);

    const found = await store.findZoneTable(table.id);
    expect(found?.version).toBe(1);
    expect(found?.table).toEqual(table);
    const [read] = (await store.findZoneTables([table.id])).values();
    expect(read).toEqual(table);
    const written = compileZoneTable(table).versionAt(Date.parse('2026-06-01T00:00:00Z'))!;
    const fromStore = compileZoneTable(read!).versionAt(Date.parse('2026-06-01T00:00:00Z'))!;
    for (const { prefix } of big.destinationZones.slice(0, 2_000)) expect(fromStore.destinationZone(`${prefix}12`)).toBe(written.destinationZone(`${prefix}12`));
  });

  it('stores the worst case of the bounds (50,000 random 15-digit prefixes) in several parts, each under the item limit', async () => {
    const worst = randomZoneTableVersion({ prefixCount: 50_000, digits: [14, 15], zoneCount: 5_000, roamingCount: 1_000, seed: 7 });
    const table = resource([worst]);
    await store.insertZoneTable(table, []);
    expect((await store.findZoneTables([table.id])).get(table.id)).toEqual(table);
  });

  it('reads the demo table that npm start seeded exactly as domain/rating/demo-zone-table.ts defines it', async () => {
    const demo = (await store.findZoneTables(['demo-zones', 'no-such-table'])).get('demo-zones') as ZoneTableResource | undefined;
    expect(demo).toBeDefined();
    expect({ id: demo!.id, name: demo!.name, versions: demo!.versions }).toEqual(demoZoneTable);
    expect(await store.findZoneTables(['no-such-table'])).toEqual(new Map());
  });

  it('lets one of two publishes from the same version win; the other is StaleVersionError and changes nothing', async () => {
    const table = resource([randomZoneTableVersion({ prefixCount: 100, digits: [3, 5], zoneCount: 4 })], 'Raced zones');
    await store.insertZoneTable(table, []);
    const read = await store.findZoneTableSummary(table.id);
    expect(read).toEqual({ summary: summarizeZoneTable(table), version: 1 });

    const candidates = ['2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z'].map((validFrom, seed) => {
      const version = randomZoneTableVersion({ prefixCount: 100, digits: [3, 5], zoneCount: 4, seed: seed + 10, validFrom });
      return { version, published: publishZoneTableVersion(read!.summary, version, now) };
    });
    const outcomes = await Promise.allSettled(candidates.map(({ version, published }) => store.appendZoneTableVersion(published.table, version, 1, [])));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => outcome.value)).toEqual([2]);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(StaleVersionError);

    const after = await store.findZoneTable(table.id);
    expect(after?.version).toBe(2);
    const winner = candidates[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')]!;
    expect(after?.table.versions).toEqual([{ ...table.versions[0], validTo: winner.version.validFrom }, winner.version]);
  });
});

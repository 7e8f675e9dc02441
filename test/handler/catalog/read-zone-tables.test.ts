import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoZoneTable } from '../../../domain/rating/demo-zone-table.js';
import { handler as createZoneTable } from '../../../functions/catalog/create-zone-table.js';
import { handler as getZoneTable } from '../../../functions/catalog/get-zone-table.js';
import { handler as listZoneTables } from '../../../functions/catalog/list-zone-tables.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { findZoneTables } from '../../../functions/lib/store/zone-table-store.js';
import { apiEvent, customerClaims, mediationClaims, resourceEvent } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeZoneTableTable } from './zone-table-fake.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/catalog/v1/zoneTable';
const now = '2026-03-01T09:00:00.000Z';
const small = {
  id: 'small',
  name: 'Small zones',
  versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZones: [{ prefix: '+33', zone: 'national' }], roamingZones: [] }],
};
let table: FakeZoneTableTable;

beforeEach(async () => {
  documentMock.reset();
  table = new FakeZoneTableTable().install(documentMock);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  for (const body of [{ id: demoZoneTable.id, name: demoZoneTable.name, versions: demoZoneTable.versions }, small]) {
    expect((await invoke(createZoneTable, apiEvent({ method: 'POST', path, body }))).statusCode).toBe(201);
  }
  documentMock.resetHistory();
  return () => vi.restoreAllMocks();
});

describe('GET /catalog/v1/zoneTable (list-zone-tables)', () => {
  it('lists the tables without their entries, each version with its dates and sizes, to any authenticated caller', async () => {
    const answer = await invoke(listZoneTables, apiEvent({ method: 'GET', path, claims: customerClaims('cust-1') }));

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-total-count']).toBe('2');
    expect(answer.body.map((listed: { id: string }) => listed.id).sort()).toEqual(['demo-zones', 'small']);
    const listedSmall = answer.body.find((listed: { id: string }) => listed.id === 'small');
    expect(listedSmall).toEqual({
      id: 'small',
      href: `${path}/small`,
      name: 'Small zones',
      versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZoneCount: 1, roamingZoneCount: 0 }],
      lastUpdate: now,
      '@type': 'ZoneTable',
    });
    expect(JSON.stringify(answer.body)).not.toContain('destinationZones');
  });

  it('filters by name in the gsi1 Query, pages with offset and limit, and selects fields', async () => {
    await invoke(listZoneTables, apiEvent({ method: 'GET', path, query: { name: 'Small zones' } }));
    const input = documentMock.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'TYPE#ZoneTable', ':f0_0': 'Small zones' } });
    expect(input.FilterExpression).toBe('#resource.#f0_0 IN (:f0_0)');

    const page = await invoke(listZoneTables, apiEvent({ method: 'GET', path, query: { offset: '1', limit: '1', fields: 'name' } }));
    expect(page.headers['x-total-count']).toBe('2');
    expect(page.headers['x-result-count']).toBe('1');
    expect(Object.keys(page.body[0]).sort()).toEqual(['@type', 'href', 'id', 'name']);
  });

  it('400 for a filter it does not offer', async () => {
    expectTmfError(await invoke(listZoneTables, apiEvent({ method: 'GET', path, query: { zone: 'premium' } })), 400, 'INVALID_REQUEST');
  });
});

describe('GET /catalog/v1/zoneTable/{id} (get-zone-table)', () => {
  it('gives the whole table to customers and staff, and 404 for an unknown id; a usage feed may not read it', async () => {
    const answer = await invoke(getZoneTable, resourceEvent('GET', path, 'small', { claims: customerClaims('c-1') }));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ ...small, href: `${path}/small`, lastUpdate: now, '@type': 'ZoneTable' });
    expectTmfError(await invoke(getZoneTable, resourceEvent('GET', path, 'nothing')), 404, 'NOT_FOUND');
    expectTmfError(await invoke(getZoneTable, resourceEvent('GET', path, 'small', { claims: mediationClaims })), 403, 'FORBIDDEN');
  });
});

describe('findZoneTables (the store, as rating reads it)', () => {
  it('reads many tables in two BatchGetItems whatever their number; unknown ids are absent', async () => {
    const found = await findZoneTables(['demo-zones', 'small', 'nothing', 'small']);
    expect([...found.keys()].sort()).toEqual(['demo-zones', 'small']);
    expect(found.get('demo-zones')).toMatchObject({ id: demoZoneTable.id, name: demoZoneTable.name, versions: demoZoneTable.versions });
    expect(documentMock.calls().map((call) => call.args[0].constructor.name)).toEqual(['BatchGetCommand', 'BatchGetCommand']);
  });

  it('refuses a table whose entries are missing a part rather than rate against half a table', async () => {
    const [part] = table.itemsOf('ZONE_TABLE#small').filter((item) => item.sk.startsWith('ZONE_TABLE_CONTENTS#'));
    table.items.delete(`${part!.pk}|${part!.sk}`);
    // A table read before is remembered by its digests: this one must not have been, so its name differs.
    const item = table.itemsOf('ZONE_TABLE#small').find((each) => !each.sk.startsWith('ZONE_TABLE_CONTENTS#'))!;
    (item.resource as { name: string }).name = 'small, read once more';
    await expect(findZoneTables(['small'])).rejects.toThrow(/zone table small: part 0 of the entries of versions\[0\] is missing/);
  });

  it('remembers a table it has read while its item names the same versions and digests: the same object, compiled once', async () => {
    const [first] = [...(await findZoneTables(['demo-zones'])).values()];
    const [again] = [...(await findZoneTables(['demo-zones'])).values()];
    expect(again).toBe(first);
  });
});

import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoneTableCreated } from '../../../domain/events/zone-table-events.js';
import { demoZoneTable } from '../../../domain/rating/demo-zone-table.js';
import { handler as createZoneTable } from '../../../functions/catalog/create-zone-table.js';
import { handler as getZoneTable } from '../../../functions/catalog/get-zone-table.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { agentClaims, apiEvent, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeZoneTableTable, outboxEvents } from './zone-table-fake.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/catalog/v1/zoneTable';
const now = '2026-03-01T09:00:00.000Z';
let table: FakeZoneTableTable;

const demoBody = { id: demoZoneTable.id, name: demoZoneTable.name, description: 'The demo operator', versions: demoZoneTable.versions };
const version = (overrides: Record<string, unknown> = {}) => ({
  validFrom: '2026-01-01T00:00:00Z',
  destinationZones: [{ prefix: '+33', zone: 'national' }],
  roamingZones: [{ country: 'DE', zone: 'roam-eu' }],
  ...overrides,
});
const post = (body: unknown, claims?: Claims) => invoke(createZoneTable, apiEvent({ method: 'POST', path, body, ...(claims ? { claims } : {}) }));
const get = (id: string, claims?: Claims) => invoke(getZoneTable, resourceEvent('GET', path, id, claims ? { claims } : {}));
const nothingWritten = () => {
  expect(documentMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
  expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  expect(table.items.size).toBe(0);
};

beforeEach(() => {
  documentMock.reset();
  table = new FakeZoneTableTable().install(documentMock);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /catalog/v1/zoneTable (create-zone-table)', () => {
  it('201: stores the demo table under its id with ZoneTableCreated, and GET gives it back exactly', async () => {
    const answer = await post(demoBody);

    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(201);
    const expected = { ...demoZoneTable, href: `${path}/demo-zones`, description: 'The demo operator', lastUpdate: now, '@type': 'ZoneTable' };
    expect(answer.body).toEqual(expected);
    expect(answer.headers.location).toBe(`${path}/demo-zones`);
    expect(answer.headers.etag).toBe('W/"1"');

    // The table's item holds no entry: only the versions' dates and sizes, and where their entries are.
    const [header] = table.itemsOf('ZONE_TABLE#demo-zones').filter((item) => item.sk === 'ZONE_TABLE');
    expect(header).toMatchObject({ gsi1pk: 'TYPE#ZoneTable', gsi1sk: `${now}#demo-zones`, entityType: 'ZoneTable', version: 1 });
    const [first, second] = demoZoneTable.versions;
    expect(header!.resource.versions).toEqual([
      { validFrom: '2026-01-01T00:00:00Z', validTo: '2027-01-01T00:00:00Z', destinationZoneCount: first!.destinationZones.length, roamingZoneCount: first!.roamingZones.length },
      { validFrom: '2027-01-01T00:00:00Z', destinationZoneCount: second!.destinationZones.length, roamingZoneCount: second!.roamingZones.length },
    ]);
    expect(JSON.stringify(header)).not.toContain('+3389');
    const parts = table.itemsOf('ZONE_TABLE#demo-zones').filter((item) => item.sk.startsWith('ZONE_TABLE_CONTENTS#'));
    expect(parts).toHaveLength(2);
    expect(parts.every((part) => part.data instanceof Uint8Array)).toBe(true);

    const [event, ...others] = outboxEvents(table);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ source: 'bss.catalog', detailType: 'ZoneTableCreated' });
    expect(ZoneTableCreated.parseDetail(event!.detail).data.zoneTable).toEqual({ id: 'demo-zones', href: `${path}/demo-zones`, name: demoZoneTable.name, versions: header!.resource.versions });

    const read = await get('demo-zones', customerClaims('cust-1'));
    expect(read.statusCode).toBe(200);
    expect(read.body).toEqual(expected);
    expect(read.headers.etag).toBe('W/"1"');
  });

  it('gives an id when the body has none', async () => {
    const answer = await post({ name: 'Zones', versions: [version()] });
    expect(answer.statusCode).toBe(201);
    expect(answer.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.href).toBe(`${path}/${answer.body.id}`);
    expect((await get(answer.body.id)).body.versions).toEqual([version()]);
  });

  it('409 DUPLICATE_ZONE_TABLE when the id is taken, and the first table stays as it was', async () => {
    expect((await post(demoBody)).statusCode).toBe(201);
    const again = await post({ ...demoBody, name: 'Another' });
    expectTmfError(again, 409, 'DUPLICATE_ZONE_TABLE');
    expect((await get('demo-zones')).body.name).toBe(demoZoneTable.name);
    expect(outboxEvents(table)).toHaveLength(1);
  });

  it.each([
    ['overlapping versions', { name: 'Zones', versions: [version({ validTo: '2026-07-01T00:00:00Z' }), version({ validFrom: '2026-06-01T00:00:00Z' })] }, ['versions[1].validFrom']],
    ['a version ending before it starts', { name: 'Zones', versions: [version({ validTo: '2025-01-01T00:00:00Z' })] }, ['versions[0].validTo']],
    ['a bad prefix', { name: 'Zones', versions: [version({ destinationZones: [{ prefix: '+33', zone: 'a' }, { prefix: '33', zone: 'b' }] })] }, ['versions[0].destinationZones[1].prefix']],
    ['a prefix given twice', { name: 'Zones', versions: [version({ destinationZones: [{ prefix: '+33', zone: 'a' }, { prefix: '+33', zone: 'b' }] })] }, ['versions[0].destinationZones[1].prefix']],
    ['a roaming entry with both country and network', { name: 'Zones', versions: [version({ roamingZones: [{ country: 'DE', network: '262-01', zone: 'eu' }] })] }, ['versions[0].roamingZones[0]']],
    ['an empty name and no version', { name: '', versions: [] }, ['name', 'versions']],
  ])('400 for %s, naming the field, nothing written', async (_case, body, fields) => {
    const answer = await post(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(fields);
    nothingWritten();
  });

  it.each([
    ['an unknown attribute', { name: 'Zones', status: 'Active', versions: [version()] }, 'status'],
    ['an unknown attribute of an entry', { name: 'Zones', versions: [version({ destinationZones: [{ prefix: '+33', zone: 'a', price: 1 }] })] }, 'versions.0.destinationZones.0.price'],
    ['a validFrom that is no instant', { name: 'Zones', versions: [version({ validFrom: 'soon' })] }, 'versions.0.validFrom'],
    ['an id that cannot be a key', { id: 'a/b', name: 'Zones', versions: [version()] }, 'id'],
  ])('400 for %s at the schema, nothing written', async (_case, body, field) => {
    const answer = await post(body);
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual([field]);
    nothingWritten();
  });

  it('400 past 50,000 prefixes in a version, naming the list', async () => {
    const destinationZones = Array.from({ length: 50_001 }, (_, index) => ({ prefix: `+1${String(index).padStart(6, '0')}`, zone: 'z' }));
    const answer = await post({ name: 'Too big', versions: [version({ destinationZones })] });
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['versions.0.destinationZones']);
    nothingWritten();
  });

  it.each([
    ['a customer', customerClaims('cust-1')],
    ['an agent', agentClaims],
  ])('403 for %s: only admins change zone tables, nothing written', async (_who, claims) => {
    expectTmfError(await post(demoBody, claims), 403, 'FORBIDDEN');
    nothingWritten();
  });
});

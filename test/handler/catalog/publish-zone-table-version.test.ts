import { BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoneTableVersionPublished } from '../../../domain/events/zone-table-events.js';
import { handler as createZoneTable } from '../../../functions/catalog/create-zone-table.js';
import { handler as getZoneTable } from '../../../functions/catalog/get-zone-table.js';
import { handler as publishVersion } from '../../../functions/catalog/publish-zone-table-version.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { apiEvent, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { FakeZoneTableTable, outboxEvents } from './zone-table-fake.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/catalog/v1/zoneTable';
const createdAt = '2026-01-10T08:00:00.000Z';
const now = '2026-03-01T09:00:00.000Z';
let table: FakeZoneTableTable;

const first = {
  validFrom: '2026-01-01T00:00:00Z',
  destinationZones: [
    { prefix: '+33', zone: 'national' },
    { prefix: '+336', zone: 'mobile' },
  ],
  roamingZones: [{ country: 'DE', zone: 'roam-eu' }],
};
const next = (overrides: Record<string, unknown> = {}) => ({
  validFrom: '2026-04-01T00:00:00Z',
  destinationZones: [
    { prefix: '+33', zone: 'national' },
    { prefix: '+336', zone: 'mobile' },
    { prefix: '+3389', zone: 'premium' },
  ],
  roamingZones: [
    { country: 'DE', zone: 'roam-eu' },
    { network: '228-01', zone: 'roam-eu' },
  ],
  ...overrides,
});

const publish = (body: unknown, options: { id?: string; claims?: Claims; headers?: Record<string, string> } = {}) => {
  const id = options.id ?? 'zones';
  return invoke(
    publishVersion,
    apiEvent({
      method: 'POST',
      path: `${path}/${id}/version`,
      resource: `${path}/{id}/version`,
      pathParameters: { id },
      body,
      ...(options.claims ? { claims: options.claims } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    }),
  );
};
const get = (id = 'zones') => invoke(getZoneTable, resourceEvent('GET', path, id));
const writes = () => documentMock.commandCalls(BatchWriteCommand).length + documentMock.commandCalls(TransactWriteCommand).length;

beforeEach(async () => {
  documentMock.reset();
  table = new FakeZoneTableTable().install(documentMock);
  const clock = vi.spyOn(systemClock, 'now').mockReturnValue(createdAt);
  expect((await invoke(createZoneTable, apiEvent({ method: 'POST', path, body: { id: 'zones', name: 'Zones', versions: [first] } }))).statusCode).toBe(201);
  clock.mockReturnValue(now);
  documentMock.resetHistory();
  return () => vi.restoreAllMocks();
});

describe('POST /catalog/v1/zoneTable/{id}/version (publish-zone-table-version)', () => {
  it('201: ends the version running until further notice where the new one starts, with ZoneTableVersionPublished', async () => {
    const answer = await publish(next());

    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(201);
    expect(answer.headers.etag).toBe('W/"2"');
    expect(answer.body).toEqual({
      id: 'zones',
      href: `${path}/zones`,
      name: 'Zones',
      versions: [
        { validFrom: '2026-01-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z', destinationZoneCount: 2, roamingZoneCount: 1 },
        { validFrom: '2026-04-01T00:00:00Z', destinationZoneCount: 3, roamingZoneCount: 2 },
      ],
      lastUpdate: now,
      '@type': 'ZoneTable',
    });

    const read = await get();
    expect(read.headers.etag).toBe('W/"2"');
    expect(read.body.versions).toEqual([{ ...first, validTo: '2026-04-01T00:00:00Z' }, next()]);

    const [, published] = outboxEvents(table);
    expect(published).toMatchObject({ source: 'bss.catalog', detailType: 'ZoneTableVersionPublished' });
    const data = ZoneTableVersionPublished.parseDetail(published!.detail).data;
    expect(data.version).toEqual({ index: 1, validFrom: '2026-04-01T00:00:00Z', destinationZoneCount: 3, roamingZoneCount: 2 });
    expect(data.endedVersion).toEqual({ index: 0, validFrom: '2026-01-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z', destinationZoneCount: 2, roamingZoneCount: 1 });
    expect(data.zoneTable.versions).toEqual(answer.body.versions);
  });

  it('accepts a version that starts now, and one after a gap that ends nothing', async () => {
    expect((await publish(next({ validFrom: now, validTo: '2026-06-01T00:00:00Z' }))).statusCode).toBe(201);
    const afterGap = await publish(next({ validFrom: '2026-09-01T00:00:00Z' }));
    expect(afterGap.statusCode, JSON.stringify(afterGap.body)).toBe(201);
    expect(afterGap.body.versions.map(({ validFrom, validTo }: { validFrom: string; validTo?: string }) => [validFrom, validTo])).toEqual([
      ['2026-01-01T00:00:00Z', now],
      [now, '2026-06-01T00:00:00Z'],
      ['2026-09-01T00:00:00Z', undefined],
    ]);
    expect(ZoneTableVersionPublished.parseDetail(outboxEvents(table)[2]!.detail).data.endedVersion).toBeUndefined();
  });

  it('400 naming validFrom for a version that starts before now: usage already dated keeps its zones; nothing written', async () => {
    const answer = await publish(next({ validFrom: '2026-02-28T23:59:59Z' }));
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['validFrom']);
    expect(writes()).toBe(0);
    expect((await get()).body.versions).toEqual([first]);
  });

  it('400 naming validTo for a version that runs into one already published', async () => {
    expect((await publish(next({ validFrom: '2026-06-01T00:00:00Z' }))).statusCode).toBe(201);
    documentMock.resetHistory();
    const answer = await publish(next({ validFrom: '2026-04-01T00:00:00Z' }));
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(answer.body.details).toEqual([
      { field: 'validFrom', problem: 'overlaps versions[0], in force until 2026-06-01T00:00:00.000Z' },
      { field: 'validTo', problem: 'runs into versions[1], in force from 2026-06-01T00:00:00Z: end the new version by then' },
    ]);
    expect(writes()).toBe(0);
  });

  it('400 naming the entry of the new version that breaks a rule, without the versions[n] prefix', async () => {
    const answer = await publish(next({ destinationZones: [{ prefix: '+0', zone: 'nowhere' }], roamingZones: [{ network: '2280', zone: 'x' }] }));
    expectTmfError(answer, 400, 'INVALID_REQUEST');
    expect(detailFields(answer)).toEqual(['destinationZones[0].prefix', 'roamingZones[0].network']);
    expect(writes()).toBe(0);
  });

  it('409 for the loser of two publishes that read the same table: one version ends the open one, never two', async () => {
    table.holdReads(2);
    const [a, b] = await Promise.all([publish(next()), publish(next({ validFrom: '2026-05-01T00:00:00Z' }))]);

    const answers = [a!, b!].sort((x, y) => x.statusCode - y.statusCode);
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 409]);
    expectTmfError(answers[1]!, 409, 'CONCURRENT_MODIFICATION');
    const read = await get();
    expect(read.headers.etag).toBe('W/"2"');
    expect(read.body.versions).toHaveLength(2);
    expect(read.body.versions[0].validTo).toBe(read.body.versions[1].validFrom);
    expect(outboxEvents(table).map((event) => event.detailType)).toEqual(['ZoneTableCreated', 'ZoneTableVersionPublished']);
  });

  it('412 for the loser that sent If-Match, and for a stale If-Match before anything is written', async () => {
    table.holdReads(2);
    const raced = await Promise.all([publish(next(), { headers: { 'if-match': 'W/"1"' } }), publish(next({ validFrom: '2026-05-01T00:00:00Z' }), { headers: { 'if-match': 'W/"1"' } })]);
    expect(raced.map((answer) => answer.statusCode).sort()).toEqual([201, 412]);

    documentMock.resetHistory();
    expectTmfError(await publish(next({ validFrom: '2026-07-01T00:00:00Z' }), { headers: { 'if-match': 'W/"1"' } }), 412, 'PRECONDITION_FAILED');
    expect(writes()).toBe(0);
    expect((await publish(next({ validFrom: '2026-07-01T00:00:00Z' }), { headers: { 'if-match': 'W/"2"' } })).statusCode).toBe(201);
  });

  it('404 for an unknown table, 403 for a customer before anything is read', async () => {
    expectTmfError(await publish(next(), { id: 'elsewhere' }), 404, 'NOT_FOUND');
    documentMock.resetHistory();
    expectTmfError(await publish(next(), { claims: customerClaims('cust-1') }), 403, 'FORBIDDEN');
    expect(documentMock.calls()).toHaveLength(0);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoZoneTable } from '../../domain/rating/demo-zone-table.js';
import { call, eventually, servicesUrl, tokenFor } from '../support/local-api.js';

/**
 * Zone tables over HTTP against the local runtime the global setup starts as `npm start`
 * does: the seeded demo table, then a table created, published to and read back by an admin,
 * with its events on the bus.
 */
const zoneTables = '/catalog/v1/zoneTable';
type BusEvent = { source: string; 'detail-type': string; detail: any };
const busEvents = async () => (await (await fetch(`${servicesUrl()}/_local/events`)).json()) as BusEvent[];

let admin: string;
let customer: string;
beforeAll(async () => {
  [admin, customer] = await Promise.all([tokenFor('admin'), tokenFor('customer', 'cust-zones')]);
});

describe('zone tables (/catalog/v1/zoneTable)', () => {
  it('serves the demo table npm start seeded, to a customer too, exactly as defined', async () => {
    const answer = await call(`${zoneTables}/demo-zones`, { token: customer });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ href: `${zoneTables}/demo-zones`, '@type': 'ZoneTable' });
    expect({ id: answer.body.id, name: answer.body.name, versions: answer.body.versions }).toEqual(demoZoneTable);

    const listed = await call(`${zoneTables}?name=${encodeURIComponent(demoZoneTable.name)}`, { token: customer });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0].versions.map((version: { destinationZoneCount: number }) => version.destinationZoneCount)).toEqual(demoZoneTable.versions.map((version) => version.destinationZones.length));
  });

  it('creates a table, publishes a version that ends the open one, and refuses what breaks the rules', async () => {
    const id = `e2e-${randomUUID()}`;
    const body = {
      id,
      name: `E2E zones ${id}`,
      versions: [{ validFrom: '2026-01-01T00:00:00Z', destinationZones: [{ prefix: '+33', zone: 'national' }], roamingZones: [{ country: 'DE', zone: 'roam-eu' }] }],
    };
    expect((await call(zoneTables, { method: 'POST', token: customer, body })).status).toBe(403);
    const created = await call(zoneTables, { method: 'POST', token: admin, body });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect((await call(zoneTables, { method: 'POST', token: admin, body })).status).toBe(409);

    const overlapping = await call(zoneTables, { method: 'POST', token: admin, body: { ...body, id: `${id}-b`, versions: [...body.versions, { ...body.versions[0], validFrom: '2026-06-01T00:00:00Z' }] } });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.details.map((detail: { field: string }) => detail.field)).toEqual(['versions[1].validFrom']);
    expect((await call(`${zoneTables}/${id}-b`, { token: admin })).status).toBe(404);

    const validFrom = new Date(Date.now() + 3_600_000).toISOString();
    const next = { validFrom, destinationZones: [{ prefix: '+33', zone: 'national' }, { prefix: '+3389', zone: 'premium' }], roamingZones: [] };
    const past = await call(`${zoneTables}/${id}/version`, { method: 'POST', token: admin, body: { ...next, validFrom: '2026-01-02T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.details.map((detail: { field: string }) => detail.field)).toEqual(['validFrom']);

    const published = await call(`${zoneTables}/${id}/version`, { method: 'POST', token: admin, body: next, headers: { 'if-match': 'W/"1"' } });
    expect(published.status).toBe(201);
    expect(published.headers.get('etag')).toBe('W/"2"');
    expect(published.body.versions).toEqual([
      { validFrom: '2026-01-01T00:00:00Z', validTo: validFrom, destinationZoneCount: 1, roamingZoneCount: 1 },
      { validFrom, destinationZoneCount: 2, roamingZoneCount: 0 },
    ]);
    expect((await call(`${zoneTables}/${id}/version`, { method: 'POST', token: admin, body: { ...next, validFrom: new Date(Date.now() + 7_200_000).toISOString() }, headers: { 'if-match': 'W/"1"' } })).status).toBe(412);

    const read = await call(`${zoneTables}/${id}`, { token: admin });
    expect(read.body.versions).toEqual([{ ...body.versions[0], validTo: validFrom }, next]);

    const events = await eventually(async () => {
      const recent = (await busEvents()).filter((event) => event.source === 'bss.catalog' && event.detail.data.zoneTable?.id === id);
      return recent.length === 2 ? recent : undefined;
    });
    expect(events.map((event) => event['detail-type']).sort()).toEqual(['ZoneTableCreated', 'ZoneTableVersionPublished']);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor } from '../support/local-api.js';
import { specifiedSku } from '../support/specified-sku.js';

/** The stock level endpoints through the local API Gateway, on DynamoDB Local. */
const stockApi = '/inventory/v1/stockLevel';

let admin: string;
let agent: string;
/** Goods in and out are the warehouse's duty; agents read stock (docs/security.md, roles by duty). */
let warehouse: string;
beforeAll(async () => {
  [admin, agent, warehouse] = await Promise.all([tokenFor('admin'), tokenFor('agent'), tokenFor('warehouse')]);
});

const adjust = (sku: string, body: unknown, token: string, headers: Record<string, string> = {}) =>
  call(`${stockApi}/${sku}/adjustment`, { method: 'POST', token, body, headers });

describe('stock levels over HTTP', () => {
  it('a first delivery creates the level; goods out below what is on hand are refused with 409', async () => {
    const sku = await specifiedSku('API', admin);
    expect((await call(`${stockApi}/${sku}`, { token: agent })).status).toBe(404);

    const delivered = await adjust(sku, { quantity: 12, reason: 'delivery note 1' }, warehouse);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ id: sku, href: `${stockApi}/${sku}`, onHand: 12, reserved: 0, available: 12, '@type': 'StockLevel' });

    const refused = await adjust(sku, { quantity: -13, reason: 'inventory count' }, admin);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'STOCK_BELOW_RESERVED', status: '409' });
    expect(refused.body.message).toContain('onHand 12, reserved 0');

    const read = await call(`${stockApi}/${sku}`, { token: agent });
    expect(read.body).toMatchObject({ onHand: 12, available: 12 });
    expect(read.headers.get('etag')).toBe('W/"1"');
    const listed = await call(`${stockApi}?limit=1000`, { token: agent });
    expect(listed.body.find((level: { sku: string }) => level.sku === sku)).toMatchObject({ onHand: 12 });
    expect(listed.headers.get('x-total-count')).toBe(String(listed.body.length));
  });

  it('counts a delivery sent twice with one Idempotency-Key once', async () => {
    const sku = await specifiedSku('API', admin);
    const headers = { 'Idempotency-Key': `delivery-${sku}` };
    const [first, second] = [await adjust(sku, { quantity: 3, reason: 'delivery' }, warehouse, headers), await adjust(sku, { quantity: 3, reason: 'delivery' }, warehouse, headers)];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect((await call(`${stockApi}/${sku}`, { token: agent })).body).toMatchObject({ onHand: 3 });
  });

  it('refuses a first delivery of a SKU no product specification names, and stores no level', async () => {
    const sku = `API-${randomUUID().slice(0, 8).toUpperCase()}`;
    const refused = await adjust(sku, { quantity: 5, reason: 'delivery note' }, warehouse);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND', status: '404' });
    expect(refused.body.message).toContain(`stock keeping unit ${sku}`);
    expect((await call(`${stockApi}/${sku}`, { token: agent })).status).toBe(404);
  });

  it('is for staff only, and names a malformed SKU', async () => {
    const customer = await tokenFor('customer', `cust-${randomUUID()}`);
    expect((await call(`${stockApi}/NOVA-X`, { token: customer })).status).toBe(403);
    expect((await call(stockApi, { token: customer })).status).toBe(403);
    expect((await adjust('NOVA-X', { quantity: 1, reason: 'x' }, customer)).status).toBe(403);
    const malformed = await adjust('nova-x', { quantity: 1, reason: 'x' }, admin);
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toEqual([{ field: 'sku', problem: expect.any(String) }]);
  });
});

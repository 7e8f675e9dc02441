import { beforeAll, describe, expect, it, vi } from 'vitest';
import { StockSeedError, demoStock, seedDemoStock } from '../../infra/seed/seed-demo-stock.js';
import { apiUrl, call, tokenFor } from '../support/local-api.js';
import { specifiedSku } from '../support/specified-sku.js';

/**
 * The demo stock seeder against the runtime the global setup started, which `npm start` has
 * already seeded: the demo SKUs are there, and seeding again delivers nothing.
 */
const stockApi = '/inventory/v1/stockLevel';
const realFetch = globalThis.fetch;

let admin: string;
beforeAll(async () => {
  admin = await tokenFor('admin');
});

describe('seeding the demo stock (infra/seed/seed-demo-stock.ts)', () => {
  it('finds the demo stock npm start put in and delivers nothing the second time', async () => {
    for (const { sku } of demoStock) expect((await call(`${stockApi}/${sku}`, { token: admin })).status).toBe(200);
    // Other test files order demo goods meanwhile: the seeder's own requests are the proof.
    const requests: string[] = [];
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${String(input).replace(apiUrl(), '')}`);
      return realFetch(input, init);
    });
    const result = await seedDemoStock({ apiUrl: apiUrl(), token: admin }).finally(() => fetchSpy.mockRestore());
    expect(result).toEqual({ stocked: [], present: ['NOVA-X', 'SIM-NANO-5G'] });
    expect(requests).toEqual([`GET ${stockApi}/NOVA-X?fields=sku`, `GET ${stockApi}/SIM-NANO-5G?fields=sku`]);
  });

  it('delivers a SKU without a level once, however often it runs', async () => {
    const sku = await specifiedSku('DEMO', admin);
    expect(await seedDemoStock({ apiUrl: apiUrl(), token: admin }, [{ sku, quantity: 7 }])).toEqual({ stocked: [sku], present: [] });
    const runs = await Promise.all([1, 2].map(() => seedDemoStock({ apiUrl: apiUrl(), token: admin }, [{ sku, quantity: 7 }])));
    expect(runs).toEqual([1, 2].map(() => ({ stocked: [], present: [sku] })));
    expect((await call(`${stockApi}/${sku}`, { token: admin })).body).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });

  it('fails with the request and the answer when the API refuses', async () => {
    const failure = await seedDemoStock({ apiUrl: apiUrl(), token: 'not-a-token' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StockSeedError);
    expect((failure as Error).message).toMatch(/^seeding demo stock: GET \/inventory\/v1\/stockLevel\/NOVA-X answered 401: .*UNAUTHORIZED/);
  });
});

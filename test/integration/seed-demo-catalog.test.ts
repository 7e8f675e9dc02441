import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ref, type DemoResource } from '../../infra/seed/demo-catalog.js';
import { SeedRequestError, seedDemoCatalog } from '../../infra/seed/seed-demo-catalog.js';
import { apiUrl, call, tokenFor } from '../support/local-api.js';

/**
 * The seeder against the runtime the global setup started, which `npm start` has already
 * seeded: a second run changes nothing, an interrupted run is completed without duplicates.
 */
const catalogApi = '/tmf-api/productCatalogManagement/v4';
const kinds = ['catalog', 'category', 'productSpecification', 'productOffering', 'productOfferingPrice'] as const;
const realFetch = globalThis.fetch;

let admin: string;
beforeAll(async () => {
  admin = await tokenFor('admin');
});

async function namedIds(kind: (typeof kinds)[number], name: string): Promise<string[]> {
  const answer = await call<Array<{ id: string }>>(`${catalogApi}/${kind}?name=${encodeURIComponent(name)}&fields=id`, { token: admin });
  return answer.body.map((resource) => resource.id);
}

/** A small catalog of its own (unique names), so this test does not depend on the demo's. */
function smallCatalog(suffix: string): DemoResource[] {
  return [
    { kind: 'category', key: 'category:gadgets', body: { name: `Gadgets ${suffix}`, lifecycleStatus: 'Launched' } },
    { kind: 'productSpecification', key: 'spec:gadget', body: { name: `Gadget ${suffix}`, lifecycleStatus: 'Launched' } },
    {
      kind: 'productOfferingPrice',
      key: 'price:gadget',
      body: { name: `Gadget price ${suffix}`, priceType: 'oneTime', price: { unit: 'EUR', value: 9.99 }, lifecycleStatus: 'Launched' },
    },
    {
      kind: 'productOffering',
      key: 'offering:gadget',
      body: {
        name: `Gadget ${suffix}`,
        lifecycleStatus: 'Launched',
        productSpecification: { id: ref('spec:gadget') },
        category: [{ id: ref('category:gadgets') }],
        productOfferingPrice: [{ id: ref('price:gadget') }],
      },
    },
    { kind: 'catalog', key: 'catalog:gadgets', body: { name: `Gadget catalog ${suffix}`, lifecycleStatus: 'Launched', category: [{ id: ref('category:gadgets') }] } },
  ];
}

describe('seeding the demo catalog (infra/seed/seed-demo-catalog.ts)', () => {
  it('finds the demo catalog that npm start seeded and creates nothing the second time', async () => {
    expect(await namedIds('catalog', 'Consumer')).toHaveLength(1);
    const demoOfferings = await namedIds('productOffering', 'Mobile S,Mobile M,Mobile L,SIM card,Home Broadband,Home Broadband Yearly,Nova X,Home + Mobile');
    expect(demoOfferings).toHaveLength(8);
    // Other test files write to the same runtime meanwhile: the seeder's own requests are the proof.
    const requests: string[] = [];
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${String(input).replace(apiUrl(), '')}`);
      return realFetch(input, init);
    });
    const lines: string[] = [];
    const result = await seedDemoCatalog({ apiUrl: apiUrl(), token: admin, log: (line) => lines.push(line) }).finally(() => fetchSpy.mockRestore());
    expect(result).toEqual({ created: 0, skipped: true });
    expect(lines).toEqual([]);
    expect(requests).toEqual([`GET ${catalogApi}/catalog?name=Consumer&fields=id,name&limit=1000`]);
    expect(await namedIds('catalog', 'Consumer')).toHaveLength(1);
    expect(await namedIds('productOffering', 'Mobile S,Mobile M,Mobile L,SIM card,Home Broadband,Home Broadband Yearly,Nova X,Home + Mobile')).toEqual(demoOfferings);
  });

  it('completes an interrupted run: what exists is reused, what is missing is created once, with its references', async () => {
    const resources = smallCatalog(`${Date.now()}`);
    const price = resources.find((resource) => resource.kind === 'productOfferingPrice')!;
    const offering = resources.find((resource) => resource.kind === 'productOffering')!;
    const catalog = resources.find((resource) => resource.kind === 'catalog')!;
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);

    // The first run stops before the offering and the catalog.
    const interrupted = await seedDemoCatalog({ apiUrl: apiUrl(), token: admin, log }, resources.filter((resource) => resource !== offering && resource !== catalog));
    expect(interrupted).toEqual({ created: 3, skipped: false });
    const priceIds = await namedIds('productOfferingPrice', price.body.name);
    expect(priceIds).toHaveLength(1);

    lines.length = 0;
    const completed = await seedDemoCatalog({ apiUrl: apiUrl(), token: admin, log }, resources);
    expect(completed).toEqual({ created: 2, skipped: false });
    expect(lines).toEqual([`seeding demo catalog: 4/5 productOffering ${offering.body.name}`, `seeding demo catalog: 5/5 catalog ${catalog.body.name}`]);
    const offeringIds = await namedIds('productOffering', offering.body.name);
    expect(offeringIds).toHaveLength(1);
    const stored = await call(`${catalogApi}/productOffering/${offeringIds[0]}`, { token: admin });
    expect(stored.body.productOfferingPrice.map((price: { id: string }) => price.id)).toEqual(priceIds);
    expect(await namedIds('productOfferingPrice', price.body.name)).toEqual(priceIds);

    expect(await seedDemoCatalog({ apiUrl: apiUrl(), token: admin, log }, resources)).toEqual({ created: 0, skipped: true });
  });

  it('fails with the request and the TMF error the API answered', async () => {
    const broken: DemoResource[] = [
      { kind: 'productOfferingPrice', key: 'price:broken', body: { name: `Broken ${Date.now()}`, priceType: 'oneTime', price: { unit: 'JPY', value: 100 } } },
    ];
    const failure = await seedDemoCatalog({ apiUrl: apiUrl(), token: admin, log: () => {} }, broken).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SeedRequestError);
    expect((failure as SeedRequestError).status).toBe(400);
    expect((failure as Error).message).toMatch(/^seeding demo catalog: POST \/tmf-api\/productCatalogManagement\/v4\/productOfferingPrice answered 400: INVALID_REQUEST - .*price\.unit: JPY/);

    const unauthorized = await seedDemoCatalog({ apiUrl: apiUrl(), token: 'not-a-token', log: () => {} }).catch((error: unknown) => error);
    expect((unauthorized as Error).message).toContain('answered 401: UNAUTHORIZED');
  });
});

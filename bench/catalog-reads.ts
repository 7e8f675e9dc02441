import type { BenchApi } from './api-client.js';
import type { UseCaseSamples } from './use-case-samples.js';

export const catalogReadUseCases = {
  getOffering: 'GET productOffering/{id}',
  getPrice: 'GET productOfferingPrice/{id}',
  listLaunchedOfferings: 'GET productOffering?lifecycleStatus=Launched',
  quoteBundle: 'POST pricing/v1/quote (bundle)',
  quoteUsage: 'POST pricing/v1/quote (plan + usage estimate)',
} as const;

const catalogPath = '/tmf-api/productCatalogManagement/v4';

interface OfferingSummary {
  id: string;
  name: string;
  isBundle?: boolean;
  productOfferingPrice?: Array<{ id: string }>;
}

export interface CatalogReadPlan {
  reads: number;
  quotes: number;
}

/**
 * Catalog reads on the seeded demo catalog. Offering and price reads are one GetItem each;
 * there is no cache. A quote loads the cart's catalog level by level with BatchGetItem: the
 * offerings first, then their prices and bundle components. Its round trips are in the report
 * next to its latency. Each use case gets one untimed call first.
 */
export async function measureCatalogReads(
  api: BenchApi,
  plan: CatalogReadPlan,
  samples: UseCaseSamples,
  progress: (line: string) => void,
): Promise<void> {
  const offerings = (await api.expect<OfferingSummary[]>(200, `${catalogPath}/productOffering?limit=1000`)).body;
  const bundle = offerings.find((offering) => offering.isBundle);
  const usagePlan = offerings.find((offering) => !offering.isBundle && /mobile/i.test(offering.name));
  const priceIds = offerings.flatMap((offering) => offering.productOfferingPrice?.map((price) => price.id) ?? []);
  if (!bundle || !usagePlan || priceIds.length === 0) {
    throw new Error('the demo catalog has no bundle, no mobile plan or no prices: was it seeded?');
  }
  progress(`catalog reads on the demo catalog (${offerings.length} offerings, ${priceIds.length} prices): ${plan.reads} reads, ${plan.quotes} quotes each`);

  const sample = async (useCase: string, count: number, request: (index: number) => Promise<{ ms: number; roundTrips: number }>) => {
    await request(0);
    for (let index = 0; index < count; index += 1) {
      const answer = await request(index);
      samples.record(useCase, answer.ms, answer.roundTrips);
    }
    progress(`  ${useCase}: ${count} requests`);
  };
  const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

  await sample(catalogReadUseCases.getOffering, plan.reads, (index) => api.expect(200, `${catalogPath}/productOffering/${pick(offerings, index).id}`));
  await sample(catalogReadUseCases.getPrice, plan.reads, (index) => api.expect(200, `${catalogPath}/productOfferingPrice/${pick(priceIds, index)}`));
  await sample(catalogReadUseCases.listLaunchedOfferings, plan.quotes, () => api.expect(200, `${catalogPath}/productOffering?lifecycleStatus=Launched`));

  const taxLocation = { country: 'FR' };
  await sample(catalogReadUseCases.quoteBundle, plan.quotes, () =>
    api.expect(200, '/pricing/v1/quote', {
      method: 'POST',
      body: { currency: 'EUR', taxLocation, item: [{ id: '1', productOffering: { id: bundle.id }, quantity: 1 }] },
    }),
  );
  await sample(catalogReadUseCases.quoteUsage, plan.quotes, () =>
    api.expect(200, '/pricing/v1/quote', {
      method: 'POST',
      body: {
        currency: 'EUR',
        taxLocation,
        item: [{ id: '1', productOffering: { id: usagePlan.id }, quantity: 1, usage: [{ quantity: 42.5, units: 'GB' }] }],
      },
    }),
  );
}

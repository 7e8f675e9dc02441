import { billingAccountsPath, customersPath, newCustomerBody, type BenchApi } from './api-client.js';
import { rounded, summarize, type Summary } from './statistics.js';
import type { UseCaseSamples } from './use-case-samples.js';

export const orderUseCases = {
  placeOrder: 'POST productOrder (handset + plan)',
} as const;

const orderingPath = '/tmf-api/productOrderingManagement/v4/productOrder';
const offeringsPath = '/tmf-api/productCatalogManagement/v4/productOffering';

export interface OrderToCashPlan {
  orders: number;
}

export interface OrderToCashFigures {
  orders: number;
  /** From the POST's answer to the order read back `completed`, polled every 20 ms. */
  captureToCompletedMs: Summary;
  /** The simulated provisioning system's answer delay the runtime ran with. */
  provisioningDelaySeconds: number;
}

/**
 * Order-to-cash on the seeded demo catalog and stock: one customer (France, test card
 * pm_card_visa) per order, then, one order at a time, a handset and a Mobile M plan. The POST
 * is a sampled use case (latency, round trips); the time until the saga has completed the order
 * (stock, credit, authorization, provisioning callbacks, products, capture) is its own figure.
 */
export async function measureOrderToCash(
  api: BenchApi,
  plan: OrderToCashPlan,
  samples: UseCaseSamples,
  progress: (line: string) => void,
): Promise<OrderToCashFigures> {
  const offerings = (await api.expect<Array<{ id: string; name: string }>>(200, `${offeringsPath}?limit=1000&fields=name`)).body;
  const handset = offerings.find((offering) => offering.name === 'Nova X');
  const mobile = offerings.find((offering) => offering.name === 'Mobile M');
  if (!handset || !mobile) throw new Error('the demo catalog has no Nova X or no Mobile M: was it seeded?');
  progress(`order-to-cash: ${plan.orders} orders of a handset and a plan, one at a time`);

  const accounts: string[] = [];
  for (let index = 0; index <= plan.orders; index += 1) accounts.push(await buyerAccount(api));
  const order = (accountId: string) => ({
    billingAccount: { id: accountId },
    productOrderItem: [
      { id: '1', action: 'add', productOffering: { id: handset.id } },
      { id: '2', action: 'add', productOffering: { id: mobile.id } },
    ],
  });

  // One untimed order first, as every other use case gets an untimed call.
  await completed(api, (await api.expect<{ id: string }>(201, orderingPath, { method: 'POST', body: order(accounts[0]!) })).body.id);
  const durations: number[] = [];
  for (let index = 1; index <= plan.orders; index += 1) {
    const placed = await api.expect<{ id: string }>(201, orderingPath, { method: 'POST', body: order(accounts[index]!) });
    samples.record(orderUseCases.placeOrder, placed.ms, placed.roundTrips);
    const answeredAt = performance.now();
    await completed(api, placed.body.id);
    durations.push(performance.now() - answeredAt);
  }
  const captureToCompletedMs = rounded(summarize(durations));
  progress(`  ${plan.orders} orders completed: p50 ${captureToCompletedMs.p50} ms from capture to completed`);
  return { orders: plan.orders, captureToCompletedMs, provisioningDelaySeconds: Number(process.env.BSS_SIMULATED_PROVISIONING_DELAY_SECONDS ?? 2) };
}

async function buyerAccount(api: BenchApi): Promise<string> {
  const body = {
    ...newCustomerBody(),
    paymentMethod: [{ id: 'pm_card_visa' }],
  } as Record<string, any>;
  body.contactMedium = [...body.contactMedium, { mediumType: 'postalAddress', characteristic: { city: 'Paris', country: 'FR' } }];
  const customer = await api.expect<{ id: string }>(201, customersPath, { method: 'POST', body });
  for (;;) {
    const accounts = await api.expect<Array<{ id: string }>>(200, `${billingAccountsPath}?relatedParty.id=${customer.body.id}`);
    if (accounts.body[0]) return accounts.body[0].id;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function completed(api: BenchApi, orderId: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const { body } = await api.expect<{ state: string; stateReason?: string }>(200, `${orderingPath}/${orderId}?fields=state,stateReason`);
    if (body.state === 'completed') return;
    if (['failed', 'partial', 'cancelled'].includes(body.state)) throw new Error(`order ${orderId} ended ${body.state}: ${body.stateReason ?? ''}`);
    if (performance.now() > deadline) throw new Error(`order ${orderId} still ${body.state} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

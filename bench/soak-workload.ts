import { randomUUID } from 'node:crypto';
import { toIso } from '../domain/billing/billing-calendar.js';
import { billingAccountsPath, customersPath, newCustomerBody, BenchApi } from './api-client.js';
import { carefulCall, type CarefulAnswer, type CarefulRequest } from './careful-client.js';
import { MixScheduler, type SoakOperation } from './soak-mix.js';
import type { SoakTally } from './soak-tally.js';
import { pick, seededRandom } from './seeded-random.js';

/**
 * The soak's clients: each loops through the mix (bench/soak-mix.ts) through the HTTP API with
 * a token of its own (the per-caller limits count per caller, and a feed of many clients is many
 * callers), one request at a time, until the deadline. Orders are placed and not waited for;
 * usage goes onto the population's active products, prepared before the clock starts.
 */
export const offeringsPath = '/tmf-api/productCatalogManagement/v4/productOffering';
export const ordersPath = '/tmf-api/productOrderingManagement/v4/productOrder';
const billsPath = '/tmf-api/customerBillManagement/v4/customerBill';
const usageBatchPath = '/usage/v1/usageBatch';

export const soakRouteClasses = {
  readOfferings: 'GET productOffering (list)',
  readCustomer: 'GET customer/{id}',
  listOrders: 'GET productOrder (by customer)',
  listBills: 'GET customerBill (by customer)',
  createCustomer: 'POST customer',
  findAccount: 'GET billingAccount (by customer)',
  placeOrder: 'POST productOrder',
  postUsage: 'POST usageBatch',
} as const satisfies Record<SoakOperation | 'findAccount', string>;

export const orderStates = { terminal: ['completed', 'failed', 'partial', 'cancelled'] } as const;

export interface SoakCustomer {
  id: string;
  accountId: string;
}

/** An active mobile product of the population: usage names it by its phone number, dated after it was seen active. */
export interface SoakProduct {
  phoneNumber: string;
  activeSinceMs: number;
}

export interface SoakPopulation {
  /** Mobile S, M and L: what the clients order. */
  plans: string[];
  customers: SoakCustomer[];
  products: SoakProduct[];
  /** The setup's orders that did not complete (under faults an order may fail and be refunded). */
  setupOrdersNotCompleted: Record<string, number>;
}

export interface SoakClientPlan {
  usageRecordsPerBatch: number;
  /** performance.now() at which the warm-up ends and measuring starts. */
  measureFromMs: number;
  /** performance.now() after which no new operation starts. */
  deadlineMs: number;
}

/** The customer body a buyer has: France, the test card that pays. */
function buyerBody(): Record<string, unknown> {
  const body = { ...newCustomerBody(), paymentMethod: [{ id: 'pm_card_visa' }] } as Record<string, any>;
  body.contactMedium = [...body.contactMedium, { mediumType: 'postalAddress', characteristic: { city: 'Paris', country: 'FR' } }];
  return body;
}

const pause = (ms: number) => new Promise((resolveWait) => setTimeout(resolveWait, ms));
/** A record is dated at least this long after its product was seen active and before now. */
const usageDateMarginMs = 1_000;

/** A number the simulated provisioning system accepts (it fails those ending 0000 and never answers those ending 9999). */
const phoneNumberOf = (index: number) => `+3367${String(index).padStart(6, '0')}1`;

/**
 * The population the clients work on, made through the API before the clock starts: the demo
 * catalog's mobile plans, and `customers` buyers, each with an order of Mobile M on a phone number
 * of its own, waited for until it ended. Every call is a careful client's; a failure here ends the soak.
 */
export async function prepareSoakPopulation(api: BenchApi, customers: number, concurrency: number, progress: (line: string) => void): Promise<SoakPopulation> {
  const random = seededRandom(20_261_214);
  const must = async <T>(request: CarefulRequest): Promise<T> => {
    const call = await carefulCall<T>(api, request, random);
    if (call.error !== undefined) throw new Error(`soak setup: ${request.method} ${request.path} answered ${call.error} after ${call.attempts} attempts`);
    return call.answer!.body;
  };
  const offerings = await must<Array<{ id: string; name: string }>>({ method: 'GET', path: `${offeringsPath}?limit=1000&fields=name`, expected: 200 });
  const plans = ['Mobile S', 'Mobile M', 'Mobile L'].map((name) => {
    const found = offerings.find((offering) => offering.name === name);
    if (!found) throw new Error(`the demo catalog has no ${name}: was it seeded?`);
    return found.id;
  });
  progress(`soak: preparing ${customers} customers, each with a Mobile M order on a phone number of its own`);
  const setupKey = randomUUID().slice(0, 8);
  const prepared: Array<{ customer: SoakCustomer; orderId: string; phoneNumber: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, customers) }, async () => {
      for (let index = next++; index < customers; index = next++) {
        const customer = await must<{ id: string }>({ method: 'POST', path: customersPath, body: buyerBody(), idempotencyKey: `soak-setup-${setupKey}-customer-${index}`, expected: 201 });
        const accountId = await waitFor(`the billing account of ${customer.id}`, async () => (await must<Array<{ id: string }>>({ method: 'GET', path: `${billingAccountsPath}?relatedParty.id=${customer.id}&fields=id`, expected: 200 }))[0]?.id);
        const phoneNumber = phoneNumberOf(index);
        const order = await must<{ id: string }>({
          method: 'POST',
          path: ordersPath,
          body: {
            billingAccount: { id: accountId },
            productOrderItem: [{ id: '1', action: 'add', productOffering: { id: plans[1]! }, product: { productCharacteristic: [{ name: 'phoneNumber', value: phoneNumber }] } }],
          },
          idempotencyKey: `soak-setup-${setupKey}-order-${index}`,
          expected: 201,
        });
        prepared.push({ customer: { id: customer.id, accountId }, orderId: order.id, phoneNumber });
      }
    }),
  );
  const products: SoakProduct[] = [];
  const setupOrdersNotCompleted: Record<string, number> = {};
  for (const { orderId, phoneNumber } of prepared) {
    const state = await waitFor(`order ${orderId} to end`, async () => {
      const { state } = await must<{ state: string }>({ method: 'GET', path: `${ordersPath}/${orderId}?fields=state`, expected: 200 });
      return (orderStates.terminal as readonly string[]).includes(state) ? state : undefined;
    });
    if (state === 'completed') products.push({ phoneNumber, activeSinceMs: Date.now() });
    else setupOrdersNotCompleted[state] = (setupOrdersNotCompleted[state] ?? 0) + 1;
  }
  if (products.length === 0) throw new Error('soak setup: none of the setup orders completed, so there is no product to send usage for');
  // Usage is dated between a product's activation and a second ago: a date after now is refused, so the newest product needs a moment first.
  await pause(Math.max(0, Math.max(...products.map((product) => product.activeSinceMs)) + usageDateMarginMs * 3 - Date.now()));
  progress(`  ${prepared.length} customers, ${products.length} active products${Object.keys(setupOrdersNotCompleted).length > 0 ? ` (orders not completed: ${JSON.stringify(setupOrdersNotCompleted)})` : ''}`);
  return { plans, customers: prepared.map((entry) => entry.customer), products, setupOrdersNotCompleted };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`soak setup: waited ${timeoutMs / 1000} s for ${what}`);
    await pause(100);
  }
}

/** What the clients made that the end checks look at. */
export class SoakOutcome {
  readonly orderIds: string[] = [];
  readonly customerIds: string[] = [];
  usageRecordsSent = 0;
}

/** One client: the mix, one call at a time, until the deadline. */
export async function runSoakClient(
  api: BenchApi,
  client: number,
  population: SoakPopulation,
  plan: SoakClientPlan,
  tally: SoakTally,
  outcome: SoakOutcome,
): Promise<void> {
  const random = seededRandom(20_261_205 + client);
  const scheduler = new MixScheduler(random);
  const runKey = `soak-${randomUUID().slice(0, 8)}-c${client}`;
  const created: string[] = [];
  const notYetOrdered: string[] = [];
  let sequence = 0;
  const customerIds = () => (created.length > 0 && random() < 0.5 ? created : population.customers.map((customer) => customer.id));

  const call = async (routeClass: string, request: CarefulRequest, check?: (answer: CarefulAnswer) => string | undefined): Promise<CarefulAnswer> => {
    const measured = performance.now() >= plan.measureFromMs;
    const answer = await carefulCall(api, request, random);
    tally.record(routeClass, answer, measured, answer.error === undefined ? check?.(answer) : undefined);
    return answer;
  };

  const operations: Record<SoakOperation, () => Promise<void>> = {
    readOfferings: async () => {
      await call(soakRouteClasses.readOfferings, { method: 'GET', path: `${offeringsPath}?limit=50`, expected: 200 });
    },
    readCustomer: async () => {
      await call(soakRouteClasses.readCustomer, { method: 'GET', path: `${customersPath}/${pick(customerIds(), random)}`, expected: 200 });
    },
    listOrders: async () => {
      await call(soakRouteClasses.listOrders, { method: 'GET', path: `${ordersPath}?relatedParty.id=${pick(customerIds(), random)}`, expected: 200 });
    },
    listBills: async () => {
      await call(soakRouteClasses.listBills, { method: 'GET', path: `${billsPath}?relatedParty.id=${pick(customerIds(), random)}`, expected: 200 });
    },
    createCustomer: async () => {
      sequence += 1;
      const answer = await call(soakRouteClasses.createCustomer, { method: 'POST', path: customersPath, body: buyerBody(), idempotencyKey: `${runKey}-customer-${sequence}`, expected: 201 });
      const id = (answer.answer?.body as { id?: string } | undefined)?.id;
      if (answer.error === undefined && id) {
        created.push(id);
        notYetOrdered.push(id);
        outcome.customerIds.push(id);
      }
    },
    placeOrder: async () => {
      // A customer this client created, as an agent orders right after signing one up; its
      // account is made in the background, so until it shows, a prepared customer orders.
      let accountId: string | undefined;
      const customerId = notYetOrdered.shift();
      if (customerId !== undefined) {
        const found = await call(soakRouteClasses.findAccount, { method: 'GET', path: `${billingAccountsPath}?relatedParty.id=${customerId}&fields=id`, expected: 200 });
        accountId = (found.answer?.body as Array<{ id: string }> | undefined)?.[0]?.id;
      }
      accountId ??= pick(population.customers, random).accountId;
      sequence += 1;
      const answer = await call(soakRouteClasses.placeOrder, {
        method: 'POST',
        path: ordersPath,
        body: { billingAccount: { id: accountId }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: pick(population.plans, random) } }] },
        idempotencyKey: `${runKey}-order-${sequence}`,
        expected: 201,
      });
      const id = (answer.answer?.body as { id?: string } | undefined)?.id;
      if (answer.error === undefined && id) outcome.orderIds.push(id);
    },
    postUsage: async () => {
      sequence += 1;
      const now = Date.now();
      const usage = Array.from({ length: plan.usageRecordsPerBatch }, (_, index) => {
        const product = pick(population.products, random);
        const from = Math.ceil(product.activeSinceMs / 1000) * 1000 + usageDateMarginMs;
        const to = Math.max(from, now - usageDateMarginMs);
        return {
          usageDate: toIso(Math.floor((from + random() * (to - from)) / 1000) * 1000),
          usageType: 'data',
          usageCharacteristic: [
            { name: 'phoneNumber', value: product.phoneNumber },
            { name: 'quantity', value: `0.${String(Math.floor(random() * 1000)).padStart(3, '0')}` },
            { name: 'unit', value: 'GB' },
            { name: 'recordId', value: `${runKey}-usage-${sequence}-${index}` },
          ],
        };
      });
      outcome.usageRecordsSent += usage.length;
      await call(soakRouteClasses.postUsage, { method: 'POST', path: usageBatchPath, body: { usage }, repeatable: true, expected: 200 }, (answer) => {
        // Sent again after a lost answer, the records the first attempt stored come back as repeats.
        const body = answer.answer?.body as { counts?: Record<string, number>; result?: Array<{ index: number; outcome: string; usage?: { statusReason?: string } }> } | undefined;
        const counts = body?.counts ?? {};
        const stored = (counts.created ?? 0) + (answer.attempts > 1 ? (counts.repeat ?? 0) : 0);
        if (stored === usage.length) return undefined;
        const other = body?.result?.find((result) => result.outcome !== 'created' && !(answer.attempts > 1 && result.outcome === 'repeat'));
        const why = other ? `; first: ${other.outcome} ${other.usage?.statusReason ?? ''} (dated ${usage[other.index]?.usageDate})` : '';
        return `usage batch stored ${stored} of ${usage.length}: ${JSON.stringify(counts)}${why}`;
      });
    },
  };

  while (performance.now() < plan.deadlineMs) await operations[scheduler.next()]();
}

import { randomUUID } from 'node:crypto';
import { toIso } from '../domain/billing/billing-calendar.js';
import { usageIdFor, type UsageCreate } from '../domain/usage/usage.js';
import { usageKey } from '../functions/lib/store/usage-store.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import type { BenchApi } from './api-client.js';
import { BenchTable } from './bench-table.js';
import { billingAccountItems, customerItem, guidableProduct, phoneNumberItem, productItem, usageCreateBody, usageItemOf, usagePricesFor, type ItemContext } from './bench-items.js';
import type { BenchProduct } from './billing-accounts.js';
import { frenchTaxRates, mobilePlans, seededCatalog, soldPlan } from './demo-plans.js';
import { pick, seededRandom } from './seeded-random.js';
import { dynamoDbClient } from '../functions/lib/store/dynamo-client.js';
import { cpuSeconds, DynamoDbCallRecorder } from './runtime-activity.js';
import { mode, round2 } from './statistics.js';
import type { UseCaseSamples } from './use-case-samples.js';

/**
 * Usage ingestion through the batch API against raw BatchWriteItem of the same items on the same
 * DynamoDB Local. A population of billable mobile products (the demo catalog's Mobile S, M, L,
 * with charge terms, half with a ported number) is written straight into the table with the
 * stores' item builders; then the records go through `POST usage/v1/usageBatch` (500 per
 * request, `inFlight` requests at a time), some naming the product by id and some by phone
 * number, and the same number of records, built into the items the handler stores (guided,
 * rated, with their index attributes), go through BatchWriteItem (25 per call, the same number
 * of calls in flight). The two alternate round by round, so both see the same table size and
 * background work (the stream relay reads every write).
 */
export const usageIngestionUseCase = 'POST usage/v1/usageBatch (500 records)';
const batchPath = '/usage/v1/usageBatch';

export interface UsageIngestionPlan {
  records: number;
  products: number;
  /** Records per API request (the batch's limit). */
  batchSize: number;
  /** API requests in flight; also the raw BatchWriteItem calls in flight. */
  inFlight: number;
  rounds: number;
}

export interface UsageIngestionFigures {
  records: number;
  products: number;
  customers: number;
  batchSize: number;
  inFlight: number;
  /** Records naming their product by phone number (the rest by productId). */
  byPhoneNumber: number;
  seedSeconds: number;
  api: {
    seconds: number;
    recordsPerSecond: number;
    requests: number;
    roundTripsPerBatch: { min: number; typical: number; max: number };
    requestMs: { p50: number; max: number };
    /** CPU seconds of this process (gateway, handler, stream relay) and of DynamoDB Local while the API ran. */
    cpuSeconds: { node: number; dynamoDbLocal: number | null };
    /** The handler's DynamoDB calls per batch, by operation, and the items its batch reads fetched per record. */
    callsPerBatch: Record<string, number>;
  };
  raw: { seconds: number; recordsPerSecond: number; calls: number; itemsPerCall: number; cpuSeconds: { node: number; dynamoDbLocal: number | null } };
  /** API records/s over raw records/s. */
  ratio: number;
  /** Mean JSON size of a stored usage item. */
  usageItemBytes: number;
}

interface SeededProduct {
  accountId: string;
  customerId: string;
  product: BenchProduct;
}

interface PlannedRecord {
  seeded: SeededProduct;
  byPhone: boolean;
  usageDate: string;
  quantity: string;
}

export async function measureUsageIngestion(
  runtime: LocalRuntime,
  api: BenchApi,
  plan: UsageIngestionPlan,
  samples: UseCaseSamples,
  progress: (line: string) => void,
): Promise<UsageIngestionFigures> {
  const table = new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName);
  try {
    const now = Date.now();
    const catalog = await seededCatalog(api);
    const taxRates = await frenchTaxRates(catalog, toIso(now));
    const context: ItemContext = { table: runtime.tableName, catalog, timeZone: 'Europe/Paris' };
    const random = seededRandom(20_261_205);

    progress(`usage ingestion: seeding ${plan.products.toLocaleString('en')} mobile products (${plan.products / 2} customers) straight into the table`);
    const seedStarted = performance.now();
    const products = seedPopulation(plan.products, catalog, taxRates, now, random);
    const items: Record<string, unknown>[] = [];
    for (let index = 0; index < products.length; index += 2) {
      const { accountId, customerId, product } = products[index]!;
      const openedAt = toIso(Date.parse(product.terms[0]!.from) - 3_600_000);
      items.push(customerItem(context, { customerId, openedAt }), ...billingAccountItems(context, { id: accountId, customerId, openedAt }));
    }
    for (const { accountId, customerId, product } of products) {
      items.push(productItem(context, { id: accountId, customerId }, product));
      const number = phoneNumberItem(product);
      if (number) items.push(number);
    }
    await table.putAll(items, { concurrency: 8 });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    progress(`  ${items.length.toLocaleString('en')} items in ${seedSeconds.toFixed(1)} s`);

    const records = planRecords(plan.records, products, now, random);
    const warmUp = planRecords(plan.batchSize * plan.inFlight, products, now, random);
    const runId = randomUUID().slice(0, 8);
    const bodyOf = (record: PlannedRecord, recordId: string): UsageCreate =>
      usageCreateBody(
        { recordId, usageDate: record.usageDate, quantity: record.quantity, units: 'GB' },
        record.byPhone ? { phoneNumber: record.seeded.product.phoneNumber! } : { productId: record.seeded.product.id },
      );
    const usagePricesOf = usagePricesFor(catalog);
    const rawItemOf = (record: PlannedRecord, recordId: string) =>
      usageItemOf(bodyOf(record, recordId), guidableProduct({ id: record.seeded.accountId, customerId: record.seeded.customerId }, record.seeded.product), toIso(Date.now()), usagePricesOf);

    // Untimed: the handler's first load, the connections, the JIT (a GET first: the API sat idle
    // while seeding). Both paths warm up on the same records, one batch per request lane: the
    // seeding has already run BatchWriteItem a few hundred times, while DynamoDB Local's
    // TransactWriteItems with conditions (a path of its own in the JVM) starts cold, and with
    // one batch (5 transactions) it measured about a third more JVM CPU over a quick run.
    await api.expect(200, '/health');
    await postBatches(api, warmUp.map((record, index) => bodyOf(record, `warm-${runId}-${index}`)), plan, () => undefined);
    await table.putAll(warmUp.map((record, index) => rawItemOf(record, `warm-raw-${runId}-${index}`)), { concurrency: plan.inFlight });

    progress(
      `usage ingestion: ${plan.records.toLocaleString('en')} records through the batch API (${plan.batchSize} per request, ${plan.inFlight} in flight) ` +
        `and the same through raw BatchWriteItem (25 per call, ${plan.inFlight} in flight), alternating over ${plan.rounds} rounds`,
    );
    let apiSeconds = 0;
    let rawSeconds = 0;
    const apiCpu = { node: 0, dynamoDbLocal: 0 as number | null };
    const rawCpu = { node: 0, dynamoDbLocal: 0 as number | null };
    const addCpu = (total: typeof apiCpu, before: ReturnType<typeof cpuSeconds>) => {
      const after = cpuSeconds(runtime.dynamoDbEndpoint);
      total.node += after.node - before.node;
      total.dynamoDbLocal = total.dynamoDbLocal === null || after.dynamoDbLocal === undefined || before.dynamoDbLocal === undefined ? null : total.dynamoDbLocal + after.dynamoDbLocal - before.dynamoDbLocal;
    };
    let itemBytes = 0;
    const roundTrips: number[] = [];
    const requestMs: number[] = [];
    const apiCalls: Record<string, number> = {};
    const rawCallsBefore = table.calls;
    const perRound = Math.ceil(records.length / plan.rounds);
    for (let round = 0; round < plan.rounds; round += 1) {
      const slice = records.slice(round * perRound, (round + 1) * perRound);
      if (slice.length === 0) break;
      const bodies = slice.map((record, index) => bodyOf(record, `api-${runId}-${round}-${index}`));
      const rawItems = slice.map((record, index) => rawItemOf(record, `raw-${runId}-${round}-${index}`));
      itemBytes += rawItems.reduce((sum, item) => sum + Buffer.byteLength(JSON.stringify(item)), 0);
      const timeApi = async () => {
        const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
        const recorder = new DynamoDbCallRecorder(dynamoDbClient as never);
        const started = performance.now();
        await postBatches(api, bodies, plan, (answer) => {
          roundTrips.push(answer.roundTrips);
          requestMs.push(answer.ms);
          samples.record(usageIngestionUseCase, answer.ms, answer.roundTrips);
        });
        apiSeconds += (performance.now() - started) / 1000;
        recorder.stop();
        for (const [operation, calls] of Object.entries(recorder.calls)) apiCalls[operation] = (apiCalls[operation] ?? 0) + calls;
        addCpu(apiCpu, cpuBefore);
      };
      const timeRaw = async () => {
        const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
        const started = performance.now();
        await table.putAll(rawItems, { concurrency: plan.inFlight });
        rawSeconds += (performance.now() - started) / 1000;
        addCpu(rawCpu, cpuBefore);
      };
      if (round % 2 === 0) {
        await timeApi();
        await timeRaw();
      } else {
        await timeRaw();
        await timeApi();
      }
      progress(`  round ${round + 1}/${plan.rounds}: ${((round + 1) * perRound).toLocaleString('en')} records each way`);
    }
    await checkStored(table, records.slice(0, Math.min(500, perRound)), (record, index) => ({ productId: record.seeded.product.id, recordId: `api-${runId}-0-${index}` }));

    const sortedMs = [...requestMs].sort((a, b) => a - b);
    const apiRate = records.length / apiSeconds;
    const rawRate = records.length / rawSeconds;
    progress(`  API ${Math.round(apiRate).toLocaleString('en')} records/s, raw ${Math.round(rawRate).toLocaleString('en')} records/s (ratio ${(apiRate / rawRate).toFixed(2)}), ${mode(roundTrips)} round trips per batch`);
    return {
      records: records.length,
      products: products.length,
      customers: products.length / 2,
      batchSize: plan.batchSize,
      inFlight: plan.inFlight,
      byPhoneNumber: records.filter((record) => record.byPhone).length,
      seedSeconds: round2(seedSeconds),
      api: {
        seconds: round2(apiSeconds),
        recordsPerSecond: Math.round(apiRate),
        requests: roundTrips.length,
        roundTripsPerBatch: { min: Math.min(...roundTrips), typical: mode(roundTrips), max: Math.max(...roundTrips) },
        requestMs: { p50: round2(sortedMs[Math.floor(sortedMs.length / 2)]!), max: round2(sortedMs.at(-1)!) },
        cpuSeconds: roundedCpu(apiCpu),
        callsPerBatch: Object.fromEntries(Object.entries(apiCalls).map(([operation, calls]) => [operation, round2(calls / roundTrips.length)])),
      },
      raw: { seconds: round2(rawSeconds), recordsPerSecond: Math.round(rawRate), calls: table.calls - rawCallsBefore, itemsPerCall: 25, cpuSeconds: roundedCpu(rawCpu) },
      ratio: round2(apiRate / rawRate),
      usageItemBytes: Math.round(itemBytes / records.length),
    };
  } finally {
    table.destroy();
  }
}

const roundedCpu = (cpu: { node: number; dynamoDbLocal: number | null }) => ({ node: round2(cpu.node), dynamoDbLocal: cpu.dynamoDbLocal === null ? null : round2(cpu.dynamoDbLocal) });

/** Two mobile lines per customer, sold over the year before now (Mobile M in its launch window with the promotion), half with a ported number. */
function seedPopulation(count: number, catalog: Parameters<typeof soldPlan>[0], taxRates: Parameters<typeof soldPlan>[1], now: number, random: () => number): SeededProduct[] {
  const earliest = Date.parse('2026-01-02T00:00:00Z');
  const latest = now - 3 * 24 * 3_600_000;
  const seeded: SeededProduct[] = [];
  for (let index = 0; index < count; index += 1) {
    const owner = index % 2 === 0 ? { accountId: randomUUID(), customerId: randomUUID() } : { accountId: seeded[index - 1]!.accountId, customerId: seeded[index - 1]!.customerId };
    const soldAt = toIso(Math.floor((earliest + random() * Math.max(0, latest - earliest)) / 1000) * 1000);
    const phoneNumber = random() < 0.5 ? `+3367${String(index).padStart(7, '0')}` : undefined;
    const plan = pick(mobilePlans, random);
    const sold = soldPlan(catalog, taxRates, plan, soldAt, phoneNumber ? { phoneNumber } : {});
    seeded.push({ ...owner, product: { id: randomUUID(), name: plan, terms: [sold.term], itemPrice: sold.itemPrice, ...(phoneNumber ? { phoneNumber } : {}) } });
  }
  return seeded;
}

/** Data records of the last weeks (after each product's activation), a few GB at most, by number for two lines in three that have one. */
function planRecords(count: number, products: readonly SeededProduct[], now: number, random: () => number): PlannedRecord[] {
  return Array.from({ length: count }, () => {
    const seeded = pick(products, random);
    const from = Math.max(Date.parse(seeded.product.terms[0]!.from), now - 25 * 24 * 3_600_000);
    const usageDate = toIso(Math.floor((from + random() * (now - 120_000 - from)) / 1000) * 1000);
    const quantity = `${Math.floor(random() * 3)}.${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
    return { seeded, byPhone: seeded.product.phoneNumber !== undefined && random() < 2 / 3, usageDate, quantity };
  });
}

interface BatchAnswer {
  ms: number;
  roundTrips: number;
}

/** The bodies in requests of `batchSize`, `inFlight` at a time; every record must be created (rated). */
async function postBatches(api: BenchApi, bodies: readonly UsageCreate[], plan: Pick<UsageIngestionPlan, 'batchSize' | 'inFlight'>, onAnswer: (answer: BatchAnswer) => void): Promise<void> {
  const batches: UsageCreate[][] = [];
  for (let start = 0; start < bodies.length; start += plan.batchSize) batches.push(bodies.slice(start, start + plan.batchSize));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(plan.inFlight, batches.length) }, async () => {
      for (let index = next++; index < batches.length; index = next++) {
        const batch = batches[index]!;
        // A batch sent again after a reset connection answers its records as repeats if the first one got through.
        const answer = await api.expect<{ counts: Record<string, number>; result: Array<{ outcome: string; usage?: { statusReason?: string } }> }>(200, batchPath, {
          method: 'POST',
          body: { usage: batch },
          retryOnReset: true,
        });
        const stored = answer.body.counts.created! + (answer.attempts > 1 ? answer.body.counts.repeat! : 0);
        if (stored !== batch.length) {
          const other = answer.body.result.find((result) => result.outcome !== 'created');
          throw new Error(`usage batch: ${JSON.stringify(answer.body.counts)} of ${batch.length} records; first not created: ${JSON.stringify(other)}`);
        }
        onAnswer(answer);
      }
    }),
  );
}

/** A sample of the API's records is stored rated, under the id the product and record id give. */
async function checkStored(table: BenchTable, records: readonly PlannedRecord[], identity: (record: PlannedRecord, index: number) => { productId: string; recordId: string }): Promise<void> {
  const keys = records.map((record, index) => usageKey(usageIdFor({ productId: identity(record, index).productId }, identity(record, index).recordId)));
  const found = await table.getAll(keys, ['pk', 'resource']);
  const rated = found.filter((item) => (item.resource as { status?: string }).status === 'rated').length;
  if (rated !== keys.length) throw new Error(`usage ingestion: ${rated} of ${keys.length} sampled records are stored rated`);
}

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { computeBill } from '../domain/billing/bill-computation.js';
import { cycleContaining, toInstant, toIso, type BillingCycle } from '../domain/billing/billing-calendar.js';
import { afterBill, dueShardOf, keepsBilling, type BillingSchedule } from '../domain/billing/billing-schedule.js';
import type { ChargedProduct } from '../domain/billing/charge-term.js';
import { billIdFor, billLineResources, issueCustomerBill, newCustomerBill, type CustomerBill } from '../domain/billing/customer-bill.js';
import { createTermPricer, type TermPricer } from '../domain/billing/term-pricing.js';
import { CustomerBillIssued, issuedBillSnapshot } from '../domain/events/billing-events.js';
import { billsPerTransaction, issuedBillLedgerActions } from '../functions/billing/account-billing.js';
import type { Decimal } from '../domain/money/decimal.js';
import { money } from '../domain/money/money.js';
import type { CatalogSnapshot } from '../domain/pricing/catalog-snapshot.js';
import { billedUsage, type Usage } from '../domain/usage/usage.js';
import { billKey } from '../functions/lib/store/bill-store.js';
import { scheduleAfterBill, scheduleKey } from '../functions/lib/store/billing-schedule-store.js';
import { outboxPut } from '../functions/lib/store/outbox.js';
import { keys } from '../functions/lib/store/table-items.js';
import { usageKey } from '../functions/lib/store/usage-store.js';
import { matchesEventPattern } from '../infra/local/event-pattern.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import { eventRules } from '../infra/topology.js';
import { repositoryRoot } from '../infra/lambda-bundling.js';
import type { ApiAnswer, BenchApi } from './api-client.js';
import { BenchTable } from './bench-table.js';
import { billingAccountItems, customerItem, guidableProduct, productItem, scheduleItem, usageCreateBody, usageItemOf, usagePricesFor, type ItemContext } from './bench-items.js';
import { describeAccounts, generateAccounts, type BenchAccount } from './billing-accounts.js';
import { frenchTaxRates, seededCatalog } from './demo-plans.js';
import { dynamoDbClient } from '../functions/lib/store/dynamo-client.js';
import { cpuBetween, cpuSeconds, DynamoDbCallRecorder, InvocationRecorder, waitForStreamRelay, type FunctionActivity } from './runtime-activity.js';
import { round2 } from './statistics.js';

/**
 * A billing run over many accounts, through the API and the billing-run state machine, against
 * a raw floor on the same DynamoDB Local. Accounts (billing-accounts.ts: two products each,
 * usage on half) are written straight into the table with the stores' item builders: customers
 * in France, their default accounts, the billing schedules armed for the last cycle boundary
 * (gsi3 due keys), the products with their charge terms, the usage waiting for a bill. Then one
 * run is requested (`POST /billing/v1/billRun`, asOf just after the boundary) and polled until it
 * completes; it must bill every account, and every account's bill must exist, issued.
 *
 * The raw floor does, for other accounts of the same population (left out of the due index),
 * the DynamoDB calls a bill needs, directly with the SDK, with the run's concurrency: per account
 * the schedule GetItem; the account and customer GetItems, the products Query and the bill
 * GetItem; a usage Query per product; the lines' BatchWriteItem, the bill PutItem, an UpdateItem
 * per usage record, the billed-usage BatchWriteItem; per `billsPerTransaction` accounts one
 * TransactWriteItems (counter, and per bill its update, its schedule, its ledger entry with the
 * balance it adds to, and its outbox event). Its items are those the
 * run writes (the bills computed beforehand, untimed). Half the floor runs before the run and
 * half after, so both see the same table and the same drift of the machine.
 */
export interface BillingRunPlan {
  accounts: number;
  floorAccounts: number;
  /** BSS_BILLING_PAGE_SIZE, BSS_BILLING_ACCOUNT_CONCURRENCY and BSS_BILLING_DUE_SHARDS for the run. */
  pageSize: number;
  accountConcurrency: number;
  dueShards: number;
}

export interface BillingRunFigures {
  accounts: number;
  settings: { pageSize: number; accountConcurrency: number; dueShards: number; mapMaxConcurrency: number };
  workload: ReturnType<typeof describeAccounts>;
  billDate: string;
  seed: { items: number; seconds: number; streamCatchUpSeconds: number };
  run: {
    id: string;
    state: string;
    counts: Record<string, number>;
    /** From the run's startedAt to its completedAt. */
    seconds: number;
    /** Accounts billed per second. */
    accountsPerSecond: number;
    billsPerSecond: number;
    /** firstBillAt − startedAt (null when no bill was issued). */
    firstBillSeconds: number | null;
    /** Every due account got its bill, issued with its own number; otherwise `problems` says what went wrong. */
    billedEveryAccount: boolean;
    problems: string[];
    /** The billing functions' DynamoDB round trips (start, begin, pages, finish) per account. */
    roundTripsPerAccount: number;
    /** Every function invoked while the run went on (the outbox relay reads its stream meanwhile). */
    byFunction: Record<string, FunctionActivity>;
    /** The handlers' DynamoDB calls by operation during the run (the relay's and the polls' included), and their errors. */
    callsByOperation: Record<string, number>;
    callErrors: Record<string, number>;
    cpuSeconds: { node: number; dynamoDbLocal: number | null };
  };
  /** The issued bills' consumers (rules on CustomerBillIssued), held while the run went on and released when it ended. */
  billConsumers: { rules: string[]; deliveries: number; concurrency: number; drainSeconds: number; deadLetters: number; byFunction: Record<string, FunctionActivity> };
  floor: { accounts: number; seconds: number; accountsPerSecond: number; callsPerAccount: number; cpuSeconds: { node: number; dynamoDbLocal: number | null } };
  /** Run accounts/s over floor accounts/s. */
  ratio: number;
}

/** The floor's outbox events go through the relay and the bus like the run's, and match no rule. */
const floorEventSource = 'bench.raw-floor';

/** Held deliveries in flight at once when they drain: the billing run's own pages in flight. */
const billConsumerConcurrency = 16;
const billingFunctions = ['start-bill-run', 'begin-bill-run', 'bill-due-accounts', 'finish-bill-run'];
const paris: BillingCycle = { cycleDay: 1, timeZone: 'Europe/Paris' };

export async function measureBillingRun(runtime: LocalRuntime, api: BenchApi, plan: BillingRunPlan, progress: (line: string) => void): Promise<BillingRunFigures> {
  // The daily billing run (the runtime's cron) would bill the seeded accounts too: this runtime needs none.
  runtime.scheduler.stop();
  process.env.BSS_BILLING_PAGE_SIZE = String(plan.pageSize);
  process.env.BSS_BILLING_ACCOUNT_CONCURRENCY = String(plan.accountConcurrency);
  process.env.BSS_BILLING_DUE_SHARDS = String(plan.dueShards);
  const mapMaxConcurrency = billingMapConcurrency();
  const table = new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName);
  try {
    // The last boundary: the run bills what fell due then (a run never bills ahead of now).
    const billDate = cycleContaining(paris, Date.now() - 60_000).start;
    const billDateIso = toIso(billDate);
    const catalog = await seededCatalog(api);
    const taxRates = await frenchTaxRates(catalog, billDateIso);
    const population = (count: number, seed: number) =>
      generateAccounts({ count, catalog, taxRates, cycle: paris, billDate, onSaleSince: '2026-01-01T00:00:00Z', idOf: () => randomUUID(), seed });
    const accounts = population(plan.accounts, 20_261_201);
    const floorAccounts = population(plan.floorAccounts, 20_261_202);
    const context: ItemContext = { table: runtime.tableName, catalog, timeZone: paris.timeZone };

    progress(
      `billing run: seeding ${accounts.length.toLocaleString('en')} due accounts and ${floorAccounts.length.toLocaleString('en')} for the raw floor straight into the table ` +
        `(pages of ${plan.pageSize}, ${plan.accountConcurrency} accounts at a time, ${plan.dueShards} due shards, ${mapMaxConcurrency} pages in flight)`,
    );
    const seedStarted = performance.now();
    const usagePricesOf = usagePricesFor(catalog);
    const usageItems = new Map<string, Record<string, unknown>>();
    const itemsOf = (account: BenchAccount, dueIndex: boolean) => {
      // No card on file: every bill issued would otherwise start its collection, receipt and dunning review beside the run (collection is measured on its own).
      const items = [customerItem(context, account), ...billingAccountItems(context, account, { paymentMethodId: null }), scheduleItem(context, account, billDateIso, { dueIndex })];
      for (const product of account.products) items.push(productItem(context, account, product));
      for (const record of account.usage) {
        const product = account.products.find((candidate) => candidate.id === record.productId)!;
        const receivedAt = toIso(Math.min(Date.now(), toInstant(record.usageDate) + 300_000));
        const item = usageItemOf(usageCreateBody(record, { productId: product.id }), guidableProduct(account, product), receivedAt, usagePricesOf);
        usageItems.set(`${record.productId}|${record.recordId}`, item);
        items.push(item);
      }
      return items;
    };
    const items = [...accounts.flatMap((account) => itemsOf(account, true)), ...floorAccounts.flatMap((account) => itemsOf(account, false))];
    await table.putAll(items, { concurrency: 8, progressEvery: 25_000, onProgress: (written) => progress(`  ${written.toLocaleString('en')} of ${items.length.toLocaleString('en')} items written`) });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const streamCatchUpSeconds = await waitForStreamRelay(runtime);
    progress(`  ${items.length.toLocaleString('en')} items in ${seedSeconds.toFixed(1)} s; the stream relay caught up ${streamCatchUpSeconds.toFixed(1)} s later`);

    const floorWork = prepareFloor(floorAccounts, { catalog, taxRates, billDate, table: runtime.tableName, usageItems });
    const [firstHalf, secondHalf] = [floorWork.slice(0, Math.ceil(floorWork.length / 2)), floorWork.slice(Math.ceil(floorWork.length / 2))];
    const floorSettings = { ...plan, mapMaxConcurrency };
    progress(`raw floor, first half: ${firstHalf.length.toLocaleString('en')} accounts`);
    const floorA = await runFloor(table, firstHalf, floorSettings, runtime.dynamoDbEndpoint);
    await waitForStreamRelay(runtime);

    progress(`billing run: ${accounts.length.toLocaleString('en')} accounts due at ${billDateIso}, requested through the API`);
    // What consumes issued bills (delivery with its PDF, revenue, collection, receivables) runs on
    // Lambda capacity of its own on AWS; on two cores it would take most of the run's CPU, while
    // the floor does none of it. Held during the run, it is measured as it drains afterwards.
    const billConsumerRules = eventRules.filter((rule) => matchesEventPattern(rule.pattern, { source: 'bss.billing', 'detail-type': 'CustomerBillIssued', detail: {} })).map((rule) => rule.name);
    const release = runtime.eventBridge.holdDeliveries(billConsumerRules);
    let run: BillingRunFigures['run'];
    try {
      run = await runBilling(runtime, api, accounts, billDateIso, progress);
    } catch (error) {
      release();
      throw error;
    }
    await waitForStreamRelay(runtime);
    progress(`raw floor, second half: ${secondHalf.length.toLocaleString('en')} accounts`);
    const floorB = await runFloor(table, secondHalf, floorSettings, runtime.dynamoDbEndpoint);
    // Held until the floor has run too, so that neither measurement has them beside it.
    const billConsumers = await drainBillConsumers(runtime, billConsumerRules, release, progress);
    const floorSeconds = floorA.seconds + floorB.seconds;
    const floorRate = floorWork.length / floorSeconds;
    progress(
      `  run ${run.accountsPerSecond} accounts/s, raw floor ${Math.round(floorRate)} accounts/s (ratio ${(run.accountsPerSecond / floorRate).toFixed(2)}); ` +
        `${run.roundTripsPerAccount} round trips per account against the floor's ${round2((floorA.calls + floorB.calls) / floorWork.length)}`,
    );

    return {
      accounts: accounts.length,
      settings: { pageSize: plan.pageSize, accountConcurrency: plan.accountConcurrency, dueShards: plan.dueShards, mapMaxConcurrency },
      workload: describeAccounts(accounts, catalog),
      billDate: billDateIso,
      seed: { items: items.length, seconds: round2(seedSeconds), streamCatchUpSeconds: round2(streamCatchUpSeconds) },
      run,
      billConsumers,
      floor: {
        accounts: floorWork.length,
        seconds: round2(floorSeconds),
        accountsPerSecond: Math.round(floorRate),
        callsPerAccount: round2((floorA.calls + floorB.calls) / floorWork.length),
        cpuSeconds: {
          node: round2(floorA.cpu.node + floorB.cpu.node),
          dynamoDbLocal: floorA.cpu.dynamoDbLocal === null || floorB.cpu.dynamoDbLocal === null ? null : round2(floorA.cpu.dynamoDbLocal + floorB.cpu.dynamoDbLocal),
        },
      },
      ratio: round2(run.accountsPerSecond / floorRate),
    };
  } finally {
    table.destroy();
  }
}

/** Releases the held deliveries to the bills' consumers and times them until the bus is idle. */
async function drainBillConsumers(runtime: LocalRuntime, rules: string[], release: (concurrency: number) => number, progress: (line: string) => void): Promise<BillingRunFigures['billConsumers']> {
  const recorder = new InvocationRecorder(runtime);
  const deadLettersBefore = runtime.eventBridge.deadLetters().length;
  const started = performance.now();
  let deliveries: number;
  try {
    deliveries = release(billConsumerConcurrency);
    progress(`  released ${deliveries.toLocaleString('en')} held deliveries to the bills' consumers (${rules.join(', ')}), ${billConsumerConcurrency} at a time`);
    await runtime.eventBridge.idle();
  } finally {
    recorder.stop();
  }
  const drainSeconds = round2((performance.now() - started) / 1000);
  const deadLetters = runtime.eventBridge.deadLetters().length - deadLettersBefore;
  progress(`  the bills' consumers drained in ${drainSeconds} s${deadLetters > 0 ? `; PROBLEM: ${deadLetters} deliveries dead-lettered` : ''}`);
  return { rules, deliveries, concurrency: billConsumerConcurrency, drainSeconds, deadLetters, byFunction: recorder.summary() };
}

/** The billing run's Map concurrency, read from its definition (the pages in flight). */
function billingMapConcurrency(): number {
  const definition = JSON.parse(readFileSync(resolve(repositoryRoot, 'state-machines/billing-run.asl.json'), 'utf8')) as { States: Record<string, { MaxConcurrency?: number }> };
  return definition.States.BillPartitions?.MaxConcurrency ?? 0;
}

interface RunResource {
  id: string;
  state: string;
  counts: Record<string, number>;
  startedAt: string;
  completedAt?: string;
  firstBillAt?: string;
  failures: Array<{ billingAccountId: string; reason: string }>;
}

async function runBilling(runtime: LocalRuntime, api: BenchApi, accounts: readonly BenchAccount[], billDateIso: string, progress: (line: string) => void): Promise<BillingRunFigures['run']> {
  const recorder = new InvocationRecorder(runtime);
  const calls = new DynamoDbCallRecorder(dynamoDbClient as never);
  const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
  let run: RunResource;
  try {
    const asOf = toIso(toInstant(billDateIso) + 1000);
    // The API sat idle while seeding: a GET first, which may meet (and retry past) a connection the server closed.
    await api.expect(200, '/health');
    const started = await requestRun(api, asOf);
    let lastReport = performance.now();
    const deadline = performance.now() + 3_600_000;
    for (;;) {
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
      run = (await api.expect<RunResource>(200, `/billing/v1/billRun/${started.body.id}`)).body;
      if (run.state !== 'inProgress') break;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const done = run.counts.billed! + run.counts.skipped! + run.counts.failed!;
        progress(`  ${done.toLocaleString('en')} of ${run.counts.due!.toLocaleString('en')} accounts done, ${run.counts.bills!.toLocaleString('en')} bills`);
      }
      if (performance.now() > deadline) throw new Error(`billing run ${started.body.id} still ${run.state} after an hour: ${JSON.stringify(run.counts)}`);
    }
  } finally {
    recorder.stop();
    calls.stop();
  }
  const cpu = cpuBetween(cpuBefore, cpuSeconds(runtime.dynamoDbEndpoint));
  const { counts } = run;
  // A run that leaves accounts unbilled is a finding to report, not a reason to stop the benchmark.
  const problems: string[] = [];
  if (run.state !== 'completed' || counts.due !== accounts.length || counts.billed !== accounts.length || counts.bills !== accounts.length || counts.failed !== 0) {
    const reasons = [...new Set(run.failures.map((failure) => failure.reason))].slice(0, 3);
    problems.push(`the run ended ${run.state} with ${JSON.stringify(counts)} for ${accounts.length} due accounts${reasons.length > 0 ? `; failures: ${reasons.join(' | ')}` : ''}`);
  }
  const bills = await checkBills(new BenchTable(runtime.dynamoDbEndpoint, runtime.tableName), accounts, billDateIso);
  if (bills.issued !== counts.bills || bills.distinctNumbers !== bills.issued) {
    problems.push(`${bills.issued} issued bills found for the ${counts.bills} the run counted, ${bills.distinctNumbers} distinct numbers`);
  }

  const seconds = (toInstant(run.completedAt!) - toInstant(run.startedAt)) / 1000;
  const roundTrips = recorder.roundTripsOf(billingFunctions);
  const figures = {
    id: run.id,
    state: run.state,
    counts,
    billedEveryAccount: problems.length === 0,
    problems,
    seconds: round2(seconds),
    accountsPerSecond: Math.round(counts.billed! / seconds),
    billsPerSecond: Math.round(counts.bills! / seconds),
    firstBillSeconds: run.firstBillAt === undefined ? null : round2((toInstant(run.firstBillAt) - toInstant(run.startedAt)) / 1000),
    roundTripsPerAccount: round2(roundTrips / accounts.length),
    byFunction: recorder.summary(),
    callsByOperation: calls.calls,
    callErrors: calls.errors,
    cpuSeconds: cpu,
  };
  progress(
    `  ${run.state}: ${counts.billed!.toLocaleString('en')} of ${accounts.length.toLocaleString('en')} accounts billed, ${counts.bills!.toLocaleString('en')} bills in ${figures.seconds} s, ` +
      `first bill after ${figures.firstBillSeconds ?? '—'} s; CPU: this process ${cpu.node} s, DynamoDB Local ${cpu.dynamoDbLocal ?? 'n/a'} s`,
  );
  for (const problem of problems) progress(`  PROBLEM: ${problem}`);
  return figures;
}

/**
 * POST /billing/v1/billRun as a careful client sends it: with an Idempotency-Key, and again after
 * a 503 (the handlers' pooled connections to DynamoDB Local sat idle through the floor, and a
 * stale one can fail all of the SDK's attempts) once `Retry-After` has passed.
 */
async function requestRun(api: BenchApi, asOf: string): Promise<ApiAnswer<RunResource>> {
  const request = { method: 'POST' as const, body: { asOf }, headers: { 'idempotency-key': `bench-billing-run-${randomUUID()}` } };
  for (let attempt = 1; ; attempt += 1) {
    const answer = await api.call<RunResource>('/billing/v1/billRun', request);
    if (answer.status === 202) return answer;
    if (answer.status !== 503 || attempt === 3) throw new Error(`POST /billing/v1/billRun answered ${answer.status}, expected 202: ${JSON.stringify(answer.body)}`);
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 1000 * Number(answer.headers.get('retry-after') ?? 1)));
  }
}

/** The accounts' bills of the boundary that exist issued with a number, and how many distinct numbers they carry. */
async function checkBills(table: BenchTable, accounts: readonly BenchAccount[], billDateIso: string): Promise<{ issued: number; distinctNumbers: number }> {
  try {
    const found = await table.getAll(accounts.map((account) => billKey(billIdFor(account.id, billDateIso))), ['resource']);
    // Issued: numbered and past `new` (a bill collected at once is already `settled`).
    const issued = found.map((item) => item.resource as CustomerBill).filter((bill) => bill.state !== 'new' && bill.billNo);
    return { issued: issued.length, distinctNumbers: new Set(issued.map((bill) => bill.billNo)).size };
  } finally {
    table.destroy();
  }
}

/** What the floor writes for one account: the items the run would write, computed beforehand. */
interface FloorAccount {
  accountId: string;
  customerId: string;
  productIds: string[];
  billId: string;
  billDateIso: string;
  lineItems: Record<string, unknown>[];
  billItem: Record<string, unknown>;
  usageUpdates: Array<{ id: string; billed: Usage }>;
  billedUsageItems: Record<string, unknown>[];
  /** The issuing transaction's actions of this bill: its update, its schedule, its event. */
  issue: (billNo: string) => Record<string, unknown>[];
}

function prepareFloor(
  accounts: readonly BenchAccount[],
  context: { catalog: CatalogSnapshot; taxRates: ReadonlyMap<string, Decimal>; billDate: number; table: string; usageItems: ReadonlyMap<string, Record<string, unknown>> },
): FloorAccount[] {
  const pricers = new Map<string, TermPricer>();
  const pricerFor = (segment: string | undefined) => {
    let pricer = pricers.get(segment ?? '');
    if (!pricer) pricers.set(segment ?? '', (pricer = createTermPricer({ currency: 'EUR', catalog: context.catalog, taxRates: context.taxRates, customerSegment: segment })));
    return pricer;
  };
  const billDateIso = toIso(context.billDate);
  const now = toIso(Date.now());
  return accounts.map((account): FloorAccount => {
    const schedule: BillingSchedule = {
      billingAccountId: account.id,
      customerId: account.customerId,
      cycle: paris,
      nextBillAt: billDateIso,
      ...(account.previousBillAt ? { lastBillAt: account.previousBillAt } : {}),
      creditCarriedMinor: '0',
    };
    const products: ChargedProduct[] = account.products.map((product) => ({ id: product.id, name: product.name, billingAccountId: account.id, terms: product.terms }));
    const stored = account.usage.map((record) => context.usageItems.get(`${record.productId}|${record.recordId}`)!);
    const draft = computeBill({
      account: { id: account.id, name: `Account ${account.id}`, currency: 'EUR', cycle: paris, paymentTermsDays: 14 },
      billDate: context.billDate,
      previousBillDate: account.previousBillAt === undefined ? undefined : toInstant(account.previousBillAt),
      runType: 'onCycle',
      products,
      pricer: pricerFor(account.segment),
      usage: {
        records: stored.map((item) => {
          const usage = item.resource as Usage;
          return { id: usage.id, productId: item.productId as string, usageDate: usage.usageDate, quantity: item.quantity as string, units: item.unit as string };
        }),
        earlierPeriods: [],
        billed: [],
      },
      creditBroughtForward: money(0n, 'EUR'),
    });
    const scheduleAfter = afterBill(schedule, {
      billDate: billDateIso,
      creditCarriedMinor: draft.creditCarriedForward.amount.toString(),
      keepsBilling: keepsBilling(products, context.billDate),
    });
    const billId = billIdFor(account.id, billDateIso);
    const bill = newCustomerBill(draft, {
      id: billId,
      now,
      billingAccount: { id: account.id, name: `Account ${account.id}` },
      customer: { id: account.customerId, name: `Customer ${account.customerId}` },
      nextBillDate: scheduleAfter.nextBillAt,
    });
    const usageById = new Map(stored.map((item) => [(item.resource as Usage).id, item.resource as Usage]));
    return {
      accountId: account.id,
      customerId: account.customerId,
      productIds: account.products.map((product) => product.id),
      billId,
      billDateIso,
      // The bill store's items (functions/lib/store/bill-store.ts lineItem and billItem).
      lineItems: billLineResources(bill, draft.lines).map((line) => ({
        pk: `BILL#${billId}`,
        sk: `LINE#${line.id.slice(-4)}`,
        entityType: 'AppliedCustomerBillingRate',
        version: 1,
        resource: line,
        gsi2pk: `CUSTOMER#${account.customerId}`,
        gsi2sk: `AppliedCustomerBillingRate#${line.date}#${line.id}`,
      })),
      billItem: {
        ...billKey(billId),
        entityType: 'CustomerBill',
        version: 1,
        resource: bill,
        billingAccountId: account.id,
        customerId: account.customerId,
        creditCarriedMinor: draft.creditCarriedForward.amount.toString(),
        gsi2pk: `CUSTOMER#${account.customerId}`,
        gsi2sk: `CustomerBill#${bill.billDate}#${billId}`,
      },
      usageUpdates: [...draft.recordCharges].map(([id, charges]) => ({ id, billed: billedUsage(usageById.get(id)!, charges, { id: bill.id, href: bill.href }, bill.billDate) })),
      billedUsageItems: draft.billedUsage.map((entry) => ({
        pk: `PRODUCT#${entry.productId}`,
        sk: `USAGE_BILLED#${entry.termFrom}#${entry.periodStart}#${billId}`,
        entityType: 'BilledUsage',
        version: 1,
        billId,
        ...entry,
      })),
      issue: (billNo) => {
        const issued = issueCustomerBill(bill, billNo, now);
        const event = CustomerBillIssued.create(
          { bill: issuedBillSnapshot(issued, account.customerId) },
          { eventId: randomUUID(), occurredAt: now, correlationId: 'bench-raw-floor' },
        );
        return [
          {
            Update: {
              TableName: context.table,
              Key: billKey(billId),
              UpdateExpression: 'SET #resource = :resource, #version = #version + :one',
              ConditionExpression: '#resource.#state = :new',
              ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#state': 'state' },
              ExpressionAttributeValues: { ':resource': issued, ':one': 1, ':new': 'new' },
            },
          },
          scheduleAfterBill(scheduleAfter, billDateIso),
          // The bill's ledger entry and the balance it adds to, as issuing writes them, in the floor's table.
          ...issuedBillLedgerActions(issued, undefined, now).map((action) => inTable(action, context.table)),
          // The same outbox item, from a source no rule matches: the floor's bills have no consumers beside it.
          outboxPut(context.table, { ...event, source: floorEventSource }),
        ];
      },
    };
  });
}

/**
 * The floor's calls for its accounts, with the run's shape: the accounts in the due shards they
 * would be in, `mapMaxConcurrency` shards side by side, each page by page, the accounts of a page
 * `accountConcurrency` at a time, then the page's bills issued `billsPerTransaction` to a transaction.
 */
async function runFloor(
  table: BenchTable,
  accounts: readonly FloorAccount[],
  settings: { pageSize: number; accountConcurrency: number; dueShards: number; mapMaxConcurrency: number },
  endpoint: string,
): Promise<{ seconds: number; calls: number; cpu: { node: number; dynamoDbLocal: number | null } }> {
  const shards = new Map<number, FloorAccount[]>();
  for (const account of accounts) {
    const shard = dueShardOf(account.accountId, settings.dueShards);
    shards.set(shard, [...(shards.get(shard) ?? []), account]);
  }
  const queue = [...shards.values()];
  const callsBefore = table.calls;
  const cpuBefore = cpuSeconds(endpoint);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(settings.mapMaxConcurrency, queue.length) }, async () => {
      for (let shard = queue.shift(); shard; shard = queue.shift()) {
        for (let start = 0; start < shard.length; start += settings.pageSize) {
          const page = shard.slice(start, start + settings.pageSize);
          await pool(page, settings.accountConcurrency, (account) => floorDraft(table, account));
          for (let first = 0; first < page.length; first += billsPerTransaction) await floorIssue(table, page.slice(first, first + billsPerTransaction));
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, calls: table.calls - callsBefore, cpu: cpuBetween(cpuBefore, cpuSeconds(endpoint)) };
}

/** A transaction action aimed at `table` (the store's builders name the functions' table). */
function inTable(action: Record<string, unknown>, table: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(action).map(([kind, body]) => [kind, { ...(body as object), TableName: table }]));
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let index = next++; index < items.length; index = next++) await work(items[index]!);
    }),
  );
}

async function floorDraft(table: BenchTable, account: FloorAccount): Promise<void> {
  const documents = table.documents;
  const name = table.tableName;
  await documents.send(new GetCommand({ TableName: name, Key: scheduleKey(account.accountId), ConsistentRead: true }));
  await Promise.all([
    documents.send(new GetCommand({ TableName: name, Key: keys.billingAccount(account.accountId) })),
    documents.send(new GetCommand({ TableName: name, Key: keys.customer(account.customerId) })),
    documents.send(
      new QueryCommand({
        TableName: name,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
        FilterExpression: '#resource.#account.#id = :account',
        ExpressionAttributeNames: { '#resource': 'resource', '#account': 'billingAccount', '#id': 'id' },
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${account.customerId}`, ':prefix': 'Product#', ':account': account.accountId },
      }),
    ),
    documents.send(new GetCommand({ TableName: name, Key: billKey(account.billId), ConsistentRead: true })),
  ]);
  await Promise.all(
    account.productIds.map((productId) =>
      documents.send(
        new QueryCommand({
          TableName: name,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :upTo',
          ExpressionAttributeValues: { ':pk': `UNBILLED_USAGE#${productId}`, ':upTo': account.billDateIso },
        }),
      ),
    ),
  );
  const lineChunks: Record<string, unknown>[][] = [];
  for (let start = 0; start < account.lineItems.length; start += 25) lineChunks.push(account.lineItems.slice(start, start + 25));
  await Promise.all(lineChunks.map((chunk) => table.batchPut(chunk)));
  await documents.send(
    new PutCommand({
      TableName: name,
      Item: account.billItem,
      ConditionExpression: 'attribute_not_exists(pk) OR #resource.#state = :new',
      ExpressionAttributeNames: { '#resource': 'resource', '#state': 'state' },
      ExpressionAttributeValues: { ':new': 'new' },
    }),
  );
  await pool(account.usageUpdates, 16, async ({ id, billed }) => {
    await documents.send(
      new UpdateCommand({
        TableName: name,
        Key: usageKey(id),
        UpdateExpression: 'SET #resource = :resource, #version = #version + :one, #workPk = :pk, #workSk = :sk',
        ConditionExpression: '(#resource.#status = :rated) OR (#workPk = :pk)',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#status': 'status', '#workPk': 'gsi3pk', '#workSk': 'gsi3sk' },
        ExpressionAttributeValues: { ':resource': billed, ':one': 1, ':pk': `BILLED_USAGE#${account.billId}`, ':sk': `${billed.usageDate}#${billed.id}`, ':rated': 'rated' },
      }),
    );
  });
  if (account.billedUsageItems.length > 0) await table.batchPut(account.billedUsageItems);
}

let floorBillNumber = 0;

/** One issuing transaction: the floor's own counter (moved without a read: a floor), and per bill its update, schedule and event. */
async function floorIssue(table: BenchTable, accounts: readonly FloorAccount[]): Promise<void> {
  if (accounts.length === 0) return;
  const counter = {
    Update: {
      TableName: table.tableName,
      Key: { pk: 'BILL_SERIES#bench-raw-floor', sk: 'BILL_SERIES' },
      UpdateExpression: 'ADD #last :count SET #entityType = :type',
      ExpressionAttributeNames: { '#last': 'lastNumber', '#entityType': 'entityType' },
      ExpressionAttributeValues: { ':count': accounts.length, ':type': 'BillSeries' },
    },
  };
  await table.documents.send(
    new TransactWriteCommand({ TransactItems: [counter, ...accounts.flatMap((account) => account.issue(`FLOOR-${String(++floorBillNumber).padStart(7, '0')}`))] as never }),
  );
}

import '../infra/local/handler-defaults.js';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { issueToken } from '../infra/local/dev-issuer.js';
import { startLocalRuntime, type LocalRuntime } from '../infra/local/runtime.js';
import { functions, routes } from '../infra/topology.js';
import { seedDemoCatalog } from '../infra/seed/seed-demo-catalog.js';
import { BenchApi } from './api-client.js';
import { catalogReadUseCases, measureCatalogReads } from './catalog-reads.js';
import { latencyUseCases, measureLatency } from './api-latency.js';
import { bundleFunction, type FunctionBundle } from './function-bundles.js';
import { gitCommit, machineInfo } from './machine-info.js';
import { startAwsEndpointStub } from './aws-endpoint-stub.js';
import { firstInvocationEvents } from './first-invocation-events.js';
import { measuredCpu } from './measured-cpu.js';
import { benchTokenPinning, prepareModuleInit, type ModuleInitMeasurement } from './module-init.js';
import { kilobytes, progress } from './progress.js';
import type { BenchReport, BillingOnlyReport, CollectionsFigures, CollectionsOnlyReport, DocumentsOnlyReport, InitOnlyReport, RatingOnlyReport, ModuleInitFigures, RevenueOnlyReport, SoakFigures, SoakOnlyReport, WebOnlyReport } from './report.js';
import { writeReportFiles } from './report-files.js';
import { renderBillingOnlyMarkdown, renderCollectionsOnlyMarkdown, renderDocumentsOnlyMarkdown, renderInitOnlyMarkdown, renderRatingOnlyMarkdown, renderMarkdown, renderRevenueOnlyMarkdown, renderSoakOnlyMarkdown, renderWebOnlyMarkdown } from './report-markdown.js';
import { measureOtherUseCases } from './round-trip-use-cases.js';
import { round2 } from './statistics.js';
import { evaluateBillingTargets, evaluateCollectionTarget, evaluateModuleInitTarget, evaluateSoakTargets, evaluateTargets, evaluateWebTargets } from './targets.js';
import { measureWebPages } from './web-pages.js';
import { measureSoakInOwnProcess, soakMixDescription, soakPhases, soakProvisioningDelaySeconds, soakRetryDescription, type SoakPlan } from './soak.js';
import { flatHeap } from './soak-memory.js';
import { measureBillCollection, measureDunning, type CollectionsPlan } from './collections.js';
import { measureRevenueClose, type RevenueCloseFigures, type RevenueClosePlan } from './revenue-close.js';
import { measureBillDocumentRendering } from './bill-documents.js';
import { measureTelecomRating } from './telecom-rating.js';
import { UseCaseSamples } from './use-case-samples.js';
import { measureUsageRating } from './usage-rating.js';
import { measureOrderToCash, type OrderToCashFigures } from './order-to-cash.js';
import { billComputationWarmUps } from './bill-computation.js';
import { billingFunction, billingFunctionHeapOptions, measureBundledBillComputation } from './bundled-bill-computation.js';
import { measureBillingRun, type BillingRunFigures } from './billing-run.js';
import { measureUsageIngestion, type UsageIngestionFigures } from './usage-ingestion.js';
import { seedDemoStock } from '../infra/seed/seed-demo-stock.js';
import { benchPaths, freshDirectory } from './work-directory.js';

/**
 * `npm run bench`: bundle size and cold module init per function, API latency against raw
 * DynamoDB on the same DynamoDB Local, DynamoDB round trips per use case, catalog reads and
 * quotes on the demo catalog, usage rating and bill computation throughput in-process, usage
 * ingestion through the batch API against raw BatchWriteItem, and a billing run against a raw
 * floor. Writes bench/reports/latest.json (+ a timestamped copy) and latest.md, and prints the
 * summary. A missed target is a finding, not a failure: the exit code is non-zero only on a crash.
 * `--quick` runs a tenth of the requests, for working on the benchmark itself.
 * `--usage-records=N` and `--billing-accounts=N` set the size of those two sections (they take
 * most of a run's time on DynamoDB Local: about 4 ms of its CPU per call on 2 cores), and
 * `--collection-bills=N` and `--dunning-accounts=N` those of collections. `--only=billing` runs
 * bill computation, usage ingestion and the billing run alone (its own runtime) and writes
 * bench/reports/only-billing.*; `--only=collections`
 * runs that section alone (its own runtime) and writes bench/reports/only-collections.*;
 * `--only=documents` the PDF rendering alone (no runtime), bench/reports/only-documents.*;
 * `--only=init` every function's bundle and cold module init against its SDK floor (no
 * runtime), bench/reports/only-init.*, in `--init-runs=N` rounds per function (11; quick 3);
 * `--only=rating` plain and telecom rating side by side (no runtime), bench/reports/only-rating.*;
 * `--only=revenue` the monthly revenue close and the /reports/v1 queries alone (its own runtime),
 * bench/reports/only-revenue.*, sized by `--revenue-accounts=N` (10,000; quick 1,000).
 * `--only=soak` the soak alone (a mixed workload on a runtime of its own, then again on one with
 * the `default` fault profile), bench/reports/only-soak.*, sized by `--soak-seconds=N` (180;
 * quick 30) and `--soak-clients=N` (16).
 * `--only=web` the web apps alone (the system in its own process, headless Chromium),
 * bench/reports/only-web.*.
 */
const quick = process.argv.includes('--quick');
const option = (name: string): number | undefined => {
  const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
  if (given === undefined) return undefined;
  const value = Number(given.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, not ${given}`);
  return value;
};
// The goals' sizes (docs/billing.md): 100,000 records and 10,000 accounts; quick: a tenth.
const billingAccounts = option('billing-accounts') ?? (quick ? 1_000 : 10_000);
const onlySections = ['billing', 'collections', 'documents', 'init', 'revenue', 'rating', 'soak', 'web'] as const;
const only = ((): (typeof onlySections)[number] | undefined => {
  const index = process.argv.findIndex((argument) => argument === '--only' || argument.startsWith('--only='));
  if (index < 0) return undefined;
  const given = process.argv[index]!.startsWith('--only=') ? process.argv[index]!.slice('--only='.length) : process.argv[index + 1];
  if (!onlySections.includes(given as never)) throw new Error(`--only takes one of ${onlySections.join(', ')}, not ${given ?? 'nothing'}`);
  return given as (typeof onlySections)[number];
})();
// The collections issue's sizes: 10,000 bills collected, 10,000 accounts in dunning; quick: a tenth.
const collectionBills = option('collection-bills') ?? (quick ? 1_000 : 10_000);
const plan = {
  // --init-runs sets them; a round takes about 0.3 s per function on one CPU (760 s for 196 functions with the discarded round and
  // the clients' discovery). With the ratio of two processes, twice the rounds did not buy a better count (189 to 191 of 192 at 21
  // against 185 to 191 at 11); timed in one process, a median of 11 moves by about 0.005 (docs/decisions.md).
  initRuns: option('init-runs') ?? (quick ? 3 : 11),
  latency: quick ? { posts: 30, gets: 50, raw: 50, warmup: 5 } : { posts: 300, gets: 500, raw: 500, warmup: 20 },
  otherUseCases: quick ? { perUseCase: 5, lists: 2 } : { perUseCase: 20, lists: 5 },
  catalogReads: quick ? { reads: 50, quotes: 10 } : { reads: 500, quotes: 100 },
  ratingRecords: quick ? 200_000 : 2_000_000,
  telecomRating: { records: quick ? 500_000 : 5_000_000, prefixes: 20_000 },
  orderToCash: { orders: quick ? 3 : 20 },
  billComputation: quick ? { accounts: 500, runs: 3 } : { accounts: 2_000, runs: 9 },
  usageIngestion: { records: option('usage-records') ?? (quick ? 10_000 : 100_000), products: 2_000, batchSize: 500, inFlight: 4, rounds: quick ? 4 : 10 },
  // The run's settings are functionEnvironment's (infra/topology.ts); the floor bills half as many accounts, half before the run and half after.
  billingRun: { accounts: billingAccounts, floorAccounts: Math.ceil(billingAccounts / 2), pageSize: 100, accountConcurrency: 10, dueShards: 16 },
  // As the billing run's floor: half as many bills, half before and half after; the billing run's account concurrency.
  collections: {
    bills: collectionBills,
    floorBills: Math.ceil(collectionBills / 2),
    concurrency: 10,
    dunningAccounts: option('dunning-accounts') ?? (quick ? 1_000 : 10_000),
  } satisfies CollectionsPlan,
  billDocuments: { bills: quick ? 50 : 300, typicalLines: 8, longLines: 120 },
  web: { visits: quick ? 3 : 11 },
  // The reports issue's size: 10,000 accounts with 12 months of history; quick: a tenth.
  revenueClose: { accounts: option('revenue-accounts') ?? (quick ? 1_000 : 10_000), months: 12, reportRequests: quick ? 30 : 200 } satisfies RevenueClosePlan,
  soak: ((clients: number): SoakPlan => ({
    seconds: option('soak-seconds') ?? (quick ? 30 : 180),
    clients,
    setupCustomers: 2 * clients,
    usageRecordsPerBatch: 50,
    drainTimeoutSeconds: 180,
  }))(option('soak-clients') ?? 16),
};

/** A function: the provisioning delay it names is the environment's when the soak's processes start. */
const soakMethod = (): string => {
  const { warmUpMs, windowMs } = soakPhases(plan.soak.seconds);
  return (
    `Twice, each time on a local runtime of its own in a process of its own (bench/soak-process.ts: Node with --expose-gc, handlers logging at ${process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN'}, in-memory DynamoDB Local, the simulated provisioning system answering after ${soakProvisioningDelaySeconds()} s): first without faults, then with the \`default\` fault profile (docs/reliability.md). ` +
    `Each time: the demo catalog seeded through the API, then ${plan.soak.setupCustomers} customers (France, pm_card_visa) each with an order of Mobile M on a phone number of its own, waited for until it ended (untimed). ` +
    `Then ${plan.soak.clients} clients, each with an admin token of its own (a caller of its own for the per-caller limits), one request at a time for ${plan.soak.seconds} s, through the HTTP API, in a fixed mix shuffled per cycle by each client's seeded random (${soakMixDescription()}): ` +
    `readOfferings GET productOffering?limit=50; readCustomer GET customer/{id}, listOrders GET productOrder?relatedParty.id= and listBills GET customerBill?relatedParty.id= of a prepared customer or one this client created; createCustomer POST customer; ` +
    `placeOrder GET billingAccount?relatedParty.id= of the client's oldest created customer not yet ordered for (a prepared customer's account while it does not show yet), then POST productOrder of Mobile S, M or L, not waited for; ` +
    `postUsage POST /usage/v1/usageBatch of ${plan.soak.usageRecordsPerBatch} GB records onto the prepared active products by phone number, dated after each was seen active. ` +
    `Clients behave as docs/reliability.md says: every POST customer and productOrder carries an Idempotency-Key, a usage batch is sent again as it is (its records are deduplicated by id); the same request is sent again after a network error, a 502, 503 or 504, or a 409 CONCURRENT_TRANSACTION or IDEMPOTENT_REQUEST_IN_PROGRESS, ${soakRetryDescription()}. ` +
    `Per route class: requests and latency (the whole call, retries included; nearest-rank percentiles) of the calls started after a ${warmUpMs / 1000} s warm-up; errors at any time (a final 5xx, no answer after the retries, an unexpected 4xx, a usage batch not storing every record); the calls answered after retries, by reason. ` +
    `Memory of the soak's process (the runtime and its clients) and of DynamoDB Local's JVM (VmRSS from /proc) sampled every second; the heap judged is what a forced collection (global.gc) leaves at the end of the warm-up and at the end of the workload (one pause of the runtime each), ` +
    `flat when the end is within max(${flatHeap.allowedGrowthBytes / 2 ** 20} MB, ${flatHeap.allowedGrowthShare * 100} %) of the start; the lowest sample of a ${windowMs / 1000} s window right after the warm-up and of the last ${windowMs / 1000} s is reported beside it, and the least-squares trend of the lowest sample of each such window after the warm-up. ` +
    `After the workload: every order the clients placed polled until it ended (at most ${plan.soak.drainTimeoutSeconds} s), the event deliveries and state machines drained and the stream relay caught up; then counted the orders by state, the dead-lettered event deliveries and outbox records, and read the whole table for the stored-data invariants of the fault-invariants test (test/support/stored-invariants.ts: orders final, captures kept or refunded, events published and applied once, bills and numbers, balances; not usage, nothing is billed); the faults injected from the workload's start to then (the runtime's counts).`
  );
};

const revenueCloseMethod =
  `${plan.revenueClose.accounts} live accounts, each billed a monthly charge (5 to 80 EUR tax excluded, seeded random, 16th to 16th, one of five offerings) in each of the ${plan.revenueClose.months} months before the current one: ` +
  `the revenue schedules and their month index items written straight into the table with the revenue store's builder (scheduleBooking), as book-revenue leaves them; one open bill per account in the receivables read model and 365 daily scheduled billing runs in the history, with the reports store's builders. ` +
  `closeRevenueMonths (what the monthly schedule runs) as of now, in this process: every month closed in order, timed from the call to its answer. Raw floor: the same requests month by month (the ledger's UpdateItem, one Query per gsi2 partition to its last page, ` +
  `the previous balances' GetItem, the journal entries' BatchWriteItem, the finishing transaction of three writes) made directly with the SDK on a ledger of its own, once before and once after the close, the mean taken. ` +
  `Then each /reports/v1 report (revenue and journalEntries of the last month, receivables as of now, billRuns over the last year) through the API, one request at a time, ${plan.revenueClose.reportRequests} after 3 warm-up calls; client-side time, nearest-rank percentiles; DynamoDB calls from the x-local-dynamodb-round-trips header.`;

const billDocumentsMethod =
  `PDF documents (docs/bill-documents.md) of a bill of ${plan.billDocuments.typicalLines} lines over three products (France, VAT 20 %, card on file) built in bench/bill-documents.ts, rendered by billDocumentPdf (PDFKit, DejaVu Sans embedded) ` +
  `one after another in this process after 5 untimed renders: one core, since rendering is synchronous JavaScript; every render's SHA-256 compared with the first's. Then one render of a ${plan.billDocuments.longLines}-line bill. ` +
  'Sizes are the PDF bytes and the HTML of the same template data. Storing the document (S3 or the local folder) is not included.';

const billingMethod = {
  billComputation:
    `computeBill bundled with the functions' esbuild options (infra/lambda-bundling.ts) and run in a fresh \`${process.execPath}\` process of its own with the V8 heap options of the function that bills on AWS (${billingFunction}: ${billingFunctionHeapOptions().join(' ') || 'none'}), one call at a time, for ${plan.billComputation.accounts} seeded-random accounts on the demo catalog (built in-process from infra/seed/demo-catalog.ts) all due at one boundary (bench/billing-accounts.ts: two products each, ` +
    `promotions, plan changes, terminations, students, GB usage on half); a first pass that gives the reference bills (its rate reported too) and ${billComputationWarmUps} untimed warm-up runs, then ${plan.billComputation.runs} timed runs, each with a new term pricer per catalog and tax-rate set (everyone, students) shared by all its bills; the median run is reported. ` +
    `Every run must reproduce the reference bills. A second figure creates a pricer per bill (an on-demand bill's worst case).`,
  usageIngestion:
    `${plan.usageIngestion.products} mobile products with charge terms (half with a ported number) and their customers and accounts written straight into the table with the stores' item builders; ` +
    `${plan.usageIngestion.records} GB records through POST /usage/v1/usageBatch (${plan.usageIngestion.batchSize} per request, ${plan.usageIngestion.inFlight} requests in flight, about a third by phone number), every record answered created; ` +
    `the same number of records, built into the items the handler stores (guided, rated, with their index keys), through BatchWriteItem (25 per call, ${plan.usageIngestion.inFlight} calls in flight) on the same DynamoDB Local; ` +
    `the two alternate over ${plan.usageIngestion.rounds} rounds after an untimed warm-up of each on ${plan.usageIngestion.inFlight} × ${plan.usageIngestion.batchSize} records (one batch per request lane through the API, the same number through BatchWriteItem). Round trips from the x-local-dynamodb-round-trips header; CPU from this process and the DynamoDB Local JVM (/proc).`,
  billingRun:
    `${plan.billingRun.accounts} accounts (bench/billing-accounts.ts) written straight into the table (customers in France, default accounts with no card on file, schedules armed for the last Europe/Paris boundary, products with charge terms, unbilled usage); ` +
    `one run through POST /billing/v1/billRun (asOf the boundary + 1 s, admin token), polled every 250 ms until completed; it must bill every account, and every bill must be issued with its own number. The deliveries to the issued bills' consumers (the rules on CustomerBillIssued: delivery with its PDF, revenue, collection, receivables; on AWS Lambda capacity of their own) are held while the run and the floor's second half go on, then released 16 at a time; their drain is timed apart, and none may be dead-lettered. ` +
    `Settings BSS_BILLING_PAGE_SIZE=${plan.billingRun.pageSize}, BSS_BILLING_ACCOUNT_CONCURRENCY=${plan.billingRun.accountConcurrency}, BSS_BILLING_DUE_SHARDS=${plan.billingRun.dueShards}. ` +
    `Times from the run's startedAt, firstBillAt and completedAt; round trips are the billing functions' (every invocation's count, as the gateway counts them) over the accounts. ` +
    `The raw floor: ${plan.billingRun.floorAccounts} other accounts of the same population (outside the due index), the same reads and writes per account done directly with the SDK with the run's concurrency, its bills computed beforehand (their outbox events from a source no rule matches, so nothing consumes them); half before the run, half after.`,
};

const collectionsMethod = {
  billCollection:
    `${plan.collections.bills} issued open bills (5 to 80 EUR, seeded random), one account each (a customer in France with an e-mail address, its default account with pm_card_visa on file, no credit), written straight into the table as issuing leaves them ` +
    `(bill validated with its number, in the customer's bills and the open-bills index, its ledger entry, the balance moved); collectBill (what the rule customer-bill-issued-collects-bill runs per issued bill) called in this process, ` +
    `${plan.collections.concurrency} bills at a time, on the runtime's DynamoDB Local and the simulated gateway; not the billing run's own bills, which that rule collects while the run goes on. ` +
    `Afterwards every bill must be settled, out of the open-bills index, with its payment. Round trips counted in each call's scope. The raw floor: ${plan.collections.floorBills} other bills of the same population, ` +
    `the same requests per bill (bill, account; bill and credit; the attempt's claim; the gateway's lookup, authorize and capture; the payment's reads and transaction; the bill read back) made directly with the SDK, the same concurrency, its items built beforehand; half before the collection, half after.`,
  dunning:
    `${plan.collections.dunningAccounts} accounts on one test clock, each with one issued bill a day and an hour past its due date whose collection at issue was declined (pm_card_declined on file), and an e-mail address; ` +
    `one runCollections (functions/collections/run-collections.ts) as of that instant for the clock, in this process: it begins dunning for every account and performs day 1 of the default policy (a retry through the simulated gateway, declined, and a reminder through the simulated notification sender). ` +
    `Timed from the call to its answer. Checked afterwards: every account's dunning active with day 1 alone done and dated from its bill's due date, every bill's retry declined, every reminder recorded.`,
};

async function measureCollections(runtime: LocalRuntime): Promise<CollectionsFigures> {
  const billCollection = await measureBillCollection(runtime, plan.collections, progress);
  const dunning = await measureDunning(runtime, plan.collections, progress);
  return { billCollection, dunning };
}

async function measureBundles(): Promise<FunctionBundle[]> {
  freshDirectory(benchPaths.bundles);
  const bundles: FunctionBundle[] = [];
  for (const definition of functions) {
    const bundle = await bundleFunction(definition, benchPaths.bundles);
    bundles.push(bundle);
    const top = bundle.byPackage[0];
    progress(
      `bundle ${definition.name}: ${kilobytes(bundle.bytes)} minified (${kilobytes(bundle.initBytes)} loaded at init), ${kilobytes(bundle.gzipBytes)} gzip` +
        (top ? `; largest package ${top.name} ${kilobytes(top.bytes)}` : ''),
    );
  }
  return bundles;
}

/**
 * Every function's init, round by round: each round goes through every function in turn, so a
 * slow stretch of the host (seconds long here) lands on one round of many functions, which their
 * medians leave out, rather than on every round of one or two (restore-account-service and
 * stop-account-dunning were measured whole in one at 2240376, at 1.161 and 1.156 × against 1.153
 * and 1.149 right after).
 */
async function measureInits(bundles: FunctionBundle[]): Promise<ModuleInitFigures[]> {
  const events = firstInvocationEvents(routes, benchTokenPinning);
  const awsEndpoint = await startAwsEndpointStub();
  try {
    const measurements: ModuleInitMeasurement[] = [];
    for (const bundle of bundles) {
      const event = events.get(bundle.function);
      measurements.push(await prepareModuleInit(bundle.function, bundle.file, bundle.externalImports, event ? { event, awsEndpointUrl: awsEndpoint.url } : undefined));
    }
    progress(`init: ${bundles.length} functions prepared (their SDK clients found, one discarded round each); ${plan.initRuns} rounds through all of them`);
    for (let round = 1; round <= plan.initRuns; round += 1) {
      for (const measurement of measurements) await measurement.round();
      progress(`init: round ${round} of ${plan.initRuns} done`);
    }
    return bundles.map((bundle, index) => {
      const init = measurements[index]!.result();
      progress(
        `init ${bundle.function}: min ${init.minMs.toFixed(1)} ms, median ${init.medianMs.toFixed(1)} ms, max ${init.maxMs.toFixed(1)} ms over ${plan.initRuns} fresh processes ` +
          `(its SDK floor in processes alternating with them: ${init.externalsFloorMs.toFixed(1)} ms` +
          (init.ownShareMedianMs !== undefined ? `, then its own import in the same process ${init.ownShareMedianMs.toFixed(1)} ms, ${init.overFloorMedian!.toFixed(3)} ×)` : ')') +
          (init.firstInvocationMedianMs !== undefined ? `; first invocation ${init.firstInvocationMedianMs.toFixed(1)} ms, answered ${init.firstInvocationStatus}` : ''),
      );
      return {
        function: bundle.function,
        minMs: round2(init.minMs),
        medianMs: round2(init.medianMs),
        maxMs: round2(init.maxMs),
        runsMs: init.runsMs.map(round2),
        discardedFirstRunMs: round2(init.discardedFirstRunMs),
        processReadyMedianMs: round2(init.processReadyMedianMs),
        externalsFloorMs: round2(init.externalsFloorMs),
        sdkClientsBuiltAtInit: init.sdkClientsBuiltAtInit,
        ...(init.ownShareMedianMs !== undefined ? { ownShareMedianMs: round2(init.ownShareMedianMs) } : {}),
        ...(init.overFloorMedian !== undefined ? { overFloorMedian: Math.round(init.overFloorMedian * 1000) / 1000 } : {}),
        ...(init.firstInvocationMedianMs !== undefined ? { firstInvocationMedianMs: round2(init.firstInvocationMedianMs), firstInvocationStatus: init.firstInvocationStatus } : {}),
        externalImports: bundle.externalImports,
        node: init.node,
      };
    });
  } finally {
    await awsEndpoint.close();
  }
}

interface RunStart {
  started: number;
  loadAverageAtStart: number[];
  machine: ReturnType<typeof machineInfo>;
}

function startRun(): RunStart {
  return { started: performance.now(), loadAverageAtStart: loadavg(), machine: machineInfo() };
}

/** What every report opens with: its schema, when, which commit, how long the run took, on what machine. */
function reportHeader(run: RunStart) {
  return {
    schemaVersion: 1 as const,
    generatedAt: new Date().toISOString(),
    durationSeconds: round2((performance.now() - run.started) / 1000),
    git: gitCommit(benchPaths.repositoryRoot),
    machine: { ...run.machine, loadAverageAtStart: run.loadAverageAtStart, loadAverageAtEnd: loadavg() },
  };
}

/** Writes the report's JSON and markdown under bench/reports (`latest`, or the section's `only-<name>`) and prints the markdown. */
function publishReport(report: Parameters<typeof writeReportFiles>[1], markdown: string, name?: string): void {
  const files = writeReportFiles(benchPaths.reports, report, markdown, name);
  console.log(`\n${markdown}`);
  progress(`wrote ${files.map((file) => relative(benchPaths.repositoryRoot, file)).join(', ')}`);
}

/** A `--only` section's own local runtime (in memory), stopped and its data removed whatever `work` does. */
async function withOwnRuntime<T>(work: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
  freshDirectory(benchPaths.runtimeData);
  const runtime = await startLocalRuntime({ port: 0, servicesPort: 0, inMemory: true, dataDirectory: benchPaths.runtimeData, log: () => {}, logRequests: false });
  try {
    progress(`runtime up: API ${runtime.url}, DynamoDB Local ${runtime.dynamoDbEndpoint}`);
    return await work(runtime);
  } finally {
    progress('stopping the local runtime');
    await runtime.stop();
    rmSync(benchPaths.runtimeData, { recursive: true, force: true });
  }
}

/** `--only=billing`: the billing issue's sections alone (a runtime of their own), bench/reports/only-billing.*. */
async function billingOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, billing only${quick ? ' (quick run)' : ''}`);
  // Before the runtime's sections, for the reason measureInProcessSections gives.
  const billComputation = await measureBillComputation();
  const { usageIngestion, billingRun } = await withOwnRuntime(async (runtime) => {
    const adminToken = await issueToken(runtime.signingKey, { role: 'admin' });
    const api = new BenchApi(runtime.url, adminToken);
    const seeded = await seedDemoCatalog({ apiUrl: runtime.url, token: adminToken, log: () => {} });
    progress(`demo catalog seeded (${seeded.created} resources)`);
    const usageIngestion = await measureUsageIngestion(runtime, api, plan.usageIngestion, new UseCaseSamples(), progress);
    return { usageIngestion, billingRun: await measureBillingRun(runtime, api, plan.billingRun, progress) };
  });
  const report: BillingOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'billing', billComputation: plan.billComputation, usageIngestion: plan.usageIngestion, billingRun: plan.billingRun },
    method: billingMethod,
    targets: evaluateBillingTargets({
      billsPerSecond: billComputation.billsPerSecond,
      usageIngestionRatio: usageIngestion.ratio,
      billingRunRatio: billingRun.ratio,
      billingRunBilledEveryAccount: billingRun.run.billedEveryAccount,
    }),
    billComputation,
    usageIngestion,
    billingRun,
  };
  const markdown = renderBillingOnlyMarkdown(report);
  publishReport(report, markdown, 'only-billing');
}

/** The soak without faults, then with the default profile, each on a runtime of its own in a process of its own. */
async function measureSoakPasses(): Promise<SoakFigures> {
  const clean = await measureSoakInOwnProcess(plan.soak, 'none', progress);
  const faulted = await measureSoakInOwnProcess(plan.soak, 'default', progress);
  return { clean, faulted };
}

/** `--only=soak`: the soak alone, both passes, bench/reports/only-soak.*. */
async function soakOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, soak only${quick ? ' (quick run)' : ''}`);
  const soak = await measureSoakPasses();
  const report: SoakOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'soak', soak: plan.soak },
    method: { soak: soakMethod() },
    targets: evaluateSoakTargets(soak),
    soak,
  };
  const markdown = renderSoakOnlyMarkdown(report);
  publishReport(report, markdown, 'only-soak');
}

/**
 * The sections that time code in this machine's CPU alone (rating, telecom rating, bill
 * computation, bill documents), run before the local runtime's. This host slows a machine that
 * has been busy for minutes by about a third, and takes a minute or two of idling to recover:
 * the same bill computation bundle gave 31,830 bills/s idle and 20,645-20,949 right after eight
 * minutes of both cores busy (December 2026), which is what the runtime's sections do to it.
 * Measured after them, these figures would be the host's throttling rather than the code.
 */
async function measureInProcessSections() {
  progress(`rating ${plan.ratingRecords.toLocaleString('en')} usage records in-process`);
  const rating = await measureUsageRating({
    records: plan.ratingRecords,
    onProgress: (done) => progress(`  rated ${done.toLocaleString('en')} records`),
  });
  progress(`  ${Math.round(rating.recordsPerSecond).toLocaleString('en')} records/s (${rating.priceModels.join(', ')})`);
  const telecomRating = measureTelecomRating({ ...plan.telecomRating, onProgress: progress });
  progress(`  ${Math.round(telecomRating.recordsPerSecond).toLocaleString('en')} calls/s`);
  const billComputation = await measureBillComputation();
  const billDocuments = await measureBillDocumentRendering(plan.billDocuments, progress);
  return { rating, telecomRating, billComputation, billDocuments };
}

async function measureBillComputation() {
  progress(`computing the bills of ${plan.billComputation.accounts.toLocaleString('en')} accounts in a process of their own (bundled), ${plan.billComputation.runs} runs`);
  const billComputation = await measureBundledBillComputation({ ...plan.billComputation, onProgress: progress });
  progress(`  ${billComputation.billsPerSecond.toLocaleString('en')} bills/s (median)`);
  return billComputation;
}

/** `--only=collections`: a runtime of its own, the collections sections alone, bench/reports/only-collections.*. */
async function collectionsOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, collections only${quick ? ' (quick run)' : ''}`);
  const collections = await withOwnRuntime(measureCollections);
  const report: CollectionsOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'collections', collections: plan.collections },
    method: collectionsMethod,
    targets: { collectionRatio: evaluateCollectionTarget(collections.billCollection.ratio, collections.billCollection.run.settledEveryBill) },
    collections,
  };
  const markdown = renderCollectionsOnlyMarkdown(report);
  publishReport(report, markdown, 'only-collections');
}

/** `--only=revenue`: a runtime of its own, the revenue close and the report queries alone, bench/reports/only-revenue.*. */
async function revenueOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, revenue close and reports only${quick ? ' (quick run)' : ''}`);
  const revenueClose = await withOwnRuntime(async (runtime) =>
    measureRevenueClose(runtime, new BenchApi(runtime.url, await issueToken(runtime.signingKey, { role: 'admin' })), plan.revenueClose, progress),
  );
  const report: RevenueOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'revenue', revenueClose: plan.revenueClose },
    method: { revenueClose: revenueCloseMethod },
    revenueClose,
  };
  const markdown = renderRevenueOnlyMarkdown(report);
  publishReport(report, markdown, 'only-revenue');
}

const ratingMethod = `${plan.ratingRecords} seeded-random usage records rated one by one in this process by the pricing engine's incremental rater (per price model, round robin), checked at the end against rating each price's total at once (transactions, each record an event with its own fee: against rating the records again).`;
const telecomRatingMethod =
  `${plan.telecomRating.records} call records (from a seeded pool of 65,536) rated one by one in this process: the destination's zone by longest prefix in a ${plan.telecomRating.prefixes}-prefix, two-version zone table (domain/rating/zone-table.ts, a digit trie), ` +
  'the call split at time-band boundaries in Europe/Paris (peak 08:00-20:00 weekdays, off-peak, weekend, holidays; domain/rating/time-bands.ts), charged at the zone\'s band prices with 60/1 increments, a connect fee, a per-event maximum and a per-call cap (domain/rating/call-charging.ts). ' +
  'One in 50 numbers matches no prefix (counted, not charged). A second, untimed pass must give the same checksum of every charge. The same functions rate calls in quotes and bills (domain/pricing/call-rating.ts, docs/rating.md).';

/** `--only=rating`: plain and telecom rating side by side, in this process, bench/reports/only-rating.*. */
async function ratingOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, rating only${quick ? ' (quick run)' : ''}`);
  const rating = await measureUsageRating({ records: plan.ratingRecords });
  const telecomRating = measureTelecomRating({ ...plan.telecomRating, onProgress: progress });
  progress(`  ${Math.round(telecomRating.recordsPerSecond).toLocaleString('en')} calls/s (plain rating: ${Math.round(rating.recordsPerSecond).toLocaleString('en')} records/s)`);
  const report: RatingOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'rating', ratingRecords: plan.ratingRecords, telecomRating: plan.telecomRating },
    method: { rating: ratingMethod, telecomRating: telecomRatingMethod },
    rating: { ...rating, seconds: round2(rating.seconds), recordsPerSecond: Math.round(rating.recordsPerSecond) },
    telecomRating: { ...telecomRating, seconds: round2(telecomRating.seconds), recordsPerSecond: Math.round(telecomRating.recordsPerSecond) },
  };
  const markdown = renderRatingOnlyMarkdown(report);
  publishReport(report, markdown, 'only-rating');
}

/** `--only=init`: every function bundled, and its cold module init against its SDK floor, bench/reports/only-init.*. */
async function initOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, ${functions.length} functions, module init only${quick ? ' (quick run)' : ''}`);
  const inits = await measureInits(await measureBundles());
  const report: InitOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'init', initRuns: plan.initRuns },
    method: { moduleInit: moduleInitMethod(machine.nodeExecPath) },
    targets: { moduleInit: evaluateModuleInitTarget(inits) },
    moduleInit: inits,
  };
  const markdown = renderInitOnlyMarkdown(report);
  publishReport(report, markdown, 'only-init');
}

/** Where the init probes ran, for the report's method (bench/measured-cpu.ts says why one CPU). */
function probeCpuText(): string {
  const cpu = measuredCpu();
  return cpu === undefined ? 'on every CPU (taskset could not pin them)' : `pinned to CPU ${cpu} with taskset, as Lambda gives a function of up to 1,769 MB at most one vCPU`;
}

function moduleInitMethod(nodeExecPath: string): string {
  return (
    `per function ${plan.initRuns} fresh \`${nodeExecPath}\` processes (after one discarded run; each round goes through every function in turn), ${probeCpuText()}, each timing \`await import(bundle)\` with a Lambda-like environment and dummy credentials, ` +
    "alternating with as many processes that import only the bundle's externals and construct the SDK clients it builds at init, found in a process of its own (its SDK floor), then import the bundle (its own share, timed apart); the bundle's externals resolve from the repository's node_modules. " +
    'Median and max reported; the target is the median of (floor + own share) ÷ floor, both timed in one process, so the host\'s speed, which moves whole processes, cancels out. A function an API route reaches is then invoked once in the same process (its route with ids no item has, ' +
    "the route's documented request example, an admin's claims) against a loopback stub answering every AWS call with the smallest success (bench/aws-endpoint-stub.ts): " +
    'the first invocation, reported beside init so that cost moved out of init into the first request shows.'
  );
}

/** `--only=documents`: the PDF rendering alone, bench/reports/only-documents.*. */
async function documentsOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, bill documents only${quick ? ' (quick run)' : ''}`);
  const billDocuments = await measureBillDocumentRendering(plan.billDocuments, progress);
  const report: DocumentsOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'documents', billDocuments: plan.billDocuments },
    method: { billDocuments: billDocumentsMethod },
    billDocuments,
  };
  const markdown = renderDocumentsOnlyMarkdown(report);
  publishReport(report, markdown, 'only-documents');
}

const webMethod =
  `The portal and the agent desktop built as npm run web:build builds them (esbuild, minified); first load: the scripts each index.html loads, gzipped at level 9. ` +
  `Then the system started as \`npm start -- --in-memory\` starts it, in its own process with its demo data, and Debian's Chromium headless at 1280 × 800 (test/support/browser.ts), signed in through the dev issuer's sign-in page as the demo customer (Camille Martin) and as the demo agent. ` +
  `Each main page visited once untimed, then ${plan.web.visits} times, each a full navigation with the browser cache disabled (a first visit's download of the app every time). ` +
  'Usable: from navigation start until the page shows its heading and no loading state is left (every section\'s request answered), read in the page from performance.now() on each animation frame; nearest-rank percentiles. ' +
  'API requests: those the first timed visit made before it was usable, other than the app\'s own files and the sign-in pages.';

/** `--only=web`: the web apps alone, bench/reports/only-web.*. */
async function webOnly(): Promise<void> {
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, web apps only${quick ? ' (quick run)' : ''}`);
  const web = await measureWebPages(plan.web, progress);
  const report: WebOnlyReport = {
    ...reportHeader(run),
    plan: { quick, only: 'web', web: plan.web },
    method: { web: webMethod },
    targets: evaluateWebTargets(web),
    web,
  };
  const markdown = renderWebOnlyMarkdown(report);
  publishReport(report, markdown, 'only-web');
}

async function main(): Promise<void> {
  if (only === 'billing') return billingOnly();
  if (only === 'web') return webOnly();
  if (only === 'collections') return collectionsOnly();
  if (only === 'documents') return documentsOnly();
  if (only === 'init') return initOnly();
  if (only === 'revenue') return revenueOnly();
  if (only === 'rating') return ratingOnly();
  if (only === 'soak') return soakOnly();
  const run = startRun();
  const { machine } = run;
  progress(`${machine.cpuCount} × ${machine.cpuModel}, Node.js ${machine.node}, ${functions.length} functions${quick ? ' (quick run)' : ''}`);

  const bundles = await measureBundles();
  const inits = await measureInits(bundles);
  const { rating, telecomRating, billComputation, billDocuments } = await measureInProcessSections();

  progress('starting the local runtime (DynamoDB Local in memory, gateway, event bus, workflows)');
  freshDirectory(benchPaths.runtimeData);
  // The order-to-cash figure should show the saga's own time, not the simulated provider's wait.
  process.env.BSS_SIMULATED_PROVISIONING_DELAY_SECONDS ??= '0';
  const runtime: LocalRuntime = await startLocalRuntime({
    port: 0,
    servicesPort: 0,
    inMemory: true,
    dataDirectory: benchPaths.runtimeData,
    log: () => {},
    logRequests: false,
  });
  const samples = new UseCaseSamples();
  let latencyRun: Awaited<ReturnType<typeof measureLatency>>;
  let orderToCash: OrderToCashFigures;
  let usageIngestion: UsageIngestionFigures;
  let billingRun: BillingRunFigures;
  let collections: CollectionsFigures;
  let revenueClose: RevenueCloseFigures;
  try {
    progress(`runtime up: API ${runtime.url}, DynamoDB Local ${runtime.dynamoDbEndpoint}`);
    const adminToken = await issueToken(runtime.signingKey, { role: 'admin' });
    const api = new BenchApi(runtime.url, adminToken);
    latencyRun = await measureLatency(runtime, api, plan.latency, samples, progress);
    await measureOtherUseCases(runtime, api, latencyRun.created, plan.otherUseCases, samples, progress);
    const seeded = await seedDemoCatalog({ apiUrl: runtime.url, token: adminToken, log: () => {} });
    progress(`demo catalog seeded (${seeded.created} resources)`);
    await measureCatalogReads(api, plan.catalogReads, samples, progress);
    await seedDemoStock({ apiUrl: runtime.url, token: adminToken });
    orderToCash = await measureOrderToCash(api, plan.orderToCash, samples, progress);
    usageIngestion = await measureUsageIngestion(runtime, api, plan.usageIngestion, samples, progress);
    billingRun = await measureBillingRun(runtime, api, plan.billingRun, progress);
    collections = await measureCollections(runtime);
    revenueClose = await measureRevenueClose(runtime, api, plan.revenueClose, progress);
  } finally {
    progress('stopping the local runtime');
    await runtime.stop();
    rmSync(benchPaths.runtimeData, { recursive: true, force: true });
  }
  const soak = await measureSoakPasses();
  const web = await measureWebPages(plan.web, progress);

  const byUseCase = samples.latencySummaries();
  const roundTrips = samples.roundTripSummaries();
  const p50 = (useCase: string) => byUseCase[useCase]!.p50;
  const ratios = {
    getCustomerP50OverRawGetItemP50: round2(p50(latencyUseCases.getCustomer) / p50(latencyUseCases.rawGetItem)),
    postCustomerP50OverRawPutItemP50: round2(p50(latencyUseCases.postCustomer) / p50(latencyUseCases.rawPutItem)),
  };
  const report: BenchReport = {
    ...reportHeader(run),
    plan: { quick, ...plan },
    method: {
      bundles: 'esbuild JS API with infra/lambda-bundling.ts options (minified ESM split at import(), node24, @aws-sdk/* external); size of all the chunks, and of those loaded at init (the entry and what it imports statically); gzip at level 9 of all; composition from the metafile (bytes in output).',
      moduleInit: moduleInitMethod(machine.nodeExecPath),
      latency: `local runtime in this process (in-memory DynamoDB Local); admin token; ${plan.latency.warmup} warm-up calls of each kind; then, one request at a time, ${plan.latency.posts} POST customer interleaved with ${plan.latency.raw} raw PutItem, a wait for the POSTs' background work, then ${plan.latency.gets} GET customer/{id} (seeded random ids among the created) interleaved with ${plan.latency.raw} raw GetItem (DynamoDBDocumentClient on the same endpoint and table, BENCH# keys, customer-sized item). Client-side time from fetch to body read; nearest-rank percentiles.`,
      roundTrips: 'x-local-dynamodb-round-trips response header (SDK calls the handler made to DynamoDB), per request.',
      catalogReads: `demo catalog seeded through the API; ${plan.catalogReads.reads} GETs of offerings and of prices (round robin), ${plan.catalogReads.quotes} lists and quotes of a bundle and of a plan with a usage estimate; no cache: every read goes to DynamoDB Local.`,
      orderToCash: `demo stock seeded; one customer per order (France, pm_card_visa); ${plan.orderToCash.orders} orders of Nova X + Mobile M placed one at a time after one untimed order, each polled every 20 ms until completed; the simulated provisioning system answers at once (BSS_SIMULATED_PROVISIONING_DELAY_SECONDS=0 unless the environment sets it), so the figure is the saga's own time.`,
      rating: ratingMethod,
      telecomRating: telecomRatingMethod,
      ...billingMethod,
      ...collectionsMethod,
      revenueClose: revenueCloseMethod,
      billDocuments: billDocumentsMethod,
      soak: soakMethod(),
      web: webMethod,
    },
    targets: evaluateTargets(bundles, inits, ratios.getCustomerP50OverRawGetItemP50, catalogReadRoundTrips(roundTrips), {
      billsPerSecond: billComputation.billsPerSecond,
      usageIngestionRatio: usageIngestion.ratio,
      billingRunRatio: billingRun.ratio,
      billingRunBilledEveryAccount: billingRun.run.billedEveryAccount,
      collectionRatio: collections.billCollection.ratio,
      collectionSettledEveryBill: collections.billCollection.run.settledEveryBill,
    }, soak, web),
    bundles: bundles.map(({ function: name, entry, bytes, initBytes, gzipBytes, topInputs, byPackage, externalImports }) => ({
      function: name,
      entry,
      bytes,
      initBytes,
      gzipBytes,
      topInputs,
      byPackage,
      externalImports,
    })),
    moduleInit: inits,
    latency: { byUseCase, ratios, itemBytes: latencyRun.itemBytes, backgroundDrained: latencyRun.backgroundDrained },
    roundTrips,
    rating: { ...rating, seconds: round2(rating.seconds), recordsPerSecond: Math.round(rating.recordsPerSecond) },
    orderToCash,
    billComputation,
    usageIngestion,
    billingRun,
    collections,
    billDocuments,
    revenueClose,
    soak,
    web,
    telecomRating: { ...telecomRating, seconds: round2(telecomRating.seconds), recordsPerSecond: Math.round(telecomRating.recordsPerSecond) },
  };

  const markdown = renderMarkdown(report);
  publishReport(report, markdown);
}

/** The most round trips any single catalog read (offering or price by id) needed. */
function catalogReadRoundTrips(roundTrips: ReturnType<UseCaseSamples['roundTripSummaries']>): number {
  const reads = roundTrips.filter((entry) => entry.useCase === catalogReadUseCases.getOffering || entry.useCase === catalogReadUseCases.getPrice);
  if (reads.length !== 2) throw new Error('the catalog read use cases were not measured');
  return Math.max(...reads.map((entry) => entry.max));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench] crashed:', error);
    process.exit(1);
  },
);

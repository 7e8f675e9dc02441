import { latencyUseCases } from './api-latency.js';
import type { BillDocumentFigures } from './bill-documents.js';
import type { BenchReport, BillingOnlyReport, CollectionsFigures, CollectionsOnlyReport, DocumentsOnlyReport, InitOnlyReport, ModuleInitFigures, RatingOnlyReport, RevenueOnlyReport, SoakFigures, SoakOnlyReport, WebOnlyReport } from './report.js';
import type { SoakPassFigures } from './soak.js';
import type { RevenueCloseFigures } from './revenue-close.js';
import { initOverFloor, type TargetResult } from './targets.js';
import type { WebFigures } from './web-pages.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mark = (pass: boolean) => (pass ? '✅' : '❌');
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const table = (header: string[], rows: Array<Array<string | number>>) =>
  [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');

/** When, on what commit and machine, and how loaded it was: the first lines of every report. */
function runHeader(report: Pick<BenchReport, 'generatedAt' | 'git' | 'durationSeconds' | 'machine'>): string[] {
  const { machine } = report;
  return [
    `${report.generatedAt} · commit ${report.git.commit ?? 'n/a'}${report.git.dirty ? ' (uncommitted changes)' : ''} · ${report.durationSeconds.toFixed(0)} s`,
    '',
    `Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os} ${machine.arch}, Node.js ${machine.node}. ` +
      `Load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join('/')} at start, ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join('/')} at end.`,
  ];
}

function targetRow(result: TargetResult): Array<string | number> {
  const format = (value: number) =>
    result.unit === 'bytes' ? kb(value) : result.unit === 'ms' ? ms(value) : result.unit === '×' ? `${value.toFixed(3)}×` : `${value.toLocaleString('en')} ${result.unit}`;
  const failing = result.failing.map((entry) => `${entry.function} (${format(entry.value)})`).join(', ');
  return [result.target, format(result.worst), mark(result.pass), failing || '—'];
}

/** bench/reports/latest.md: the same figures as latest.json, for people. */
export function renderMarkdown(report: BenchReport): string {
  const { targets, latency } = report;
  const largest = [...report.bundles].sort((a, b) => b.bytes - a.bytes)[0]!;
  const initOf = new Map(report.moduleInit.map((init) => [init.function, init]));
  const ratioOf = new Map(initOverFloor(report.moduleInit).map((entry) => [entry.function, entry.value]));
  const comparison = [latencyUseCases.getCustomer, latencyUseCases.rawGetItem, latencyUseCases.postCustomer, latencyUseCases.rawPutItem];
  const others = Object.keys(latency.byUseCase).filter((useCase) => !comparison.includes(useCase as never));
  const latencyRow = (useCase: string) => {
    const s = latency.byUseCase[useCase]!;
    return [useCase, s.count, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.mean), ms(s.max)];
  };

  return [
    `# Benchmark report`,
    '',
    ...runHeader(report),
    '',
    `## Targets ${targets.allPass ? '— all met' : '— some missed'}`,
    '',
    table(
      ['Target', 'Measured (worst)', 'Met', 'Missed by'],
      [
        targetRow(targets.bundleSize),
        targetRow(targets.moduleInit),
        targetRow(targets.getLatencyRatio),
        targetRow(targets.catalogReadRoundTrips),
        targetRow(targets.billComputation),
        targetRow(targets.usageIngestionRatio),
        targetRow(targets.billingRunRatio),
        targetRow(targets.collectionRatio),
        targetRow(targets.soakErrors),
        targetRow(targets.soakMemory),
        targetRow(targets.faultedSoakErrors),
        targetRow(targets.faultedSoakInvariants),
        targetRow(targets.webFirstLoad),
        targetRow(targets.webUsable),
        targetRow(targets.homeApiRequests),
      ],
    ),
    '',
    `## Bundles and cold module init`,
    '',
    table(
      ['Function', 'Minified', 'At init', 'Gzip', 'Largest package', '≤ 250 KB', 'Init min', 'Init median', 'Init max', 'SDK floor', 'Own share', 'Over floor', `≤ ${targets.moduleInit.limit}×`, 'First invocation'],
      report.bundles.map((bundle) => {
        const init = initOf.get(bundle.function);
        const ratio = ratioOf.get(bundle.function);
        const top = bundle.byPackage[0];
        return [
          bundle.function,
          kb(bundle.bytes),
          kb(bundle.initBytes),
          kb(bundle.gzipBytes),
          top ? `${top.name} (${kb(top.bytes)})` : '—',
          mark(bundle.bytes <= targets.bundleSize.limit),
          init ? ms(init.minMs) : '—',
          init ? ms(init.medianMs) : '—',
          init ? ms(init.maxMs) : '—',
          init && init.externalImports.length > 0 ? ms(init.externalsFloorMs) : '—',
          init ? ms(ownShareOf(init)) : '—',
          ratio !== undefined ? `${ratio.toFixed(3)}×` : '—',
          ratio !== undefined ? mark(ratio <= targets.moduleInit.limit) : '—',
          init?.firstInvocationMedianMs !== undefined ? `${ms(init.firstInvocationMedianMs)} (${init.firstInvocationStatus})` : '—',
        ];
      }),
    ),
    '',
    `Init: min, median and max of \`await import(bundle)\` over fresh Node.js processes. SDK floor: median time to import only the modules the bundle leaves external (the runtime-provided AWS SDK) and construct the SDK clients it builds at init, in processes alternating with the bundle's runs — the part of init the function's own code cannot shrink while it uses them; "Own share" the median time to import the bundle right after that, in the floor's process, the SDK loaded, less a warm rebuild of the clients the floor had built (without externals: its init median); "Over floor" the median of the rounds' (floor + own share) ÷ floor, both timed in one process so that the host's speed cancels (a bundle without externals: its median over the run's lowest floor); "First invocation" the median of the first call after init, for a function an API route reaches, with what it answered.`,
    '',
    `### What the largest bundle (${largest.function}, ${kb(largest.bytes)}) is made of`,
    '',
    table(['Top inputs', 'Bytes in output'], largest.topInputs.map((input) => [`\`${input.name}\``, kb(input.bytes)])),
    '',
    table(['By package', 'Bytes in output'], largest.byPackage.slice(0, 8).map((input) => [input.name, kb(input.bytes)])),
    '',
    `## API latency against raw DynamoDB (same DynamoDB Local, one request at a time)`,
    '',
    table(['Use case', 'n', 'p50', 'p90', 'p99', 'mean', 'max'], comparison.map(latencyRow)),
    '',
    `GET customer p50 / raw GetItem p50 = **${latency.ratios.getCustomerP50OverRawGetItemP50.toFixed(2)}×** (target ≤ 2×); ` +
      `POST customer p50 / raw PutItem p50 = **${latency.ratios.postCustomerP50OverRawPutItemP50.toFixed(2)}×**. ` +
      `Stored customer item ≈ ${latency.itemBytes.customerItem} B as JSON; raw item ${latency.itemBytes.rawItem} B.` +
      (latency.backgroundDrained ? '' : ' The POSTs\' background work had not drained when the GETs started.'),
    '',
    `Other use cases (small samples, after one untimed call each):`,
    '',
    table(['Use case', 'n', 'p50', 'p90', 'p99', 'mean', 'max'], others.map(latencyRow)),
    '',
    `## DynamoDB round trips per request`,
    '',
    table(
      ['Use case', 'Requests', 'Min', 'Typical', 'Max'],
      report.roundTrips.map((entry) => [entry.useCase, entry.requests, entry.min, entry.typical, entry.max]),
    ),
    '',
    ...ratingSection(report),
    `## Order-to-cash`,
    '',
    `**${report.orderToCash.orders} orders** of a handset and a plan, one at a time: from the POST's answer to the order read back \`completed\`, ` +
      `p50 ${report.orderToCash.captureToCompletedMs.p50} ms, p90 ${report.orderToCash.captureToCompletedMs.p90} ms, max ${report.orderToCash.captureToCompletedMs.max} ms ` +
      `(simulated provisioning answering after ${report.orderToCash.provisioningDelaySeconds} s).`,
    '',
    ...billComputationSection(report),
    ...usageIngestionSection(report),
    ...billingRunSection(report),
    ...collectionsSection(report.collections),
    ...revenueCloseSection(report.revenueClose),
    ...billDocumentsSection(report.billDocuments),
    ...soakSection(report.soak),
    ...webSection(report.web),
    `## Method`,
    '',
    ...Object.entries(report.method).map(([name, text]) => `- **${name}**: ${text}`),
    '',
  ].join('\n');
}

const count = (value: number) => value.toLocaleString('en');
const cpu = (seconds: { node: number; dynamoDbLocal: number | null }) => `${seconds.node.toFixed(1)} s / ${seconds.dynamoDbLocal === null ? 'n/a' : `${seconds.dynamoDbLocal.toFixed(1)} s`}`;

function billComputationSection({ billComputation: figures }: Pick<BenchReport, 'billComputation'>): string[] {
  const workload = figures.workload;
  const plans = Object.entries(workload.termsByPlan).map(([plan, terms]) => `${plan} ${count(terms)}`).join(', ');
  return [
    `## Bill computation (in-process)`,
    '',
    `**${count(figures.billsPerSecond)} bills per second** on one core (\`computeBill\`, median of ${figures.runs} runs: ${figures.runsBillsPerSecond.map(count).join(', ')}), ` +
      `one term pricer per catalog and tax-rate set shared by the run's bills, as a billing page shares them; ${count(figures.pricerPerBillBillsPerSecond)} bills/s with a new pricer for every bill (the worst case: an on-demand bill); ` +
      `${count(figures.firstPassBillsPerSecond)} bills/s in the first pass, before the JIT has optimized the code. ` +
      `Bundled as the functions are, in a process of its own with the billing function's heap options (${figures.heapOptions?.length ? figures.heapOptions.map((option) => `\`${option}\``).join(' ') : 'none'}).`,
    '',
    `Workload: ${count(workload.accounts)} accounts due ${figures.billDate} (Europe/Paris, cycle day 1), ${count(workload.products)} products (terms: ${plans}); ` +
      `${count(workload.newAccounts)} first bills, ${count(workload.planChanges)} plan changes and ${count(workload.terminations)} terminations during the period, ${count(workload.students)} students, ` +
      `${count(workload.productsWithPromotion)} products in the launch promotion, ${count(workload.portedNumbers)} ported numbers; usage on ${count(workload.accountsWithUsage)} accounts (${count(workload.usageRecords)} GB records). ` +
      `${workload.linesPerBill} lines per bill, ${count(workload.billsWithUsageLines)} bills with usage lines, ${count(workload.creditLines)} credit lines, ${count(workload.billsWithoutLines)} bills without lines.`,
    '',
  ];
}

function usageIngestionSection({ usageIngestion: figures }: Pick<BenchReport, 'usageIngestion'>): string[] {
  const trips = figures.api.roundTripsPerBatch;
  return [
    `## Usage ingestion (batch API against raw BatchWriteItem, same DynamoDB Local)`,
    '',
    table(
      ['Path', 'Records', 'Seconds', 'Records/s', 'Calls', 'CPU this process / DynamoDB Local'],
      [
        [`POST /usage/v1/usageBatch (${figures.batchSize} per request, ${figures.inFlight} in flight)`, count(figures.records), figures.api.seconds.toFixed(1), count(figures.api.recordsPerSecond), `${count(figures.api.requests)} requests`, cpu(figures.api.cpuSeconds)],
        [`raw BatchWriteItem (${figures.raw.itemsPerCall} per call, ${figures.inFlight} in flight)`, count(figures.records), figures.raw.seconds.toFixed(1), count(figures.raw.recordsPerSecond), `${count(figures.raw.calls)} calls`, cpu(figures.raw.cpuSeconds)],
      ],
    ),
    '',
    `API / raw = **${figures.ratio.toFixed(2)}×** (target ≥ 0.5×). **${trips.typical} DynamoDB round trips per ${figures.batchSize}-record batch** (min ${trips.min}, max ${trips.max}: ` +
      `${Object.entries(figures.api.callsPerBatch).map(([operation, calls]) => `${operation} ${calls}`).join(', ')} on average); ` +
      `request time p50 ${ms(figures.api.requestMs.p50)}, max ${ms(figures.api.requestMs.max)}. ` +
      `${count(figures.products)} products of ${count(figures.customers)} customers; ${count(figures.byPhoneNumber)} records named their product by phone number; a stored usage item is about ${count(figures.usageItemBytes)} B. Seeding took ${figures.seedSeconds.toFixed(1)} s.`,
    '',
  ];
}

function billingRunSection({ billingRun: figures }: Pick<BenchReport, 'billingRun'>): string[] {
  const { run, floor, settings, billConsumers } = figures;
  const operations = Object.entries(run.callsByOperation).sort((a, b) => b[1] - a[1]);
  const errors = Object.entries(run.callErrors);
  return [
    `## Billing run`,
    '',
    table(
      ['Path', 'Accounts', 'Seconds', 'Accounts/s', 'Bills/s', 'Round trips per account', 'CPU this process / DynamoDB Local'],
      [
        ['POST /billing/v1/billRun → billing-run state machine', count(figures.accounts), run.seconds.toFixed(1), count(run.accountsPerSecond), count(run.billsPerSecond), run.roundTripsPerAccount.toFixed(2), cpu(run.cpuSeconds)],
        ['raw floor (the same calls per account, SDK)', count(floor.accounts), floor.seconds.toFixed(1), count(floor.accountsPerSecond), '—', floor.callsPerAccount.toFixed(2), cpu(floor.cpuSeconds)],
      ],
    ),
    '',
    ...(run.billedEveryAccount ? [] : [`**The run did not bill every account**: ${run.problems.join('; ')}.`, '']),
    `Run / floor = **${figures.ratio.toFixed(2)}×** (target ≥ 0.33×, with every account billed). First bill ${run.firstBillSeconds === null ? '—' : `${run.firstBillSeconds.toFixed(1)} s`} after the run started; counts ${JSON.stringify(run.counts)}. ` +
      `Settings: pages of ${settings.pageSize}, ${settings.accountConcurrency} accounts at a time, ${settings.dueShards} due shards, ${settings.mapMaxConcurrency} pages in flight. ` +
      `Seeded ${count(figures.seed.items)} items in ${figures.seed.seconds.toFixed(1)} s (the stream relay caught up ${figures.seed.streamCatchUpSeconds.toFixed(1)} s later); bills dated ${figures.billDate}; ` +
      `${count(figures.workload.products)} products, usage on ${count(figures.workload.accountsWithUsage)} accounts (${count(figures.workload.usageRecords)} records), ${count(figures.workload.newAccounts)} first bills, ` +
      `${count(figures.workload.planChanges)} plan changes, ${count(figures.workload.terminations)} terminations.`,
    '',
    `The handlers' DynamoDB calls while the run went on (the polls of the run included): ${operations.map(([operation, calls]) => `${operation} ${count(calls)}`).join(', ')}` +
      (errors.length > 0 ? `; errors: ${errors.map(([name, times]) => `${name} ×${count(times)}`).join(', ')}.` : '.'),
    '',
    functionActivityTable(run.byFunction),
    '',
    `The issued bills' consumers (${billConsumers.rules.join(', ')}) were held while the run (and the floor's second half) went on, as their own Lambda capacity would keep them off the run's on AWS; ` +
      `released afterwards, ${billConsumers.concurrency} at a time, their ${count(billConsumers.deliveries)} deliveries drained in **${billConsumers.drainSeconds.toFixed(1)} s**` +
      (billConsumers.deadLetters > 0 ? `, **${count(billConsumers.deadLetters)} of them dead-lettered**:` : ', none dead-lettered:'),
    '',
    functionActivityTable(billConsumers.byFunction),
    '',
  ];
}

function functionActivityTable(byFunction: BenchReport['billingRun']['run']['byFunction']): string {
  return table(
    ['Function', 'Invocations', 'Round trips', 'Invocation time (summed)'],
    Object.entries(byFunction).map(([name, activity]) => [name, count(activity.invocations), count(activity.roundTrips), `${(activity.ms / 1000).toFixed(1)} s`]),
  );
}

/**
 * The frame every `--only` report shares: its title, the run header, its targets (when it has
 * any), its sections, and the method of each section.
 */
function onlyReportMarkdown(title: string, report: Parameters<typeof runHeader>[0] & { method: Record<string, string> }, targets: TargetResult[], sections: string[]): string {
  return [
    `# Benchmark report: ${title}`,
    '',
    ...runHeader(report),
    '',
    ...(targets.length > 0 ? [table(['Target', 'Measured (worst)', 'Met', 'Missed by'], targets.map(targetRow)), ''] : []),
    ...sections,
    `## Method`,
    '',
    ...Object.entries(report.method).map(([name, text]) => `- **${name}**: ${text}`),
    '',
  ].join('\n');
}

/** bench/reports/only-init.md: `--only=init`. */
export function renderInitOnlyMarkdown(report: InitOnlyReport): string {
  const ratioOf = new Map(initOverFloor(report.moduleInit).map((entry) => [entry.function, entry.value]));
  const limit = report.targets.moduleInit.limit;
  const rows = [...report.moduleInit].sort((a, b) => ratioOf.get(b.function)! - ratioOf.get(a.function)!);
  const met = rows.filter((init) => ratioOf.get(init.function)! <= limit).length;
  return onlyReportMarkdown('module init only', report, [report.targets.moduleInit], [
    `## Cold module init against the SDK floor`,
    '',
    `${met} of ${rows.length} functions within ${limit}× their floor.`,
    '',
    table(
      ['Function', 'Init median', 'Init min', 'Init max', 'SDK floor', 'Own share', 'Over floor', `≤ ${limit}×`, 'First invocation', 'Init + first', 'First answered'],
      rows.map((init) => {
        const ratio = ratioOf.get(init.function)!;
        const first = init.firstInvocationMedianMs;
        return [
          init.function,
          ms(init.medianMs),
          ms(init.minMs),
          ms(init.maxMs),
          init.externalImports.length > 0 ? ms(init.externalsFloorMs) : '—',
          ms(ownShareOf(init)),
          `${ratio.toFixed(3)}×`,
          mark(ratio <= limit),
          first !== undefined ? ms(first) : '—',
          first !== undefined ? ms(init.medianMs + first) : '—',
          init.firstInvocationStatus !== undefined ? String(init.firstInvocationStatus) : '—',
        ];
      }),
    ),
    '',
  ]);
}

/** What a bundle's own code adds to init: timed after its floor in one process, or all of it without a floor. */
function ownShareOf(init: ModuleInitFigures): number {
  return init.ownShareMedianMs ?? Math.max(0, init.medianMs - init.externalsFloorMs);
}

/** bench/reports/only-collections.md: `--only=collections`. */
export function renderRatingOnlyMarkdown(report: RatingOnlyReport): string {
  return onlyReportMarkdown('rating only', report, [], ratingSection(report));
}

function ratingSection(report: Pick<BenchReport, 'rating' | 'telecomRating'>): string[] {
  const telecom = report.telecomRating;
  return [
    `## Usage rating (in-process)`,
    '',
    `**${report.rating.recordsPerSecond.toLocaleString('en')} usage records per second**: ${report.rating.records.toLocaleString('en')} records in ${report.rating.seconds.toFixed(2)} s ` +
      `on one core, price models ${report.rating.priceModels.join(', ')}.`,
    '',
    `**${Math.round(telecom.recordsPerSecond).toLocaleString('en')} calls per second** rated by zone, time band and per-call increments (target ≥ 2,000,000): ` +
      `${telecom.records.toLocaleString('en')} calls in ${telecom.seconds.toFixed(2)} s on one core against a ${telecom.prefixes.toLocaleString('en')}-prefix zone table; ` +
      `${telecom.splitRecords.toLocaleString('en')} crossed a band boundary, ${telecom.unzonedRecords.toLocaleString('en')} matched no prefix.`,
    '',
  ];
}

export function renderDocumentsOnlyMarkdown(report: DocumentsOnlyReport): string {
  return onlyReportMarkdown('bill documents only', report, [], billDocumentsSection(report.billDocuments));
}

function billDocumentsSection(figures: BillDocumentFigures): string[] {
  return [
    `## Bill documents (PDF rendering in-process, one core)`,
    '',
    table(
      ['Bill', 'Bills', 'Seconds', 'PDF bills/s', 'CPU seconds', 'PDF size', 'HTML size'],
      [[`${figures.typical.lines} lines, 1 page`, count(figures.bills), figures.seconds.toFixed(1), figures.billsPerSecond.toFixed(1), figures.cpuSeconds.toFixed(1), kb(figures.typical.pdfBytes), kb(figures.typical.htmlBytes)]],
    ),
    '',
    `A bill of ${figures.long.lines} lines: ${figures.long.pages} pages, ${kb(figures.long.pdfBytes)}, ${figures.long.msPerBill} ms. ` +
      `Every render of the same bill gave the same bytes: **${figures.sameBytesEveryTime ? 'yes' : 'NO'}**.`,
    '',
  ];
}

/** bench/reports/only-billing.md: `--only=billing`. */
export function renderBillingOnlyMarkdown(report: BillingOnlyReport): string {
  const { targets } = report;
  return onlyReportMarkdown('billing only', report, [targets.billComputation, targets.usageIngestionRatio, targets.billingRunRatio], [...billComputationSection(report), ...usageIngestionSection(report), ...billingRunSection(report)]);
}

export function renderCollectionsOnlyMarkdown(report: CollectionsOnlyReport): string {
  return onlyReportMarkdown('collections only', report, [report.targets.collectionRatio], collectionsSection(report.collections));
}

function collectionsSection({ billCollection: collection, dunning }: CollectionsFigures): string[] {
  const { run, floor } = collection;
  const perOperation = (calls: Record<string, number>) =>
    Object.entries(calls)
      .sort((a, b) => b[1] - a[1])
      .map(([operation, calls]) => `${operation} ${calls}`)
      .join(', ');
  const activity = (byFunction: Record<string, { invocations: number; roundTrips: number }>) =>
    Object.entries(byFunction).map(([name, each]) => `${name} ×${count(each.invocations)} (${count(each.roundTrips)} round trips)`).join(', ') || 'none';
  const errors = (calls: Record<string, number>) => (Object.keys(calls).length > 0 ? ` Errors: ${Object.entries(calls).map(([name, times]) => `${name} ×${count(times)}`).join(', ')}.` : '');
  return [
    `## Collection of issued bills (collectBill in-process against a raw floor, same DynamoDB Local)`,
    '',
    table(
      ['Path', 'Bills', 'Seconds', 'Bills/s', 'Round trips per bill', 'CPU this process / DynamoDB Local'],
      [
        [`collectBill, ${collection.concurrency} bills at a time`, count(collection.bills), run.seconds.toFixed(1), count(run.billsPerSecond), `${run.roundTripsPerBill.mean} (min ${run.roundTripsPerBill.min}, max ${run.roundTripsPerBill.max})`, cpu(run.cpuSeconds)],
        ['raw floor (the same requests per bill, SDK)', count(floor.bills), floor.seconds.toFixed(1), count(floor.billsPerSecond), floor.callsPerBill.toFixed(2), cpu(floor.cpuSeconds)],
      ],
    ),
    '',
    ...(run.settledEveryBill ? [] : [`**Not every bill was settled**: ${run.problems.join('; ')}.`, '']),
    `Collection / floor = **${collection.ratio.toFixed(2)}×** (target ≥ 0.33×, every bill settled). Outcomes ${JSON.stringify(run.outcomes)}; checked afterwards: ${count(run.checked.settled)} bills \`settled\`, ` +
      `${count(run.checked.leftOpenIndex)} out of the open-bills index, ${count(run.checked.payments)} payments recorded. Calls per bill on the handlers' client (background handlers included): ${perOperation(run.callsPerBill)}; ` +
      `the floor's: ${perOperation(floor.callsByOperationPerBill)}.${errors(run.callErrors)} Functions the runtime ran meanwhile: ${activity(run.byFunction)}. Seeded ${count(collection.seed.items)} items in ${collection.seed.seconds.toFixed(1)} s.`,
    '',
    `## Dunning (one collections run, day 1 for every account)`,
    '',
    `**${count(dunning.accountsPerSecond)} accounts per second**: \`runCollections\` as of ${dunning.asOf} on one test clock began dunning for ${count(dunning.summary.began)} of ${count(dunning.accounts)} accounts and performed day 1 ` +
      `(a card retry through the gateway, declined, and a reminder) for ${count(dunning.summary.advanced)} in ${dunning.seconds.toFixed(1)} s (${dunning.summary.failed} failed${dunning.summary.failures.length > 0 ? `: ${dunning.summary.failures.join(' | ')}` : ''}); ` +
      `CPU this process / DynamoDB Local ${cpu(dunning.cpuSeconds)}. No target: there is no floor to judge it by.`,
    '',
    `Checked afterwards: ${count(dunning.digest.active)} dunnings active, ${count(dunning.digest.dayOneDone)} with day 1 alone done, ${count(dunning.retriesDeclined)} bills with their retry declined, ${count(dunning.reminders)} reminders recorded` +
      (dunning.everyAccountDayOne ? ' — every account.' : ` — **not every account**: ${dunning.digest.problems.join('; ')}.`) +
      ` Calls per account on the handlers' client: ${perOperation(dunning.callsPerAccount)}.${errors(dunning.callErrors)} Functions the runtime ran meanwhile: ${activity(dunning.byFunction)}. Seeded ${count(dunning.seed.items)} items in ${dunning.seed.seconds.toFixed(1)} s.`,
    '',
  ];
}

/** bench/reports/only-revenue.md: `--only=revenue`. */
export function renderRevenueOnlyMarkdown(report: RevenueOnlyReport): string {
  return onlyReportMarkdown('revenue close and reports only', report, [], revenueCloseSection(report.revenueClose));
}

function revenueCloseSection(figures: RevenueCloseFigures): string[] {
  const { close, floor } = figures;
  const calls = Object.entries(close.callsByOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, times]) => `${operation} ${count(times)}`)
    .join(', ');
  return [
    `## Monthly revenue close (closeRevenueMonths in-process against a raw floor, same DynamoDB Local)`,
    '',
    table(
      ['Path', 'Accounts × months', 'Seconds', 'DynamoDB calls', 'CPU this process / DynamoDB Local'],
      [
        [`closeRevenueMonths, ${close.monthsClosed} months, ${count(close.journalEntries)} journal entries`, `${count(figures.accounts)} × ${figures.months} (${count(figures.schedules)} schedules)`, close.seconds.toFixed(1), calls, cpu(close.cpuSeconds)],
        ['raw floor (the same requests, SDK; before and after)', '', `${floor.seconds.toFixed(1)} (${floor.runsSeconds.map((each) => each.toFixed(1)).join(' and ')})`, count(floor.callsPerRun), '—'],
      ],
    ),
    '',
    `Close / floor = **${figures.ratio.toFixed(2)}×** the floor's time. Seeded ${count(figures.seed.items)} items in ${figures.seed.seconds.toFixed(1)} s.`,
    '',
    `## Report queries (through the API, one at a time)`,
    '',
    table(
      ['Report', 'Requests', 'p50', 'p99', 'max', 'DynamoDB calls', 'Answer'],
      figures.reports.map((report) => [`\`${report.path.split('?')[0]}\``, report.count, ms(report.p50Ms), ms(report.p99Ms), ms(report.maxMs), report.dynamoDbCalls, report.answer]),
    ),
    '',
  ];
}

/** bench/reports/only-soak.md: `--only=soak`. */
export function renderSoakOnlyMarkdown(report: SoakOnlyReport): string {
  const { targets } = report;
  return onlyReportMarkdown('soak only', report, [targets.soakErrors, targets.soakMemory, targets.faultedSoakErrors, targets.faultedSoakInvariants], soakSection(report.soak));
}

function soakSection({ clean, faulted }: SoakFigures): string[] {
  return [`## Soak (mixed workload, ${clean.clients} clients, ${clean.seconds} s)`, '', ...soakPassLines(clean), `## Soak under faults (profile \`${faulted.faultProfile}\`)`, '', ...soakPassLines(faulted)];
}

function soakPassLines(pass: SoakPassFigures): string[] {
  const { memory, endChecks } = pass;
  const retries = (byReason: Record<string, number>) =>
    Object.entries(byReason)
      .map(([reason, times]) => `${reason} ×${count(times)}`)
      .join(', ') || '—';
  const faults = pass.faultsInjected ? Object.entries(pass.faultsInjected).filter(([, times]) => times > 0) : [];
  const jvm = (value: number | null) => (value === null ? 'n/a' : `${value} MB`);
  return [
    `**${pass.requestsPerSecond.toLocaleString('en')} requests/s** over the ${(pass.seconds - pass.warmUpSeconds).toFixed(0)} s after a ${pass.warmUpSeconds} s warm-up, ` +
      `**${count(pass.errors)} errors** seen by clients after their retries, ${count(pass.retriedThenSucceeded)} calls answered after retries. ` +
      `Made: ${count(pass.made.customers)} customers, ${count(pass.made.orders)} orders, ${count(pass.made.usageRecords)} usage records; on a population of ${pass.population.customers} prepared customers with ${pass.population.activeProducts} active products` +
      (Object.keys(pass.population.setupOrdersNotCompleted).length > 0 ? ` (setup orders not completed: ${Object.entries(pass.population.setupOrdersNotCompleted).map(([state, times]) => `${state} ${times}`).join(', ')})` : '') +
      `. ` +
      `CPU this process / DynamoDB Local ${cpu(pass.cpuSeconds)}.`,
    '',
    table(
      ['Route class', 'Requests', 'Requests/s', 'p50', 'p99', 'max', 'Errors', 'Answered after retries', 'Retries by reason'],
      pass.byRouteClass.map((entry) => [entry.routeClass, count(entry.requests), entry.requestsPerSecond.toFixed(1), ms(entry.p50Ms), ms(entry.p99Ms), ms(entry.maxMs), count(entry.errors), count(entry.retriedThenSucceeded), retries(entry.retriesByReason)]),
    ),
    '',
    ...(pass.errorSamples.length > 0 ? [`Errors (first ${pass.errorSamples.length}): ${pass.errorSamples.map((sample) => `${sample.routeClass}: ${sample.error} (${sample.attempts} attempts)`).join('; ')}.`, ''] : []),
    `Memory of the soak's process (the runtime and its clients; sampled every ${memory.sampleEverySeconds} s): heap **${memory.heapUsedMb.afterWarmUp} MB after the warm-up, ${memory.heapUsedMb.end} MB at the end** (${memory.heapMeasuredBy}) ` +
      `(${memory.heapUsedMb.growth >= 0 ? '+' : ''}${memory.heapUsedMb.growth} MB, allowed ${memory.heapUsedMb.allowedGrowth} MB: ${memory.flat ? 'flat' : '**growing**'}; lowest samples of ${memory.windowSeconds} s windows ${memory.heapUsedMb.floors.afterWarmUp} and ${memory.heapUsedMb.floors.end} MB; trend of the windows' lowest ${memory.heapUsedMb.trendPerMinute} MB/min); ` +
      `RSS ${memory.rssMb.atStart} MB at the start, ${memory.rssMb.afterWarmUp} MB after the warm-up, ${memory.rssMb.end} MB at the end (trend ${memory.rssMb.trendPerMinute} MB/min); ` +
      `DynamoDB Local's RSS ${jvm(memory.dynamoDbLocalRssMb.atStart)}, ${jvm(memory.dynamoDbLocalRssMb.afterWarmUp)}, ${jvm(memory.dynamoDbLocalRssMb.end)}` +
      (memory.afterDrainMb ? `; after the drain heap ${memory.afterDrainMb.heapUsed} MB, RSS ${memory.afterDrainMb.rss} MB.` : '.'),
    '',
    ...(pass.handlerLogLines > 0 ? [`The handlers logged ${count(pass.handlerLogLines)} lines at WARN or above (bench/.work/soak-${pass.faultProfile}.log).`, ''] : []),
    ...(pass.faultsInjected ? [`Faults injected from the workload's start to the end checks: ${faults.map(([kind, times]) => `${kind} ×${count(times)}`).join(', ') || 'none'}.`, ''] : []),
    `End checks after ${endChecks.drainSeconds} s of drain: orders ${Object.entries(endChecks.ordersByState).map(([state, times]) => `${state} ${count(times)}`).join(', ') || 'none'}; ` +
      `${endChecks.eventDeadLetters} event deliveries and ${endChecks.outboxFailedRecords} outbox records dead-lettered; outbox ${endChecks.outboxDrained ? 'drained' : '**not drained**'} — ` +
      (endChecks.hold ? 'all hold.' : `**broken**: ${endChecks.problems.join('; ')}.`),
    '',
  ];
}

/** bench/reports/only-web.md: `--only=web`. */
export function renderWebOnlyMarkdown(report: WebOnlyReport): string {
  const { targets } = report;
  return onlyReportMarkdown('web apps only', report, [targets.webFirstLoad, targets.webUsable, targets.homeApiRequests], webSection(report.web));
}

function webSection({ firstLoad, pages }: WebFigures): string[] {
  return [
    `## Web apps (headless Chromium against the system in its own process)`,
    '',
    table(['App', 'First-load JavaScript', 'Gzipped'], firstLoad.map((app) => [app.app, kb(app.bytes), kb(app.gzipBytes)])),
    '',
    table(
      ['Page', 'Usable, median', 'p90', 'Max', 'API requests', 'All requests'],
      pages.map((page) => [page.page, ms(page.usableMs.p50), ms(page.usableMs.p90), ms(page.usableMs.max), page.apiRequests, page.allRequests]),
    ),
    '',
    'API requests per page:',
    '',
    ...pages.map((page) => `- ${page.page}: ${page.apiRequestPaths.join(', ') || 'none'}`),
    '',
  ];
}

import { latencyUseCases } from './api-latency.js';
import type { BenchReport } from './report.js';
import type { TargetResult } from './targets.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const mark = (pass: boolean) => (pass ? '✅' : '❌');
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const table = (header: string[], rows: Array<Array<string | number>>) =>
  [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');

function targetRow(result: TargetResult): Array<string | number> {
  const format = (value: number) =>
    result.unit === 'bytes' ? kb(value) : result.unit === 'ms' ? ms(value) : result.unit === '×' ? `${value.toFixed(2)}×` : `${value} ${result.unit}`;
  const failing = result.failing.map((entry) => `${entry.function} (${format(entry.value)})`).join(', ');
  return [result.target, format(result.worst), mark(result.pass), failing || '—'];
}

/** bench/reports/latest.md: the same figures as latest.json, for people. */
export function renderMarkdown(report: BenchReport): string {
  const { machine, targets, latency } = report;
  const largest = [...report.bundles].sort((a, b) => b.bytes - a.bytes)[0]!;
  const initOf = new Map(report.moduleInit.map((init) => [init.function, init]));
  const comparison = [latencyUseCases.getCustomer, latencyUseCases.rawGetItem, latencyUseCases.postCustomer, latencyUseCases.rawPutItem];
  const others = Object.keys(latency.byUseCase).filter((useCase) => !comparison.includes(useCase as never));
  const latencyRow = (useCase: string) => {
    const s = latency.byUseCase[useCase]!;
    return [useCase, s.count, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.mean), ms(s.max)];
  };

  return [
    `# Benchmark report`,
    '',
    `${report.generatedAt} · commit ${report.git.commit ?? 'n/a'}${report.git.dirty ? ' (uncommitted changes)' : ''} · ${report.durationSeconds.toFixed(0)} s`,
    '',
    `Machine: ${machine.cpuCount} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os} ${machine.arch}, Node.js ${machine.node}. ` +
      `Load average ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join('/')} at start, ${machine.loadAverageAtEnd.map((l) => l.toFixed(2)).join('/')} at end.`,
    '',
    `## Targets ${targets.allPass ? '— all met' : '— some missed'}`,
    '',
    table(
      ['Target', 'Worst', 'Met', 'Missed by'],
      [targetRow(targets.bundleSize), targetRow(targets.moduleInit), targetRow(targets.getLatencyRatio), targetRow(targets.catalogReadRoundTrips)],
    ),
    '',
    `## Bundles and cold module init`,
    '',
    table(
      ['Function', 'Minified', 'Gzip', 'Largest package', '≤ 250 KB', 'Init min', 'Init median', 'Init max', 'SDK floor', 'Rest ≈', '≤ 40 ms'],
      report.bundles.map((bundle) => {
        const init = initOf.get(bundle.function);
        const top = bundle.byPackage[0];
        return [
          bundle.function,
          kb(bundle.bytes),
          kb(bundle.gzipBytes),
          top ? `${top.name} (${kb(top.bytes)})` : '—',
          mark(bundle.bytes <= targets.bundleSize.limit),
          init ? ms(init.minMs) : '—',
          init ? ms(init.medianMs) : '—',
          init ? ms(init.maxMs) : '—',
          init && init.externalImports.length > 0 ? ms(init.externalsFloorMs) : '—',
          init ? ms(Math.max(0, init.medianMs - init.externalsFloorMs)) : '—',
          init ? mark(init.medianMs <= targets.moduleInit.limit) : '—',
        ];
      }),
    ),
    '',
    `Init: min, median and max of \`await import(bundle)\` over fresh Node.js processes. SDK floor: median time to import only the modules the bundle leaves external (the runtime-provided AWS SDK) in the same kind of process — the part of init the function's own code cannot shrink while it imports them; "Rest" is the median minus that floor, roughly what the bundle itself costs.`,
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
    `## Usage rating (in-process)`,
    '',
    `**${report.rating.recordsPerSecond.toLocaleString('en')} usage records per second**: ${report.rating.records.toLocaleString('en')} records in ${report.rating.seconds.toFixed(2)} s ` +
      `on one core, price models ${report.rating.priceModels.join(', ')}.`,
    '',
    `## Order-to-cash`,
    '',
    `**${report.orderToCash.orders} orders** of a handset and a plan, one at a time: from the POST's answer to the order read back \`completed\`, ` +
      `p50 ${report.orderToCash.captureToCompletedMs.p50} ms, p90 ${report.orderToCash.captureToCompletedMs.p90} ms, max ${report.orderToCash.captureToCompletedMs.max} ms ` +
      `(simulated provisioning answering after ${report.orderToCash.provisioningDelaySeconds} s).`,
    '',
    `## Method`,
    '',
    ...Object.entries(report.method).map(([name, text]) => `- **${name}**: ${text}`),
    '',
  ].join('\n');
}

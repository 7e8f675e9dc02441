import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';
import { repositoryRoot } from '../../infra/local/local-paths.js';
import { killAll, processTree, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';
import { kitConfigs } from './ctk-configs.js';
import { createCtkData } from './ctk-data.js';
import { kitIds, kits, type KitId } from './ctk-kits.js';
import { ctkReport, failureLines, onlyKitDefectsFailed, reportMarkdown, summaryLine } from './ctk-report.js';
import { kitPassed, tallyKitRun, type KitResult } from './ctk-results.js';
import { loadKitFiles, prepareKitRun } from './kit-preparation.js';
import { runKitCollection } from './newman-run.js';

/**
 * `npm run ctk`: TM Forum's v4 Conformance Test Kits (specs/tmf-ctk/, unchanged) run with newman
 * against the system, as docs/conformance.md describes.
 *
 *   npm run ctk                        every kit, against the system started in memory with its demo
 *                                      data, as `npm start -- --in-memory` starts it
 *   npm run ctk -- TMF620 TMF629       those kits only
 *   npm run ctk -- --api=http://localhost:3000 --data-dir=.bss
 *                                      against a running `npm start` (its dev-issuer key signs the token)
 *   npm run ctk -- --allow-kit-defects exits 0 when the only failing requests are documented kit
 *                                      defects answered as documented (kit-defects.ts): what CI runs
 *
 * It creates the data the kits' payloads name through the API (ctk-data.ts), writes each kit's
 * config.json (ctk-configs.ts) to test/ctk/.work/<kit>/, runs each kit's collection as its
 * index.js would (kit-preparation.ts, newman-run.ts), prints `TMFxxx: N passed, M failed` per kit
 * and the failures, and writes test/ctk/reports/latest.json and latest.md. Exits 1 when any kit
 * has a failure (but with --allow-kit-defects), 2 when the kits could not be run.
 */
const usage = `usage: npm run ctk -- [${kitIds.join('|')} …] [--api=<url> --data-dir=<dir>] [--allow-kit-defects]`;
const { values, positionals } = (() => {
  try {
    return parseArgs({ options: { api: { type: 'string' }, 'data-dir': { type: 'string' }, 'allow-kit-defects': { type: 'boolean', default: false } }, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
})();
const unknown = positionals.filter((given) => !kitIds.includes(given.toUpperCase() as KitId));
if (unknown.length > 0 || (values['data-dir'] !== undefined && values.api === undefined)) {
  console.error(unknown.length > 0 ? `no kit ${unknown.join(', ')}\n${usage}` : usage);
  process.exit(2);
}
const selected = positionals.length === 0 ? [...kitIds] : kitIds.filter((id) => positionals.some((given) => given.toUpperCase() === id));

const workDirectory = resolve(repositoryRoot, 'test/ctk/.work');
const reportDirectory = resolve(repositoryRoot, 'test/ctk/reports');
const started = performance.now();
const progress = (line: string) => console.log(`[ctk ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);
const newmanVersion = (createRequire(import.meta.url)('newman/package.json') as { version: string }).version;

let runtime: RuntimeProcess | undefined;
let ownDataDirectory: string | undefined;
/** Stops the runtime this run started (and its DynamoDB Local) and removes its data; safe to call twice. */
const stopRuntime = async () => {
  const stopping = runtime;
  runtime = undefined;
  await stopping?.stop();
  if (ownDataDirectory) rmSync(ownDataDirectory, { recursive: true, force: true });
  ownDataDirectory = undefined;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the system`);
    // A runtime still starting may not have its own signal handlers yet, and SIGTERM alone could
    // leave its DynamoDB Local running: everything this process started goes, at once.
    if (!runtime && ownDataDirectory) killAll(processTree(process.pid).slice(1));
    void stopRuntime().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

try {
  let apiUrl: string;
  let dataDirectory: string;
  if (values.api !== undefined) {
    apiUrl = values.api.replace(/\/$/, '');
    dataDirectory = resolve(values['data-dir'] ?? '.bss');
    if (!existsSync(join(dataDirectory, 'dev-issuer.key'))) throw new Error(`${dataDirectory} has no dev-issuer.key: give --data-dir the data directory of the system at ${apiUrl}`);
  } else {
    dataDirectory = ownDataDirectory = mkdtempSync(join(tmpdir(), 'bss-ctk-'));
    progress('starting the system in memory with its demo data (about half a minute)…');
    runtime = await startRuntimeProcess({ dataDirectory, inMemory: true, startTimeoutMs: 180_000 });
    apiUrl = runtime.apiUrl;
    progress(`the system answers at ${apiUrl}`);
  }
  const token = await issueToken(loadSigningKey(join(dataDirectory, 'dev-issuer.key')), { role: 'admin', subject: 'tmf-ctk' });

  progress('creating the data the kits’ payloads name, through the API…');
  const data = await createCtkData({ apiUrl, token, log: progress });
  const configs = kitConfigs(apiUrl, token, data);

  rmSync(workDirectory, { recursive: true, force: true });
  const results: KitResult[] = [];
  for (const id of selected) {
    const kit = kits[id];
    const kitWork = resolve(workDirectory, id);
    mkdirSync(kitWork, { recursive: true });
    writeFileSync(resolve(kitWork, 'config.json'), `${JSON.stringify(configs[id], null, 2)}\n`);
    const prepared = prepareKitRun(kit, loadKitFiles(kit), configs[id]);
    const requests = prepared.collection.item.reduce((count, folder) => count + (folder.item?.length ?? 0), 0);
    progress(`${id} ${kit.title}: running its ${requests} requests…`);
    const outcomes = await runKitCollection(prepared);
    const result = tallyKitRun(id, kit.title, outcomes);
    writeFileSync(resolve(kitWork, 'outcomes.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
    results.push(result);
    progress(summaryLine(result));
  }

  console.log('');
  for (const result of results.filter((each) => !kitPassed(each))) {
    console.log(`${result.kit} ${result.title}, failures:`);
    for (const line of failureLines(result)) console.log(line);
  }
  const report = ctkReport({
    generatedAt: new Date(),
    command: `npm run ctk${process.argv.slice(2).length > 0 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    newmanVersion,
    system: values.api ?? 'the system started in memory with its demo data',
    results,
  });
  mkdirSync(reportDirectory, { recursive: true });
  writeFileSync(resolve(reportDirectory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(resolve(reportDirectory, 'latest.md'), reportMarkdown(report));
  console.log('');
  for (const result of results) console.log(summaryLine(result));
  const failing = results.filter((result) => !kitPassed(result)).map((result) => result.kit);
  const onlyKitDefects = onlyKitDefectsFailed(results);
  const verdict = failing.length === 0 ? 'every kit passed' : `failing: ${failing.join(', ')}${onlyKitDefects ? ', only on documented kit defects' : ''}`;
  console.log(
    `${verdict}; report in ${relative(repositoryRoot, reportDirectory)}/latest.{json,md}, configs in ${relative(repositoryRoot, workDirectory)}/; ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exitCode = failing.length === 0 || (values['allow-kit-defects'] && onlyKitDefects) ? 0 : 1;
} catch (error) {
  console.error(`the kits could not be run: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 2;
} finally {
  await stopRuntime();
}

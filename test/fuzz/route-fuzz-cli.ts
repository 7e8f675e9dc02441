import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';
import { collectKnownIds, exercise, learnQueryNames, fuzzedRoutes, fuzzRoute, refusedCreation, reproduction, routeKeyOf, storageProbes, storedCount, type FuzzOutcome, type FuzzRequest, type TokenIssuer } from '../support/route-fuzz.js';
import { testRuntimeEnvironment } from '../support/runtime-global-setup.js';
import { startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process.js';

/**
 * `npm run fuzz`: the route fuzz of test/e2e/route-fuzz.test.ts (test/support/route-fuzz.ts) with
 * many more cases and a random seed, printed first so a run can be repeated.
 *
 *   npm run fuzz                              5,000 cases (or FUZZ_RUNS) over every route, a random seed
 *   npm run fuzz -- --seed=123 --runs=20000   the same cases as an earlier run with that seed and count
 *   npm run fuzz -- --only=customer           the routes whose "METHOD /path" contains the text
 *   npm run fuzz -- --api=http://localhost:3000 --data-dir=.bss
 *                                             against a running `npm start` (its dev-issuer key signs
 *                                             the tokens) instead of a runtime of its own, in memory
 *
 * Every case runs, problems are collected: a 5xx, no answer (a reset, a timeout), a 4xx without a
 * TMF Error body, a write that was not refused, and a refused creation found stored afterwards.
 * Exits 1 when there is any, each printed with a command that sends the request again.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string' },
    only: { type: 'string' },
    api: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const runs = Number(values.runs ?? process.env.FUZZ_RUNS ?? 5_000);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- [--seed=<integer>] [--runs=<cases>] [--only=<text>] [--api=<url> --data-dir=<dir>]');
  process.exit(2);
}
const routes = fuzzedRoutes.filter((route) => values.only === undefined || routeKeyOf(route).includes(values.only));
const perRoute = Math.max(1, Math.ceil(runs / Math.max(1, routes.length)));
const perProbe = Math.max(10, Math.ceil(runs / 100));

console.log(`route fuzz: seed ${seed}, ${perRoute} cases on each of ${routes.length} routes, ${perProbe} refused creations on each of ${storageProbes.length} collections`);
console.log(`  repeat with: npm run fuzz -- --seed=${seed} --runs=${runs}${values.only !== undefined ? ` --only=${values.only}` : ''}`);

let runtime: RuntimeProcess | undefined;
let dataDirectory: string;
let apiUrl: string;
const stopRuntime = async () => {
  if (!runtime) return;
  const stopping = runtime;
  runtime = undefined;
  await stopping.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
};
process.once('SIGINT', () => {
  console.log('\ninterrupted');
  void stopRuntime().finally(() => process.exit(130));
});

if (values.api !== undefined) {
  apiUrl = values.api.replace(/\/$/, '');
  dataDirectory = resolve(values['data-dir'] ?? '.bss');
} else {
  dataDirectory = mkdtempSync(join(tmpdir(), 'bss-fuzz-'));
  const starting = performance.now();
  process.stdout.write('starting a local runtime in memory… ');
  runtime = await startRuntimeProcess({ dataDirectory, inMemory: true, environment: testRuntimeEnvironment, startTimeoutMs: 300_000 });
  apiUrl = runtime.apiUrl;
  console.log(`${apiUrl} in ${((performance.now() - starting) / 1000).toFixed(1)} s`);
}

const signingKey = loadSigningKey(join(dataDirectory, 'dev-issuer.key'));
const issue: TokenIssuer = (role, { customerId, subject }) => issueToken(signingKey, { role, subject, ...(customerId !== undefined ? { customerId } : {}) });

const byStatus = new Map<number, number>();
const byClass = new Map<string, number>();
const failures: { route: string; request: FuzzRequest; problem: string }[] = [];
let cases = 0;
const record = (route: string, request: FuzzRequest, outcome: FuzzOutcome) => {
  cases += 1;
  const statusClass = 'answer' in outcome ? `${Math.floor(outcome.answer.status / 100)}xx` : 'no answer';
  byClass.set(statusClass, (byClass.get(statusClass) ?? 0) + 1);
  if ('answer' in outcome) byStatus.set(outcome.answer.status, (byStatus.get(outcome.answer.status) ?? 0) + 1);
  if (outcome.problem !== undefined) failures.push({ route, request, problem: outcome.problem });
};

const started = performance.now();
try {
  const knownIds = await collectKnownIds(apiUrl, issue);
  const queryNames = await learnQueryNames(apiUrl, issue);
  console.log(`${knownIds.length} known ids (the demo data's) used as path and customer ids now and then; the query parameters of ${queryNames.size} routes`);
  for (const [index, route] of routes.entries()) {
    const key = routeKeyOf(route);
    const before = { cases, failures: failures.length };
    const routeStarted = performance.now();
    await fuzzRoute(route, { apiUrl, issue, seed, knownIds, queryNames, numRuns: perRoute, stopOnProblem: false, onCase: (request, outcome) => record(key, request, outcome) });
    const failed = failures.length - before.failures;
    console.log(`[${index + 1}/${routes.length}] ${key}: ${cases - before.cases} cases in ${((performance.now() - routeStarted) / 1000).toFixed(1)} s${failed > 0 ? `, ${failed} FAILED` : ''}`);
  }
  const run = `${seed}-${Date.now().toString(36)}`;
  for (const probe of storageProbes) {
    const key = routeKeyOf(probe.route);
    const marker = `route-fuzz-${run}-${probe.markerField}`;
    for (const request of fc.sample(refusedCreation(probe, marker), { seed, numRuns: perProbe })) {
      const outcome = await exercise(apiUrl, request, issue);
      record(key, request, outcome);
    }
    const stored = await storedCount(apiUrl, probe, marker, issue);
    if (stored > 0) failures.push({ route: key, request: { method: 'GET', path: probe.listing(marker), caller: 'admin', customerId: '', junkAuthorization: '', headers: [] }, problem: `refused creations were stored: the listing finds ${stored}` });
    console.log(`refused creations on ${key}: ${perProbe} cases, ${stored} stored`);
  }
} finally {
  await stopRuntime();
}

const seconds = (performance.now() - started) / 1000;
console.log(`\n${cases} cases in ${seconds.toFixed(1)} s (${(cases / seconds).toFixed(0)}/s), seed ${seed}`);
console.log(`  by class:  ${[...byClass].sort().map(([name, count]) => `${name} ${count}`).join(', ')}`);
console.log(`  by status: ${[...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status} ${count}`).join(', ')}`);
if (failures.length === 0) {
  console.log('  no problem: every answer a 2xx or a 4xx with a TMF error, nothing stored for a refused request');
} else {
  console.log(`  ${failures.length} PROBLEMS${failures.length > 30 ? ' (the first 30)' : ''}:`);
  for (const { route, request, problem } of failures.slice(0, 30)) {
    console.log(`\n  ${route}: ${problem}\n    ${reproduction(apiUrl, request)}`);
  }
  process.exitCode = 1;
}

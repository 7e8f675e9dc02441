import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { issueToken } from '../infra/local/dev-issuer.js';
import { repositoryRoot } from '../infra/lambda-bundling.js';
import type { LocalRuntime } from '../infra/local/runtime.js';
import { seedDemoCatalog } from '../infra/seed/seed-demo-catalog.js';
import { BenchApi } from './api-client.js';
import { carefulRetryPolicy } from './careful-client.js';
import { cpuBetween, cpuSeconds } from './runtime-activity.js';
import { checkSoakEnd, type SoakEndChecks } from './soak-checks.js';
import { MemorySampler, type MemoryFigures } from './soak-memory.js';
import { cycleLength, soakMix } from './soak-mix.js';
import { SoakTally, type RouteClassFigures, type SoakErrorSample } from './soak-tally.js';
import { prepareSoakPopulation, runSoakClient, SoakOutcome } from './soak-workload.js';
import { round2 } from './statistics.js';
import { benchPaths } from './work-directory.js';

/**
 * The soak (issue #14 item 4): a fixed mix of reads, customer and order writes and usage batches
 * from a bounded number of concurrent clients for minutes on one local runtime, as careful
 * clients send them (bench/careful-client.ts); per route class the rate, latency and errors;
 * the runtime's memory through it; and, once its work has drained, the end checks
 * (bench/soak-checks.ts). Run once on a plain runtime and once on a runtime with the `default`
 * fault profile: the second says whether the faults AWS produces reach the clients past their
 * retries, and whether anything was lost.
 */
export interface SoakPlan {
  seconds: number;
  clients: number;
  /** Customers with an active Mobile M each, made before the clock starts: what usage and some orders go to. */
  setupCustomers: number;
  usageRecordsPerBatch: number;
  /** How long the end checks wait for the soak's orders to end and the background work to drain. */
  drainTimeoutSeconds: number;
}

export interface SoakPassFigures {
  faultProfile: string;
  seconds: number;
  clients: number;
  warmUpSeconds: number;
  /** Calls after the warm-up, all route classes, and their rate over the time after the warm-up. */
  requests: number;
  requestsPerSecond: number;
  /** Errors the clients saw in the end, warm-up included: a final 5xx, no answer, an unexpected 4xx or body. */
  errors: number;
  retriedThenSucceeded: number;
  byRouteClass: RouteClassFigures[];
  errorSamples: SoakErrorSample[];
  made: { customers: number; orders: number; usageRecords: number };
  population: { customers: number; activeProducts: number; setupOrdersNotCompleted: Record<string, number> };
  memory: MemoryFigures;
  cpuSeconds: { node: number; dynamoDbLocal: number | null };
  /** The faults injected from the workload's start to the end checks, by kind (null without a fault profile). */
  faultsInjected: Record<string, number> | null;
  endChecks: SoakEndChecks;
  provisioningDelaySeconds: number;
  /** Lines the handlers logged (at POWERTOOLS_LOG_LEVEL, WARN unless the environment says otherwise), kept in bench/.work/soak-<profile>.log. */
  handlerLogLines: number;
}

/** The warm-up (its calls' latency is left out, and the memory baseline starts after it) and the memory windows. */
export function soakPhases(seconds: number): { warmUpMs: number; windowMs: number } {
  return { warmUpMs: Math.min(30, Math.round(seconds / 6)) * 1000, windowMs: Math.max(5, Math.round(seconds / 10)) * 1000 };
}

export const soakMixDescription = () =>
  `${Object.entries(soakMix)
    .map(([operation, count]) => `${count} ${operation}`)
    .join(', ')} per cycle of ${cycleLength()}`;

export async function measureSoak(runtime: LocalRuntime, plan: SoakPlan, progress: (line: string) => void): Promise<SoakPassFigures> {
  const faultProfile = runtime.faults?.profile.name ?? 'none';
  const adminToken = await issueToken(runtime.signingKey, { role: 'admin' });
  const api = new BenchApi(runtime.url, adminToken);
  const seeded = await seedDemoCatalog({ apiUrl: runtime.url, token: adminToken, log: () => {} });
  progress(`soak (${faultProfile === 'none' ? 'no faults' : `fault profile ${faultProfile}`}): demo catalog seeded (${seeded.created} resources)`);
  const population = await prepareSoakPopulation(api, plan.setupCustomers, plan.clients, progress);
  const clientApis = await Promise.all(
    Array.from({ length: plan.clients }, async (_, client) => new BenchApi(runtime.url, await issueToken(runtime.signingKey, { role: 'admin', subject: `soak-client-${client}` }))),
  );

  const { warmUpMs, windowMs } = soakPhases(plan.seconds);
  const tally = new SoakTally();
  const outcome = new SoakOutcome();
  const faultsBefore = runtime.faults?.counts();
  const cpuBefore = cpuSeconds(runtime.dynamoDbEndpoint);
  const started = performance.now();
  const memory = new MemorySampler(runtime.dynamoDbEndpoint);
  progress(`soak: ${plan.clients} clients for ${plan.seconds} s (the first ${warmUpMs / 1000} s a warm-up), mix ${soakMixDescription()}`);
  const ticker = setInterval(() => {
    const last = memory.samples.at(-1)!;
    progress(
      `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${outcome.customerIds.length} customers, ${outcome.orderIds.length} orders, ${outcome.usageRecordsSent.toLocaleString('en')} usage records sent, ` +
        `${tally.errors} errors; heap ${(last.heapUsedBytes / 2 ** 20).toFixed(0)} MB, RSS ${(last.rssBytes / 2 ** 20).toFixed(0)} MB, DynamoDB Local RSS ${last.dynamoDbLocalRssBytes === null ? 'n/a' : `${(last.dynamoDbLocalRssBytes / 2 ** 20).toFixed(0)} MB`}`,
    );
  }, 15_000);
  const warmedUp = setTimeout(() => memory.sampleCollected('afterWarmUp'), warmUpMs);
  try {
    const clientPlan = { usageRecordsPerBatch: plan.usageRecordsPerBatch, measureFromMs: started + warmUpMs, deadlineMs: started + plan.seconds * 1000 };
    await Promise.all(clientApis.map((clientApi, client) => runSoakClient(clientApi, client, population, clientPlan, tally, outcome)));
    memory.sampleCollected('end');
  } finally {
    clearTimeout(warmedUp);
    clearInterval(ticker);
    memory.stop();
  }
  const measuredSeconds = (performance.now() - started - warmUpMs) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuSeconds(runtime.dynamoDbEndpoint));
  progress(`soak: workload done (${tally.errors} errors); waiting for its ${outcome.orderIds.length} orders to end and the background work to drain`);
  const endChecks = await checkSoakEnd(runtime, api, outcome.orderIds, plan.drainTimeoutSeconds * 1000);
  memory.sampleAfterDrain();
  const faultsAfter = runtime.faults?.counts();
  const byRouteClass = tally.figures(measuredSeconds);
  const requests = byRouteClass.reduce((sum, entry) => sum + entry.requests, 0);
  const figures: SoakPassFigures = {
    faultProfile,
    seconds: plan.seconds,
    clients: plan.clients,
    warmUpSeconds: warmUpMs / 1000,
    requests,
    requestsPerSecond: round2(requests / measuredSeconds),
    errors: tally.errors,
    retriedThenSucceeded: byRouteClass.reduce((sum, entry) => sum + entry.retriedThenSucceeded, 0),
    byRouteClass,
    errorSamples: tally.errorSamples,
    made: { customers: outcome.customerIds.length, orders: outcome.orderIds.length, usageRecords: outcome.usageRecordsSent },
    population: { customers: population.customers.length, activeProducts: population.products.length, setupOrdersNotCompleted: population.setupOrdersNotCompleted },
    memory: memory.figures(warmUpMs, windowMs),
    cpuSeconds: cpu,
    faultsInjected: faultsBefore && faultsAfter ? Object.fromEntries(Object.entries(faultsAfter).map(([kind, count]) => [kind, count - (faultsBefore[kind as keyof typeof faultsBefore] ?? 0)])) : null,
    endChecks,
    provisioningDelaySeconds: Number(process.env.BSS_SIMULATED_PROVISIONING_DELAY_SECONDS ?? 2),
    handlerLogLines: 0,
  };
  progress(
    `  ${figures.requestsPerSecond} requests/s, ${figures.errors} errors, ${figures.retriedThenSucceeded} calls retried then answered; heap ${figures.memory.heapUsedMb.afterWarmUp} → ${figures.memory.heapUsedMb.end} MB ` +
      `(${figures.memory.flat ? 'flat' : 'growing'}); orders ${JSON.stringify(endChecks.ordersByState)}; end checks ${endChecks.hold ? 'hold' : `broken: ${endChecks.problems.join('; ')}`}`,
  );
  for (const sample of tally.errorSamples.slice(0, 5)) progress(`  error: ${sample.routeClass}: ${sample.error} (${sample.attempts} attempts)`);
  return figures;
}

export const soakRetryDescription = () =>
  `at most ${carefulRetryPolicy.maxAttempts} attempts, ${carefulRetryPolicy.baseDelayMs} ms doubling to ${carefulRetryPolicy.maxDelayMs} ms with up to half again at random, or Retry-After when longer`;

/** The simulated provisioning system's delay the soak's runtimes run with: the environment's, else none, as order-to-cash runs. */
export const soakProvisioningDelaySeconds = (): string => process.env.BSS_SIMULATED_PROVISIONING_DELAY_SECONDS ?? '0';

/**
 * One pass of the soak in a process of its own (bench/soak-process.ts, under tsx as this one):
 * the in-process handlers keep the clients they made at their first call, so a process runs one
 * runtime; and the process's memory is then the runtime's and its clients' alone, not what other
 * sections left. It runs with --expose-gc (the memory figures' forced collections) and the
 * local runtime's log level. Progress lines are passed on; the handlers' log lines go to a file.
 */
export async function measureSoakInOwnProcess(plan: SoakPlan, faultProfile: string, progress: (line: string) => void): Promise<SoakPassFigures> {
  const logFile = resolve(benchPaths.work, `soak-${faultProfile}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [...process.execArgv, '--expose-gc', resolve(repositoryRoot, 'bench/soak-process.ts'), JSON.stringify({ plan, faultProfile })], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: soakProvisioningDelaySeconds(),
    },
  });
  let result: SoakPassFigures | undefined;
  let logLines = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('progress ')) progress(line.slice('progress '.length));
    else if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as SoakPassFigures;
    else {
      logLines += 1;
      log.write(`${line}\n`);
    }
  }
  await new Promise((closed) => log.end(closed));
  const code = await new Promise<number | null>((resolveExit) => (child.exitCode !== null ? resolveExit(child.exitCode) : child.once('exit', resolveExit)));
  if (code !== 0 || !result) throw new Error(`soak (${faultProfile}): its process ended with code ${code} without a result; the handlers' log is in ${logFile}`);
  if (logLines > 0) progress(`  the handlers logged ${logLines} lines: ${logFile}`);
  return { ...result, handlerLogLines: logLines };
}

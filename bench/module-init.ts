import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { measuredCpu, onCpu } from './measured-cpu.js';
import { median } from './statistics.js';

const run = promisify(execFile);

/**
 * What the fresh process runs: time `import()` of the bundle (module graph load plus top-level
 * code: SDK clients, Powertools, schemas), check it exports a handler, then, given an event,
 * time the first invocation (the cold code a request runs first: schemas' first parse, the SDK's
 * first request) and print the figures.
 */
const probe = `
const started = performance.now();
const module = await import(process.env.BENCH_BUNDLE_URL);
const importMs = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
const readyMs = performance.now();
let firstInvocationMs = null, firstStatus = null;
if (process.env.BENCH_EVENT) {
  const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'bench-first-invocation', getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: false };
  const invoked = performance.now();
  try {
    const result = await module.handler(JSON.parse(process.env.BENCH_EVENT), context);
    firstStatus = typeof result?.statusCode === 'number' ? result.statusCode : 'returned';
  } catch (error) {
    firstStatus = 'threw ' + (error?.name ?? 'error');
  }
  firstInvocationMs = performance.now() - invoked;
}
process.stdout.write(JSON.stringify({ importMs, readyMs, firstInvocationMs, firstStatus, node: process.version }));
`;

/**
 * The floor under a bundle's init, then the bundle, in one process: importing only the
 * runtime-provided modules it imports and constructing the SDK clients it builds at init (a document
 * client from a DynamoDB client), which any function talking to those services pays before a
 * line of its own runs (the first client of a process costs about 5 ms of the SDK's cold code
 * here), timed; then `import()` of the bundle, timed apart: its own share, the SDK already loaded.
 * Both parts run at the speed the host gives that one process, which moves whole processes by
 * up to a third either way here, so their ratio is steady where two processes' are not.
 * The bundle builds its clients again, which a cold start builds once (its table client, which
 * every function that uses the table builds at init: functions/lib/store/dynamo-client.ts, and any
 * other it builds at init): the same rebuild, warm, is timed right after it, from a young
 * generation just collected so that no scavenge lands in it, and taken off its share. `gc` is
 * exposed only then: Node's own code cache is made for its default flags, and
 * started with `--expose-gc` the floor took 25 to 30 ms more here.
 */
const floorThenBundleProbe = `
const started = performance.now();
const modules = {};
for (const name of JSON.parse(process.env.BENCH_EXTERNALS)) modules[name] = await import(name);
const clients = JSON.parse(process.env.BENCH_SDK_CLIENTS).map(({ module, name }) => modules[module][name]);
// A document client is in the list only with the DynamoDB client it wraps (prepareModuleInit).
const buildClients = () => {
  const built = clients.filter((Client) => typeof Client.from !== 'function').map((Client) => new Client({}));
  for (const Wrapper of clients.filter((Client) => typeof Client.from === 'function')) Wrapper.from(built.find((client) => client.constructor.name === 'DynamoDBClient'));
};
buildClients();
const floorMs = performance.now() - started;
const ownStarted = performance.now();
const module = await import(process.env.BENCH_BUNDLE_URL);
const ownMs = performance.now() - ownStarted;
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
let clientsRebuildMs = 0;
if (clients.length > 0) {
  (await import('node:v8')).setFlagsFromString('--expose-gc');
  (await import('node:vm')).runInNewContext('gc')({ type: 'minor' });
  const rebuildStarted = performance.now();
  buildClients();
  clientsRebuildMs = performance.now() - rebuildStarted;
}
process.stdout.write(JSON.stringify({ floorMs, ownMs, clientsRebuildMs }));
`;

/**
 * Which of the SDK client classes a bundle imports it builds at init, in a process of its own:
 * each class is replaced, on its CommonJS module's exports before the bundle's `import` reads
 * them, by a subclass that notes its constructions. A client built with its first use (the
 * simulated provisioning system's SFN client) is no part of the floor: counted there, it made the
 * floor 3 to 4 ms longer than the function's own start, which flattered its ratio. A wrapper
 * (`DynamoDBDocumentClient.from`) counts as built with the client it wraps.
 */
const clientsBuiltAtInitProbe = `
const { createRequire } = await import('node:module');
const require = createRequire(process.env.BENCH_BUNDLE_URL);
const built = new Set();
for (const { module, name } of JSON.parse(process.env.BENCH_SDK_CLIENTS)) {
  const exports = require(module);
  const Client = exports[name];
  if (typeof Client.from === 'function') continue;
  const Noted = class extends Client {
    constructor(...args) {
      super(...args);
      built.add(name);
    }
  };
  Object.defineProperty(Noted, 'name', { value: name });
  exports[name] = Noted;
}
await import(process.env.BENCH_BUNDLE_URL);
process.stdout.write(JSON.stringify([...built]));
`;

export interface SdkClientImport {
  module: string;
  name: string;
}

/** The SDK client classes a minified bundle imports (`import{DynamoDBClient as x}from"@aws-sdk/client-dynamodb"`). */
export function sdkClientsImportedBy(bundleSource: string): SdkClientImport[] {
  const found = new Map<string, SdkClientImport>();
  for (const [, names, module] of bundleSource.matchAll(/import\s*\{([^}]*)\}\s*from\s*["'](@aws-sdk\/[^"']+)["']/g)) {
    for (const imported of names!.split(',')) {
      const name = imported.trim().split(/\s+as\s+/)[0]!;
      if (/^[A-Z]\w*Client$/.test(name)) found.set(`${module}#${name}`, { module: module!, name });
    }
  }
  return [...found.values()];
}

/** The staff pool and app client the measured functions trust, which a first invocation's claims name. */
export const benchTokenPinning = { staffIssuer: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Staff', audience: 'bench-app-client' };

/**
 * The environment of a Lambda function instance, with dummy credentials. Built from scratch
 * rather than inherited so that nothing of the benchmark's own process (tsx's loader in
 * NODE_OPTIONS, an AWS_PROFILE) leaks into the measured process.
 */
function lambdaEnvironment(functionName: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    TABLE_NAME: 'bss',
    EVENT_BUS_NAME: 'bss-events',
    // As the CDK app sets them (infra/aws/use-case-functions.ts): a function that keeps documents
    // opens its store at init, and every function knows the token issuers and app clients.
    BSS_DOCUMENT_BUCKET: 'bss-documents',
    BSS_STAFF_TOKEN_ISSUER: benchTokenPinning.staffIssuer,
    BSS_USER_TOKEN_ISSUER: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Users',
    BSS_TOKEN_AUDIENCES: `${benchTokenPinning.audience},bench-staff-client`,
    // What the hub's functions are given (infra/aws/hub-callbacks.ts).
    BSS_HUB_EVENT_BUS_NAME: 'bss-hub-bench',
    BSS_HUB_RESOURCE_PREFIX: 'bss-bench-hub-',
    BSS_HUB_INVOKE_ROLE_ARN: 'arn:aws:iam::000000000000:role/bss-bench-hub-invoke',
    BSS_HUB_DEAD_LETTER_QUEUE_ARN: 'arn:aws:sqs:us-east-1:000000000000:bss-bench-hub-dead-letters',
    POWERTOOLS_SERVICE_NAME: 'bss',
    POWERTOOLS_METRICS_NAMESPACE: 'Bss',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    ...extra,
  };
}

export interface ModuleInitResult {
  function: string;
  /** The measured runs, in order. */
  runsMs: number[];
  /** The least-disturbed run: noise on a shared machine only ever adds time. */
  minMs: number;
  medianMs: number;
  maxMs: number;
  /** The one discarded run before them, which pays for a cold file-system cache. */
  discardedFirstRunMs: number;
  /** Process start to handler ready (Node's own boot included), median. */
  processReadyMedianMs: number;
  /** Median ms to import only the bundle's external modules and construct the SDK clients it builds at init, in processes alternating with the bundle's (0 without any): the part of init its own code cannot shrink while it uses them. */
  externalsFloorMs: number;
  /** The SDK client classes the bundle builds at init (clientsBuiltAtInitProbe), which its floor builds too. */
  sdkClientsBuiltAtInit: string[];
  /** Median ms of the bundle's import right after its floor, in the floor's process, less its clients' rebuild: its own share of init (absent without externals). */
  ownShareMedianMs?: number;
  /**
   * Median over the rounds of (floor + own share) ÷ floor, both timed in one process (absent
   * without externals). The host runs whole processes up to a third slower or faster here, so an
   * init over a floor from another process moved by about 0.02 between runs even pinned, with
   * single rounds from 0.8 to 1.4; within one process it moves by about 0.005.
   */
  overFloorMedian?: number;
  /** Median ms of the first invocation after init, when the function was given an event (API functions). */
  firstInvocationMedianMs?: number;
  /** What that first invocation answered (its status code), as a check that it ran the use case. */
  firstInvocationStatus?: number | string;
  node: string;
}

interface FloorThenBundleResult {
  floorMs: number;
  ownMs: number;
  clientsRebuildMs: number;
}

interface ProbeResult {
  importMs: number;
  readyMs: number;
  firstInvocationMs?: number | null;
  firstStatus?: number | string | null;
  node: string;
}

/** What the first invocation gets: its event, and the AWS endpoint (a local stub) its SDK calls reach. */
export interface FirstInvocation {
  event: unknown;
  awsEndpointUrl: string;
}

/** One fresh process; `cwd` matters for the floor's bare imports, which resolve from it. */
async function runProbe<Result>(script: string, functionName: string, extra: NodeJS.ProcessEnv, cwd: string): Promise<Result> {
  const { stdout } = await run(...onCpu(measuredCpu(), process.execPath, ['--input-type=module', '--eval', script]), {
    cwd,
    env: lambdaEnvironment(functionName, extra),
    timeout: 30_000,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as Result;
}

/** The bundle's import after its floor, less the rebuild of the clients the floor had built (floorThenBundleProbe). */
const ownShareOf = (round: FloorThenBundleResult): number => round.ownMs - round.clientsRebuildMs;

const importOnce = (functionName: string, bundleFile: string, first: FirstInvocation | undefined) =>
  runProbe<ProbeResult>(
    probe,
    functionName,
    { BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href, ...(first ? { BENCH_EVENT: JSON.stringify(first.event), AWS_ENDPOINT_URL: first.awsEndpointUrl } : {}) },
    dirname(bundleFile),
  );

/** One function's cold-init probes, prepared once and measured a round at a time (prepareModuleInit). */
export interface ModuleInitMeasurement {
  /** One round: a fresh import of the bundle (and its first invocation), then, when it has externals, its floor and own share in one process. */
  round(): Promise<void>;
  /** The figures of the rounds measured so far. */
  result(): ModuleInitResult;
}

/**
 * Cold module init of one bundle against its SDK floor: each round imports the bundle in one
 * fresh `process.execPath` process (then invokes it once, given a first invocation) and, when it
 * has any, its external modules (lambdaExternalModules, resolved from the repository's
 * node_modules as they resolve from the runtime's own copy on Lambda) with the SDK clients it
 * builds at init (clientsBuiltAtInitProbe), then the bundle, in another (floorThenBundleProbe).
 * The two alternate, so both see the machine in the same state: measured minutes apart, the same
 * floor varied from 109 to 206 ms here. Preparing finds the clients and runs one discarded round,
 * which pays for files not yet cached.
 */
export async function prepareModuleInit(
  functionName: string,
  bundleFile: string,
  externals: readonly string[],
  firstInvocation?: FirstInvocation,
): Promise<ModuleInitMeasurement> {
  const imported = sdkClientsImportedBy(readFileSync(bundleFile, 'utf8'));
  const builtAtInit = imported.length === 0 ? [] : await runProbe<string[]>(clientsBuiltAtInitProbe, functionName, { BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href, BENCH_SDK_CLIENTS: JSON.stringify(imported) }, dirname(bundleFile));
  const sdkClients = imported.filter(({ name }) => builtAtInit.includes(name) || (name === 'DynamoDBDocumentClient' && builtAtInit.includes('DynamoDBClient')));
  const floorThenBundleOnce = () =>
    runProbe<FloorThenBundleResult>(
      floorThenBundleProbe,
      functionName,
      { BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href, BENCH_EXTERNALS: JSON.stringify(externals), BENCH_SDK_CLIENTS: JSON.stringify(sdkClients) },
      dirname(bundleFile),
    );
  const first = await importOnce(functionName, bundleFile, firstInvocation);
  if (externals.length > 0) await floorThenBundleOnce();
  const measured: ProbeResult[] = [];
  const split: FloorThenBundleResult[] = [];
  return {
    async round() {
      measured.push(await importOnce(functionName, bundleFile, firstInvocation));
      if (externals.length > 0) split.push(await floorThenBundleOnce());
    },
    result() {
      const runsMs = measured.map((sample) => sample.importMs);
      return {
        function: functionName,
        runsMs,
        minMs: Math.min(...runsMs),
        medianMs: median(runsMs),
        maxMs: Math.max(...runsMs),
        discardedFirstRunMs: first.importMs,
        processReadyMedianMs: median(measured.map((sample) => sample.readyMs)),
        externalsFloorMs: split.length > 0 ? median(split.map((round) => round.floorMs)) : 0,
        sdkClientsBuiltAtInit: sdkClients.map(({ name }) => name),
        ...(split.length > 0
          ? {
              ownShareMedianMs: median(split.map(ownShareOf)),
              overFloorMedian: median(split.map((round) => (round.floorMs + ownShareOf(round)) / round.floorMs)),
            }
          : {}),
        ...(firstInvocation
          ? {
              firstInvocationMedianMs: median(measured.map((sample) => sample.firstInvocationMs ?? 0)),
              firstInvocationStatus: measured.at(-1)?.firstStatus ?? undefined,
            }
          : {}),
        node: first.node,
      };
    },
  };
}

/** prepareModuleInit's rounds for one function, one after the other. */
export async function measureModuleInit(
  functionName: string,
  bundleFile: string,
  externals: readonly string[],
  runs: number,
  firstInvocation?: FirstInvocation,
): Promise<ModuleInitResult> {
  const measurement = await prepareModuleInit(functionName, bundleFile, externals, firstInvocation);
  for (let index = 0; index < runs; index += 1) await measurement.round();
  return measurement.result();
}

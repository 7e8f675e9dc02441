import './handler-defaults.js';
import { parseArgs } from 'node:util';
import { seedDemoCatalog } from '../seed/seed-demo-catalog.js';
import { describeBillingSeed, seedDemoBilling } from '../seed/seed-demo-billing.js';
import { describeStockSeed, seedDemoStock } from '../seed/seed-demo-stock.js';
import { routes, stateMachines, eventRules } from '../topology.js';
import { issueToken } from './dev-issuer.js';
import { faultProfileNamed } from './faults/fault-profile.js';
import { localPaths } from './local-paths.js';
import { localPartnerBusesOf } from './partner-buses.js';
import { startLocalRuntime } from './runtime.js';

/**
 * `npm start`: the whole BSS on this machine. Options: --port (or PORT, default 3000),
 * --services-port (or AWS_SERVICES_PORT, default port+1), --in-memory (or BSS_IN_MEMORY=1),
 * --quiet (no per-request lines), --no-seed (or BSS_SEED=0: no demo catalog, stock or billing customer),
 * --faults <profile> (or BSS_FAULTS: inject AWS's faults at the profile's rates; docs/reliability.md),
 * --partner-buses <json> (or BSS_PARTNER_BUSES: partner buses and their local endpoints; docs/events.md, "Partners").
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'services-port': { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    seed: { type: 'boolean', default: true },
    faults: { type: 'string' },
    'partner-buses': { type: 'string' },
  },
  allowNegative: true,
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
const servicesPort = Number(values['services-port'] ?? process.env.AWS_SERVICES_PORT ?? (port === 0 ? 0 : port + 1));
const inMemory = values['in-memory'] || process.env.BSS_IN_MEMORY === '1';
const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);

const startedAt = performance.now();
log(`starting the BSS locally (${inMemory ? 'in-memory data' : `data in ${localPaths().dataDirectory}`})`);
const faultsGiven = values.faults ?? process.env.BSS_FAULTS;
const faults = (() => {
  try {
    return faultsGiven === undefined ? undefined : faultProfileNamed(faultsGiven);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
const partnerBuses = (() => {
  try {
    return localPartnerBusesOf(values['partner-buses'] ?? process.env.BSS_PARTNER_BUSES);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
})();
if (faults) log(`fault profile ${faults.name}: ${Object.entries(faults.rates).map(([kind, rate]) => `${kind} ${rate}`).join(', ')} (docs/reliability.md)`);
const runtime = await startLocalRuntime({ port, servicesPort, inMemory, log, logRequests: !values.quiet, ...(faults ? { faults } : {}), partnerBuses }).catch((error: unknown) => {
  process.stderr.write(`could not start: ${(error as Error).message}\n`);
  process.exit(1);
});

log(`DynamoDB Local      ${runtime.dynamoDbEndpoint} (table ${runtime.tableName}, stream relayed to the bus)`);
log(`EventBridge         ${runtime.servicesUrl} (${eventRules.length} rule(s); dead letters at ${runtime.servicesUrl}/_local/dead-letters)`);
log(`Step Functions      ${runtime.servicesUrl} (${stateMachines.map((machine) => machine.name).join(', ')})`);
log(`API                 ${runtime.url} (${routes.length} routes; GET ${runtime.url}/health)`);
if (faults) log(`Faults injected     ${runtime.servicesUrl}/_local/faults`);
for (const bus of partnerBuses) log(`Partner bus         ${bus.endpoint} (${bus.bus}: ${bus.events.join(', ')})`);
if (runtime.webBuildError) log(`web apps            not built: ${runtime.webBuildError}`);
log(`Customer portal     ${runtime.webUrls.portal}`);
log(`Agent desktop       ${runtime.webUrls.agent}`);
if (values.seed && process.env.BSS_SEED !== '0') {
  // GET /health answers 503 until the demo data is there, so a script that waits for it finds all of it.
  process.env.BSS_STARTING = 'loading the demo catalog, stock and billing data';
  // Before "ready": whoever waits for that line (the tests, a script) finds the demo catalog there.
  const seedingStarted = performance.now();
  const seeded = await issueToken(runtime.signingKey, { role: 'admin', subject: 'demo-catalog-seed' })
    .then((token) => seedDemoCatalog({ apiUrl: runtime.url, token, log: () => {} }))
    .then((result) => {
      const took = `${((performance.now() - seedingStarted) / 1000).toFixed(1)} s`;
      return result.skipped ? 'already present' : `${result.created} resources created in ${took}`;
    })
    // The runtime is useful without the demo: say why and go on.
    .catch((error: unknown) => `not seeded: ${(error as Error).message}`);
  log(`demo catalog: ${seeded}`);
  const stocked = await issueToken(runtime.signingKey, { role: 'admin', subject: 'demo-stock-seed' })
    .then((token) => seedDemoStock({ apiUrl: runtime.url, token }))
    .then(describeStockSeed)
    .catch((error: unknown) => `not seeded: ${(error as Error).message}`);
  log(`demo stock: ${stocked}`);
  const billed = await issueToken(runtime.signingKey, { role: 'admin', subject: 'demo-billing-seed' })
    .then((token) => seedDemoBilling({ apiUrl: runtime.url, token }))
    .then(describeBillingSeed)
    .catch((error: unknown) => `not seeded: ${(error as Error).message}`);
  log(`demo billing: ${billed}`);
  delete process.env.BSS_STARTING;
}
log(`ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; tokens: npm run --silent token -- --role admin; Ctrl-C stops`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  runtime
    .stop()
    .then(() => {
      log('stopped');
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

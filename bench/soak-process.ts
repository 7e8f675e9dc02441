import '../infra/local/handler-defaults.js';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { faultProfileNamed } from '../infra/local/faults/fault-profile.js';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { measureSoak, type SoakPlan } from './soak.js';
import { benchPaths, freshDirectory } from './work-directory.js';

/**
 * One pass of the soak in a process of its own (bench/soak.ts, measureSoakInOwnProcess): the
 * plan and the fault profile as JSON in argv[2]; progress lines, then one `result <json>` line,
 * on stdout, among the handlers' own log lines.
 */
const { plan, faultProfile } = JSON.parse(process.argv[2] ?? '{}') as { plan: SoakPlan; faultProfile: string };
const dataDirectory = freshDirectory(resolve(benchPaths.work, `soak-runtime-${faultProfile}`));
const runtime = await startLocalRuntime({
  port: 0,
  servicesPort: 0,
  inMemory: true,
  dataDirectory,
  log: () => {},
  logRequests: false,
  ...(faultProfile === 'none' ? {} : { faults: faultProfileNamed(faultProfile) }),
});
try {
  process.stdout.write(`progress runtime up: API ${runtime.url}, DynamoDB Local ${runtime.dynamoDbEndpoint}\n`);
  const figures = await measureSoak(runtime, plan, (line) => process.stdout.write(`progress ${line}\n`));
  process.stdout.write(`result ${JSON.stringify(figures)}\n`);
} finally {
  await runtime.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
}
// Timers of the runtime's clients (kept-alive connections) must not keep the process waiting.
process.exit(0);

import { parseArgs } from 'node:util';
import { issueToken, loadSigningKey } from '../local/dev-issuer.js';
import { localPaths } from '../local/local-paths.js';
import { seedDemoCatalog } from './seed-demo-catalog.js';
import { describeStockSeed, seedDemoStock } from './seed-demo-stock.js';

/**
 * `npm run seed -- [--api <url>] [--token <jwt>]` applies the demo catalog
 * (infra/seed/demo-catalog.ts) and the demo stock (infra/seed/seed-demo-stock.ts) through the
 * API; running it again changes nothing.
 *
 *   --api <url>     the API to seed; default the local runtime, http://localhost:$PORT (3000).
 *                   Give a deployed stage's API URL (with its stage path) to seed it.
 *   --token <jwt>   an admin bearer token (BSS_TOKEN works too). Locally it defaults to one
 *                   signed with the local dev issuer's key, as `npm run token` signs them;
 *                   a deployed API needs a Cognito ID token of a user in the `admin` group.
 *
 * `npm start` seeds the local runtime by itself; this command is for a runtime started with
 * --no-seed, or for a deployed stage.
 */
const { values } = parseArgs({
  options: {
    api: { type: 'string' },
    token: { type: 'string' },
  },
});

const apiUrl = values.api ?? `http://localhost:${process.env.PORT ?? 3000}`;
const isLocal = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(apiUrl);
const givenToken = values.token ?? process.env.BSS_TOKEN;
if (!givenToken && !isLocal) {
  process.stderr.write(`usage: npm run seed -- --api ${apiUrl} --token <admin ID token>: a deployed API needs a token\n`);
  process.exit(2);
}

try {
  const token = givenToken ?? (await issueToken(loadSigningKey(localPaths().signingKeyFile), { role: 'admin', subject: 'demo-catalog-seed' }));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const result = await seedDemoCatalog({ apiUrl, token, log });
  log(result.skipped ? `demo catalog: already present at ${apiUrl}` : `demo catalog: ${result.created} resources created at ${apiUrl}`);
  log(`demo stock: ${describeStockSeed(await seedDemoStock({ apiUrl, token }))} at ${apiUrl}`);
} catch (error) {
  const reason = (error as Error).message;
  const unreachable = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  process.stderr.write(unreachable ? `nothing answers at ${apiUrl}: start the BSS with npm start, or pass --api\n` : `${reason}\n`);
  process.exit(1);
}

import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../local/local-paths.js';
import { writeApiReference } from './write-api-reference.js';

/**
 * `npm run openapi [-- --server <url>] [--out <folder>]` writes the API reference as files
 * (write-api-reference.ts). The default folder, build/api-reference/, is generated output and
 * ignored by git.
 */
const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: resolve(repositoryRoot, 'build/api-reference') },
  },
});

const out = resolve(values.out);
const written = writeApiReference(out, values.server);
process.stdout.write(
  `${relative(process.cwd(), resolve(out, 'openapi.json')) || out}: ${written.operations} operations; ${relative(process.cwd(), resolve(out, 'events'))}/: ${written.eventSchemas} event schemas\n`,
);

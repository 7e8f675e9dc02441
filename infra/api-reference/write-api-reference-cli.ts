import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repositoryRoot } from '../local/local-paths.js';
import { contexts } from '../topology.js';
import { publishedEventSchemas } from './event-schemas.js';
import { openApiDocument } from './openapi-document.js';

/**
 * `npm run openapi [-- --server <url>] [--out <folder>]` writes the API reference as files:
 * <out>/openapi.json and one JSON Schema per event in <out>/events/ (named
 * <source>@<detail-type>.json, with an index.json listing them). The default folder,
 * build/api-reference/, is generated output and ignored by git.
 */
const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: resolve(repositoryRoot, 'build/api-reference') },
  },
});

const out = resolve(values.out);
const document = openApiDocument({ contexts, serverUrl: values.server });
mkdirSync(out, { recursive: true });
writeFileSync(resolve(out, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);

// The folder holds exactly the current catalog: a schema of an event that was removed goes too.
const eventsFolder = resolve(out, 'events');
rmSync(eventsFolder, { recursive: true, force: true });
mkdirSync(eventsFolder);
const schemas = publishedEventSchemas();
for (const published of schemas) writeFileSync(resolve(eventsFolder, `${published.name}.json`), `${JSON.stringify(published.schema, null, 2)}\n`);
const index = schemas.map(({ name, source, detailType, schemaVersion }) => ({ name, source, detailType, schemaVersion, file: `${name}.json` }));
writeFileSync(resolve(eventsFolder, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);

const operations = Object.values(document.paths).reduce((count, methods) => count + Object.keys(methods).length, 0);
process.stdout.write(`${relative(process.cwd(), resolve(out, 'openapi.json')) || out}: ${operations} operations; ${relative(process.cwd(), eventsFolder)}/: ${schemas.length} event schemas\n`);

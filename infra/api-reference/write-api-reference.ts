import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { contexts } from '../topology.js';
import { publishedEventSchemas } from './event-schemas.js';
import { openApiDocument } from './openapi-document.js';

export interface WrittenApiReference {
  operations: number;
  eventSchemas: number;
}

/**
 * Writes the API reference as files: <out>/openapi.json (its server `serverUrl`) and one JSON
 * Schema per event in <out>/events/ (named <source>@<detail-type>.json, with an index.json
 * listing them). `npm run openapi` writes them for readers; a bundle of the functions serving
 * them carries them beside its code (functions/platform/api-reference-documents.ts).
 */
export function writeApiReference(out: string, serverUrl: string): WrittenApiReference {
  const document = openApiDocument({ contexts, serverUrl });
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
  return { operations, eventSchemas: schemas.length };
}

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PublishedEventSchema } from '../../infra/api-reference/event-schemas.js';
import { apiReferenceFolder, bundledServerPlaceholder } from './api-reference-files.js';

/**
 * The API reference documents the public reference routes serve. Generating them builds every
 * schema of the API, which no cold start should pay, so a Lambda bundle of these functions carries
 * them as files in `api-reference/` beside its code, written when it is bundled by the generator
 * `npm run openapi` runs (infra/api-reference/write-api-reference.ts; infra/aws/use-case-bundling.ts
 * and the bench call it). Run from source (the local runtime, tests), they are generated on first
 * use; the generator is imported by a specifier the bundler leaves alone, so no bundle carries it.
 */

const besideCode = (path: string) => fileURLToPath(new URL(`./${apiReferenceFolder}/${path}`, import.meta.url));
const bundled = existsSync(besideCode('openapi.json'));

/** Read once, by the first request for it: each function reads only the documents it serves. */
let bundledOpenApiText: string | undefined;
let bundledEventSchemas: PublishedEventSchema[] | undefined;

function readBundledEventSchemas(): PublishedEventSchema[] {
  const index = JSON.parse(readFileSync(besideCode('events/index.json'), 'utf8')) as Array<Omit<PublishedEventSchema, 'schema'> & { file: string }>;
  return index.map(({ file, ...entry }) => ({ ...entry, schema: JSON.parse(readFileSync(besideCode(`events/${file}`), 'utf8')) as Record<string, unknown> }));
}

const generatorModule = '../../infra/api-reference/api-reference-generator.js';
type Generator = typeof import('../../infra/api-reference/api-reference-generator.js');
let generator: Promise<Generator> | undefined;
const generated = (): Promise<Generator> => (generator ??= import(generatorModule) as Promise<Generator>);

/** The OpenAPI document as JSON text, naming `serverUrl` as its server. */
export async function openApiDocumentText(serverUrl: string): Promise<string> {
  if (bundled) return (bundledOpenApiText ??= readFileSync(besideCode('openapi.json'), 'utf8')).replace(JSON.stringify(bundledServerPlaceholder), JSON.stringify(serverUrl));
  return JSON.stringify((await generated()).generatedOpenApiDocument(serverUrl));
}

/** Every published event schema, in the catalog's order. */
export async function eventSchemas(): Promise<PublishedEventSchema[]> {
  if (bundled) return (bundledEventSchemas ??= readBundledEventSchemas());
  return (await generated()).publishedEventSchemas();
}

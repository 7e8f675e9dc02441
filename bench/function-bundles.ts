import { cpSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { apiReferenceFolder, bundledServerPlaceholder } from '../functions/platform/api-reference-files.js';
import { writeApiReference } from '../infra/api-reference/write-api-reference.js';
import { lambdaBuildOptions } from '../infra/lambda-bundling.js';
import type { FunctionDefinition } from '../infra/topology.js';
import { bundleComposition, type BundleComposition } from './bundle-composition.js';

export interface FunctionBundle extends BundleComposition {
  function: string;
  entry: string;
  /** Absolute path of the bundle (`<dir>/<function>/index.mjs`). */
  file: string;
  /** Minified bytes, as Lambda loads them. */
  bytes: number;
  /** Gzip (level 9) of the same file: roughly what the deployment zip carries. */
  gzipBytes: number;
  buildMs: number;
}

/** Bundles one topology function with the shared Lambda options and measures the result. */
export async function bundleFunction(definition: FunctionDefinition, directory: string): Promise<FunctionBundle> {
  const file = resolve(directory, definition.name, 'index.mjs');
  const started = performance.now();
  const result = await build({ ...lambdaBuildOptions(definition, file), metafile: true, logLevel: 'silent' });
  const buildMs = performance.now() - started;
  if (definition.carriesApiReference) carryApiReference(resolve(dirname(file), apiReferenceFolder), directory);
  for (const warning of result.warnings) console.warn(`[bench] esbuild warning in ${definition.name}: ${warning.text}`);
  const contents = readFileSync(file);
  return {
    function: definition.name,
    entry: definition.entry,
    file,
    bytes: contents.length,
    gzipBytes: gzipSync(contents, { level: 9 }).length,
    buildMs,
    ...bundleComposition(result.metafile),
  };
}

const generatedIn = new Set<string>();

/** As the CDK bundling does (infra/aws/use-case-functions.ts): the API reference documents beside the code, generated once per directory of bundles. */
function carryApiReference(destination: string, directory: string): void {
  const generated = resolve(directory, '.api-reference');
  if (!generatedIn.has(directory)) {
    writeApiReference(generated, bundledServerPlaceholder);
    generatedIn.add(directory);
  }
  cpSync(generated, destination, { recursive: true });
}

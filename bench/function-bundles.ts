import { cpSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { apiReferenceFolder, bundledServerPlaceholder } from '../functions/platform/api-reference-files.js';
import { writeApiReference } from '../infra/api-reference/write-api-reference.js';
import { lambdaBuildOptions, lambdaEntryFile, repositoryRoot } from '../infra/lambda-bundling.js';
import type { FunctionDefinition } from '../infra/topology.js';
import { bundleComposition, type BundleComposition } from './bundle-composition.js';

export interface FunctionBundle extends BundleComposition {
  function: string;
  entry: string;
  /** Absolute path of the bundle's entry (`<dir>/<function>/index.mjs`). */
  file: string;
  /** Minified bytes of all its code: the entry and every chunk (infra/lambda-bundling.ts). */
  bytes: number;
  /** Of those, what a cold start loads: the entry and the chunks it imports statically; the rest loads with the first request that imports it. */
  initBytes: number;
  /** Gzip (level 9) of the same file: roughly what the deployment zip carries. */
  gzipBytes: number;
  buildMs: number;
}

/** Bundles one topology function with the shared Lambda options and measures the result. */
export async function bundleFunction(definition: FunctionDefinition, directory: string): Promise<FunctionBundle> {
  const folder = resolve(directory, definition.name);
  const file = resolve(folder, lambdaEntryFile);
  const started = performance.now();
  const result = await build({ ...lambdaBuildOptions(definition, folder), metafile: true, logLevel: 'silent' });
  const buildMs = performance.now() - started;
  if (definition.carriesApiReference) carryApiReference(resolve(folder, apiReferenceFolder), directory);
  for (const warning of result.warnings) console.warn(`[bench] esbuild warning in ${definition.name}: ${warning.text}`);
  const code = Object.keys(result.metafile.outputs).filter((output) => output.endsWith('.mjs')).map((output) => resolve(repositoryRoot, output));
  const contents = Buffer.concat(code.map((output) => readFileSync(output)));
  return {
    function: definition.name,
    entry: definition.entry,
    file,
    bytes: contents.length,
    initBytes: staticallyLoaded(result.metafile, file).reduce((sum, output) => sum + output.bytes, 0),
    gzipBytes: gzipSync(contents, { level: 9 }).length,
    buildMs,
    ...bundleComposition(result.metafile),
  };
}

/** The entry and the chunks it imports statically, transitively, as the metafile describes them. */
function staticallyLoaded(metafile: Metafile, entryFile: string): Metafile['outputs'][string][] {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(repositoryRoot, path), output]));
  const loaded = new Set<string>([entryFile]);
  for (const path of loaded) {
    for (const imported of outputs.get(path)?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) loaded.add(resolve(repositoryRoot, imported.path));
    }
  }
  return [...loaded].map((path) => outputs.get(path)!);
}

const generatedIn = new Set<string>();

/** As the CDK bundling does (infra/aws/use-case-bundling.ts): the API reference documents beside the code, generated once per directory of bundles. */
function carryApiReference(destination: string, directory: string): void {
  const generated = resolve(directory, '.api-reference');
  if (!generatedIn.has(directory)) {
    writeApiReference(generated, bundledServerPlaceholder);
    generatedIn.add(directory);
  }
  cpSync(generated, destination, { recursive: true });
}

import { cpSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { apiReferenceFolder, bundledServerPlaceholder } from '../functions/platform/api-reference-files.js';
import { writeApiReference } from '../infra/api-reference/write-api-reference.js';
import { lambdaBuildOptions, lambdaEntryFile, repositoryRoot, separateBundleBuildOptions } from '../infra/lambda-bundling.js';
import type { FunctionDefinition } from '../infra/topology.js';
import { bundleComposition, type BundleComposition } from './bundle-composition.js';

export interface FunctionBundle extends BundleComposition {
  function: string;
  entry: string;
  /** Absolute path of the bundle's entry (`<dir>/<function>/index.mjs`). */
  file: string;
  /** Minified bytes of all its code: the entry, every chunk and every separate bundle (infra/lambda-bundling.ts). */
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
  const separate = await Promise.all(separateBundleBuildOptions(result.metafile, folder).map((options) => build({ ...options, metafile: true, logLevel: 'silent' })));
  const buildMs = performance.now() - started;
  if (definition.carriesApiReference) carryApiReference(resolve(folder, apiReferenceFolder), directory);
  for (const warning of [result, ...separate].flatMap((each) => each.warnings)) console.warn(`[bench] esbuild warning in ${definition.name}: ${warning.text}`);
  const code = [result, ...separate]
    .flatMap((each) => Object.keys(each.metafile.outputs))
    .filter((output) => output.endsWith('.mjs'))
    .map((output) => resolve(repositoryRoot, output));
  const contents = Buffer.concat(code.map((output) => readFileSync(output)));
  return {
    function: definition.name,
    entry: definition.entry,
    file,
    bytes: contents.length,
    initBytes: outputsLoadedFrom(result.metafile, file, 'static imports').reduce((sum, output) => sum + output.bytes, 0),
    gzipBytes: gzipSync(contents, { level: 9 }).length,
    buildMs,
    ...bundleComposition(result.metafile),
  };
}

/**
 * The output files an entry loads, transitively, as the metafile describes them:
 * by `import` statements only, which a cold start loads, or by `import()` too, which is all that
 * anything ever loads of the build. Absolute paths.
 */
export function outputsLoadedFrom(metafile: Metafile, entryFile: string, through: 'static imports' | 'every import'): { file: string; bytes: number }[] {
  const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(repositoryRoot, path), output]));
  const loaded = new Set<string>([entryFile]);
  for (const path of loaded) {
    for (const imported of outputs.get(path)?.imports ?? []) {
      if (!imported.external && (through === 'every import' || imported.kind === 'import-statement')) loaded.add(resolve(repositoryRoot, imported.path));
    }
  }
  return [...loaded].map((file) => ({ file, bytes: outputs.get(file)!.bytes }));
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

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import type { FunctionDefinition } from './topology.js';

/**
 * How every Lambda bundle is built, declared once: `npm run bench` builds exactly these
 * bundles to measure their size and module init time, and the CDK construct can map the same
 * values onto NodejsFunction's `bundling` props so what we measure is what we deploy.
 */

/** The Lambda runtime the bundles target. */
export const lambdaNodeTarget = 'node24';

/** The Node.js 24 Lambda runtime ships AWS SDK v3, so bundles leave it out. */
export const lambdaExternalModules: readonly string[] = ['@aws-sdk/*'];

/**
 * Esbuild's stand-in for `require`, which an ESM bundle has only when a CommonJS dependency
 * requires a module it leaves out (a Node builtin): it throws "Dynamic require of … is not
 * supported". No function's dependencies do (test/infra/lambda-bundles.test.ts), so the bundles
 * carry no `createRequire` banner, whose `node:module` import cost every cold start about 0.6 ms.
 */
export const esbuildDynamicRequire = 'Dynamic require of';

/**
 * Modules replaced in every bundle: fontkit (under PDFKit) imports the `brotli` decoder for WOFF2
 * fonts only, and documents are set in TTF fonts; the stub throws if that ever changes. Middy
 * imports `node:stream/web` for streamed responses only, which no function sends: its stand-in
 * checks against the global ReadableStream when asked, and saves the builtin's import at init.
 */
export const lambdaAliases: Readonly<Record<string, string>> = { brotli: './infra/bundling/no-brotli', 'node:stream/web': './infra/bundling/middy-web-streams' };

/** The esbuild options every function shares; only the entry and the output differ. */
export const lambdaBundling = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: lambdaNodeTarget,
  external: [...lambdaExternalModules],
  // Prefer the ESM build of dependencies that ship both: it tree-shakes.
  mainFields: ['module', 'main'],
  alias: { ...lambdaAliases },
  treeShaking: true,
  legalComments: 'none',
} as const satisfies BuildOptions;

/** The checkout root: topology entries are relative to it. */
export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Full esbuild options for one topology function, written to `outfile` (use `.mjs`). */
export function lambdaBuildOptions(definition: Pick<FunctionDefinition, 'entry'>, outfile: string): BuildOptions {
  return {
    ...lambdaBundling,
    external: [...lambdaBundling.external],
    mainFields: [...lambdaBundling.mainFields],
    alias: { ...lambdaBundling.alias },
    absWorkingDir: repositoryRoot,
    entryPoints: [resolve(repositoryRoot, definition.entry)],
    outfile,
  };
}

import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import type { FunctionDefinition } from './topology.js';
import { rendersDocuments } from './topology/shared.js';

/**
 * How every Lambda bundle is built, declared once: `npm run bench` builds exactly these
 * bundles to measure their size and module init time, and the CDK app builds each function's
 * code with the same options (infra/aws/use-case-bundling.ts), so what we measure is what we deploy.
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
 * fonts only, and documents are set in TTF fonts; the stub throws if that ever changes.
 *
 * And the Node builtins most bundles import at init, as their own CommonJS modules taken with
 * `process.getBuiltinModule` (infra/bundling/node-builtins/): an `import … from 'node:…'` makes
 * the builtin's ESM facade, which reads every export (`node:timers`' loads `timers/promises`),
 * though the SDK has loaded most of them already. Six such imports took 0.95 ms of a cold start
 * here, the same names from `process.getBuiltinModule` 0.2 ms (docs/decisions.md, "Performance");
 * the hub's `node:dns` and `node:net` about 2 ms of its functions' (pinned, after the SDK floor),
 * and the document functions' `node:path` and `node:fs/promises` (their folder store's, for a
 * deployment without a bucket) about 2 ms of deliver-customer-bill's.
 * Our retries of a lost race take `node:timers/promises` only when one waits. Middy imports
 * `node:stream/web` only to ask whether a streamed response (which no function sends) is a
 * `ReadableStream`: its stand-in answers that against the global class and stands in for nothing
 * more, so only middy may import it. Not stood in for: what only the API reference functions
 * import (`node:fs`, `node:url`), and `node:async_hooks`, which Powertools imports with
 * `import()` under concurrent invocations only: a stand-in imported so is a chunk of its own.
 */
export const lambdaAliases: Readonly<Record<string, string>> = {
  brotli: './infra/bundling/no-brotli',
  'node:console': './infra/bundling/node-builtins/console.js',
  'node:crypto': './infra/bundling/node-builtins/crypto.js',
  'node:dns': './infra/bundling/node-builtins/dns.js',
  'node:fs/promises': './infra/bundling/node-builtins/fs-promises.js',
  'node:net': './infra/bundling/node-builtins/net.js',
  'node:path': './infra/bundling/node-builtins/path.js',
  'node:stream': './infra/bundling/node-builtins/stream.js',
  'node:stream/promises': './infra/bundling/node-builtins/stream-promises.js',
  'node:stream/web': './infra/bundling/node-builtins/stream-web.js',
  'node:timers': './infra/bundling/node-builtins/timers.js',
  'node:timers/promises': './infra/bundling/node-builtins/timers-promises.js',
  'node:zlib': './infra/bundling/node-builtins/zlib.js',
};

/**
 * Modules a function imports with `import()` that its build leaves out and that are bundled on
 * their own beside its entry, keyed by the name the code imports them by (their sources are
 * `.mts`, so that the name is the bundle's). Split off in the function's own build, a module
 * shares with the entry whatever both use, and esbuild makes that chunks of their own, which the
 * entry loads at init: Powertools idempotency shares its `commons` with the logger, and put two or
 * three such files into the cold start of every function that takes an Idempotency-Key, about
 * 0.25 ms each to resolve, read and link (1.5 ms of create-product-order's, docs/decisions.md).
 * Bundled apart, it carries its own copy of what it shares and nothing is split.
 */
export const separateBundles: Readonly<Record<string, string>> = {
  './powertools-idempotency.mjs': 'functions/lib/http/powertools-idempotency.mts',
};

/** Who may import the builtin whose stand-in covers only what middy asks of it (`instanceof ReadableStream`). */
export const partialStandInImporters: Readonly<Record<string, readonly string[]>> = { 'node:stream/web': ['@middy/core'] };

/** The name of every bundle's entry file (`index.mjs`). */
const lambdaEntryName = 'index';

/**
 * The esbuild options every function shares; only the entry and the output folder differ.
 * Split: what a function imports with `import()` (the PDF renderer, Powertools idempotency, the
 * hub's event modules) is a file of its own beside `index.mjs`, read and compiled with the first
 * request that needs it. In one file, a cold start compiled it anyway, about 40 to 60 µs per
 * minified KB here: a PDF function's init was about 10 ms longer (docs/decisions.md, "Performance").
 */
export const lambdaBundling = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: lambdaNodeTarget,
  // Arrow functions as function expressions: V8 parses an arrow function whole as it compiles the
  // code around it, where it only pre-parses a function expression, and a bundle has hundreds (625
  // in create-product-order's top-level code). Lowered, a pricing bundle's own init was 0.3 to
  // 0.9 ms shorter (docs/decisions.md, "Arrow functions lowered"). Not in every function:
  // lambdaBuildOptions.
  supported: { arrow: false },
  external: [...lambdaExternalModules, ...Object.keys(separateBundles)],
  // Prefer the ESM build of dependencies that ship both: it tree-shakes.
  mainFields: ['module', 'main'],
  alias: { ...lambdaAliases },
  treeShaking: true,
  legalComments: 'none',
  splitting: true,
  entryNames: lambdaEntryName,
  // Flat, beside the entry: code that finds files beside itself (the fonts, the API reference) reads `import.meta.url`.
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
} as const satisfies BuildOptions;

/** The file Lambda loads, in the output folder, and the handler it exports. */
export const lambdaEntryFile = `${lambdaEntryName}.mjs`;
export const lambdaHandler = `${lambdaEntryName}.handler`;

/** The checkout root: topology entries are relative to it. */
export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Whether a function's build keeps its arrow functions. esbuild, lowering an arrow that reads
 * `this` in a derived class's constructor, reads `this` into a variable before `super()`, and the
 * constructor throws: pdfkit's LineWrapper does, so the functions that render documents keep
 * theirs. test/infra/lambda-bundles.test.ts reads every function's code for such a constructor.
 */
export const keepsArrowFunctions = (definition: Partial<Pick<FunctionDefinition, 'permissions'>>): boolean =>
  definition.permissions !== undefined && rendersDocuments({ permissions: definition.permissions });

/** Full esbuild options for one topology function, written to `outdir` (its `index.mjs` and the chunks it imports). */
export function lambdaBuildOptions(definition: Pick<FunctionDefinition, 'entry'> & Partial<Pick<FunctionDefinition, 'permissions'>>, outdir: string): BuildOptions {
  return {
    ...lambdaBundling,
    supported: keepsArrowFunctions(definition) ? {} : { ...lambdaBundling.supported },
    external: [...lambdaBundling.external],
    mainFields: [...lambdaBundling.mainFields],
    alias: { ...lambdaBundling.alias },
    outExtension: { ...lambdaBundling.outExtension },
    absWorkingDir: repositoryRoot,
    entryPoints: [resolve(repositoryRoot, definition.entry)],
    outdir,
  };
}

/**
 * esbuild options for the separate bundles (`separateBundles`) a function's build imports, as its
 * metafile names them: each written to `outdir`, beside the entry, as one file with nothing split off.
 */
export function separateBundleBuildOptions(metafile: Metafile, outdir: string): BuildOptions[] {
  const imported = new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((each) => each.external).map((each) => each.path)));
  const { splitting: _splitting, entryNames: _entryNames, chunkNames: _chunkNames, outExtension: _outExtension, ...shared } = lambdaBundling;
  return Object.entries(separateBundles)
    .filter(([specifier]) => imported.has(specifier))
    .map(([specifier, source]) => ({
      ...shared,
      external: [...lambdaExternalModules],
      mainFields: [...lambdaBundling.mainFields],
      alias: { ...lambdaBundling.alias },
      absWorkingDir: repositoryRoot,
      entryPoints: [resolve(repositoryRoot, source)],
      outfile: resolve(outdir, basename(specifier)),
    }));
}

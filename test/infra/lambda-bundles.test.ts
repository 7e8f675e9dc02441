import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildDynamicRequire, keepsArrowFunctions, lambdaAliases, lambdaBuildOptions, lambdaEntryFile, partialStandInImporters, repositoryRoot, separateBundles } from '../../infra/lambda-bundling.js';
import { functions, type FunctionDefinition } from '../../infra/topology.js';
import { generatedOpenApiDocument, publishedEventSchemas } from '../../infra/api-reference/api-reference-generator.js';
import { bundleFunction, outputsLoadedFrom } from '../../bench/function-bundles.js';
import { apiEvent } from '../support/api-event.js';
import { thisReadBeforeSuper } from '../support/this-before-super.js';

/** Entries built in one esbuild run with the functions' options, in memory: one file each, unsplit, so that each holds its chunks too. */
const buildUnsplit = (entryPoints: Record<string, string>, options: Pick<BuildOptions, 'supported'> = {}) => {
  const { entryPoints: _single, outdir: _outdir, ...shared } = lambdaBuildOptions(functions[0]!, 'unused');
  return build({ ...shared, ...options, splitting: false, entryNames: '[name]', entryPoints, outdir: resolve(repositoryRoot, 'build/bundle-check'), write: false, metafile: true, logLevel: 'silent' });
};
const entriesOf = (definitions: readonly FunctionDefinition[]) => Object.fromEntries(definitions.map((definition) => [definition.name, resolve(repositoryRoot, definition.entry)]));
const separateBundleEntries = Object.fromEntries(Object.entries(separateBundles).map(([specifier, source]) => [specifier.replace(/^\.\/|\.mjs$/g, ''), resolve(repositoryRoot, source)]));
const fileNameOf = (path: string) => path.replace(/^.*\//, '').replace(/\.mjs$/, '');

/**
 * What every function's bundle is made of, built as the CDK app builds them (one esbuild run with
 * every entry). Classic zod put about 90 KB into each bundle and cost its cold start about 20 ms;
 * the functions' schemas use zod's mini build through domain/shared/zod.ts.
 */
describe('Lambda bundles', () => {
  it('carry no classic zod, in any function', async () => {
    // Unsplit, one file per function: each holds its chunks too, so what no file carries no chunk does.
    // The separate bundles too (infra/lambda-bundling.ts), which every such check holds for.
    const result = await buildUnsplit({ ...entriesOf(functions), ...separateBundleEntries });
    const withClassicZod = Object.entries(result.metafile.outputs)
      .filter(([, output]) => Object.keys(output.inputs).some((input) => input.includes('node_modules/zod/v4/classic/')))
      .map(([file]) => fileNameOf(file));
    const built = functions.length + Object.keys(separateBundles).length;
    expect(Object.keys(result.metafile.outputs)).toHaveLength(built);
    expect(withClassicZod).toEqual([]);
    // Nor all of zod's core, which a value read of the `z.core` namespace keeps (its locales, its JSON Schema): about 380 KB.
    const withAllOfZodCore = Object.entries(result.metafile.outputs)
      .filter(([, output]) => Object.keys(output.inputs).some((input) => /node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/.test(input)))
      .map(([file]) => fileNameOf(file));
    expect(withAllOfZodCore).toEqual([]);
    // Nor the builtins the bundles stand in for (infra/lambda-bundling.ts), and only middy imports the partial stand-ins.
    const standIns = Object.keys(lambdaAliases).filter((specifier) => specifier.startsWith('node:'));
    const importingStoodIn = Object.entries(result.metafile.outputs).filter(([, output]) => output.imports.some((imported) => standIns.includes(imported.path)));
    expect(importingStoodIn.map(([file]) => file)).toEqual([]);
    const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? input;
    const partialImporters = new Set(
      Object.entries(result.metafile.inputs).flatMap(([input, { imports }]) =>
        imports.filter((imported) => imported.original! in partialStandInImporters).map((imported) => `${imported.original} from ${packageOf(input)}`),
      ),
    );
    expect([...partialImporters].sort()).toEqual(Object.entries(partialStandInImporters).flatMap(([specifier, importers]) => importers.map((importer) => `${specifier} from ${importer}`)).sort());
    // Nor esbuild's throwing `require`: the bundles are ESM without a createRequire banner (infra/lambda-bundling.ts).
    const requiringAtRunTime = (result.outputFiles ?? []).filter((file) => file.text.includes(esbuildDynamicRequire)).map((file) => file.path.replace(/^.*\//, ''));
    expect(result.outputFiles).toHaveLength(built);
    expect(requiringAtRunTime).toEqual([]);
  }, 120_000);

  it('import every chunk they are split into: none is made for an `import()` that tree shaking dropped', async () => {
    // esbuild makes a chunk of every module a bundle's files `import()`, even when the call is
    // dropped (esbuild issue #3704), and what it shares with the entry becomes chunks the entry
    // loads at init: two files more for 42 functions that never used idempotency
    // (functions/catalog/catalog-create-use-case.ts). Built per function, split, as deployed.
    const orphans = await Promise.all(
      functions.map(async (definition) => {
        const outdir = resolve(repositoryRoot, 'build/chunk-check', definition.name);
        const { metafile } = await build({ ...lambdaBuildOptions(definition, outdir), write: false, metafile: true, logLevel: 'silent' });
        const loaded = new Set(outputsLoadedFrom(metafile, resolve(outdir, lambdaEntryFile), 'every import').map((output) => output.file));
        const written = Object.keys(metafile.outputs).map((path) => resolve(repositoryRoot, path));
        return written.filter((path) => path.endsWith('.mjs') && !loaded.has(path)).map((path) => `${definition.name}: ${path.replace(/^.*\//, '')}`);
      }),
    );
    expect(orphans.flat()).toEqual([]);
  }, 120_000);

  it('carry Powertools idempotency as a bundle of its own beside the entry, which loads no chunk at init', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'bss-separate-bundles-'));
    try {
      const bundle = await bundleFunction(functions.find((definition) => definition.name === 'create-product-offering-price')!, directory);
      const folder = resolve(directory, 'create-product-offering-price');
      // Split off in the function's own build, it shared Powertools' commons with the logger: three chunks the entry loaded at init.
      expect(readdirSync(folder).sort()).toEqual([lambdaEntryFile, 'powertools-idempotency.mjs']);
      expect(bundle.initBytes).toBe(readFileSync(bundle.file).length);
      expect(readFileSync(bundle.file, 'utf8')).toContain('import("./powertools-idempotency.mjs")');
      // Code of ours, not the runtime's: no part of the SDK floor the bench measures init against.
      expect(bundle.externalImports.length).toBeGreaterThan(0);
      expect(bundle.externalImports.filter((name) => !name.startsWith('@aws-sdk/'))).toEqual([]);
      const separate = (await import(pathToFileURL(resolve(folder, 'powertools-idempotency.mjs')).href)) as Record<string, unknown>;
      expect(Object.keys(separate).sort()).toEqual(['DynamoDBPersistenceLayer', 'IdempotencyAlreadyInProgressError', 'IdempotencyConfig', 'IdempotencyValidationError', 'makeIdempotent']);
      expect(Object.values(separate).every((value) => typeof value === 'function')).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);

  it('read `this` before `super()` in no constructor: the functions whose code would with arrow functions lowered keep theirs', async () => {
    const readingThisBeforeSuper = async (entryPoints: Record<string, string>, supported: BuildOptions['supported']) => {
      const { outputFiles } = await buildUnsplit(entryPoints, { supported });
      return outputFiles.filter((file) => thisReadBeforeSuper(file.text).length > 0).map((file) => fileNameOf(file.path));
    };
    const keepers = functions.filter(keepsArrowFunctions);
    // The separate bundles are built with arrow functions lowered, beside any function's entry.
    expect((await readingThisBeforeSuper({ ...entriesOf(functions), ...separateBundleEntries }, { arrow: false })).sort()).toEqual(keepers.map((definition) => definition.name).sort());
    expect(await readingThisBeforeSuper(entriesOf(keepers), lambdaBuildOptions(keepers[0]!, 'unused').supported)).toEqual([]);
  }, 120_000);

  it('load the Step Functions SDK of simulated provisioning at init only where every request provisions', async () => {
    // Dunning's review, its stop and the collections run suspend or restore few of the accounts they see (simulated-provisioning-system.ts).
    const withFirstSubmission = ['review-account-dunning', 'run-collections', 'stop-account-dunning'];
    const atInit = ['request-item-provisioning', 'restore-account-service'];
    const { metafile } = await buildUnsplit(entriesOf(functions.filter((definition) => [...withFirstSubmission, ...atInit].includes(definition.name))));
    const stepFunctionsImports = Object.fromEntries(
      Object.entries(metafile.outputs).map(([file, output]) => [
        fileNameOf(file),
        [...new Set(output.imports.filter((imported) => imported.path === '@aws-sdk/client-sfn').map((imported) => imported.kind))],
      ]),
    );
    expect(stepFunctionsImports).toEqual({
      ...Object.fromEntries(withFirstSubmission.map((name) => [name, ['dynamic-import']])),
      ...Object.fromEntries(atInit.map((name) => [name, ['import-statement']])),
    });
  });

  describe('stand-ins for Node builtins', () => {
    const standIn = async <Module>(specifier: string) => (await import(pathToFileURL(resolve(repositoryRoot, lambdaAliases[specifier]!)).href)) as Module;

    it("export the builtins' own functions and classes", async () => {
      const whole = ['node:console', 'node:crypto', 'node:dns', 'node:fs/promises', 'node:net', 'node:path', 'node:stream', 'node:stream/promises', 'node:timers', 'node:zlib'];
      // Every stand-in is checked: these here, the two that wrap or answer instanceof below.
      expect(Object.keys(lambdaAliases).filter((specifier) => specifier.startsWith('node:')).sort()).toEqual([...whole, 'node:stream/web', 'node:timers/promises'].sort());
      for (const specifier of whole) {
        const standing = await standIn<Record<string, unknown>>(specifier);
        const builtin = (await import(specifier)) as Record<string, unknown>;
        expect(Object.keys(standing).length, specifier).toBeGreaterThan(0);
        for (const [name, value] of Object.entries(standing)) expect(value, `${name} of ${specifier}`).toBe(builtin[name]);
      }
    });

    it('wait as node:timers/promises does', async () => {
      const { setTimeout: sleep } = await standIn<typeof import('node:timers/promises')>('node:timers/promises');
      await expect(sleep(1, 'slept')).resolves.toBe('slept');
      await expect(sleep(1000, 'never', { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    });

    it("answer instanceof as the global ReadableStream does, for middy's streamed responses", async () => {
      const { ReadableStream: StandIn } = await standIn<{ ReadableStream: abstract new () => unknown }>('node:stream/web');
      expect(new globalThis.ReadableStream() instanceof StandIn).toBe(true);
      expect((Object('a body') as object) instanceof StandIn).toBe(false);
      expect({ getReader: () => undefined } instanceof StandIn).toBe(false);
    });
  });
});

describe('the API reference functions, bundled', () => {
  it('serve the documents written beside their code, equal to those generated from source, without carrying the generator', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'bss-reference-bundles-'));
    // A bundle maps its process's stack traces (functions/lib/observability/source-mapped-stack-traces.ts): not this one's after the test.
    const prepareStackTrace = Error.prepareStackTrace;
    try {
      const bundled = async (name: string) => {
        const bundle = await bundleFunction(functions.find((definition) => definition.name === name)!, directory);
        expect(bundle.bytes).toBeLessThan(60 * 1024);
        return (await import(pathToFileURL(bundle.file).href)) as { handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> };
      };
      const event = (path: string, pathParameters: Record<string, string> | null = null) =>
        ({ ...apiEvent({ method: 'GET', path, claims: null, headers: { host: 'api.example.com', 'x-forwarded-proto': 'https' } }), pathParameters }) as APIGatewayProxyEvent;

      const document = await (await bundled('get-openapi-document')).handler(event('/openapi.json'));
      expect(JSON.parse(document.body)).toEqual(generatedOpenApiDocument('https://api.example.com'));

      const listed = await (await bundled('list-event-schemas')).handler(event('/events/schemas'));
      expect(JSON.parse(listed.body)).toEqual(publishedEventSchemas());

      const name = publishedEventSchemas()[0]!.name;
      const one = await (await bundled('get-event-schema')).handler(event(`/events/schemas/${name}`, { name }));
      expect(JSON.parse(one.body)).toEqual(publishedEventSchemas()[0]!.schema);
    } finally {
      Error.prepareStackTrace = prepareStackTrace;
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { formatStackTrace, installSourceMappedStackTraces, originsFromMapsIn, type Origin, type OriginOf } from '../../../functions/lib/observability/source-mapped-stack-traces.js';

/** A V8 call site as `Error.prepareStackTrace` receives it, for a frame at a generated position. */
function callSite(frame: { file?: string; line?: number; column?: number; functionName?: string; async?: boolean; enclosing?: [number, number] }): NodeJS.CallSite {
  const location = frame.file ? `${frame.file}:${frame.line}:${frame.column}` : 'native';
  const named = frame.functionName ? `${frame.functionName} (${location})` : location;
  return {
    getFileName: () => frame.file,
    getLineNumber: () => frame.line ?? null,
    getColumnNumber: () => frame.column ?? null,
    getEnclosingLineNumber: () => frame.enclosing?.[0] ?? null,
    getEnclosingColumnNumber: () => frame.enclosing?.[1] ?? null,
    getFunctionName: () => frame.functionName ?? null,
    toString: () => `${frame.async ? 'async ' : ''}${named}`,
  } as NodeJS.CallSite;
}

const bundle = 'file:///var/task/index.mjs';

describe('stack traces mapped through a bundle’s source map', () => {
  const origins: Record<string, Origin> = {
    // As esbuild names sources, from the map's folder: the trace names them from the repository's root.
    [`${bundle}:1:200`]: { fileName: '../../functions/lib/auth/principal.ts', lineNumber: 62, columnNumber: 40 },
    [`${bundle}:1:150`]: { fileName: 'functions/lib/auth/principal.ts', lineNumber: 55, columnNumber: 1, name: 'principalOf' },
    [`${bundle}:2:900`]: { fileName: 'functions/lib/http/api-handler.ts', lineNumber: 62, columnNumber: 25, name: 'principalOf' },
    [`${bundle}:2:40`]: { fileName: 'node_modules/@middy/core/index.js', lineNumber: 98, columnNumber: 22 },
  };
  const originOf: OriginOf = (file, line, column) => origins[`${file}:${line}:${column}`];

  it('name the source file, line, column and function of each frame the map knows, in V8’s format', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'authorizer')");
    const trace = formatStackTrace(
      error,
      [
        callSite({ file: bundle, line: 1, column: 200, functionName: 'Qe', enclosing: [1, 150] }),
        callSite({ file: bundle, line: 2, column: 900 }),
        callSite({ file: bundle, line: 2, column: 40, functionName: 'Rt.a', async: true }),
        callSite({ file: 'file:///var/runtime/index.mjs', line: 3, column: 7, functionName: 'runtime', async: true }),
      ],
      originOf,
    );
    expect(trace.split('\n')).toEqual([
      "TypeError: Cannot read properties of undefined (reading 'authorizer')",
      // Named where its definition begins.
      '    at principalOf (functions/lib/auth/principal.ts:62:40)',
      // No name in the map: an anonymous frame keeps none (its caller's call names no function).
      '    at functions/lib/http/api-handler.ts:62:25',
      // The minified name stays where neither the definition nor the call names it.
      '    at async Rt.a (node_modules/@middy/core/index.js:98:22)',
      // Not in the bundle: as V8 writes it.
      '    at async runtime (file:///var/runtime/index.mjs:3:7)',
    ]);
  });

  it('take a frame’s name from the call in its caller’s frame when its definition has none', () => {
    const trace = formatStackTrace(
      new Error('boom'),
      [callSite({ file: bundle, line: 1, column: 200, functionName: 'Qe' }), callSite({ file: bundle, line: 2, column: 900, functionName: 'Xe' })],
      originOf,
    );
    expect(trace.split('\n')[1]).toBe('    at principalOf (functions/lib/auth/principal.ts:62:40)');
  });

  it('keep a frame as V8 writes it when mapping it fails, and the heading of an error whose toString throws', () => {
    const failing: OriginOf = () => {
      throw new Error('unreadable map');
    };
    const hostile = Object.create(Error.prototype, { name: { get: () => { throw new Error('no name'); } } }) as Error;
    expect(formatStackTrace(hostile, [callSite({ file: bundle, line: 1, column: 200, functionName: 'Qe' })], failing)).toBe(`<error>\n    at Qe (${bundle}:1:200)`);
  });
});

describe('origins from the source maps beside the bundle files', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bss-source-maps-'));
  const folderUrl = pathToFileURL(`${folder}/`).href;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  const source = ['export function principalOf(event: { requestContext: unknown }) {', '  return (event.requestContext as { authorizer: unknown }).authorizer;', '}', ''].join('\n');
  const { code, map } = transformSync(source, { loader: 'ts', format: 'esm', minify: true, sourcemap: 'external', sourcefile: 'functions/lib/auth/principal.ts' });
  writeFileSync(join(folder, 'index.mjs'), code);
  writeFileSync(join(folder, 'index.mjs.map'), map);
  const generatedColumn = code.indexOf('.authorizer') + 1;

  it('read a file’s map once, at the first frame in it, not before', () => {
    // The module takes node:fs as the process's own object, which a spy on it sees.
    const reads = vi.spyOn(process.getBuiltinModule('node:fs'), 'readFileSync');
    const originOf = originsFromMapsIn(folderUrl);
    expect(reads).not.toHaveBeenCalled();
    const origin = originOf(`${folderUrl}index.mjs`, 1, generatedColumn);
    expect(origin).toMatchObject({ fileName: 'functions/lib/auth/principal.ts', lineNumber: 2 });
    originOf(`${folderUrl}index.mjs`, 1, 1);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('leave alone what is not a bundle file of the folder, and a file without a map', () => {
    writeFileSync(join(folder, 'no-map.mjs'), code);
    const originOf = originsFromMapsIn(folderUrl);
    expect(originOf(`${folderUrl}no-map.mjs`, 1, generatedColumn)).toBeUndefined();
    expect(originOf('file:///var/runtime/index.mjs', 1, generatedColumn)).toBeUndefined();
    expect(originOf(`${folderUrl}nested/index.mjs`, 1, generatedColumn)).toBeUndefined();
    expect(originOf('node:internal/process/task_queues', 1, 1)).toBeUndefined();
  });
});

describe('installing the mapping', () => {
  const installed = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = installed;
  });

  it('leaves the traces of code run from its TypeScript source to the formatting it replaced, asking where it runs only then', () => {
    const replaced = vi.fn(() => 'formatted as before');
    Error.prepareStackTrace = replaced;
    const moduleUrl = vi.fn(() => 'file:///work/main/functions/lib/observability/source-mapped-stack-traces.ts');
    installSourceMappedStackTraces(moduleUrl);
    expect(moduleUrl).not.toHaveBeenCalled();
    expect(new Error('boom').stack).toBe('formatted as before');
    expect(new Error('again').stack).toBe('formatted as before');
    expect(moduleUrl).toHaveBeenCalledTimes(1);
    expect(replaced).toHaveBeenCalledTimes(2);
  });

  it('maps the traces of a bundle file, and keeps V8’s format where its folder has no map', () => {
    Error.prepareStackTrace = vi.fn(() => 'not this');
    installSourceMappedStackTraces(() => 'file:///nowhere/bss-bundle/index.mjs');
    expect(new Error('boom').stack).toMatch(/^Error: boom\n {4}at /);
  });
});

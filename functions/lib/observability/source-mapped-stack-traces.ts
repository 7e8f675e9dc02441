import type { SourceMap } from 'node:module';

/**
 * Stack traces that name our TypeScript files, lines and functions, in a function running from
 * its bundle: the frames in a bundle file are mapped through the source map beside it, read when
 * a trace is first formatted. Node's `--enable-source-maps` does the mapping too, but reads the
 * map of every file as it is imported: 2.5 to 4.5 ms of each cold start here (docs/decisions.md),
 * for traces only a failure prints.
 *
 * Run from its TypeScript source instead (the local runtime, the tests), it leaves every trace to
 * Node's own formatting, which maps tsx's sources.
 */

/** Where a generated position came from, as `SourceMap.findOrigin` answers it. */
export interface Origin {
  fileName: string;
  lineNumber: number;
  columnNumber: number;
  name?: string;
}

/** The origin of a 1-based position in a file (a `file:` URL), if a source map of that file has one. */
export type OriginOf = (file: string, line: number, column: number) => Origin | undefined;

/**
 * A map names its sources from its own folder (`../../functions/billing/x.ts` from the CDK's
 * `cdk.out/bundling-temp-…/`); resolved against `/var/task` they would name folders that do not
 * exist there, and the repository's path is what an operator looks for.
 */
function repositoryPathOf(source: string): string {
  return source.replace(/^(?:\.\.?\/)+/, '');
}

function errorHeading(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

/** The function's name in the source: at the start of its definition, else at the call that ran it (Node's own lookup). */
function originalNameOf(site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined, originOf: OriginOf): string | undefined {
  const file = site.getFileName();
  if (!file) return undefined;
  const line = site.getEnclosingLineNumber();
  const column = site.getEnclosingColumnNumber();
  const defined = line && column ? originOf(file, line, column)?.name : undefined;
  if (defined) return defined;
  const callerLine = caller?.getLineNumber();
  const callerColumn = caller?.getColumnNumber();
  return caller?.getFileName() === file && callerLine && callerColumn ? originOf(file, callerLine, callerColumn)?.name : undefined;
}

function mappedFrame(site: NodeJS.CallSite, caller: NodeJS.CallSite | undefined, originOf: OriginOf): string {
  const text = String(site);
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  const origin = file && line && column ? originOf(file, line, column) : undefined;
  if (!origin) return text;
  const generated = `${file}:${line}:${column}`;
  const location = `${repositoryPathOf(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  const name = originalNameOf(site, caller, originOf);
  const minifiedName = site.getFunctionName();
  // `async Rt.a (file:…)` names the minified function; `file:…` alone an anonymous one.
  const named = `${minifiedName} (${generated})`;
  if (name && minifiedName && text.endsWith(named)) return `${text.slice(0, -named.length)}${name} (${location})`;
  if (name && text.endsWith(generated) && !text.endsWith(`(${generated})`)) return `${text.slice(0, -generated.length)}${name} (${location})`;
  return text.replace(generated, location);
}

/** The text V8 makes of a trace (`Error: message` then `    at …` lines), with each frame mapped where `originOf` knows it. */
export function formatStackTrace(error: unknown, sites: readonly NodeJS.CallSite[], originOf: OriginOf): string {
  const frames = sites.map((site, index) => {
    try {
      return `    at ${mappedFrame(site, sites[index + 1], originOf)}`;
    } catch {
      return `    at ${String(site)}`;
    }
  });
  return [errorHeading(error), ...frames].join('\n');
}

/**
 * Origins from the source maps beside the bundle files in `folder` (`index.mjs.map` beside
 * `index.mjs`, as esbuild writes them), each read once, on the first frame in its file. A file
 * without a readable map keeps its generated positions, as it would under Node's own mapping.
 */
export function originsFromMapsIn(folder: string): OriginOf {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string): SourceMap | undefined => {
    if (!maps.has(file)) {
      let map: SourceMap | undefined;
      try {
        const { readFileSync } = process.getBuiltinModule('node:fs');
        const { SourceMap: ParsedSourceMap } = process.getBuiltinModule('node:module');
        map = new ParsedSourceMap(JSON.parse(readFileSync(new URL(`${file}.map`), 'utf8')));
      } catch {
        map = undefined;
      }
      maps.set(file, map);
    }
    return maps.get(file);
  };
  return (file, line, column) => {
    if (!file.startsWith(folder) || !file.endsWith('.mjs') || file.slice(folder.length).includes('/')) return undefined;
    const origin = mapOf(file)?.findOrigin(line, column);
    return origin && 'fileName' in origin ? origin : undefined;
  };
}

/**
 * Maps the traces of the bundle `moduleUrl` (this module's) is part of. Run from its TypeScript
 * source (the local runtime, the tests), it hands every trace to the formatting it replaced:
 * Node's own, which maps tsx's sources. Which of the two is decided with the first trace, as is
 * the bundle's folder: reading `import.meta` at init is 0.1 ms of every cold start.
 */
export function installSourceMappedStackTraces(moduleUrl: () => string): void {
  const replaced = Error.prepareStackTrace as ((error: Error, sites: NodeJS.CallSite[]) => unknown) | undefined;
  let originOf: OriginOf | null | undefined;
  Error.prepareStackTrace = (error, sites) => {
    if (originOf === undefined) {
      const url = moduleUrl();
      originOf = url.endsWith('.mjs') ? originsFromMapsIn(url.slice(0, url.lastIndexOf('/') + 1)) : null;
    }
    if (originOf) return formatStackTrace(error, sites, originOf);
    return replaced ? replaced(error, sites) : formatStackTrace(error, sites, () => undefined);
  };
}

installSourceMappedStackTraces(() => import.meta.url);

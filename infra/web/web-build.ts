import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, buildSync, type BuildOptions, type BuildResult, type Metafile } from 'esbuild';

export const webApps = ['portal', 'agent'] as const;
export type WebAppName = (typeof webApps)[number];

/** A file of a built app, by its path under the app's root (`index.html`, `assets/main-XXXX.js`). */
export interface BuiltFile {
  path: string;
  contentType: string;
  body: Uint8Array;
}

export interface BuiltApp {
  name: WebAppName;
  files: BuiltFile[];
  /** The scripts index.html loads: what the first load costs. */
  firstLoadScripts: string[];
}

/** What the first load of an app costs: the scripts its index.html loads, as built and gzipped (level 9). */
export function firstLoadJavaScript(app: BuiltApp): { bytes: number; gzipBytes: number } {
  const scripts = app.files.filter((file) => app.firstLoadScripts.includes(`/${app.name}/${file.path}`));
  return {
    bytes: scripts.reduce((sum, file) => sum + file.body.length, 0),
    gzipBytes: scripts.reduce((sum, file) => sum + gzipSync(file.body, { level: 9 }).length, 0),
  };
}

const titles: Record<WebAppName, string> = { portal: 'My account', agent: 'Agent desktop' };

/**
 * What a bundle may contain: the apps' own code and the UI library. Anything else (a domain
 * module imported for a value instead of `import type`, a server dependency) fails the build,
 * so server code never ships to a browser.
 */
const allowedInput = /^web\/|(^|\/)node_modules\/(preact|preact-iso)\//;

/**
 * Builds one app with esbuild into memory: one minified ES module and one stylesheet, named by
 * their content hash so they can be cached for ever, and an index.html that loads them by URL
 * (no inline script or style, so a strict Content-Security-Policy holds). `npm run web:build`
 * writes these files to build/web/; the local runtime serves them from memory; the CDK app
 * builds them at synthesis, as it bundles the functions, and deploys them (infra/aws/web-hosting.ts).
 */
export async function buildWebApp(name: WebAppName, repositoryRoot: string): Promise<BuiltApp> {
  return builtApp(name, repositoryRoot, await build(buildOptions(name, repositoryRoot)));
}

export function buildWebApps(repositoryRoot: string): Promise<BuiltApp[]> {
  return Promise.all(webApps.map((name) => buildWebApp(name, repositoryRoot)));
}

/** The same build, synchronously: CDK asset bundling (a `tryBundle` callback) cannot wait for a promise. */
export function buildWebAppsSync(repositoryRoot: string): BuiltApp[] {
  return webApps.map((name) => builtApp(name, repositoryRoot, buildSync(buildOptions(name, repositoryRoot))));
}

/** Writes the built apps under `directory`, one folder per app (`portal/index.html`, `portal/assets/…`). */
export function writeWebApps(apps: readonly BuiltApp[], directory: string): void {
  for (const app of apps) {
    for (const file of app.files) {
      const path = resolve(directory, app.name, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.body);
    }
  }
}

/**
 * Whether a path under an app names a file (its last segment has an extension: an asset,
 * `config.json`) rather than a page the app routes in the browser (`/portal/bills/B-1`, the
 * callback): a file is served or is missing, a page is always the app's index.html. The local
 * runtime and CloudFront's viewer-request function (infra/aws/web-hosting.ts) decide by it.
 */
export const filePathPattern = /\.[A-Za-z0-9]+$/;

const base = (name: WebAppName) => `/${name}/`;

type InMemoryBuild = BuildOptions & { write: false; metafile: true };

function buildOptions(name: WebAppName, repositoryRoot: string): InMemoryBuild {
  return {
    absWorkingDir: repositoryRoot,
    entryPoints: [`web/${name}/main.tsx`],
    tsconfig: 'web/tsconfig.json',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'eof',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: `build/web/${name}/assets`,
    entryNames: '[name]-[hash]',
    publicPath: `${base(name)}assets`,
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

function builtApp(name: WebAppName, repositoryRoot: string, result: BuildResult<InMemoryBuild>): BuiltApp {
  refuseForeignInputs(name, result.metafile);
  const assets = result.outputFiles.map((file) => ({
    path: `assets/${relative(resolve(repositoryRoot, `build/web/${name}/assets`), file.path)}`,
    contentType: contentTypeOf(file.path),
    body: file.contents,
  }));
  const scripts = assets.filter((file) => file.path.endsWith('.js')).map((file) => `${base(name)}${file.path}`);
  const styles = assets.filter((file) => file.path.endsWith('.css')).map((file) => `${base(name)}${file.path}`);
  const html = indexHtml(titles[name], scripts, styles);
  return { name, files: [{ path: 'index.html', contentType: 'text/html; charset=utf-8', body: new TextEncoder().encode(html) }, ...assets], firstLoadScripts: scripts };
}

function refuseForeignInputs(name: WebAppName, metafile: Metafile): void {
  const foreign = Object.keys(metafile.inputs).filter((input) => !allowedInput.test(input));
  if (foreign.length > 0) throw new Error(`the ${name} bundle would ship ${foreign.join(', ')}: import server modules with \`import type\` only`);
}

function contentTypeOf(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript; charset=utf-8';
  if (path.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'application/octet-stream';
}

/** The page the browser loads first; the app replaces its placeholder as soon as the script runs. */
function indexHtml(title: string, scripts: string[], styles: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    ...styles.map((href) => `<link rel="stylesheet" href="${href}">`),
    ...scripts.map((src) => `<script type="module" src="${src}"></script>`),
    '</head>',
    '<body>',
    '<div id="app"><p>Loading…</p></div>',
    '<noscript>This application needs JavaScript.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '../local/local-paths.js';
import { buildWebApps, firstLoadJavaScript, writeWebApps } from './web-build.js';

/**
 * `npm run web:build`: builds the portal and the agent desktop into build/web/<app>/ (replaced
 * whole, so no stale asset stays) and prints what each app's first load costs, gzipped.
 */
const outputDirectory = resolve(repositoryRoot, 'build/web');
const apps = await buildWebApps(repositoryRoot).catch((error: unknown) => {
  process.stderr.write(`web build failed: ${(error as Error).message}\n`);
  process.exit(1);
});
rmSync(outputDirectory, { recursive: true, force: true });
writeWebApps(apps, outputDirectory);
for (const app of apps) {
  const { bytes, gzipBytes } = firstLoadJavaScript(app);
  process.stdout.write(`${app.name}: ${app.files.length} files in build/web/${app.name}/; first-load JavaScript ${(bytes / 1024).toFixed(1)} KB, ${(gzipBytes / 1024).toFixed(1)} KB gzipped\n`);
}

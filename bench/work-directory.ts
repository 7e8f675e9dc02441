import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoryRoot } from '../infra/lambda-bundling.js';

/**
 * Where the benchmark writes. Bundles live inside the checkout (bench/.work, gitignored) so
 * that Node resolves their external `@aws-sdk/*` imports from the repository's node_modules,
 * as Lambda resolves them from the runtime's own copy.
 */
export const benchPaths = {
  repositoryRoot,
  work: resolve(repositoryRoot, 'bench/.work'),
  bundles: resolve(repositoryRoot, 'bench/.work/bundles'),
  runtimeData: resolve(repositoryRoot, 'bench/.work/runtime'),
  reports: resolve(repositoryRoot, 'bench/reports'),
};

/** An empty directory at `path` (whatever was there from an earlier run is removed). */
export function freshDirectory(path: string): string {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

import type { Metafile } from 'esbuild';
import { separateBundles } from '../infra/lambda-bundling.js';

export interface InputShare {
  /** Source path relative to the repository root, or a package name. */
  name: string;
  bytes: number;
}

export interface BundleComposition {
  /** The source files contributing most bytes to the minified output. */
  topInputs: InputShare[];
  /** The same bytes grouped by npm package; the project's own code is `(project)`. */
  byPackage: InputShare[];
  /** Modules the bundle leaves to the runtime (the `external` packages), as it imports them. */
  externalImports: string[];
}

/** `node_modules/@scope/name/...` → `@scope/name`; the project's own files → `(project)`. */
export function packageOf(inputPath: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(inputPath.replaceAll('\\', '/'));
  return match ? match[1]! : '(project)';
}

/** What the bytes of the (single) output of an esbuild build are made of, from its metafile. */
export function bundleComposition(metafile: Metafile, top = 5): BundleComposition {
  const inputs: InputShare[] = [];
  const externals = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [name, { bytesInOutput }] of Object.entries(output.inputs)) inputs.push({ name, bytes: bytesInOutput });
    // Not Node's builtins, nor the separate bundles written beside the entry, which are code of ours.
    for (const imported of output.imports) if (imported.external && !imported.path.startsWith('node:') && !(imported.path in separateBundles)) externals.add(imported.path);
  }
  const packages = new Map<string, number>();
  for (const input of inputs) packages.set(packageOf(input.name), (packages.get(packageOf(input.name)) ?? 0) + input.bytes);
  const bySize = (a: InputShare, b: InputShare) => b.bytes - a.bytes;
  return {
    topInputs: inputs.sort(bySize).slice(0, top),
    byPackage: [...packages].map(([name, bytes]) => ({ name, bytes })).sort(bySize),
    externalImports: [...externals].sort(),
  };
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions, repositoryRoot } from '../infra/lambda-bundling.js';
import type { BillComputationFigures, BillComputationOptions } from './bill-computation.js';
import { benchPaths } from './work-directory.js';

/**
 * Bill computation measured as Lambda runs it: the code bundled with the functions' esbuild
 * options (one module, minified) and run in a process of its own, so neither tsx's per-module
 * loading nor the heap the other sections leave behind (a whole local runtime) weighs on it.
 */
export async function measureBundledBillComputation(options: BillComputationOptions): Promise<BillComputationFigures> {
  const outfile = resolve(benchPaths.work, 'bill-computation.mjs');
  await build({ ...lambdaBuildOptions({ entry: 'bench/bill-computation-process.ts' }, outfile), logLevel: 'silent' });
  const { onProgress, ...settings } = options;
  const child = spawn(process.execPath, [outfile, JSON.stringify(settings)], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let result: BillComputationFigures | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('progress ')) onProgress?.(line.slice('progress '.length));
    else if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as BillComputationFigures;
  }
  const code = await new Promise<number | null>((resolveExit) => (child.exitCode !== null ? resolveExit(child.exitCode) : child.once('exit', resolveExit)));
  if (code !== 0 || !result) throw new Error(`bill computation: its process ended with code ${code} without a result`);
  return result;
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { lambdaBuildOptions, lambdaEntryFile, repositoryRoot } from '../infra/lambda-bundling.js';
import { functions, heapOptionsOf } from '../infra/topology.js';
import type { BillComputationFigures, BillComputationOptions } from './bill-computation.js';
import { benchPaths } from './work-directory.js';

/**
 * Bill computation measured as Lambda runs it: the code bundled with the functions' esbuild
 * options (one module, minified) and run in a process of its own, so neither tsx's per-module
 * loading nor the heap the other sections leave behind (a whole local runtime) weighs on it,
 * and with the V8 heap options of the function that bills on AWS (a billing run's page).
 */
export const billingFunction = 'bill-due-accounts';

export function billingFunctionHeapOptions(): string[] {
  const definition = functions.find((candidate) => candidate.name === billingFunction);
  if (!definition) throw new Error(`bill computation: the topology has no ${billingFunction} function`);
  return heapOptionsOf(definition);
}

export async function measureBundledBillComputation(options: BillComputationOptions): Promise<BillComputationFigures> {
  const outdir = resolve(benchPaths.work, 'bill-computation');
  await build({ ...lambdaBuildOptions({ entry: 'bench/bill-computation-process.ts' }, outdir), logLevel: 'silent' });
  const outfile = resolve(outdir, lambdaEntryFile);
  const { onProgress, ...settings } = options;
  const heapOptions = billingFunctionHeapOptions();
  const child = spawn(process.execPath, [...heapOptions, outfile, JSON.stringify(settings)], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let result: BillComputationFigures | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('progress ')) onProgress?.(line.slice('progress '.length));
    else if (line.startsWith('result ')) result = JSON.parse(line.slice('result '.length)) as BillComputationFigures;
  }
  const code = await new Promise<number | null>((resolveExit) => (child.exitCode !== null ? resolveExit(child.exitCode) : child.once('exit', resolveExit)));
  if (code !== 0 || !result) throw new Error(`bill computation: its process ended with code ${code} without a result`);
  return { ...result, heapOptions };
}

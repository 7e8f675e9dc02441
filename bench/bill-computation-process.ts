import { measureBillComputation, type BillComputationOptions } from './bill-computation.js';

/**
 * The bill computation section's own process, run from its esbuild bundle
 * (bench/bundled-bill-computation.ts): options as JSON in argv[2]; progress lines, then one
 * `result <json>` line, on stdout.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as Omit<BillComputationOptions, 'onProgress'>;
const figures = await measureBillComputation({ ...options, onProgress: (line) => process.stdout.write(`progress ${line}\n`) });
process.stdout.write(`result ${JSON.stringify(figures)}\n`);

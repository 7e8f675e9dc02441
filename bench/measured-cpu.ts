import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * The one CPU the cold-start probes run on (Linux `taskset`), or undefined where they cannot be
 * pinned (another OS, one CPU, no util-linux): they then run on every CPU.
 *
 * Why one: a function of up to 1,769 MB gets at most one vCPU-second per second on Lambda (ours
 * default to 1,024 MB), so V8's compiler and GC threads share that one CPU with the main thread
 * and init costs the CPU time of all of them. Free to use a second idle core, as here unpinned,
 * they made the same process's import vary by ±20 % from run to run with the order the threads
 * happened to run in: a function's median ratio over 11 rounds moved by up to 0.18 between four
 * back-to-back measurements (patch-catalog 1.035 to 1.218), by about 0.02 pinned. The last CPU,
 * so that the benchmark's own process (the AWS stub a first invocation calls) keeps the others.
 */
export function measuredCpu(): number | undefined {
  found ??= { cpu: pinnableCpu() };
  return found.cpu;
}

let found: { cpu: number | undefined } | undefined;

function pinnableCpu(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  const cpu = availableParallelism() - 1;
  if (cpu < 1) return undefined;
  return spawnSync('taskset', ['--cpu-list', String(cpu), 'true']).status === 0 ? cpu : undefined;
}

/** The command and arguments that run `command args` on `cpu` (unchanged when there is none). */
export function onCpu(cpu: number | undefined, command: string, args: readonly string[]): [string, string[]] {
  return cpu === undefined ? [command, [...args]] : ['taskset', ['--cpu-list', String(cpu), command, ...args]];
}

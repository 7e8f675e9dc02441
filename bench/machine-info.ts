import { execFileSync } from 'node:child_process';
import { arch, cpus, platform, release, totalmem, type as osType } from 'node:os';

export interface MachineInfo {
  cpuCount: number;
  cpuModel: string;
  totalMemoryBytes: number;
  os: string;
  arch: string;
  /** The Node.js that ran the benchmark (and spawned the module-init processes). */
  node: string;
  nodeExecPath: string;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuCount: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
    os: `${osType()} ${release()} (${platform()})`,
    arch: arch(),
    node: process.version,
    nodeExecPath: process.execPath,
  };
}

/** The short commit of the checkout, or null outside git; `dirty` when tracked files changed. */
export function gitCommit(cwd: string): { commit: string | null; dirty: boolean | null } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

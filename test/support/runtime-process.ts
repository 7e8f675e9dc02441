import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const repositoryRoot = resolve(import.meta.dirname, '../..');

export interface RuntimeProcess {
  apiUrl: string;
  servicesUrl: string;
  dynamoDbEndpoint: string;
  /** The runtime's process (tsx's): the processes the runtime starts are its descendants. */
  pid: number;
  /** Everything the runtime printed so far. */
  output(): string;
  /** SIGTERM, as Ctrl-C would; resolves once the process (and its DynamoDB Local) has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the local runtime as `npm start` does (its own process running infra/local/main.ts)
 * on free ports, and waits for its "ready" line.
 */
export async function startRuntimeProcess(options: {
  dataDirectory: string;
  inMemory: boolean;
  environment?: Record<string, string>;
  /** false starts without the demo catalog and stock (`--no-seed`). */
  seed?: boolean;
  /** How long to wait for its "ready" line: 90 s unless told (a loaded machine may need more). */
  startTimeoutMs?: number;
}): Promise<RuntimeProcess> {
  const startTimeoutMs = options.startTimeoutMs ?? 90_000;
  const args = ['infra/local/main.ts', '--port', '0', '--services-port', '0', '--quiet', ...(options.inMemory ? ['--in-memory'] : []), ...(options.seed === false ? ['--no-seed'] : [])];
  const child: ChildProcess = spawn(resolve(repositoryRoot, 'node_modules/.bin/tsx'), args, {
    cwd: repositoryRoot,
    env: { ...process.env, ...options.environment, BSS_DATA_DIR: options.dataDirectory },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const urls = await new Promise<{ apiUrl: string; servicesUrl: string; dynamoDbEndpoint: string }>((resolveUrls, reject) => {
    // A runtime that is not ready in time is stopped, not left running. It may not have its signal
    // handlers yet (still starting), so SIGTERM alone can leave DynamoDB Local's java orphaned: the
    // processes it started are taken now, while they are still its children, and killed after 10 s.
    const timer = setTimeout(() => {
      const tree = processTree(child.pid!);
      child.kill('SIGTERM');
      setTimeout(() => killAll(tree), 10_000).unref();
      reject(new Error(`the local runtime did not start within ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    const check = () => {
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const services = /EventBridge\s+(http:\/\/\S+)/.exec(output)?.[1];
      const dynamoDb = /DynamoDB Local\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && services && dynamoDb && /ready in/.test(output)) {
        clearTimeout(timer);
        resolveUrls({ apiUrl: api, servicesUrl: services, dynamoDbEndpoint: dynamoDb });
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local runtime exited with ${code}:\n${output}`));
    });
  });

  return {
    ...urls,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Taken now, while they are still its descendants: once tsx has exited, its node and DynamoDB
      // Local's java are no one's children, and a java left behind was seen after a full run.
      const tree = processTree(child.pid!);
      child.kill('SIGTERM');
      const killer = setTimeout(() => killAll(tree), 10_000);
      await exited;
      clearTimeout(killer);
      // The runtime stops DynamoDB Local on SIGTERM; what of its tree outlives it by 5 s is killed.
      for (const deadline = Date.now() + 5_000; tree.some(isRunning) && Date.now() < deadline; ) await new Promise((wait) => setTimeout(wait, 100));
      killAll(tree.filter(isRunning));
    },
  };
}

/** Whether the process is still there (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process and its descendants, children first found (pgrep -P, level by level). */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index += 1) {
    try {
      tree.push(...execFileSync('pgrep', ['-P', String(tree[index])], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number));
    } catch {
      // pgrep exits 1 when a process has no children.
    }
  }
  return tree;
}

/** SIGKILL to each of the processes. */
export function killAll(pids: readonly number[]): void {
  for (const each of pids) {
    try {
      process.kill(each, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
}

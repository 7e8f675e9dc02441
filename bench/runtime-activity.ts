import { readdirSync, readFileSync } from 'node:fs';
import type { LocalRuntime } from '../infra/local/runtime.js';

/**
 * What the local runtime does while a benchmark measures it: every function invocation with
 * the DynamoDB round trips it made (the runtime counts them per invocation, as the gateway's
 * x-local-dynamodb-round-trips header reports them for API calls), and the CPU time of this
 * process (handlers, gateway, workflows, stream relay) and of DynamoDB Local's JVM.
 */
export interface FunctionActivity {
  invocations: number;
  roundTrips: number;
  /** Summed invocation time (concurrent invocations overlap). */
  ms: number;
}

export class InvocationRecorder {
  readonly byFunction = new Map<string, FunctionActivity>();
  private readonly restore: () => void;

  constructor(runtime: LocalRuntime) {
    const functions = runtime.functions;
    const invoke = functions.invoke.bind(functions);
    functions.invoke = async (name, event) => {
      const invocation = await invoke(name, event);
      const activity = this.byFunction.get(name) ?? { invocations: 0, roundTrips: 0, ms: 0 };
      activity.invocations += 1;
      activity.roundTrips += invocation.roundTrips;
      activity.ms += invocation.durationMs;
      this.byFunction.set(name, activity);
      return invocation;
    };
    this.restore = () => {
      functions.invoke = invoke;
    };
  }

  roundTripsOf(names: readonly string[]): number {
    return names.reduce((sum, name) => sum + (this.byFunction.get(name)?.roundTrips ?? 0), 0);
  }

  summary(): Record<string, FunctionActivity> {
    return Object.fromEntries([...this.byFunction].sort((a, b) => b[1].roundTrips - a[1].roundTrips).map(([name, activity]) => [name, { ...activity, ms: Math.round(activity.ms) }]));
  }

  stop(): void {
    this.restore();
  }
}

/** CPU seconds used so far by this process and by the DynamoDB Local JVM listening on the endpoint's port (undefined where /proc cannot tell). */
export function cpuSeconds(dynamoDbEndpoint: string): { node: number; dynamoDbLocal: number | undefined } {
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1e6, dynamoDbLocal: jvmCpuSeconds(new URL(dynamoDbEndpoint).port) };
}

/** The DynamoDB Local JVM of each port: a bench may start one runtime after another. */
const jvmPids = new Map<string, string>();

function jvmPid(port: string): string | undefined {
  const known = jvmPids.get(port);
  if (known !== undefined) return known;
  const found = readdirSync('/proc').find((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      return command.some((part) => part.includes('DynamoDBLocal')) && command.includes(port);
    } catch {
      return false;
    }
  });
  if (found !== undefined) jvmPids.set(port, found);
  return found;
}

function jvmCpuSeconds(port: string): number | undefined {
  try {
    const pid = jvmPid(port);
    if (!pid) return undefined;
    // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The resident memory of the DynamoDB Local JVM listening on the endpoint's port (undefined where /proc cannot tell). */
export function dynamoDbLocalRssBytes(dynamoDbEndpoint: string): number | undefined {
  try {
    const pid = jvmPid(new URL(dynamoDbEndpoint).port);
    if (!pid) return undefined;
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
    const kilobytes = line ? Number(line.split(/\s+/)[1]) : Number.NaN;
    return Number.isFinite(kilobytes) ? kilobytes * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function cpuBetween(before: ReturnType<typeof cpuSeconds>, after: ReturnType<typeof cpuSeconds>): { node: number; dynamoDbLocal: number | null } {
  return {
    node: Math.round((after.node - before.node) * 10) / 10,
    dynamoDbLocal: before.dynamoDbLocal === undefined || after.dynamoDbLocal === undefined ? null : Math.round((after.dynamoDbLocal - before.dynamoDbLocal) * 10) / 10,
  };
}

/**
 * Waits until the runtime's stream relay has read every stream record written so far (seeding
 * writes many: the relay reads them all to find the outbox items among them), so it does not
 * run under the next measurement. The poller is busy only while it reads or relays a batch and
 * sleeps only after a read that found nothing: seeing it idle most of a 300 ms window means it
 * has caught up. Returns the seconds waited (or throws after `timeoutMs`).
 */
export async function waitForStreamRelay(runtime: LocalRuntime, timeoutMs = 300_000): Promise<number> {
  const started = performance.now();
  const window: boolean[] = [];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    window.push(runtime.streamPoller.isBusy);
    if (window.length > 30) window.shift();
    if (window.length === 30 && window.filter((busy) => !busy).length >= 24) return (performance.now() - started) / 1000;
    if (performance.now() - started > timeoutMs) throw new Error(`the stream relay did not catch up within ${timeoutMs / 1000} s`);
  }
}

/**
 * The handlers' DynamoDB calls by operation (GetItem, Query, TransactWriteItems, ...) and the
 * errors they got (a lost numbering race is a TransactionCanceledException), counted on the
 * handlers' shared client (functions/lib/store/dynamo-client.ts) while the recorder is on.
 */
export class DynamoDbCallRecorder {
  readonly calls: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  private static readonly middlewareName = 'benchCountCalls';

  constructor(private readonly client: { middlewareStack: { add: (...args: never[]) => void; remove: (name: string) => boolean } }) {
    const add = client.middlewareStack.add as unknown as (middleware: unknown, options: { step: string; name: string }) => void;
    add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
        this.calls[operation] = (this.calls[operation] ?? 0) + 1;
        try {
          return await next(args);
        } catch (error) {
          const name = `${operation}: ${(error as Error).name}`;
          this.errors[name] = (this.errors[name] ?? 0) + 1;
          throw error;
        }
      },
      { step: 'initialize', name: DynamoDbCallRecorder.middlewareName },
    );
  }

  stop(): void {
    this.client.middlewareStack.remove(DynamoDbCallRecorder.middlewareName);
  }
}

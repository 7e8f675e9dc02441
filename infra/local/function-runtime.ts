import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { countingRoundTrips } from '../../functions/lib/store/round-trips.js';
import { functionDefaults, functions, type FunctionDefinition } from '../topology.js';
import type { FaultInjector } from './faults/fault-injector.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface Invocation {
  result: unknown;
  roundTrips: number;
  durationMs: number;
}

/** A function that crashed after its work (an injected fault), as Lambda reports a runtime that exited. */
export class FunctionCrashedError extends Error {
  override readonly name = 'Runtime.ExitError';
}

/** A handler that ran past its timeout, as Lambda reports it. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

/**
 * Runs the topology's handlers in this process, the way Lambda would: the module is loaded
 * once (a cold start), then each invocation gets a fresh Context and the function's timeout.
 */
export class FunctionRuntime {
  private readonly loaded = new Map<string, Promise<Handler>>();

  constructor(
    private readonly repositoryRoot: string,
    private readonly region: string,
    private readonly accountId: string,
    private readonly faults?: FaultInjector,
  ) {}

  get names(): string[] {
    return functions.map((definition) => definition.name);
  }

  async invoke(name: string, event: unknown): Promise<Invocation> {
    const definition = functions.find((candidate) => candidate.name === name);
    if (!definition) throw new Error(`no function named ${name} in the topology`);
    const handler = await this.load(definition);
    const timeoutMs = (definition.timeoutSeconds ?? functionDefaults.timeoutSeconds) * 1000;
    const started = performance.now();
    const context = this.contextFor(definition, started, timeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FunctionTimeoutError(`${name} timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      const { result, roundTrips } = await Promise.race([countingRoundTrips(() => handler(event, context)), timedOut]);
      // The hardest moment to fail: the work is done and written, the caller never hears of it.
      if (this.faults?.strikes('crashAfterWork')) throw new FunctionCrashedError(`injected fault: ${name} crashed after its work, before answering`);
      if (this.faults?.strikes('timeoutAfterWork')) throw new FunctionTimeoutError(`injected fault: ${name} timed out after its work, before answering`);
      return { result, roundTrips, durationMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  private load(definition: FunctionDefinition): Promise<Handler> {
    let handler = this.loaded.get(definition.name);
    if (!handler) {
      handler = import(pathToFileURL(resolve(this.repositoryRoot, definition.entry)).href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${definition.entry} exports no handler`);
        return module.handler;
      });
      this.loaded.set(definition.name, handler);
    }
    return handler;
  }

  private contextFor(definition: FunctionDefinition, started: number, timeoutMs: number): Context {
    const requestId = randomUUID();
    return {
      callbackWaitsForEmptyEventLoop: false,
      functionName: definition.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.region}:${this.accountId}:function:${definition.name}`,
      memoryLimitInMB: String(definition.memoryMb ?? functionDefaults.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${definition.name}`,
      logStreamName: `local/${requestId}`,
      getRemainingTimeInMillis: () => Math.max(0, Math.round(timeoutMs - (performance.now() - started))),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}

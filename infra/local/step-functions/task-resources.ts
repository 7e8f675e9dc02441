import type { RunOptions } from 'aws-local-stepfunctions';
import { functionNameOf, type TaskKind } from './arns.js';
import type { ExecutionRecord } from './execution.js';
import { recordEvent } from './execution-history.js';
import { asRecord, toJson, type JsonValue } from './json-values.js';
import { maxTimerSeconds, type TaskState } from './state-machine.js';
import type { TaskTokens, TokenClosure } from './task-tokens.js';

/** Runs an in-process Lambda handler; rejects with an Error whose `name` is the error type if the handler throws. */
export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

export interface TaskResourcesOptions {
  invokeFunction: InvokeFunction;
  region: string;
  log: (line: string) => void;
}

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/** The lambda:invoke service integration, with or without `.waitForTaskToken`. */
type LambdaIntegration = Extract<TaskKind, { kind: 'invoke' | 'callback' }>;

export type CallbackOutcome =
  | { kind: 'success'; output: JsonValue }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'heartbeatTimeout' }
  | { kind: 'ended' };

/** One attempt of one Task state (a Retry makes a new attempt, and a new task token). */
export interface TaskAttempt {
  execution: ExecutionRecord;
  state: TaskState;
  ended: boolean;
  token?: string;
  outcome?: CallbackOutcome;
  settle?: (outcome: CallbackOutcome) => void;
  timeoutTimer?: NodeJS.Timeout;
  heartbeatTimer?: NodeJS.Timeout;
  heartbeatMs?: number;
}

/** The error a Task handler throws so Retry/Catch `ErrorEquals` match on `name`; `message` becomes the Cause. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

const timedOutSettleGraceMs = 1_000;

/**
 * Runs the Task states of executions in place of the interpreter's own resource calls: a plain
 * Lambda function ARN, lambda:invoke and lambda:invoke.waitForTaskToken, each against the
 * in-process functions, recording the task's history events as they happen.
 */
export class TaskResources {
  constructor(
    private readonly options: TaskResourcesOptions,
    private readonly tokens: TaskTokens,
  ) {}

  /** The interpreter's taskResourceLocalHandlers for one execution: every Task state runs here. */
  handlers(execution: ExecutionRecord): TaskHandlers {
    const handlers: TaskHandlers = {};
    for (const [stateName, state] of execution.machine.tasks) {
      handlers[stateName] = (taskInput) => {
        const result = this.run(execution, state, taskInput);
        // The interpreter stops awaiting a task it has timed out or aborted: its late rejection must not crash the runtime.
        result.catch(() => undefined);
        return result;
      };
    }
    return handlers;
  }

  /** SendTaskSuccess/SendTaskFailure: the callback task ends with this outcome. */
  complete(attempt: TaskAttempt, outcome: CallbackOutcome): void {
    this.endAttempt(attempt, 'closed', outcome);
  }

  /** (Re)starts the HeartbeatSeconds timer of a callback task: when it starts, and on each SendTaskHeartbeat. */
  heartbeat(attempt: TaskAttempt): void {
    if (attempt.heartbeatMs === undefined || attempt.ended) return;
    clearTimeout(attempt.heartbeatTimer);
    attempt.heartbeatTimer = setTimeout(() => this.endAttempt(attempt, 'timedOut', { kind: 'heartbeatTimeout' }), attempt.heartbeatMs);
  }

  /** Ends the open attempts of an execution that has closed; their tokens stop being valid. */
  endAll(execution: ExecutionRecord): void {
    for (const attempt of [...execution.attempts]) this.endAttempt(attempt, 'closed', { kind: 'ended' });
  }

  private run(execution: ExecutionRecord, state: TaskState, input: JsonValue): Promise<JsonValue> {
    if (execution.closed) {
      // The interpreter may still retry a state after an abort; never start work for a closed execution.
      return Promise.reject(new TaskError('States.Runtime', 'The execution is no longer running'));
    }
    // Created synchronously so the attempt's timer starts together with the interpreter's TimeoutSeconds timer.
    const attempt: TaskAttempt = { execution, state, ended: false };
    execution.attempts.add(attempt);
    const timeoutSeconds = state.timeoutSeconds ?? timeoutFromPath(input, state.timeoutSecondsPath);
    if (timeoutSeconds !== undefined) {
      attempt.timeoutTimer = setTimeout(() => this.timeOut(attempt), Math.min(timeoutSeconds, maxTimerSeconds) * 1000);
    }
    switch (state.task.kind) {
      case 'function':
        return this.runFunctionTask(attempt, state.task.functionName, input, timeoutSeconds);
      case 'invoke':
        return this.runInvokeTask(attempt, state.task, input, timeoutSeconds);
      case 'callback':
        return this.runCallbackTask(attempt, state.task, input, timeoutSeconds);
      case 'unsupported':
        this.endAttempt(attempt, 'closed');
        this.options.log(`sfn ${execution.machine.name}: Task state ${state.name} uses unsupported resource ${state.resource}`);
        return Promise.reject(
          new TaskError('States.Runtime', `The local Step Functions does not support the resource '${state.resource}' (state ${state.name})`),
        );
    }
  }

  /** Resource `arn:aws:lambda:...:function:<name>`: the handler's result is the task result. */
  private async runFunctionTask(attempt: TaskAttempt, functionName: string, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    await macrotask();
    this.record(attempt, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: attempt.state.resource,
      input: toJson(input),
      inputDetails: { truncated: false },
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
    });
    this.record(attempt, 'LambdaFunctionStarted');
    return this.settleSynchronously(attempt, () => this.invoke(functionName, input), {
      failed: ['LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails'],
      succeeded: ['LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails'],
    });
  }

  /** Resource `arn:aws:states:::lambda:invoke`: the result is Lambda's Invoke response. */
  private async runInvokeTask(attempt: TaskAttempt, task: LambdaIntegration, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    await macrotask();
    const { functionName, payload } = invokeParameters(input, attempt.state.name);
    this.recordScheduled(attempt, task, input, timeoutSeconds);
    const resource = resourceDetails(task);
    this.record(attempt, 'TaskStarted', 'taskStartedEventDetails', resource);
    return this.settleSynchronously(attempt, async () => invokeResponse(await this.invoke(functionName, payload)), {
      failed: ['TaskFailed', 'taskFailedEventDetails'],
      succeeded: ['TaskSucceeded', 'taskSucceededEventDetails'],
      resource,
    });
  }

  /**
   * The end of a task that completes with its invocation: records how it failed or succeeded,
   * unless the attempt had already ended (TimeoutSeconds elapsed, or the execution closed).
   */
  private async settleSynchronously(
    attempt: TaskAttempt,
    invocation: () => Promise<JsonValue>,
    history: { failed: [string, string]; succeeded: [string, string]; resource?: Record<string, unknown> },
  ): Promise<JsonValue> {
    let result: JsonValue;
    try {
      result = await invocation();
    } catch (error) {
      const failure = functionFailure(error);
      await macrotask();
      if (this.endAttempt(attempt, 'closed')) this.record(attempt, ...history.failed, { ...history.resource, ...failure });
      throw new TaskError(failure.error, failure.cause);
    }
    await macrotask();
    if (this.endAttempt(attempt, 'closed')) {
      this.record(attempt, ...history.succeeded, { ...history.resource, output: toJson(result), outputDetails: { truncated: false } });
    }
    return result;
  }

  /** Resource `arn:aws:states:::lambda:invoke.waitForTaskToken`: invoke, then wait for SendTask*. */
  private async runCallbackTask(attempt: TaskAttempt, task: LambdaIntegration, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    const token = this.tokens.issue(attempt);
    attempt.token = token;
    const outcome = new Promise<CallbackOutcome>((resolve) => {
      attempt.settle = resolve;
    });
    const resource = resourceDetails(task);
    await macrotask();
    const parameters = this.tokens.substitute(input, token);
    const { functionName, payload } = invokeParameters(parameters, attempt.state.name);
    this.recordScheduled(attempt, task, parameters, timeoutSeconds);
    this.record(attempt, 'TaskStarted', 'taskStartedEventDetails', resource);
    const heartbeatSeconds = attempt.state.heartbeatSeconds ?? numberAtPath(parameters, attempt.state.heartbeatSecondsPath);
    if (heartbeatSeconds !== undefined && !attempt.ended) {
      attempt.heartbeatMs = Math.min(heartbeatSeconds, maxTimerSeconds) * 1000;
      this.heartbeat(attempt);
    }
    try {
      const response = invokeResponse(await this.invoke(functionName, payload));
      await macrotask();
      if (!attempt.ended || attempt.outcome?.kind === 'success' || attempt.outcome?.kind === 'failure') {
        this.record(attempt, 'TaskSubmitted', 'taskSubmittedEventDetails', {
          ...resource,
          output: toJson(response),
          outputDetails: { truncated: false },
        });
      }
    } catch (error) {
      const failure = functionFailure(error);
      await macrotask();
      // The invocation failing fails the task, unless the task already ended (a SendTask* won the race, or a timeout).
      if (this.endAttempt(attempt, 'closed', { kind: 'ended' })) {
        this.record(attempt, 'TaskFailed', 'taskFailedEventDetails', { ...resource, ...failure });
        throw new TaskError(failure.error, failure.cause);
      }
    }
    const result = await outcome;
    await macrotask();
    switch (result.kind) {
      case 'success':
        this.record(attempt, 'TaskSucceeded', 'taskSucceededEventDetails', {
          ...resource,
          output: toJson(result.output),
          outputDetails: { truncated: false },
        });
        return result.output;
      case 'failure':
        this.record(attempt, 'TaskFailed', 'taskFailedEventDetails', { ...resource, error: result.error, cause: result.cause });
        throw new TaskError(result.error, result.cause);
      case 'heartbeatTimeout': {
        const cause = `No heartbeat received within ${heartbeatSeconds ?? '?'} seconds`;
        this.record(attempt, 'TaskTimedOut', 'taskTimedOutEventDetails', { ...resource, error: 'States.HeartbeatTimeout', cause });
        throw new TaskError('States.HeartbeatTimeout', cause);
      }
      case 'ended':
        // TimeoutSeconds elapsed (the interpreter has already failed the state with States.Timeout) or the execution closed.
        throw new TaskError('States.Timeout', 'The task ended before a result was sent');
    }
  }

  /**
   * TimeoutSeconds elapsed: the interpreter fails the state with States.Timeout on its own timer;
   * here the token stops being valid and the abandoned handler promise is released a little later.
   */
  private timeOut(attempt: TaskAttempt): void {
    const settle = attempt.settle;
    if (!this.endAttempt(attempt, 'timedOut')) return;
    if (settle) setTimeout(() => settle({ kind: 'ended' }), timedOutSettleGraceMs).unref();
  }

  /** Ends an attempt once; returns false if it had already ended. */
  private endAttempt(attempt: TaskAttempt, reason: TokenClosure, outcome?: CallbackOutcome): boolean {
    if (attempt.ended) return false;
    attempt.ended = true;
    clearTimeout(attempt.timeoutTimer);
    clearTimeout(attempt.heartbeatTimer);
    attempt.execution.attempts.delete(attempt);
    if (attempt.token !== undefined) this.tokens.close(attempt.token, reason);
    if (outcome) {
      attempt.outcome = outcome;
      attempt.settle?.(outcome);
    }
    return true;
  }

  private async invoke(functionName: string, payload: unknown): Promise<JsonValue> {
    // JSON round trips, like the real service: no shared objects, no non-JSON values.
    const result = await this.options.invokeFunction(functionName, JSON.parse(toJson(payload)));
    return JSON.parse(toJson(result)) as JsonValue;
  }

  private recordScheduled(attempt: TaskAttempt, task: LambdaIntegration, parameters: JsonValue, timeoutSeconds?: number): void {
    this.record(attempt, 'TaskScheduled', 'taskScheduledEventDetails', {
      ...resourceDetails(task),
      region: this.options.region,
      parameters: toJson(parameters),
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      ...(attempt.state.heartbeatSeconds !== undefined ? { heartbeatInSeconds: attempt.state.heartbeatSeconds } : {}),
    });
  }

  /** A task's history event, unless its execution has closed (a Stop, or the run ended). */
  private record(attempt: TaskAttempt, type: string, detailsKey?: string, details?: Record<string, unknown>): void {
    if (attempt.execution.closed) return;
    recordEvent(attempt.execution, type, detailsKey, details);
  }
}

function resourceDetails(task: LambdaIntegration): { resourceType: string; resource: string } {
  return { resourceType: task.resourceType, resource: task.resource };
}

function invokeParameters(parameters: JsonValue, stateName: string): { functionName: string; payload: unknown } {
  const record = asRecord(parameters);
  if (!record || typeof record.FunctionName !== 'string' || record.FunctionName === '') {
    throw new TaskError('States.Runtime', `Task state ${stateName}: Parameters must include a FunctionName string for lambda:invoke`);
  }
  return { functionName: functionNameOf(record.FunctionName), payload: record.Payload ?? {} };
}

function invokeResponse(payload: JsonValue): JsonValue {
  return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
}

/** Error name and a Lambda-style Cause (`{"errorType","errorMessage","trace"}`), as Step Functions reports function errors. */
function functionFailure(error: unknown): { error: string; cause: string } {
  const name = error instanceof Error && error.name ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return { error: name, cause: JSON.stringify({ errorType: name, errorMessage: message, trace }) };
}

/**
 * TimeoutSecondsPath: AWS resolves it against the state input, which the interpreter does not
 * hand to task handlers; the parameters, or the Lambda Payload within them, stand in for it, so
 * a state machine passes the value on in its Payload too (state-machines/order-to-cash.asl.json).
 */
function timeoutFromPath(input: JsonValue, path: string | undefined): number | undefined {
  return numberAtPath(input, path) ?? numberAtPath(asRecord(input)?.Payload, path);
}

/** Resolves simple `$.a.b` reference paths (TimeoutSecondsPath/HeartbeatSecondsPath) against the task input. */
function numberAtPath(input: unknown, path: string | undefined): number | undefined {
  if (path === undefined || !/^\$(\.[A-Za-z0-9_-]+)*$/.test(path)) return undefined;
  let current: unknown = input;
  for (const key of path.split('.').slice(1)) current = asRecord(current)?.[key];
  return typeof current === 'number' && current > 0 ? current : undefined;
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';

export interface LocalStateMachine {
  name: string;
  arn: string;
  /** Parsed ASL JSON (placeholders such as function ARNs already substituted). */
  definition: object;
}

/** Runs an in-process Lambda handler; rejects with an Error whose `name` is the error type if the handler throws. */
export type InvokeFunction = (functionName: string, payload: unknown) => Promise<unknown>;

export interface StepFunctionsServiceOptions {
  stateMachines: LocalStateMachine[];
  invokeFunction: InvokeFunction;
  accountId: string;
  region: string;
  log?: (line: string) => void;
}

type JsonValue = Parameters<StateMachine['run']>[0];
type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
const executionStatuses: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** A history event in the wire shape of GetExecutionHistory (timestamp in epoch milliseconds until serialised). */
type HistoryEvent = { timestamp: number; type: string; id: number; previousEventId: number } & Record<string, unknown>;

/** How a Task state's Resource is run locally. */
type TaskKind =
  | { kind: 'invoke'; resourceType: 'lambda'; resource: 'invoke' }
  | { kind: 'callback'; resourceType: 'lambda'; resource: 'invoke.waitForTaskToken' }
  | { kind: 'function'; functionName: string }
  | { kind: 'unsupported' };

interface TaskState {
  name: string;
  resource: string;
  task: TaskKind;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: string;
}

interface MachineEntry {
  name: string;
  arn: string;
  definition: object;
  roleArn: string;
  runnable: StateMachine;
  tasks: Map<string, TaskState>;
  creationDate: number;
  executionArns: string[];
}

interface ExecutionRecord {
  arn: string;
  name: string;
  machine: MachineEntry;
  input: string;
  status: ExecutionStatus;
  /** Set once the status is final (a Stop may close it before the interpreter has unwound). */
  closed: boolean;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  attempts: Set<TaskAttempt>;
  abort?: () => void;
}

type CallbackOutcome =
  | { kind: 'success'; output: JsonValue }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'heartbeatTimeout' }
  | { kind: 'ended' };

/** One attempt of one Task state (a Retry makes a new attempt, and a new task token). */
interface TaskAttempt {
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

class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error a Task handler throws so Retry/Catch `ErrorEquals` match on `name`; `message` becomes the Cause. */
class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

export { ServiceError as StepFunctionsServiceError };

const serviceTarget = 'AWSStepFunctions';
const jsonContentType = 'application/x-amz-json-1.0';
/** setTimeout overflows above 2^31-1 ms, so longer ASL timeouts are capped at ~24.8 days. */
const maxTimerSeconds = Math.floor(0x7fffffff / 1000);
/** Step Functions' payload limit for inputs, outputs and task results. */
const maxPayloadBytes = 256 * 1024;
const maxRequestBytes = 4 * 1024 * 1024;
const tokenPrefix = 'LSFN1.';
const tokenPattern = /^LSFN1\.[A-Za-z0-9_-]{40,}$/;
const executionNamePattern = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const lambdaInvokePattern = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const lambdaFunctionArnPattern = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const closedTokensKept = 10_000;
const timedOutSettleGraceMs = 1_000;

/**
 * The local Step Functions: speaks the service's awsJson1_0 protocol (so handlers use the real
 * SFNClient via AWS_ENDPOINT_URL_SFN) and runs the configured state machines with
 * aws-local-stepfunctions, every Task state routed to the in-process functions. Executions run
 * asynchronously and are kept in memory, history included.
 */
export class LocalStepFunctionsService {
  private readonly machines = new Map<string, MachineEntry>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly running = new Map<ExecutionRecord, Promise<void>>();
  /** Open callback tasks by token. */
  private readonly callbacks = new Map<string, TaskAttempt>();
  /** Tokens whose task has ended: 'timedOut' answers TaskTimedOut, 'closed' TaskDoesNotExist. */
  private readonly closedTokens = new Map<string, 'timedOut' | 'closed'>();
  /** Stands for `$$.Task.Token` in the context object; each callback attempt swaps in its own token. */
  private readonly tokenPlaceholder = `local-sfn-task-token-${randomUUID()}`;

  constructor(private readonly options: StepFunctionsServiceOptions) {
    for (const machine of options.stateMachines) {
      if (this.machines.has(machine.arn)) throw new Error(`Duplicate state machine ARN ${machine.arn}`);
      const tasks = new Map<string, TaskState>();
      collectTaskStates(machine.definition, tasks, machine.name);
      let runnable: StateMachine;
      try {
        runnable = new StateMachine(runnableDefinition(machine.definition) as StateMachineDefinition, {
          validationOptions: { checkPaths: true, checkArn: true },
        });
      } catch (error) {
        throw new Error(`State machine ${machine.name}: ${(error as Error).message}`);
      }
      this.machines.set(machine.arn, {
        name: machine.name,
        arn: machine.arn,
        definition: machine.definition,
        roleArn: `arn:aws:iam::${options.accountId}:role/local-step-functions`,
        runnable,
        tasks,
        creationDate: Date.now(),
        executionArns: [],
      });
    }
  }

  /** Handle one protocol request (target: the X-Amz-Target header, or just the operation name). */
  async handle(target: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const operation = target.startsWith(`${serviceTarget}.`) ? target.slice(serviceTarget.length + 1) : target.includes('.') ? '' : target;
    const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    try {
      return { status: 200, body: this.dispatch(operation, target, input) };
    } catch (error) {
      if (error instanceof ServiceError) return { status: 400, body: { __type: error.code, message: error.message } };
      this.log(`sfn internal error in ${target}: ${(error as Error).stack ?? String(error)}`);
      return { status: 500, body: { __type: 'InternalFailure', message: (error as Error).message ?? String(error) } };
    }
  }

  /** node:http request listener implementing the wire protocol using handle(). */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { __type: 'InternalFailure', message: String(error) });
      else res.destroy();
    });
  };

  /** Resolves when no execution is running (for graceful shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Abort all running executions. */
  stop(): void {
    for (const execution of [...this.running.keys()]) {
      this.abortExecution(execution, 'States.Aborted', 'The local Step Functions service was stopped');
    }
  }

  // ---------------------------------------------------------------- protocol

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxRequestBytes) {
        send(res, 413, { __type: 'ValidationException', message: 'Request body too large' });
        return;
      }
      chunks.push(chunk as Buffer);
    }
    if (req.method !== 'POST') {
      send(res, 405, { __type: 'UnknownOperationException', message: `Method ${req.method ?? ''} not allowed` });
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        send(res, 400, { __type: 'SerializationException', message: 'Request body is not valid JSON' });
        return;
      }
    }
    const target = req.headers['x-amz-target'];
    const result = await this.handle(typeof target === 'string' ? target : '', body);
    send(res, result.status, result.body);
  }

  private dispatch(operation: string, target: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case 'StartExecution':
        return this.startExecution(input);
      case 'DescribeExecution':
        return this.describeExecution(input);
      case 'ListExecutions':
        return this.listExecutions(input);
      case 'GetExecutionHistory':
        return this.getExecutionHistory(input);
      case 'StopExecution':
        return this.stopExecution(input);
      case 'SendTaskSuccess':
        return this.sendTaskSuccess(input);
      case 'SendTaskFailure':
        return this.sendTaskFailure(input);
      case 'SendTaskHeartbeat':
        return this.sendTaskHeartbeat(input);
      case 'DescribeStateMachine':
        return this.describeStateMachine(input);
      case 'DescribeStateMachineForExecution':
        return this.describeStateMachineForExecution(input);
      case 'ListStateMachines':
        return this.listStateMachines(input);
      default:
        throw new ServiceError('UnknownOperationException', `Operation ${target || '(none)'} is not supported by the local Step Functions`);
    }
  }

  // ---------------------------------------------------------------- operations

  private startExecution(input: Record<string, unknown>): unknown {
    const machine = this.machine(input.stateMachineArn);
    const name = input.name === undefined ? randomUUID() : input.name;
    if (typeof name !== 'string' || !executionNamePattern.test(name)) {
      throw new ServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
    }
    const rawInput = input.input === undefined ? '{}' : input.input;
    if (typeof rawInput !== 'string') throw new ServiceError('InvalidExecutionInput', 'Input must be a JSON string');
    if (Buffer.byteLength(rawInput) > maxPayloadBytes) {
      throw new ServiceError('InvalidExecutionInput', `Input exceeds the maximum size of ${maxPayloadBytes} bytes`);
    }
    let parsed: JsonValue;
    try {
      parsed = JSON.parse(rawInput) as JsonValue;
    } catch {
      throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${rawInput}'`);
    }
    const arn = `arn:aws:states:${this.options.region}:${this.options.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS (standard workflows): idempotent only while the execution runs with the same input.
      if (existing.status === 'RUNNING' && existing.input === rawInput) {
        return { executionArn: existing.arn, startDate: seconds(existing.startDate) };
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const execution: ExecutionRecord = {
      arn,
      name,
      machine,
      input: rawInput,
      status: 'RUNNING',
      closed: false,
      startDate: Date.now(),
      events: [],
      attempts: new Set(),
    };
    this.executions.set(arn, execution);
    machine.executionArns.push(arn);
    this.run(execution, parsed);
    return { executionArn: arn, startDate: seconds(execution.startDate) };
  }

  private describeExecution(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    return {
      executionArn: e.arn,
      stateMachineArn: e.machine.arn,
      name: e.name,
      status: e.status,
      startDate: seconds(e.startDate),
      ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
      input: e.input,
      inputDetails: { included: true },
      ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
      ...(e.error !== undefined ? { error: e.error } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }

  private listExecutions(input: Record<string, unknown>): unknown {
    const machine = this.machine(input.stateMachineArn);
    const filter = input.statusFilter;
    if (filter !== undefined && !executionStatuses.includes(filter as ExecutionStatus)) {
      throw new ServiceError('ValidationException', `Invalid statusFilter: ${String(filter)}`);
    }
    const items = machine.executionArns
      .map((arn) => this.executions.get(arn))
      .filter((e): e is ExecutionRecord => e !== undefined && (filter === undefined || e.status === filter))
      .reverse() // newest first, like AWS
      .map((e) => ({
        executionArn: e.arn,
        stateMachineArn: machine.arn,
        name: e.name,
        status: e.status,
        startDate: seconds(e.startDate),
        ...(e.stopDate !== undefined ? { stopDate: seconds(e.stopDate) } : {}),
        redriveCount: 0,
      }));
    const { page, nextToken } = paginate(items, input.maxResults, input.nextToken, 100);
    return { executions: page, ...(nextToken ? { nextToken } : {}) };
  }

  private getExecutionHistory(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    const includeData = input.includeExecutionData !== false;
    const ordered = input.reverseOrder === true ? [...e.events].reverse() : e.events;
    const { page, nextToken } = paginate(ordered, input.maxResults, input.nextToken, 100);
    return {
      events: page.map((event) => serializeEvent(event, includeData)),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  private stopExecution(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    if (e.status === 'RUNNING') {
      this.abortExecution(e, optionalString(input.error, 'error'), optionalString(input.cause, 'cause'));
    }
    return { stopDate: seconds(e.stopDate ?? Date.now()) };
  }

  private sendTaskSuccess(input: Record<string, unknown>): unknown {
    const attempt = this.openTask(input.taskToken);
    if (typeof input.output !== 'string') throw new ServiceError('InvalidOutput', 'Output must be a JSON string');
    if (Buffer.byteLength(input.output) > maxPayloadBytes) {
      throw new ServiceError('InvalidOutput', `Output exceeds the maximum size of ${maxPayloadBytes} bytes`);
    }
    let output: JsonValue;
    try {
      output = JSON.parse(input.output) as JsonValue;
    } catch {
      throw new ServiceError('InvalidOutput', `Invalid Output: '${input.output}'`);
    }
    this.completeCallback(attempt, { kind: 'success', output });
    return {};
  }

  private sendTaskFailure(input: Record<string, unknown>): unknown {
    const attempt = this.openTask(input.taskToken);
    const error = optionalString(input.error, 'error') ?? 'States.TaskFailed';
    const cause = optionalString(input.cause, 'cause') ?? '';
    this.completeCallback(attempt, { kind: 'failure', error, cause });
    return {};
  }

  private sendTaskHeartbeat(input: Record<string, unknown>): unknown {
    const attempt = this.openTask(input.taskToken);
    this.armHeartbeat(attempt);
    return {};
  }

  private describeStateMachine(input: Record<string, unknown>): unknown {
    return this.describeMachine(this.machine(input.stateMachineArn));
  }

  private describeStateMachineForExecution(input: Record<string, unknown>): unknown {
    const { machine } = this.execution(input.executionArn);
    const { stateMachineArn, name, definition, roleArn } = this.describeMachine(machine);
    return { stateMachineArn, name, definition, roleArn, updateDate: seconds(machine.creationDate) };
  }

  private describeMachine(machine: MachineEntry) {
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: seconds(machine.creationDate),
    };
  }

  private listStateMachines(input: Record<string, unknown>): unknown {
    const items = [...this.machines.values()].map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: 'STANDARD',
      creationDate: seconds(m.creationDate),
    }));
    const { page, nextToken } = paginate(items, input.maxResults, input.nextToken, 100);
    return { stateMachines: page, ...(nextToken ? { nextToken } : {}) };
  }

  // ---------------------------------------------------------------- lookups

  private machine(arn: unknown): MachineEntry {
    const value = requireArn(arn, 'stateMachineArn');
    const machine = this.machines.get(value);
    if (!machine) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${value}'`);
    return machine;
  }

  private execution(arn: unknown): ExecutionRecord {
    const value = requireArn(arn, 'executionArn');
    const execution = this.executions.get(value);
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${value}'`);
    return execution;
  }

  private openTask(token: unknown): TaskAttempt {
    if (typeof token !== 'string' || token === '') throw new ServiceError('InvalidToken', 'Invalid Token: taskToken is required');
    const attempt = this.callbacks.get(token);
    if (attempt && !attempt.ended) return attempt;
    const closed = this.closedTokens.get(token);
    if (closed === 'timedOut') throw new ServiceError('TaskTimedOut', 'Task Timed Out');
    if (closed === 'closed') throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
    if (!tokenPattern.test(token)) throw new ServiceError('InvalidToken', `Invalid Token: '${token}'`);
    throw new ServiceError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  // ---------------------------------------------------------------- execution

  private run(execution: ExecutionRecord, input: JsonValue): void {
    const { machine } = execution;
    const handlers: TaskHandlers = {};
    for (const [stateName, state] of machine.tasks) {
      handlers[stateName] = (taskInput) => this.runTask(execution, state, taskInput);
    }
    const started = machine.runnable.run(input, {
      overrides: { taskResourceLocalHandlers: handlers },
      context: {
        Execution: { Id: execution.arn, Name: execution.name, RoleArn: machine.roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: this.tokenPlaceholder },
      },
    });
    execution.abort = started.abort;
    this.log(`sfn ${machine.name} execution ${execution.name} started`);
    const historyDone = this.consumeEvents(execution, started.eventLogs);
    const done = started.result.then(
      async (output) => {
        await historyDone;
        this.finish(execution, { ok: true, output });
      },
      async (error: unknown) => {
        await historyDone;
        this.finish(execution, { ok: false, error });
      },
    );
    const tracked = done
      .catch((error: unknown) => this.log(`sfn ${machine.name} execution ${execution.name} bookkeeping failed: ${String(error)}`))
      .finally(() => this.running.delete(execution));
    this.running.set(execution, tracked);
  }

  private finish(execution: ExecutionRecord, outcome: { ok: true; output: JsonValue } | { ok: false; error: unknown }): void {
    if (!execution.closed) {
      execution.closed = true;
      execution.stopDate = Date.now();
      if (outcome.ok) {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(outcome.output ?? null);
      } else if (outcome.error instanceof ExecutionTimeoutError) {
        execution.status = 'TIMED_OUT';
        execution.error = 'States.Timeout';
        execution.cause = 'The execution exceeded its TimeoutSeconds';
      } else if (outcome.error instanceof ExecutionAbortedError) {
        execution.status = 'ABORTED';
      } else {
        const failure = outcome.error instanceof ExecutionError ? outcome.error.cause : outcome.error;
        execution.status = 'FAILED';
        execution.error = failure instanceof Error ? failure.name : 'States.Runtime';
        execution.cause = failure instanceof Error ? failure.message : stringifyCause(failure);
      }
    }
    for (const attempt of [...execution.attempts]) this.endAttempt(attempt, 'closed', { kind: 'ended' });
    const detail = execution.error !== undefined ? ` ${execution.error}: ${truncate(execution.cause ?? '', 300)}` : '';
    this.log(`sfn ${execution.machine.name} execution ${execution.name} ${execution.status}${detail}`);
  }

  private abortExecution(execution: ExecutionRecord, error: string | undefined, cause: string | undefined): void {
    if (execution.closed) return;
    execution.closed = true;
    execution.status = 'ABORTED';
    execution.stopDate = Date.now();
    if (error !== undefined) execution.error = error;
    if (cause !== undefined) execution.cause = cause;
    for (const attempt of [...execution.attempts]) this.endAttempt(attempt, 'closed', { kind: 'ended' });
    execution.abort?.();
  }

  // ---------------------------------------------------------------- tasks

  private runTask(execution: ExecutionRecord, state: TaskState, input: JsonValue): Promise<JsonValue> {
    if (execution.closed) {
      // The interpreter may still retry a state after an abort; never start work for a closed execution.
      return Promise.reject(new TaskError('States.Runtime', 'The execution is no longer running'));
    }
    // Created synchronously so the attempt's timer starts together with the interpreter's TimeoutSeconds timer.
    const attempt: TaskAttempt = { execution, state, ended: false };
    execution.attempts.add(attempt);
    const timeoutSeconds = state.timeoutSeconds ?? numberAtPath(input, state.timeoutSecondsPath);
    if (timeoutSeconds !== undefined) {
      attempt.timeoutTimer = setTimeout(() => this.timeOutAttempt(attempt), Math.min(timeoutSeconds, maxTimerSeconds) * 1000);
    }
    switch (state.task.kind) {
      case 'function':
        return this.runFunctionTask(attempt, state.task.functionName, input, timeoutSeconds);
      case 'invoke':
        return this.runInvokeTask(attempt, input, timeoutSeconds);
      case 'callback':
        return this.runCallbackTask(attempt, input, timeoutSeconds);
      case 'unsupported':
        this.endAttempt(attempt, 'closed');
        this.log(`sfn ${execution.machine.name}: Task state ${state.name} uses unsupported resource ${state.resource}`);
        return Promise.reject(
          new TaskError('States.Runtime', `The local Step Functions does not support the resource '${state.resource}' (state ${state.name})`),
        );
    }
  }

  /** Resource `arn:aws:lambda:...:function:<name>`: the handler's result is the task result. */
  private async runFunctionTask(attempt: TaskAttempt, functionName: string, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    await macrotask();
    this.recordTask(attempt, 'LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', {
      resource: attempt.state.resource,
      input: toJson(input),
      inputDetails: { truncated: false },
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
    });
    this.recordTask(attempt, 'LambdaFunctionStarted');
    let result: JsonValue;
    try {
      result = await this.invoke(functionName, input);
    } catch (error) {
      const failure = functionFailure(error);
      await macrotask();
      if (this.endAttempt(attempt, 'closed')) {
        this.recordTask(attempt, 'LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', failure);
      }
      throw new TaskError(failure.error, failure.cause);
    }
    await macrotask();
    if (this.endAttempt(attempt, 'closed')) {
      this.recordTask(attempt, 'LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', {
        output: toJson(result),
        outputDetails: { truncated: false },
      });
    }
    return result;
  }

  /** Resource `arn:aws:states:::lambda:invoke`: the result is Lambda's Invoke response. */
  private async runInvokeTask(attempt: TaskAttempt, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    await macrotask();
    const { functionName, payload } = invokeParameters(input, attempt.state.name);
    this.recordTaskScheduled(attempt, input, timeoutSeconds);
    this.recordTask(attempt, 'TaskStarted', 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke' });
    let response: JsonValue;
    try {
      response = invokeResponse(await this.invoke(functionName, payload));
    } catch (error) {
      const failure = functionFailure(error);
      await macrotask();
      if (this.endAttempt(attempt, 'closed')) {
        this.recordTask(attempt, 'TaskFailed', 'taskFailedEventDetails', { resourceType: 'lambda', resource: 'invoke', ...failure });
      }
      throw new TaskError(failure.error, failure.cause);
    }
    await macrotask();
    if (this.endAttempt(attempt, 'closed')) {
      this.recordTask(attempt, 'TaskSucceeded', 'taskSucceededEventDetails', {
        resourceType: 'lambda',
        resource: 'invoke',
        output: toJson(response),
        outputDetails: { truncated: false },
      });
    }
    return response;
  }

  /** Resource `arn:aws:states:::lambda:invoke.waitForTaskToken`: invoke, then wait for SendTask*. */
  private async runCallbackTask(attempt: TaskAttempt, input: JsonValue, timeoutSeconds?: number): Promise<JsonValue> {
    const token = `${tokenPrefix}${randomBytes(48).toString('base64url')}`;
    attempt.token = token;
    const outcome = new Promise<CallbackOutcome>((resolve) => {
      attempt.settle = resolve;
    });
    this.callbacks.set(token, attempt);
    const details = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    await macrotask();
    const parameters = replaceDeep(input, this.tokenPlaceholder, token);
    const { functionName, payload } = invokeParameters(parameters, attempt.state.name);
    this.recordTaskScheduled(attempt, parameters, timeoutSeconds);
    this.recordTask(attempt, 'TaskStarted', 'taskStartedEventDetails', details);
    const heartbeatSeconds = attempt.state.heartbeatSeconds ?? numberAtPath(parameters, attempt.state.heartbeatSecondsPath);
    if (heartbeatSeconds !== undefined && !attempt.ended) {
      attempt.heartbeatMs = Math.min(heartbeatSeconds, maxTimerSeconds) * 1000;
      this.armHeartbeat(attempt);
    }
    try {
      const response = invokeResponse(await this.invoke(functionName, payload));
      await macrotask();
      if (!attempt.ended || attempt.outcome?.kind === 'success' || attempt.outcome?.kind === 'failure') {
        this.recordTask(attempt, 'TaskSubmitted', 'taskSubmittedEventDetails', {
          ...details,
          output: toJson(response),
          outputDetails: { truncated: false },
        });
      }
    } catch (error) {
      const failure = functionFailure(error);
      await macrotask();
      // The invocation failing fails the task, unless the task already ended (a SendTask* won the race, or a timeout).
      if (this.endAttempt(attempt, 'closed', { kind: 'ended' })) {
        this.recordTask(attempt, 'TaskFailed', 'taskFailedEventDetails', { ...details, ...failure });
        throw new TaskError(failure.error, failure.cause);
      }
    }
    const result = await outcome;
    await macrotask();
    switch (result.kind) {
      case 'success':
        this.recordTask(attempt, 'TaskSucceeded', 'taskSucceededEventDetails', {
          ...details,
          output: toJson(result.output),
          outputDetails: { truncated: false },
        });
        return result.output;
      case 'failure':
        this.recordTask(attempt, 'TaskFailed', 'taskFailedEventDetails', { ...details, error: result.error, cause: result.cause });
        throw new TaskError(result.error, result.cause);
      case 'heartbeatTimeout': {
        const cause = `No heartbeat received within ${heartbeatSeconds ?? '?'} seconds`;
        this.recordTask(attempt, 'TaskTimedOut', 'taskTimedOutEventDetails', { ...details, error: 'States.HeartbeatTimeout', cause });
        throw new TaskError('States.HeartbeatTimeout', cause);
      }
      case 'ended':
        // TimeoutSeconds elapsed (the interpreter has already failed the state with States.Timeout) or the execution closed.
        throw new TaskError('States.Timeout', 'The task ended before a result was sent');
    }
  }

  private completeCallback(attempt: TaskAttempt, outcome: CallbackOutcome): void {
    this.endAttempt(attempt, 'closed', outcome);
  }

  private armHeartbeat(attempt: TaskAttempt): void {
    if (attempt.heartbeatMs === undefined || attempt.ended) return;
    clearTimeout(attempt.heartbeatTimer);
    attempt.heartbeatTimer = setTimeout(() => this.endAttempt(attempt, 'timedOut', { kind: 'heartbeatTimeout' }), attempt.heartbeatMs);
  }

  /**
   * TimeoutSeconds elapsed: the interpreter fails the state with States.Timeout on its own timer;
   * here the token stops being valid and the abandoned handler promise is released a little later.
   */
  private timeOutAttempt(attempt: TaskAttempt): void {
    const settle = attempt.settle;
    if (!this.endAttempt(attempt, 'timedOut')) return;
    if (settle) setTimeout(() => settle({ kind: 'ended' }), timedOutSettleGraceMs).unref();
  }

  /** Ends an attempt once; returns false if it had already ended. */
  private endAttempt(attempt: TaskAttempt, reason: 'timedOut' | 'closed', outcome?: CallbackOutcome): boolean {
    if (attempt.ended) return false;
    attempt.ended = true;
    clearTimeout(attempt.timeoutTimer);
    clearTimeout(attempt.heartbeatTimer);
    attempt.execution.attempts.delete(attempt);
    if (attempt.token !== undefined) {
      this.callbacks.delete(attempt.token);
      this.closedTokens.set(attempt.token, reason);
      if (this.closedTokens.size > closedTokensKept) {
        const oldest = this.closedTokens.keys().next();
        if (!oldest.done) this.closedTokens.delete(oldest.value);
      }
    }
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

  // ---------------------------------------------------------------- history

  private recordTaskScheduled(attempt: TaskAttempt, parameters: JsonValue, timeoutSeconds?: number): void {
    const { state } = attempt;
    this.recordTask(attempt, 'TaskScheduled', 'taskScheduledEventDetails', {
      resourceType: 'lambda',
      resource: state.task.kind === 'callback' ? 'invoke.waitForTaskToken' : 'invoke',
      region: this.options.region,
      parameters: toJson(parameters),
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      ...(state.heartbeatSeconds !== undefined ? { heartbeatInSeconds: state.heartbeatSeconds } : {}),
    });
  }

  private recordTask(attempt: TaskAttempt, type: string, detailsKey?: string, details?: Record<string, unknown>): void {
    if (attempt.execution.closed && attempt.execution.status !== 'RUNNING') return;
    this.record(attempt.execution, type, detailsKey, details);
  }

  private record(execution: ExecutionRecord, type: string, detailsKey?: string, details?: Record<string, unknown>, timestamp = Date.now()): void {
    const id = execution.events.length + 1;
    const event: HistoryEvent = { timestamp, type, id, previousEventId: id - 1 };
    if (detailsKey && details) event[detailsKey] = details;
    execution.events.push(event);
  }

  private async consumeEvents(execution: ExecutionRecord, logs: AsyncGenerator<EventLog>): Promise<void> {
    try {
      for await (const event of logs) this.mapEvent(execution, event);
    } catch (error) {
      this.log(`sfn ${execution.machine.name} execution ${execution.name}: event log failed: ${String(error)}`);
    }
  }

  /** Maps aws-local-stepfunctions' event log onto Step Functions history events. */
  private mapEvent(execution: ExecutionRecord, event: EventLog): void {
    const at = event.timestamp;
    switch (event.type) {
      case 'ExecutionStarted':
        this.record(execution, 'ExecutionStarted', 'executionStartedEventDetails', {
          input: toJson(event.input),
          inputDetails: { truncated: false },
          roleArn: execution.machine.roleArn,
        }, at);
        return;
      case 'ExecutionSucceeded':
        this.record(execution, 'ExecutionSucceeded', 'executionSucceededEventDetails', {
          output: toJson(event.output),
          outputDetails: { truncated: false },
        }, at);
        return;
      case 'ExecutionFailed':
        this.record(execution, 'ExecutionFailed', 'executionFailedEventDetails', {
          error: event.Error,
          cause: stringifyCause(event.Cause),
        }, at);
        return;
      case 'ExecutionAborted':
        this.record(execution, 'ExecutionAborted', 'executionAbortedEventDetails', {
          ...(execution.error !== undefined ? { error: execution.error } : {}),
          ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
        }, at);
        return;
      case 'ExecutionTimeout':
        this.record(execution, 'ExecutionTimedOut', 'executionTimedOutEventDetails', {
          error: 'States.Timeout',
          cause: 'The execution exceeded its TimeoutSeconds',
        }, at);
        return;
      case 'StateEntered':
        this.record(execution, `${event.state.type}StateEntered`, 'stateEnteredEventDetails', {
          name: event.state.name,
          input: toJson(event.state.input),
          inputDetails: { truncated: false },
        }, at);
        if (event.state.type === 'Parallel') this.record(execution, 'ParallelStateStarted', undefined, undefined, at);
        return;
      case 'StateExited':
        if (event.state.type === 'Map' || event.state.type === 'Parallel') {
          this.record(execution, `${event.state.type}StateSucceeded`, undefined, undefined, at);
        }
        this.record(execution, `${event.state.type}StateExited`, 'stateExitedEventDetails', {
          name: event.state.name,
          output: toJson(event.state.output),
          outputDetails: { truncated: false },
        }, at);
        return;
      case 'StateFailed': {
        if (event.state.type === 'Map' || event.state.type === 'Parallel') {
          this.record(execution, `${event.state.type}StateFailed`, undefined, undefined, at);
          return;
        }
        // Handler failures are recorded by the task runner; only the interpreter's own TimeoutSeconds is recorded here.
        if (event.state.type !== 'Task' || event.Error !== 'States.Timeout') return;
        const task = execution.machine.tasks.get(event.state.name)?.task;
        const details = { error: 'States.Timeout', cause: stringifyCause(event.Cause) };
        if (task?.kind === 'function') {
          this.record(execution, 'LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', details, at);
        } else {
          const resource = task?.kind === 'invoke' || task?.kind === 'callback' ? task : { resourceType: 'unknown', resource: 'unknown' };
          this.record(execution, 'TaskTimedOut', 'taskTimedOutEventDetails', {
            resourceType: resource.resourceType,
            resource: resource.resource,
            ...details,
          }, at);
        }
        return;
      }
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const suffix = event.type.slice('MapIteration'.length);
        this.record(execution, event.type, `mapIteration${suffix}EventDetails`, { name: event.parentState.name, index: event.index }, at);
        return;
      }
      default:
        // StateRetried, StateCaught and ParallelBranch* have no Step Functions history counterpart.
        return;
    }
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

// ------------------------------------------------------------------ helpers

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': jsonContentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(payload);
}

function seconds(epochMs: number): number {
  return epochMs / 1000;
}

function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function stringifyCause(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  try {
    return JSON.stringify(cause) ?? String(cause);
  } catch {
    return String(cause);
  }
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ServiceError('ValidationException', `${field} must be a string`);
  return value;
}

function requireArn(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw new ServiceError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== 'string' || !value.startsWith('arn:')) throw new ServiceError('InvalidArn', `Invalid Arn: '${String(value)}'`);
  return value;
}

function paginate<T>(items: T[], maxResults: unknown, nextToken: unknown, defaultPageSize: number): { page: T[]; nextToken?: string } {
  let size = defaultPageSize;
  if (maxResults !== undefined && maxResults !== null) {
    if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > 1000) {
      throw new ServiceError('ValidationException', 'maxResults must be an integer between 0 and 1000');
    }
    if (maxResults > 0) size = maxResults;
  }
  let offset = 0;
  if (nextToken !== undefined && nextToken !== null) {
    const decoded = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString('utf8').replace(/^offset:/, '')) : NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new ServiceError('InvalidToken', 'Invalid Token: nextToken');
    offset = decoded;
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
  return next ? { page, nextToken: next } : { page };
}

function serializeEvent(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, timestamp: seconds(event.timestamp) };
  if (!includeData) {
    for (const [key, value] of Object.entries(out)) {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
      const { input: _i, output: _o, parameters: _p, inputDetails: _id, outputDetails: _od, ...rest } = value as Record<string, unknown>;
      out[key] = rest;
    }
  }
  return out;
}

/** Every Task state by name, including those nested in Map (ItemProcessor/Iterator) and Parallel branches. */
function collectTaskStates(definition: unknown, tasks: Map<string, TaskState>, machineName: string): void {
  const states = asRecord(asRecord(definition)?.States);
  if (!states) return;
  for (const [name, raw] of Object.entries(states)) {
    const state = asRecord(raw);
    if (!state) continue;
    if (state.Type === 'Task') {
      if (tasks.has(name)) throw new Error(`State machine ${machineName}: duplicate Task state name '${name}'`);
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      tasks.set(name, {
        name,
        resource,
        task: taskKind(resource),
        ...(typeof state.TimeoutSeconds === 'number' ? { timeoutSeconds: state.TimeoutSeconds } : {}),
        ...(typeof state.TimeoutSecondsPath === 'string' ? { timeoutSecondsPath: state.TimeoutSecondsPath } : {}),
        ...(typeof state.HeartbeatSeconds === 'number' ? { heartbeatSeconds: state.HeartbeatSeconds } : {}),
        ...(typeof state.HeartbeatSecondsPath === 'string' ? { heartbeatSecondsPath: state.HeartbeatSecondsPath } : {}),
      });
    } else if (state.Type === 'Map') {
      collectTaskStates(state.ItemProcessor ?? state.Iterator, tasks, machineName);
    } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) collectTaskStates(branch, tasks, machineName);
    }
  }
}

function taskKind(resource: string): TaskKind {
  const integration = lambdaInvokePattern.exec(resource);
  if (integration) {
    return integration[1]
      ? { kind: 'callback', resourceType: 'lambda', resource: 'invoke.waitForTaskToken' }
      : { kind: 'invoke', resourceType: 'lambda', resource: 'invoke' };
  }
  const fn = lambdaFunctionArnPattern.exec(resource);
  if (fn?.[1]) return { kind: 'function', functionName: fn[1] };
  return { kind: 'unsupported' };
}

/**
 * The definition the interpreter runs: aws-local-stepfunctions times every Task out after 60 s
 * when TimeoutSeconds is absent (AWS has no such default), and setTimeout overflows for very
 * long timeouts, so Task and top-level TimeoutSeconds are made explicit and capped.
 */
function runnableDefinition(definition: object): object {
  const copy = structuredClone(definition) as Record<string, unknown>;
  if (typeof copy.TimeoutSeconds === 'number') copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, maxTimerSeconds);
  patchStates(copy);
  return copy;
}

function patchStates(definition: unknown): void {
  const states = asRecord(asRecord(definition)?.States);
  if (!states) return;
  for (const raw of Object.values(states)) {
    const state = asRecord(raw);
    if (!state) continue;
    if (state.Type === 'Task') {
      if (typeof state.TimeoutSeconds === 'number') state.TimeoutSeconds = Math.min(state.TimeoutSeconds, maxTimerSeconds);
      else if (state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = maxTimerSeconds;
    } else if (state.Type === 'Map') {
      patchStates(state.ItemProcessor ?? state.Iterator);
    } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) patchStates(branch);
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `FunctionName` may be a name, a name:qualifier, a partial ARN or a full Lambda ARN. */
export function functionNameOf(reference: string): string {
  const full = lambdaFunctionArnPattern.exec(reference);
  if (full?.[1]) return full[1];
  const partial = /^(?:\d{12}:function:)?([^:]+)(?::[^:]+)?$/.exec(reference);
  return partial?.[1] ?? reference;
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

/** Replaces `placeholder` in every string of a JSON value. */
function replaceDeep(value: JsonValue, placeholder: string, replacement: string): JsonValue {
  if (typeof value === 'string') return value.includes(placeholder) ? value.split(placeholder).join(replacement) : value;
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, placeholder, replacement));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v as JsonValue, placeholder, replacement)]));
  }
  return value;
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

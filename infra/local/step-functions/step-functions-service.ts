import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsServiceError, awsJson1_0, epochSeconds, readJson, sendAwsError, sendJson } from '../aws-json-protocol.js';
import { executionArn, requireArn } from './arns.js';
import { closeExecution, executionStatuses, type ExecutionRecord, type ExecutionStatus, type RunOutcome } from './execution.js';
import { historyEventWire, recordEventLogs } from './execution-history.js';
import type { JsonValue } from './json-values.js';
import { paginate } from './pagination.js';
import { prepareStateMachine, type LocalStateMachine, type MachineEntry } from './state-machine.js';
import { TaskResources, type InvokeFunction } from './task-resources.js';
import { TaskTokens } from './task-tokens.js';

export type { LocalStateMachine } from './state-machine.js';
export type { InvokeFunction } from './task-resources.js';

export interface StepFunctionsServiceOptions {
  stateMachines: LocalStateMachine[];
  invokeFunction: InvokeFunction;
  accountId: string;
  region: string;
  log?: (line: string) => void;
}

const serviceTarget = 'AWSStepFunctions';
/** Step Functions' payload limit for inputs, outputs and task results. */
const maxPayloadBytes = 256 * 1024;
const maxRequestBytes = 4 * 1024 * 1024;
const executionNamePattern = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

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
  private readonly tokens = new TaskTokens();
  private readonly tasks: TaskResources;

  constructor(private readonly options: StepFunctionsServiceOptions) {
    for (const machine of options.stateMachines) {
      if (this.machines.has(machine.arn)) throw new Error(`Duplicate state machine ARN ${machine.arn}`);
      this.machines.set(machine.arn, prepareStateMachine(machine, options.accountId));
    }
    this.tasks = new TaskResources(
      { invokeFunction: options.invokeFunction, region: options.region, log: (line) => this.log(line) },
      this.tokens,
    );
  }

  /** Handle one protocol request (target: the X-Amz-Target header, or just the operation name). */
  async handle(target: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const operation = target.startsWith(`${serviceTarget}.`) ? target.slice(serviceTarget.length + 1) : target.includes('.') ? '' : target;
    const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    try {
      return { status: 200, body: this.dispatch(operation, target, input) };
    } catch (error) {
      if (error instanceof AwsServiceError) return { status: error.status, body: error.toJSON() };
      this.log(`sfn internal error in ${target}: ${(error as Error).stack ?? String(error)}`);
      return { status: 500, body: new AwsServiceError('InternalFailure', (error as Error).message ?? String(error), 500).toJSON() };
    }
  }

  /** node:http request listener implementing the wire protocol using handle(). */
  readonly requestListener = (req: IncomingMessage, res: ServerResponse): void => {
    void this.serve(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendAwsError(res, error instanceof AwsServiceError ? error : new AwsServiceError('InternalFailure', String(error), 500), awsJson1_0);
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
    const body = await readJson(req, maxRequestBytes);
    if (req.method !== 'POST') throw new AwsServiceError('UnknownOperationException', `Method ${req.method ?? ''} not allowed`, 405);
    const target = req.headers['x-amz-target'];
    const result = await this.handle(typeof target === 'string' ? target : '', body);
    sendJson(res, result.status, result.body, awsJson1_0);
  }

  /** The operations answered, by their wire name. */
  private readonly operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    StartExecution: (input) => this.startExecution(input),
    DescribeExecution: (input) => this.describeExecution(input),
    ListExecutions: (input) => this.listExecutions(input),
    GetExecutionHistory: (input) => this.getExecutionHistory(input),
    StopExecution: (input) => this.stopExecution(input),
    SendTaskSuccess: (input) => this.sendTaskSuccess(input),
    SendTaskFailure: (input) => this.sendTaskFailure(input),
    SendTaskHeartbeat: (input) => this.sendTaskHeartbeat(input),
    DescribeStateMachine: (input) => this.describeStateMachine(input),
    DescribeStateMachineForExecution: (input) => this.describeStateMachineForExecution(input),
    ListStateMachines: (input) => this.listStateMachines(input),
  };

  private dispatch(operation: string, target: string, input: Record<string, unknown>): unknown {
    const answer = Object.hasOwn(this.operations, operation) ? this.operations[operation] : undefined;
    if (!answer) {
      throw new AwsServiceError('UnknownOperationException', `Operation ${target || '(none)'} is not supported by the local Step Functions`);
    }
    return answer(input);
  }

  // ---------------------------------------------------------------- operations

  private startExecution(input: Record<string, unknown>): unknown {
    const machine = this.machine(input.stateMachineArn);
    const name = input.name === undefined ? randomUUID() : input.name;
    if (typeof name !== 'string' || !executionNamePattern.test(name)) {
      throw new AwsServiceError('InvalidName', `Invalid Name: '${String(name)}'`);
    }
    const { text: rawInput, value: parsed } = parsePayload(input.input === undefined ? '{}' : input.input, 'Input');
    const arn = executionArn(this.options.region, this.options.accountId, machine.name, name);
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS (standard workflows): idempotent only while the execution runs with the same input.
      if (existing.status === 'RUNNING' && existing.input === rawInput) {
        return { executionArn: existing.arn, startDate: epochSeconds(existing.startDate) };
      }
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
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
    return { executionArn: arn, startDate: epochSeconds(execution.startDate) };
  }

  private describeExecution(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    return {
      executionArn: e.arn,
      stateMachineArn: e.machine.arn,
      name: e.name,
      status: e.status,
      startDate: epochSeconds(e.startDate),
      ...(e.stopDate !== undefined ? { stopDate: epochSeconds(e.stopDate) } : {}),
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
      throw new AwsServiceError('ValidationException', `Invalid statusFilter: ${String(filter)}`);
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
        startDate: epochSeconds(e.startDate),
        ...(e.stopDate !== undefined ? { stopDate: epochSeconds(e.stopDate) } : {}),
        redriveCount: 0,
      }));
    const { page, ...next } = paginate(items, input.maxResults, input.nextToken);
    return { executions: page, ...next };
  }

  private getExecutionHistory(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    const includeData = input.includeExecutionData !== false;
    const ordered = input.reverseOrder === true ? [...e.events].reverse() : e.events;
    const { page, ...next } = paginate(ordered, input.maxResults, input.nextToken);
    return { events: page.map((event) => historyEventWire(event, includeData)), ...next };
  }

  private stopExecution(input: Record<string, unknown>): unknown {
    const e = this.execution(input.executionArn);
    if (e.status === 'RUNNING') {
      this.abortExecution(e, optionalString(input.error, 'error'), optionalString(input.cause, 'cause'));
    }
    return { stopDate: epochSeconds(e.stopDate ?? Date.now()) };
  }

  private sendTaskSuccess(input: Record<string, unknown>): unknown {
    const attempt = this.tokens.attempt(input.taskToken);
    const { value: output } = parsePayload(input.output, 'Output');
    this.tasks.complete(attempt, { kind: 'success', output });
    return {};
  }

  private sendTaskFailure(input: Record<string, unknown>): unknown {
    const attempt = this.tokens.attempt(input.taskToken);
    const error = optionalString(input.error, 'error') ?? 'States.TaskFailed';
    const cause = optionalString(input.cause, 'cause') ?? '';
    this.tasks.complete(attempt, { kind: 'failure', error, cause });
    return {};
  }

  private sendTaskHeartbeat(input: Record<string, unknown>): unknown {
    this.tasks.heartbeat(this.tokens.attempt(input.taskToken));
    return {};
  }

  private describeStateMachine(input: Record<string, unknown>): unknown {
    return this.describeMachine(this.machine(input.stateMachineArn));
  }

  private describeStateMachineForExecution(input: Record<string, unknown>): unknown {
    const { machine } = this.execution(input.executionArn);
    const { stateMachineArn, name, definition, roleArn } = this.describeMachine(machine);
    return { stateMachineArn, name, definition, roleArn, updateDate: epochSeconds(machine.creationDate) };
  }

  private describeMachine(machine: MachineEntry) {
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: JSON.stringify(machine.definition),
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: epochSeconds(machine.creationDate),
    };
  }

  private listStateMachines(input: Record<string, unknown>): unknown {
    const items = [...this.machines.values()].map((m) => ({
      stateMachineArn: m.arn,
      name: m.name,
      type: 'STANDARD',
      creationDate: epochSeconds(m.creationDate),
    }));
    const { page, ...next } = paginate(items, input.maxResults, input.nextToken);
    return { stateMachines: page, ...next };
  }

  // ---------------------------------------------------------------- lookups

  private machine(arn: unknown): MachineEntry {
    const value = requireArn(arn, 'stateMachineArn');
    const machine = this.machines.get(value);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${value}'`);
    return machine;
  }

  private execution(arn: unknown): ExecutionRecord {
    const value = requireArn(arn, 'executionArn');
    const execution = this.executions.get(value);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${value}'`);
    return execution;
  }

  // ---------------------------------------------------------------- execution

  private run(execution: ExecutionRecord, input: JsonValue): void {
    const { machine } = execution;
    const started = machine.runnable.run(input, {
      overrides: { taskResourceLocalHandlers: this.tasks.handlers(execution) },
      context: {
        Execution: { Id: execution.arn, Name: execution.name, RoleArn: machine.roleArn, RedriveCount: 0 },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: this.tokens.placeholder },
      },
    });
    execution.abort = started.abort;
    this.log(`sfn ${machine.name} execution ${execution.name} started`);
    const historyDone = recordEventLogs(execution, started.eventLogs, (line) => this.log(line));
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

  private finish(execution: ExecutionRecord, outcome: RunOutcome): void {
    closeExecution(execution, outcome);
    this.tasks.endAll(execution);
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
    this.tasks.endAll(execution);
    execution.abort?.();
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

const payloadErrors = {
  Input: { code: 'InvalidExecutionInput', invalid: 'Invalid State Machine Execution Input' },
  Output: { code: 'InvalidOutput', invalid: 'Invalid Output' },
} as const;

/** A JSON payload a request carries as a string (execution input, task output), within Step Functions' size limit. */
function parsePayload(text: unknown, field: keyof typeof payloadErrors): { text: string; value: JsonValue } {
  const { code, invalid } = payloadErrors[field];
  if (typeof text !== 'string') throw new AwsServiceError(code, `${field} must be a JSON string`);
  if (Buffer.byteLength(text) > maxPayloadBytes) {
    throw new AwsServiceError(code, `${field} exceeds the maximum size of ${maxPayloadBytes} bytes`);
  }
  try {
    return { text, value: JSON.parse(text) as JsonValue };
  } catch {
    throw new AwsServiceError(code, `${invalid}: '${text}'`);
  }
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsServiceError('ValidationException', `${field} must be a string`);
  return value;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

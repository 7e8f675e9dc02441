import type { StateMachine } from 'aws-local-stepfunctions';
import { epochSeconds } from '../aws-json-protocol.js';
import type { ExecutionRecord } from './execution.js';
import { stringifyCause, toJson } from './json-values.js';

/** One entry of aws-local-stepfunctions' event log. */
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A history event in the wire shape of GetExecutionHistory (timestamp in epoch milliseconds until serialised). */
export type HistoryEvent = { timestamp: number; type: string; id: number; previousEventId: number } & Record<string, unknown>;

/** Appends an event to the execution's history; `detailsKey` is the wire name of its details (e.g. `taskFailedEventDetails`). */
export function recordEvent(
  execution: ExecutionRecord,
  type: string,
  detailsKey?: string,
  details?: Record<string, unknown>,
  timestamp = Date.now(),
): void {
  const id = execution.events.length + 1;
  const event: HistoryEvent = { timestamp, type, id, previousEventId: id - 1 };
  if (detailsKey && details) event[detailsKey] = details;
  execution.events.push(event);
}

/** Records the interpreter's event log into the execution's history until the log ends. */
export async function recordEventLogs(execution: ExecutionRecord, logs: AsyncGenerator<EventLog>, log: (line: string) => void): Promise<void> {
  try {
    for await (const event of logs) recordEventLog(execution, event);
  } catch (error) {
    log(`sfn ${execution.machine.name} execution ${execution.name}: event log failed: ${String(error)}`);
  }
}

/** A history event as GetExecutionHistory returns it; without execution data, inputs, outputs and parameters are left out. */
export function historyEventWire(event: HistoryEvent, includeData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, timestamp: epochSeconds(event.timestamp) };
  if (!includeData) {
    for (const [key, value] of Object.entries(out)) {
      if (!key.endsWith('EventDetails') || typeof value !== 'object' || value === null) continue;
      const { input: _i, output: _o, parameters: _p, inputDetails: _id, outputDetails: _od, ...rest } = value as Record<string, unknown>;
      out[key] = rest;
    }
  }
  return out;
}

/**
 * Maps aws-local-stepfunctions' event log onto Step Functions history events. Task events
 * (scheduled, started, succeeded, failed) are recorded by the task resources, which see them happen.
 */
function recordEventLog(execution: ExecutionRecord, event: EventLog): void {
  const record = (type: string, detailsKey?: string, details?: Record<string, unknown>) =>
    recordEvent(execution, type, detailsKey, details, event.timestamp);
  switch (event.type) {
    case 'ExecutionStarted':
      record('ExecutionStarted', 'executionStartedEventDetails', {
        input: toJson(event.input),
        inputDetails: { truncated: false },
        roleArn: execution.machine.roleArn,
      });
      return;
    case 'ExecutionSucceeded':
      record('ExecutionSucceeded', 'executionSucceededEventDetails', {
        output: toJson(event.output),
        outputDetails: { truncated: false },
      });
      return;
    case 'ExecutionFailed':
      record('ExecutionFailed', 'executionFailedEventDetails', {
        error: event.Error,
        cause: stringifyCause(event.Cause),
      });
      return;
    case 'ExecutionAborted':
      record('ExecutionAborted', 'executionAbortedEventDetails', {
        ...(execution.error !== undefined ? { error: execution.error } : {}),
        ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
      });
      return;
    case 'ExecutionTimeout':
      record('ExecutionTimedOut', 'executionTimedOutEventDetails', {
        error: 'States.Timeout',
        cause: 'The execution exceeded its TimeoutSeconds',
      });
      return;
    case 'StateEntered':
      record(`${event.state.type}StateEntered`, 'stateEnteredEventDetails', {
        name: event.state.name,
        input: toJson(event.state.input),
        inputDetails: { truncated: false },
      });
      if (event.state.type === 'Parallel') record('ParallelStateStarted');
      return;
    case 'StateExited':
      if (event.state.type === 'Map' || event.state.type === 'Parallel') record(`${event.state.type}StateSucceeded`);
      record(`${event.state.type}StateExited`, 'stateExitedEventDetails', {
        name: event.state.name,
        output: toJson(event.state.output),
        outputDetails: { truncated: false },
      });
      return;
    case 'StateFailed': {
      if (event.state.type === 'Map' || event.state.type === 'Parallel') {
        record(`${event.state.type}StateFailed`);
        return;
      }
      // Handler failures are recorded by the task runner; only the interpreter's own TimeoutSeconds is recorded here.
      if (event.state.type !== 'Task' || event.Error !== 'States.Timeout') return;
      const task = execution.machine.tasks.get(event.state.name)?.task;
      const details = { error: 'States.Timeout', cause: stringifyCause(event.Cause) };
      if (task?.kind === 'function') {
        record('LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', details);
      } else {
        const resource = task?.kind === 'invoke' || task?.kind === 'callback' ? task : { resourceType: 'unknown', resource: 'unknown' };
        record('TaskTimedOut', 'taskTimedOutEventDetails', { resourceType: resource.resourceType, resource: resource.resource, ...details });
      }
      return;
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const suffix = event.type.slice('MapIteration'.length);
      record(event.type, `mapIteration${suffix}EventDetails`, { name: event.parentState.name, index: event.index });
      return;
    }
    default:
      // StateRetried, StateCaught and ParallelBranch* have no Step Functions history counterpart.
      return;
  }
}

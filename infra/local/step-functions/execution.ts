import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import type { HistoryEvent } from './execution-history.js';
import { stringifyCause, toJson, type JsonValue } from './json-values.js';
import type { MachineEntry } from './state-machine.js';
import type { TaskAttempt } from './task-resources.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export const executionStatuses: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export interface ExecutionRecord {
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
  /** Task attempts not yet ended. */
  attempts: Set<TaskAttempt>;
  abort?: () => void;
}

/** How the interpreter's run ended. */
export type RunOutcome = { ok: true; output: JsonValue } | { ok: false; error: unknown };

/** Records the final status, output, error and cause of a run, unless the execution was already closed (stopped). */
export function closeExecution(execution: ExecutionRecord, outcome: RunOutcome): void {
  if (execution.closed) return;
  execution.closed = true;
  execution.stopDate = Date.now();
  if (outcome.ok) {
    execution.status = 'SUCCEEDED';
    execution.output = toJson(outcome.output);
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

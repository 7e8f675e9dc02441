import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { localRoleArn, taskKind, type TaskKind } from './arns.js';
import { asRecord } from './json-values.js';

export interface LocalStateMachine {
  name: string;
  arn: string;
  /** Parsed ASL JSON (placeholders such as function ARNs already substituted). */
  definition: object;
}

/** A Task state, found anywhere in the definition (Map and Parallel included); state names are unique per machine. */
export interface TaskState {
  name: string;
  resource: string;
  task: TaskKind;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  heartbeatSeconds?: number;
  heartbeatSecondsPath?: string;
}

/** A configured state machine, ready to run. */
export interface MachineEntry {
  name: string;
  arn: string;
  definition: object;
  roleArn: string;
  runnable: StateMachine;
  tasks: Map<string, TaskState>;
  creationDate: number;
  executionArns: string[];
}

/** setTimeout overflows above 2^31-1 ms, so longer ASL timeouts are capped at ~24.8 days. */
export const maxTimerSeconds = Math.floor(0x7fffffff / 1000);

/** Validates the definition (an Error naming the machine if it is invalid) and prepares it to run. */
export function prepareStateMachine(machine: LocalStateMachine, accountId: string): MachineEntry {
  const tasks = taskStates(machine);
  let runnable: StateMachine;
  try {
    runnable = new StateMachine(runnableDefinition(machine.definition) as StateMachineDefinition, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
  } catch (error) {
    throw new Error(`State machine ${machine.name}: ${(error as Error).message}`);
  }
  return {
    name: machine.name,
    arn: machine.arn,
    definition: machine.definition,
    roleArn: localRoleArn(accountId),
    runnable,
    tasks,
    creationDate: Date.now(),
    executionArns: [],
  };
}

function taskStates(machine: LocalStateMachine): Map<string, TaskState> {
  const tasks = new Map<string, TaskState>();
  forEachState(machine.definition, (name, state) => {
    if (state.Type !== 'Task') return;
    if (tasks.has(name)) throw new Error(`State machine ${machine.name}: duplicate Task state name '${name}'`);
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
  });
  return tasks;
}

/**
 * The definition the interpreter runs: aws-local-stepfunctions times every Task out after 60 s
 * when TimeoutSeconds is absent (AWS has no such default), and setTimeout overflows for very
 * long timeouts, so Task and top-level TimeoutSeconds are made explicit and capped; a
 * TimeoutSecondsPath is left to the runtime's own task timer.
 */
function runnableDefinition(definition: object): object {
  const copy = structuredClone(definition) as Record<string, unknown>;
  if (typeof copy.TimeoutSeconds === 'number') copy.TimeoutSeconds = Math.min(copy.TimeoutSeconds, maxTimerSeconds);
  forEachState(copy, (_name, state) => {
    if (state.Type !== 'Task') return;
    if (typeof state.TimeoutSeconds === 'number') state.TimeoutSeconds = Math.min(state.TimeoutSeconds, maxTimerSeconds);
    else {
      // The interpreter resolves TimeoutSecondsPath against the task's parameters, AWS against
      // the state input; the runtime's own timer (task-resources.ts) enforces it instead.
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = maxTimerSeconds;
    }
  });
  return copy;
}

/** Visits every state, including those nested in Map (ItemProcessor/Iterator) and Parallel branches. */
function forEachState(definition: unknown, visit: (name: string, state: Record<string, unknown>) => void): void {
  const states = asRecord(asRecord(definition)?.States);
  if (!states) return;
  for (const [name, raw] of Object.entries(states)) {
    const state = asRecord(raw);
    if (!state) continue;
    visit(name, state);
    if (state.Type === 'Map') {
      forEachState(state.ItemProcessor ?? state.Iterator, visit);
    } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
      for (const branch of state.Branches) forEachState(branch, visit);
    }
  }
}

import { readdirSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { localStateMachines } from '../../../infra/local/runtime.js';
import { stateMachines } from '../../../infra/topology.js';

type States = Record<string, { Type: string; Retry?: Array<{ ErrorEquals: string[] }>; TimeoutSeconds?: number; TimeoutSecondsPath?: string; Iterator?: { States: States }; ItemProcessor?: { States: States }; Branches?: { States: States }[] }>;

/** Every Task in a state machine, nested Map and Parallel states included. */
function tasksOf(states: States): Array<[string, States[string]]> {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, States[string]]] : []),
    ...(state.Iterator ? tasksOf(state.Iterator.States) : []),
    ...(state.ItemProcessor ? tasksOf(state.ItemProcessor.States) : []),
    ...(state.Branches ?? []).flatMap((branch) => tasksOf(branch.States)),
  ]);
}

/**
 * The ASL files are the single source for both targets, so they must satisfy both: valid ASL
 * for the interpreter, JSONPath mode (the local interpreter has no JSONata), and an explicit
 * TimeoutSeconds on every Task (the interpreter's default is 60 s, AWS's a year).
 */
describe('state machine definitions', () => {
  it('every ASL file under state-machines/ is declared in the topology, and the reverse', () => {
    const files = readdirSync('state-machines').filter((file) => file.endsWith('.asl.json')).map((file) => `state-machines/${file}`);
    expect(stateMachines.map((machine) => machine.definitionFile).sort()).toEqual(files.sort());
  });

  describe.each(localStateMachines().map((machine) => [machine.name, machine] as const))('%s', (_, machine) => {
    const definition = machine.definition as { QueryLanguage?: string; States: States };

    it('is valid ASL, paths and ARNs included', () => {
      expect(() => new StateMachine(machine.definition as never, { validationOptions: { checkPaths: true, checkArn: true } })).not.toThrow();
    });

    it('uses JSONPath, not JSONata', () => {
      expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
      expect(JSON.stringify(definition)).not.toContain('"QueryLanguage":"JSONata"');
    });

    it('gives every Task an explicit TimeoutSeconds (or a TimeoutSecondsPath the input sets)', () => {
      const tasks = tasksOf(definition.States);
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, task] of tasks) {
        if (task.TimeoutSecondsPath !== undefined) expect(task.TimeoutSecondsPath, name).toMatch(/^\$\.[A-Za-z]/);
        else expect(task.TimeoutSeconds, `${name} has no TimeoutSeconds`).toBeGreaterThan(0);
      }
    });

    it("retries a function that crashed or timed out after its work wherever it retries the Lambda service's own failures (the steps are idempotent)", () => {
      for (const [name, task] of tasksOf(definition.States)) {
        for (const retry of task.Retry ?? []) {
          if (retry.ErrorEquals.includes('Lambda.ServiceException')) expect(retry.ErrorEquals, name).toEqual(expect.arrayContaining(['Runtime.ExitError', 'Sandbox.Timedout']));
        }
      }
    });
  });
});

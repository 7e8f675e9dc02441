import { describe, expect, it } from 'vitest';
import { composeContexts } from '../../../infra/topology/composition.js';
import type { BoundedContext, FunctionDefinition } from '../../../infra/topology/shared.js';
import * as topology from '../../../infra/topology.js';

const useCase = (name: string, permissions: FunctionDefinition['permissions'] = []): FunctionDefinition => ({
  name,
  entry: `functions/test/${name}.ts`,
  description: name,
  permissions,
});

const context = (name: string, parts: Partial<Omit<BoundedContext, 'name'>> = {}): BoundedContext => ({
  name,
  functions: [],
  routes: [],
  stateMachines: [],
  eventRules: [],
  schedules: [],
  ...parts,
});

/** Two contexts that fit together: orders starts a machine of provisioning by name. */
const fitting = (): BoundedContext[] => [
  context('orders', {
    functions: [useCase('place-order', [{ resource: 'state-machine:provision', actions: ['states:StartExecution'] }]), useCase('run-order')],
    routes: [{ method: 'POST', path: '/orders', function: 'place-order', authorized: true }],
    stateMachines: [{ name: 'order', definitionFile: 'state-machines/order.asl.json', invokes: ['run-order'] }],
    eventRules: [{ name: 'order-placed-runs-order', description: 'x', pattern: { source: ['bss.orders'] }, target: { kind: 'state-machine', name: 'order' } }],
  }),
  context('provisioning', {
    functions: [useCase('provision-item')],
    stateMachines: [{ name: 'provision', definitionFile: 'state-machines/provision.asl.json', invokes: ['provision-item'] }],
    schedules: [{ name: 'nightly-provisioning', expression: 'cron(0 2 * * ? *)', timeZone: 'UTC', target: { kind: 'function', name: 'provision-item' }, input: {} }],
  }),
];

describe('the topology composed from its bounded contexts', () => {
  it('lists every declaration of every context, each exactly once', () => {
    expect(topology.functions).toEqual(topology.contexts.flatMap((each) => each.functions));
    expect(topology.routes).toEqual(topology.contexts.flatMap((each) => each.routes));
    expect(topology.stateMachines).toEqual(topology.contexts.flatMap((each) => each.stateMachines));
    expect(topology.eventRules).toEqual(topology.contexts.flatMap((each) => each.eventRules));
    expect(topology.schedules).toEqual(topology.contexts.flatMap((each) => each.schedules));
    expect(new Set(topology.functions.map((definition) => definition.name)).size).toBe(topology.functions.length);
  });

  it('keeps every state machine with the functions it invokes, and every rule with its target', () => {
    for (const each of topology.contexts) {
      const own = new Set(each.functions.map((definition) => definition.name));
      for (const machine of each.stateMachines) expect(machine.invokes.filter((name) => !own.has(name)), machine.name).toEqual([]);
      const machines = new Set(each.stateMachines.map((machine) => machine.name));
      for (const rule of each.eventRules) expect(rule.target.kind === 'state-machine' ? machines.has(rule.target.name) : own.has(rule.target.name), rule.name).toBe(true);
    }
  });

  it('composes contexts that fit together, cross-context starts by name included', () => {
    const composed = composeContexts(fitting());
    expect(composed.functions.map((definition) => definition.name)).toEqual(['place-order', 'run-order', 'provision-item']);
    expect(composed.stateMachines.map((machine) => machine.name)).toEqual(['order', 'provision']);
    expect(composed.schedules).toHaveLength(1);
  });
});

describe('composition refuses contexts that do not fit together', () => {
  const refused = (change: (contexts: BoundedContext[]) => void): (() => unknown) => {
    const contexts = fitting();
    change(contexts);
    return () => composeContexts(contexts);
  };

  it('a function declared by two contexts', () => {
    expect(refused((contexts) => contexts[1]!.functions.push(useCase('run-order')))).toThrow(/function "run-order" is declared by both contexts "orders" and "provisioning"/);
  });

  it('a function declared twice in one context', () => {
    expect(refused((contexts) => contexts[0]!.functions.push(useCase('run-order')))).toThrow(/function "run-order" is declared twice/);
  });

  it('two contexts of the same name, one not in kebab-case, or one without functions', () => {
    const orders = () => context('orders', { functions: [useCase('place-order')] });
    expect(() => composeContexts([orders(), { ...orders(), functions: [useCase('run-order')] }])).toThrow(/context "orders" is declared twice/);
    expect(() => composeContexts([{ ...orders(), name: 'Orders' }])).toThrow(/context name "Orders" is not kebab-case/);
    expect(() => composeContexts([context('empty')])).toThrow(/context "empty" declares no function/);
  });

  it('the same route, state machine, rule or schedule declared twice', () => {
    expect(refused((contexts) => contexts[1]!.routes.push({ method: 'POST', path: '/orders', function: 'provision-item', authorized: true }))).toThrow(
      /route "POST \/orders" is declared by both contexts/,
    );
    expect(refused((contexts) => contexts[1]!.stateMachines.push({ name: 'order', definitionFile: 'x', invokes: [] }))).toThrow(/state machine "order" is declared by both contexts/);
    expect(refused((contexts) => contexts[1]!.eventRules.push({ ...contexts[0]!.eventRules[0]!, target: { kind: 'state-machine', name: 'provision' } }))).toThrow(
      /event rule "order-placed-runs-order" is declared by both contexts/,
    );
    expect(refused((contexts) => contexts[0]!.schedules.push({ ...contexts[1]!.schedules[0]!, target: { kind: 'function', name: 'run-order' } }))).toThrow(
      /schedule "nightly-provisioning" is declared by both contexts/,
    );
  });

  it('a state machine invoking an unknown function or a function of another context', () => {
    expect(refused((contexts) => contexts[0]!.stateMachines[0]!.invokes.push('ship-order'))).toThrow(/state machine "order" names an unknown function "ship-order"/);
    expect(refused((contexts) => contexts[0]!.stateMachines[0]!.invokes.push('provision-item'))).toThrow(
      /state machine "order" names the function "provision-item" of the context "provisioning"/,
    );
  });

  it('a rule or schedule whose target is unknown or in another context', () => {
    expect(refused((contexts) => (contexts[0]!.eventRules[0]!.target = { kind: 'state-machine', name: 'ship' }))).toThrow(/event rule "order-placed-runs-order" names an unknown state machine "ship"/);
    expect(refused((contexts) => (contexts[0]!.eventRules[0]!.target = { kind: 'state-machine', name: 'provision' }))).toThrow(
      /event rule "order-placed-runs-order" names the state machine "provision" of the context "provisioning"/,
    );
    expect(refused((contexts) => (contexts[1]!.schedules[0]!.target = { kind: 'function', name: 'run-order' }))).toThrow(
      /schedule "nightly-provisioning" names the function "run-order" of the context "orders"/,
    );
  });

  it('a route to a function of another context', () => {
    expect(refused((contexts) => (contexts[0]!.routes[0]!.function = 'provision-item'))).toThrow(/route POST \/orders names the function "provision-item" of the context "provisioning"/);
  });

  it('a permission on a state machine nobody declares', () => {
    expect(refused((contexts) => (contexts[0]!.functions[0]!.permissions = [{ resource: 'state-machine:billing-run', actions: ['states:StartExecution'] }]))).toThrow(
      /function "place-order" has a permission on an unknown state machine "billing-run"/,
    );
  });
});

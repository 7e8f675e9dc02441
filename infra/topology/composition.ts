import type { BoundedContext, EventRuleDefinition, FunctionDefinition, RouteDefinition, RuleTarget, ScheduleDefinition, StateMachineDefinition } from './shared.js';

/** The contexts' declarations as the two targets read them: one list of each. */
export interface ComposedTopology {
  functions: FunctionDefinition[];
  routes: RouteDefinition[];
  stateMachines: StateMachineDefinition[];
  eventRules: EventRuleDefinition[];
  schedules: ScheduleDefinition[];
}

/**
 * Joins the bounded contexts into one topology, after checking that they fit together: every
 * name unique across contexts (functions, routes, state machines, rules, schedules, contexts),
 * and every reference resolvable. A route, a state machine's `invokes` and a rule's or
 * schedule's target must name something of the same context, because on AWS each context is
 * its own nested stack and those references are construct references (integrations,
 * definition substitutions, rule targets). Starting or resuming another context's state
 * machine goes by its name (a `state-machine:<name>` permission), so that may cross contexts.
 * A mistake throws here, when the topology is loaded, on both targets alike.
 */
export function composeContexts(contexts: readonly BoundedContext[]): ComposedTopology {
  const problems: string[] = [];
  const ownerOf = {
    function: new Map<string, string>(),
    'state-machine': new Map<string, string>(),
  };

  const declare = (owners: Map<string, string>, kind: string, name: string, context: string) => {
    const owner = owners.get(name);
    if (owner !== undefined) problems.push(`${kind} "${name}" is declared ${owner === context ? 'twice' : `by both contexts "${owner}" and "${context}"`}`);
    else owners.set(name, context);
  };
  const contextNames = new Map<string, string>();
  const routeKeys = new Map<string, string>();
  const ruleNames = new Map<string, string>();
  const scheduleNames = new Map<string, string>();
  for (const context of contexts) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(context.name)) problems.push(`context name "${context.name}" is not kebab-case`);
    // Its nested stack would be an empty template, which CloudFormation refuses.
    if (context.functions.length === 0) problems.push(`context "${context.name}" declares no function`);
    declare(contextNames, 'context', context.name, context.name);
    for (const definition of context.functions) declare(ownerOf.function, 'function', definition.name, context.name);
    for (const definition of context.stateMachines) declare(ownerOf['state-machine'], 'state machine', definition.name, context.name);
    for (const route of context.routes) declare(routeKeys, 'route', `${route.method} ${route.path}`, context.name);
    for (const rule of context.eventRules) declare(ruleNames, 'event rule', rule.name, context.name);
    for (const schedule of context.schedules) declare(scheduleNames, 'schedule', schedule.name, context.name);
  }

  /** Checks that `name` is a `kind` of `context`, and says where it is when it is not. */
  const expectInContext = (kind: keyof typeof ownerOf, name: string, context: string, referrer: string) => {
    const owner = ownerOf[kind].get(name);
    if (owner === undefined) problems.push(`${referrer} names an unknown ${kind.replace('-', ' ')} "${name}"`);
    else if (owner !== context) {
      problems.push(`${referrer} names the ${kind.replace('-', ' ')} "${name}" of the context "${owner}"; move one of them so both are in the same context`);
    }
  };
  const expectTarget = (target: RuleTarget, context: string, referrer: string) => expectInContext(target.kind, target.name, context, referrer);

  for (const context of contexts) {
    const where = `context "${context.name}":`;
    for (const route of context.routes) expectInContext('function', route.function, context.name, `${where} route ${route.method} ${route.path}`);
    for (const machine of context.stateMachines) {
      for (const invoked of machine.invokes) expectInContext('function', invoked, context.name, `${where} state machine "${machine.name}"`);
    }
    for (const rule of context.eventRules) expectTarget(rule.target, context.name, `${where} event rule "${rule.name}"`);
    for (const schedule of context.schedules) expectTarget(schedule.target, context.name, `${where} schedule "${schedule.name}"`);
    for (const definition of context.functions) {
      for (const permission of definition.permissions) {
        if (!permission.resource.startsWith('state-machine:')) continue;
        const machine = permission.resource.slice('state-machine:'.length);
        if (!ownerOf['state-machine'].has(machine)) problems.push(`${where} function "${definition.name}" has a permission on an unknown state machine "${machine}"`);
      }
    }
  }

  if (problems.length > 0) throw new Error(`The topology's contexts do not fit together:\n- ${problems.join('\n- ')}`);
  return {
    functions: contexts.flatMap((context) => context.functions),
    routes: contexts.flatMap((context) => context.routes),
    stateMachines: contexts.flatMap((context) => context.stateMachines),
    eventRules: contexts.flatMap((context) => context.eventRules),
    schedules: contexts.flatMap((context) => context.schedules),
  };
}

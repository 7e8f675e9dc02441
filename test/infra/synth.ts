import { readFileSync } from 'node:fs';
import { App, type NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addNagChecks, createBssApp } from '../../infra/aws/bss-app.js';
import { BssStack } from '../../infra/aws/bss-stack.js';
import { fromRepositoryRoot, topologyTags } from '../../infra/aws/repository.js';
import type { HttpMethod, RuleTarget } from '../../infra/topology.js';

/** A CloudFormation template as synthesized: resources by logical id. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** One template of the app: the parent stack's or a context's nested stack's. */
export interface StackTemplate {
  stack: Stack;
  json: CfnTemplate;
}

export interface SynthesizedBss {
  app: App;
  stack: BssStack;
  /** The parent stack's template, then each context's nested stack template, as synthesized. */
  stackTemplates: StackTemplate[];
  /**
   * All of them as one template (see flattenNestedStacks): every function, route, rule and
   * state machine of every context, with references across stacks resolved, so an assertion
   * can follow a Ref from a method to its function or from a function to the table.
   */
  template: Template;
  /** The same flattened template as plain JSON, for walking it. */
  json: CfnTemplate;
}

let synthesized: SynthesizedBss | undefined;
let synthesizedProduction: SynthesizedBss | undefined;

/** The context of cdk.json, with bundling off (see synthesizeBssStack). */
function testContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(fromRepositoryRoot('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] };
}

/**
 * The BSS stack as `cdk synth` builds it: the same app factory, the feature flags and context
 * of cdk.json, cdk-nag registered. One difference: the functions are not bundled
 * (`aws:cdk:bundling-stacks` empty, as `cdk synth --exclusively` does for other stacks; nested
 * stacks follow their parent), since no assertion reads a bundle and bundling some 75
 * functions took over a minute per test file; `npm run bench` bundles every function with the
 * same esbuild options. Synthesized once per test file (vitest isolates files). Like the CLI,
 * it throws on an unacknowledged cdk-nag finding, in the parent or in any nested stack.
 */
export function synthesizeBssStack(): SynthesizedBss {
  if (!synthesized) {
    const { app, stack } = createBssApp({ context: testContext() });
    synthesized = synthesize(app, stack);
  }
  return synthesized;
}

/**
 * A production stage (`prod`) as it will be synthesized once real adapters replace the
 * simulators: createBssApp refuses it today (infra/aws/production-guard.ts, every adapter is
 * simulated), so the stack is built as the app builds it, minus that guard, with cdk-nag
 * registered the same way. For what only production stages have (the customer-managed key).
 */
export function synthesizeProductionBssStack(): SynthesizedBss {
  if (!synthesizedProduction) {
    const app = new App({ context: testContext() });
    const stack = new BssStack(app, 'bss-prod', { stage: 'prod', production: true, partnerSubscriptions: [], enableWaf: true, seller: JSON.stringify({ name: 'Example Telecom', addressLines: ['1 Example Street', 'Paris'], vatNumber: 'FR00 000000001' }) });
    addNagChecks(app);
    synthesizedProduction = synthesize(app, stack);
  }
  return synthesizedProduction;
}

function synthesize(app: App, stack: BssStack): SynthesizedBss {
  app.synth();
  const stackTemplates = [stack, ...stack.contextStacks].map((each) => ({ stack: each, json: Template.fromStack(each).toJSON() as CfnTemplate }));
  const json = flattenNestedStacks(stack, stackTemplates);
  return { app, stack, stackTemplates, template: Template.fromJSON(json), json };
}

/**
 * The parent template with every nested stack's resources merged in, under logical ids
 * prefixed with the nested stack's construct id (`CustomersContext/UseCasesCreateCustomer...`).
 * References are rewritten to match: a nested Ref or GetAtt to its own resource gets the
 * prefix, a Ref to a nested parameter becomes the value the parent passes for it, and a parent
 * GetAtt of a nested output becomes that output's value.
 */
function flattenNestedStacks(parent: Stack, templates: StackTemplate[]): CfnTemplate {
  const [parentTemplate, ...nestedTemplates] = templates;
  const nestedByLogicalId = new Map<string, { prefix: string; json: CfnTemplate; parameters: Record<string, unknown> }>();
  for (const { stack, json } of nestedTemplates) {
    const resource = (stack as NestedStack).nestedStackResource;
    if (!resource) throw new Error(`${stack.node.path} is not a nested stack`);
    const logicalId = parent.resolve(resource.logicalId) as string;
    const parameters = (parentTemplate!.json.Resources[logicalId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
    nestedByLogicalId.set(logicalId, { prefix: `${stack.node.id}/`, json, parameters });
  }

  const inParent = (value: unknown): unknown =>
    rewriteReferences(value, (logicalId, attribute) => {
      const nested = nestedByLogicalId.get(logicalId);
      if (!nested || !attribute?.startsWith('Outputs.')) return undefined;
      const output = nested.json.Outputs?.[attribute.slice('Outputs.'.length)];
      if (!output) throw new Error(`${logicalId} has no output ${attribute}`);
      return inNested(nested)(output.Value);
    });
  const inNested =
    (nested: { prefix: string; json: CfnTemplate; parameters: Record<string, unknown> }) =>
    (value: unknown): unknown =>
      rewriteReferences(value, (logicalId, attribute) => {
        if (attribute === undefined && nested.json.Parameters?.[logicalId] !== undefined) {
          if (!(logicalId in nested.parameters)) throw new Error(`the parent passes no value for the parameter ${logicalId}`);
          return inParent(nested.parameters[logicalId]);
        }
        if (nested.json.Resources[logicalId] === undefined) return undefined;
        return attribute === undefined ? { Ref: `${nested.prefix}${logicalId}` } : { 'Fn::GetAtt': [`${nested.prefix}${logicalId}`, attribute] };
      });

  const resources: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(parentTemplate!.json.Resources)) resources[logicalId] = inParent(resource) as CfnResource;
  for (const nested of nestedByLogicalId.values()) {
    for (const [logicalId, resource] of Object.entries(nested.json.Resources)) {
      const rewritten = inNested(nested)(resource) as CfnResource;
      if (rewritten.DependsOn) rewritten.DependsOn = rewritten.DependsOn.map((dependency) => `${nested.prefix}${dependency}`);
      resources[`${nested.prefix}${logicalId}`] = rewritten;
    }
  }
  return { Resources: resources, ...(parentTemplate!.json.Outputs ? { Outputs: inParent(parentTemplate!.json.Outputs) as CfnTemplate['Outputs'] } : {}) };
}

/** Deep copy of a template fragment, with each Ref / Fn::GetAtt replaced by `replace`'s answer, if it has one. */
function rewriteReferences(value: unknown, replace: (logicalId: string, attribute: string | undefined) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, replace));
  if (value === null || typeof value !== 'object') return value;
  if (isRef(value) && Object.keys(value).length === 1) return replace(value.Ref, undefined) ?? value;
  if (isGetAtt(value) && Object.keys(value).length === 1) {
    const [logicalId, attribute] = value['Fn::GetAtt'];
    return replace(logicalId, attribute) ?? value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteReferences(item, replace)]));
}

export interface SynthesizedTopology {
  routes: { method: HttpMethod; path: string }[];
  rules: { name: string; pattern: Record<string, unknown>; target: RuleTarget }[];
  stateMachines: { name: string; definition: Record<string, unknown> }[];
}

/**
 * Reads the topology back out of a synthesized template, for the topology-parity test that
 * compares it with the local runtime: API Gateway routes (the Resource/Method tree rebuilt into
 * paths), the bus's event rules (pattern and target) and the state machines (ASL as written,
 * `${...FunctionArn}` substitutions left unresolved). Sorted, so comparisons ignore order.
 */
export function topologyOfTemplate(json: CfnTemplate): SynthesizedTopology {
  return { routes: routesOf(json), rules: rulesOf(json), stateMachines: stateMachinesOf(json) };
}

/** The topology of the stacks `cdk synth` builds, the parent and every context's nested stack together (synthesized once per test file). */
export function synthesizedTopology(): SynthesizedTopology {
  return topologyOfTemplate(synthesizeBssStack().json);
}

function routesOf(json: CfnTemplate): SynthesizedTopology['routes'] {
  const resources = json.Resources;
  const pathOf = (reference: unknown): string => {
    // The root resource is referenced as { Fn::GetAtt: [<RestApi>, RootResourceId] }.
    if (isGetAtt(reference) && reference['Fn::GetAtt'][1] === 'RootResourceId') return '';
    if (!isRef(reference)) throw new Error(`unexpected API Gateway resource reference ${JSON.stringify(reference)}`);
    const resource = resources[reference.Ref];
    if (resource?.Type !== 'AWS::ApiGateway::Resource') throw new Error(`${reference.Ref} is not an API Gateway resource`);
    return `${pathOf(resource.Properties?.ParentId)}/${String(resource.Properties?.PathPart)}`;
  };
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::ApiGateway::Method')
    // OPTIONS methods are CORS preflights (when CORS is configured), ANY methods each route path's
    // 405 (infra/method-not-allowed.ts): neither is a topology route.
    .filter((method) => method.Properties?.HttpMethod !== 'OPTIONS' && method.Properties?.HttpMethod !== 'ANY')
    .map((method) => ({
      method: method.Properties?.HttpMethod as HttpMethod,
      path: pathOf(method.Properties?.ResourceId) || '/',
    }))
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function rulesOf(json: CfnTemplate): SynthesizedTopology['rules'] {
  const rules: SynthesizedTopology['rules'] = [];
  for (const [logicalId, rule] of Object.entries(json.Resources)) {
    if (rule.Type !== 'AWS::Events::Rule') continue;
    const targets = (rule.Properties?.Targets ?? []) as { Arn: unknown }[];
    // Partner subscriptions forward to another account's bus: configuration, not topology.
    if (targets.length === 1 && isPartnerBus(targets[0]?.Arn)) continue;
    if (targets.length !== 1) throw new Error(`rule ${logicalId} has ${targets.length} targets; the topology gives each rule one`);
    rules.push({
      name: String(rule.Properties?.Name),
      pattern: rule.Properties?.EventPattern as Record<string, unknown>,
      target: targetOf(json, targets[0]!.Arn),
    });
  }
  return rules.sort((a, b) => a.name.localeCompare(b.name));
}

function targetOf(json: CfnTemplate, arn: unknown): RuleTarget {
  const logicalId = isRef(arn) ? arn.Ref : isGetAtt(arn) ? arn['Fn::GetAtt'][0] : undefined;
  const resource = logicalId === undefined ? undefined : json.Resources[logicalId];
  if (resource?.Type === 'AWS::StepFunctions::StateMachine') {
    return { kind: 'state-machine', name: tagValue(resource, topologyTags.stateMachine) };
  }
  if (resource?.Type === 'AWS::Lambda::Function') {
    return { kind: 'function', name: tagValue(resource, topologyTags.function) };
  }
  throw new Error(`rule target ${JSON.stringify(arn)} is neither a topology state machine nor a topology function`);
}

function stateMachinesOf(json: CfnTemplate): SynthesizedTopology['stateMachines'] {
  return Object.values(json.Resources)
    .filter((resource) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map((machine) => {
      const definition = machine.Properties?.DefinitionString;
      if (typeof definition !== 'string') throw new Error('state machine definitions are expected inline, as a plain DefinitionString');
      return { name: tagValue(machine, topologyTags.stateMachine), definition: JSON.parse(definition) as Record<string, unknown> };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The topology name a resource was built from (see topologyTags). */
export function tagValue(resource: CfnResource, key: string): string {
  const tags = (resource.Properties?.Tags ?? []) as { Key: string; Value: string }[];
  const value = tags.find((tag) => tag.Key === key)?.Value;
  if (value === undefined) throw new Error(`${resource.Type} has no ${key} tag`);
  return value;
}

function isPartnerBus(arn: unknown): boolean {
  return typeof arn === 'string' && /^arn:[\w-]+:events:[\w-]+:\d{12}:event-bus\//.test(arn);
}

function isRef(value: unknown): value is { Ref: string } {
  return typeof value === 'object' && value !== null && typeof (value as { Ref?: unknown }).Ref === 'string';
}

function isGetAtt(value: unknown): value is { 'Fn::GetAtt': [string, string] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { 'Fn::GetAtt'?: unknown })['Fn::GetAtt']);
}

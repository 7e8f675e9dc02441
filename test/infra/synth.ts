import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createBssApp } from '../../infra/aws/bss-app.js';
import type { BssStack } from '../../infra/aws/bss-stack.js';
import { fromRepositoryRoot, topologyTags } from '../../infra/aws/repository.js';
import type { HttpMethod, RuleTarget } from '../../infra/topology.js';

/** A CloudFormation template as synthesized: resources by logical id. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  Metadata?: Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface SynthesizedBss {
  app: App;
  stack: BssStack;
  template: Template;
  /** The same template as plain JSON, for walking it. */
  json: CfnTemplate;
}

let synthesized: SynthesizedBss | undefined;

/**
 * The BSS stack as `cdk synth` builds it: the same app factory, the feature flags and context
 * of cdk.json, cdk-nag registered. One difference: the functions are not bundled
 * (`aws:cdk:bundling-stacks` empty, as `cdk synth --exclusively` does for other stacks), since
 * no assertion reads a bundle and bundling some 75 functions took over a minute per test file;
 * `npm run bench` bundles every function with the same esbuild options. Synthesized once per
 * test file (vitest isolates files). Like the CLI, it throws on an unacknowledged cdk-nag finding.
 */
export function synthesizeBssStack(): SynthesizedBss {
  if (!synthesized) {
    const cdkJson = JSON.parse(readFileSync(fromRepositoryRoot('cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
    const { app, stack } = createBssApp({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    app.synth();
    const template = Template.fromStack(stack);
    synthesized = { app, stack, template, json: template.toJSON() as CfnTemplate };
  }
  return synthesized;
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

/** The topology of the stack `cdk synth` builds (synthesized once per test file). */
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
    // OPTIONS methods are CORS preflights (when CORS is configured), not topology routes.
    .filter((method) => method.Properties?.HttpMethod !== 'OPTIONS')
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

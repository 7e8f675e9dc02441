import { beforeAll, describe, expect, it } from 'vitest';
import { LocalApiGateway } from '../../infra/local/api-gateway.js';
import { LocalEventBridgeService } from '../../infra/local/eventbridge-service.js';
import { FunctionRuntime } from '../../infra/local/function-runtime.js';
import { localAccountId, localFunctionArn, localRegion, localStateMachines } from '../../infra/local/runtime.js';
import { LocalStepFunctionsService } from '../../infra/local/step-functions/step-functions-service.js';
import { eventBus, eventRules, functionArnSubstitutionKey, routes, stateMachines } from '../../infra/topology.js';
import { synthesizedTopology, type SynthesizedTopology } from './synth.js';

/**
 * Both targets are built from infra/topology.ts; this proves they expose the same thing: the
 * routes in the synthesized REST API are the routes the local gateway answers, the rules on
 * the AWS bus are the rules of the local bus (same patterns, same targets), and the state
 * machines are the same ASL documents.
 */
describe('the synthesized CloudFormation and the local runtime expose the same topology', () => {
  let aws: SynthesizedTopology;
  const functions = new FunctionRuntime(process.cwd(), localRegion, localAccountId);
  const gateway = new LocalApiGateway({ routes, runtime: functions, signingKey: new Uint8Array(32), accountId: localAccountId });
  const bus = new LocalEventBridgeService({ busName: eventBus.logicalName, rules: eventRules, deliver: async () => undefined, accountId: localAccountId, region: localRegion });
  const workflows = new LocalStepFunctionsService({
    stateMachines: localStateMachines(),
    invokeFunction: async () => undefined,
    accountId: localAccountId,
    region: localRegion,
  });

  beforeAll(() => {
    aws = synthesizedTopology();
  }, 240_000);

  const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

  it('has the same routes', () => {
    const local = gateway.routeTable.map(key).sort();
    expect(aws.routes.map(key).sort()).toEqual(local);
    expect(local).toHaveLength(routes.length);
  });

  it('has the same event rules, patterns and targets', () => {
    const listed = bus.handle('ListRules', {}) as { Rules: Array<{ Name: string; EventPattern: string }> };
    const local = listed.Rules.map((rule) => {
      const { Targets } = bus.handle('ListTargetsByRule', { Rule: rule.Name }) as { Targets: Array<{ Id: string; Arn: string }> };
      const target = Targets[0]!;
      return {
        name: rule.Name,
        pattern: JSON.parse(rule.EventPattern) as unknown,
        target: { kind: target.Arn.includes(':states:') ? 'state-machine' : 'function', name: target.Id },
      };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...aws.rules].sort(byName)).toEqual(local.sort(byName));
    expect(local).toHaveLength(eventRules.length);
  });

  it('has the same state machines, from the same ASL', async () => {
    const listed = (await workflows.handle('ListStateMachines', {})).body as { stateMachines: Array<{ name: string; stateMachineArn: string }> };
    const local = await Promise.all(
      listed.stateMachines.map(async (machine) => {
        const described = (await workflows.handle('DescribeStateMachine', { stateMachineArn: machine.stateMachineArn })).body as { definition: string };
        let definition = described.definition;
        // Locally the function placeholders are resolved to local ARNs; put them back to compare.
        for (const name of stateMachines.find((candidate) => candidate.name === machine.name)?.invokes ?? []) {
          definition = definition.replaceAll(localFunctionArn(name), `\${${functionArnSubstitutionKey(name)}}`);
        }
        return { name: machine.name, definition: JSON.parse(definition) as unknown };
      }),
    );
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...aws.stateMachines].sort(byName)).toEqual(local.sort(byName));
    expect(local).toHaveLength(stateMachines.length);
  });
});

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as topology from '../topology.js';
import { Auth } from './auth.js';
import { DataTable } from './data-table.js';
import { DomainEventBus } from './event-bus.js';
import { EventRules } from './event-rules.js';
import { BssRestApi } from './http-api.js';
import { OutboxRelay } from './outbox-relay.js';
import { Schedules } from './schedules.js';
import { UseCaseFunctions } from './use-case-functions.js';
import { stateMachineArn, Workflows } from './workflows.js';

export interface BssStackProps extends StackProps {
  /** dev, test, prod, ...: part of every physical name, so stages share an account safely. */
  readonly stage: string;
  /** Partner event buses (ARNs) subscribed to the domain events. */
  readonly partnerEventBusArns: readonly string[];
  readonly enableWaf: boolean;
  readonly corsAllowOrigins?: readonly string[];
}

/**
 * The BSS on AWS, built from infra/topology.ts: the stack only composes one construct per
 * concern and hands each its slice of the topology.
 */
export class BssStack extends Stack {
  constructor(scope: Construct, id: string, props: BssStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const logRetention = logs.RetentionDays.ONE_MONTH;

    const data = new DataTable(this, 'Data', { definition: topology.table });
    const events = new DomainEventBus(this, 'Events', {
      eventBusName: `${topology.eventBus.logicalName}-${stage}`,
      archiveRetentionDays: topology.eventBus.archiveRetentionDays,
      partnerEventBusArns: props.partnerEventBusArns,
    });

    const functions = new UseCaseFunctions(this, 'UseCases', {
      definitions: topology.functions,
      table: data.table,
      tableIndexArns: data.indexArns,
      eventBus: events.bus,
      // Machines have fixed names, so their ARNs are known before they exist: no cycle
      // between a function allowed to start a machine and the machine invoking functions.
      stateMachineArn: (name) => stateMachineArn(this, name, stage),
      logRetention,
      grantedElsewhere: new Set([
        topology.outboxRelay.function,
        ...topology.eventRules.flatMap((rule) => (rule.target.kind === 'function' ? [rule.target.name] : [])),
      ]),
    });
    const functionNamed = (name: string) => functions.named(name);

    new OutboxRelay(this, 'OutboxRelay', {
      definition: topology.outboxRelay,
      handler: functions.named(topology.outboxRelay.function),
      table: data.table,
    });

    const workflows = new Workflows(this, 'Workflows', {
      definitions: topology.stateMachines,
      stage,
      functionNamed,
      logRetention,
    });
    const stateMachineNamed = (name: string) => workflows.named(name);

    new EventRules(this, 'EventRules', {
      definitions: topology.eventRules,
      eventBus: events.bus,
      stateMachineNamed,
      functionNamed,
    });
    new Schedules(this, 'Schedules', {
      definitions: topology.schedules,
      groupName: `bss-${stage}`,
      stateMachineNamed,
      functionNamed,
    });

    const auth = new Auth(this, 'Auth', { userPoolName: `bss-users-${stage}` });
    const api = new BssRestApi(this, 'Http', {
      restApiName: `bss-api-${stage}`,
      stageName: stage,
      routes: topology.routes,
      functionNamed,
      userPool: auth.userPool,
      throttle: { rateLimit: 200, burstLimit: 400 },
      partnerThrottle: { rateLimit: 20, burstLimit: 40 },
      partnerDailyQuota: 100_000,
      enableWaf: props.enableWaf,
      ...(props.corsAllowOrigins ? { corsAllowOrigins: props.corsAllowOrigins } : {}),
      logRetention,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.api.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.appClient.userPoolClientId });
    new CfnOutput(this, 'PartnerApiKeyId', { value: api.partnerApiKey.keyId });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName });
  }
}

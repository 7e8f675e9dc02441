import { NestedStack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { BoundedContext } from '../topology.js';
import { ApiRoutes } from './api-routes.js';
import type { TokenPinning } from './auth.js';
import { EventRules } from './event-rules.js';
import type { HubCallbackSettings } from './hub-callbacks.js';
import type { BssRestApi } from './http-api.js';
import { Schedules } from './schedules.js';
import { UseCaseFunctions } from './use-case-functions.js';
import { stateMachineArn, Workflows } from './workflows.js';

export interface ContextStackProps {
  /** One entry of topology.contexts. */
  readonly context: BoundedContext;
  readonly stage: string;
  readonly table: dynamodb.ITable;
  /** ARNs a `table-indexes` permission covers: one per GSI. */
  readonly tableIndexArns: readonly string[];
  readonly eventBus: events.IEventBus;
  /** Where documents are kept; the seller on them (BSS_SELLER), when configured. */
  readonly documentBucket: s3.IBucket;
  readonly seller?: string;
  /** The token issuers and app clients the functions accept (infra/aws/auth.ts). */
  readonly tokenPinning: TokenPinning;
  /** The shared REST API the context's routes become methods of. */
  readonly api: BssRestApi;
  readonly logRetention: logs.RetentionDays;
  /** The production stage's key: the table's, and the one the context's log groups are encrypted with. */
  readonly encryptionKey?: kms.IKey;
  /** Functions other constructs grant more to (see UseCaseFunctionsProps.grantedElsewhere). */
  readonly grantedElsewhere: ReadonlySet<string>;
  /** What the hub's functions are given to make subscriptions' API destinations (infra/aws/hub-callbacks.ts). */
  readonly hubCallbacks: HubCallbackSettings;
}

/**
 * One bounded context of the topology as its own nested stack: its functions (with their roles
 * and log groups), state machines, event rules, schedules, and the API methods of its routes.
 * Every context stays well under CloudFormation's 500 resources per stack, however many
 * contexts the system grows. What the contexts share (table, bus, API, auth) lives in the
 * parent stack and arrives here as parameters. Another context's state machine is reached only
 * by its ARN, built from its fixed name, never by a construct reference across stacks.
 */
export class ContextStack extends NestedStack {
  readonly context: BoundedContext;
  private readonly functions: UseCaseFunctions;

  constructor(scope: Construct, id: string, props: ContextStackProps) {
    super(scope, id, { description: `BSS ${props.context.name} context (${props.stage})` });
    const { context, stage } = props;
    this.context = context;

    this.functions = new UseCaseFunctions(this, 'UseCases', {
      definitions: context.functions,
      table: props.table,
      tableIndexArns: props.tableIndexArns,
      eventBus: props.eventBus,
      documentBucket: props.documentBucket,
      tokenPinning: props.tokenPinning,
      corsAllowOrigins: props.api.corsAllowOrigins,
      ...(props.seller ? { seller: props.seller } : {}),
      // Machines have fixed names, so their ARNs are known before they exist: no cycle
      // between a function allowed to start a machine and the machine invoking functions,
      // and no reference between the stacks of two contexts.
      stateMachineArn: (name) => stateMachineArn(this, name, stage),
      logRetention: props.logRetention,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
      grantedElsewhere: props.grantedElsewhere,
      hubCallbacks: props.hubCallbacks,
    });
    const functionNamed = (name: string) => this.functions.named(name);

    const workflows = new Workflows(this, 'Workflows', {
      definitions: context.stateMachines,
      stage,
      functionNamed,
      logRetention: props.logRetention,
      ...(props.encryptionKey ? { logEncryptionKey: props.encryptionKey } : {}),
    });
    const stateMachineNamed = (name: string) => workflows.named(name);

    new EventRules(this, 'EventRules', {
      definitions: context.eventRules,
      eventBus: props.eventBus,
      stateMachineNamed,
      functionNamed,
    });
    new Schedules(this, 'Schedules', {
      definitions: context.schedules,
      // Scheduler groups are named per account and region: one per stage and context.
      groupName: `bss-${stage}-${context.name}`,
      stateMachineNamed,
      functionNamed,
    });

    new ApiRoutes(this, 'Routes', { routes: context.routes, api: props.api, functionNamed });
  }

  declaresFunction(name: string): boolean {
    return this.context.functions.some((definition) => definition.name === name);
  }

  functionNamed(name: string): lambda.Function {
    return this.functions.named(name);
  }
}

import { Duration, Fn, Names, Stack, Tags, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { lambdaHandler } from '../lambda-bundling.js';
import { functionDefaults, functionEnvironment, heapOptionsOf, rendersDocuments, startedStateMachines, stateMachineArnVariable, tableWriteActions, type FunctionDefinition, type Permission } from '../topology.js';
import type { TokenPinning } from './auth.js';
import type { HubCallbackSettings } from './hub-callbacks.js';
import { pascalCase, topologyTags } from './repository.js';
import { useCaseCode } from './use-case-bundling.js';


export interface UseCaseFunctionsProps {
  /** topology.functions */
  readonly definitions: readonly FunctionDefinition[];
  readonly table: dynamodb.ITable;
  /** ARNs a `table-indexes` permission covers: one per GSI. */
  readonly tableIndexArns: readonly string[];
  readonly eventBus: events.IEventBus;
  /** Where documents are kept (a `document-bucket` permission). */
  readonly documentBucket: s3.IBucket;
  /** The seller legal entity on documents (BSS_SELLER, JSON), when the deployment configures one. */
  readonly seller?: string;
  /** The token issuers and app clients every function accepts (functions/lib/auth/principal.ts). */
  readonly tokenPinning: TokenPinning;
  /** The web apps' origins (infra/aws/http-api.ts): an answer to a request from one names it, so the page may read it (functions/lib/http/cors.ts). */
  readonly corsAllowOrigins?: readonly string[];
  /** ARN of a topology state machine by name, known before the machine exists (it is named). */
  readonly stateMachineArn: (name: string) => string;
  readonly logRetention: logs.RetentionDays;
  /**
   * The production stage's key (the table's, passed on its own: an ITable from another stack may
   * not carry it): encrypts each function's log group, and every function that uses the table
   * may use it through DynamoDB. Absent on dev and test stages (AWS-owned keys).
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Functions other constructs grant more to (the stream relay's event source, a rule target's
   * failure destination): their roles stay open to those grants. Every other role is sealed.
   */
  readonly grantedElsewhere: ReadonlySet<string>;
  /** What the functions with a `hub-callback-destinations` permission are given (infra/aws/hub-callbacks.ts). */
  readonly hubCallbacks: HubCallbackSettings;
}

/**
 * One Lambda function per use case of the topology. Each has its own role that holds exactly
 * the topology's permissions (one statement per Permission), plus writing to its own log
 * group and sending X-Ray traces. No managed policies, no grant* shortcuts.
 */
export class UseCaseFunctions extends Construct {
  private readonly byName = new Map<string, lambda.Function>();

  constructor(scope: Construct, id: string, private readonly props: UseCaseFunctionsProps) {
    super(scope, id);
    for (const definition of props.definitions) {
      this.byName.set(definition.name, this.useCase(definition));
    }
  }

  /** The function of a topology use case; a name the topology does not declare is a bug. */
  named(name: string): lambda.Function {
    const found = this.byName.get(name);
    if (!found) throw new Error(`The topology names an unknown function: ${name}`);
    return found;
  }

  private useCase(definition: FunctionDefinition): lambda.Function {
    const scope = new Construct(this, pascalCase(definition.name));
    Tags.of(scope).add(topologyTags.function, definition.name);

    const logGroup = new logs.LogGroup(scope, 'Logs', {
      retention: this.props.logRetention,
      ...(this.props.encryptionKey ? { encryptionKey: this.props.encryptionKey } : {}),
    });
    const sids = new Set<string>();
    const statements = [
      ...definition.permissions.flatMap((permission) => this.statementsOf(definition, permission, sids)),
      ...this.tableKeyStatements(definition),
      new iam.PolicyStatement({ sid: 'OwnLogGroup', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      new iam.PolicyStatement({ sid: 'XRayTraces', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
    ];
    // One inline policy on the role instead of a separate AWS::IAM::Policy resource per function:
    // the same statements, one resource fewer per function in its context's stack.
    const ownRole = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${definition.name} use case: its topology permissions only`,
      inlinePolicies: { UseCase: new iam.PolicyDocument({ statements }) },
    });
    // Sealed: the tracing grant the function adds is already in the inline policy.
    const role = this.props.grantedElsewhere.has(definition.name) ? ownRole : ownRole.withoutPolicyUpdates();

    const heapOptions = heapOptionsOf(definition);
    const handler = new lambda.Function(scope, 'Handler', {
      // Built as `npm run bench` builds it (infra/aws/use-case-bundling.ts): index.mjs and the chunks it imports.
      code: useCaseCode(definition),
      handler: lambdaHandler,
      description: definition.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: definition.memoryMb ?? functionDefaults.memoryMb,
      timeout: Duration.seconds(definition.timeoutSeconds ?? functionDefaults.timeoutSeconds),
      // The public and expensive handlers' share of the account's concurrency (topology/shared.ts).
      ...(definition.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: definition.reservedConcurrency } : {}),
      role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        TABLE_NAME: this.props.table.tableName,
        EVENT_BUS_NAME: this.props.eventBus.eventBusName,
        ...functionEnvironment,
        BSS_STAFF_TOKEN_ISSUER: this.props.tokenPinning.staffIssuer,
        BSS_USER_TOKEN_ISSUER: this.props.tokenPinning.userIssuer,
        BSS_TOKEN_AUDIENCES: Fn.join(',', this.props.tokenPinning.audiences),
        ...(this.props.corsAllowOrigins?.length ? { BSS_CORS_ALLOW_ORIGINS: Fn.join(',', [...this.props.corsAllowOrigins]) } : {}),
        ...Object.fromEntries(startedStateMachines(definition).map((name) => [stateMachineArnVariable(name), this.props.stateMachineArn(name)])),
        ...(definition.permissions.some((permission) => permission.resource === 'document-bucket') ? { BSS_DOCUMENT_BUCKET: this.props.documentBucket.bucketName } : {}),
        ...(rendersDocuments(definition) && this.props.seller ? { BSS_SELLER: this.props.seller } : {}),
        ...(usesHubBus(definition) ? { BSS_HUB_EVENT_BUS_NAME: this.props.hubCallbacks.eventBusName } : {}),
        ...(managesHubCallbacks(definition)
          ? {
              BSS_HUB_RESOURCE_PREFIX: this.props.hubCallbacks.resourcePrefix,
              BSS_HUB_INVOKE_ROLE_ARN: this.props.hubCallbacks.invokeRoleArn,
              BSS_HUB_DEAD_LETTER_QUEUE_ARN: this.props.hubCallbacks.deadLetterQueueArn,
            }
          : {}),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // No --enable-source-maps: it reads every map at import; the bundle maps its own traces when one is formatted.
        ...(heapOptions.length > 0 ? { NODE_OPTIONS: heapOptions.join(' ') } : {}),
      },
    });

    if (definition.permissions.some((permission) => permission.resource === 'document-bucket')) {
      Validations.of(ownRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${this.documentObjectsFinding()}]`,
        reason: 'Documents are kept one object per bill or credit note, under keys made when each is issued: the grant is to the objects of the one document bucket, read and written once, never listed or deleted.',
      });
    }
    if (managesHubCallbacks(definition)) {
      for (const finding of this.props.hubCallbacks.wildcardFindings) {
        Validations.of(ownRole).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${finding}]`,
          reason: 'Each hub subscription gets its own connection, API destination and rule at run time, named with the deployment\'s hub prefix and the subscription id: the grant is to those names only.',
        });
      }
    }
    Validations.of(ownRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so IAM accepts only Resource "*" for them.',
    });
    return handler;
  }

  /**
   * With a customer-managed key on the table, DynamoDB uses the key with the caller's
   * credentials: a reader needs kms:Decrypt, a writer also kms:Encrypt and kms:GenerateDataKey
   * (the actions the table's own grant helpers add). kms:ViaService limits it to requests made
   * through DynamoDB in this region, so a function cannot use the key to decrypt anything else
   * (log data, the archive) by calling KMS itself.
   */
  private tableKeyStatements(definition: FunctionDefinition): iam.PolicyStatement[] {
    const key = this.props.encryptionKey;
    const tablePermissions = definition.permissions.filter((permission) => permission.resource === 'table' || permission.resource === 'table-indexes');
    if (!key || tablePermissions.length === 0) return [];
    const writes = tablePermissions.some((permission) => permission.actions.some((action) => (tableWriteActions as string[]).includes(action)));
    return [
      new iam.PolicyStatement({
        sid: 'TableKeyViaDynamoDb',
        actions: ['kms:Decrypt', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    ];
  }

  /**
   * How cdk-nag names the document bucket's objects in this nested stack: the parameter that
   * carries the parent stack's bucket ARN is named after the bucket's unique id.
   */
  private documentObjectsFinding(): string {
    return `<referenceto${Names.uniqueId(this.props.documentBucket.node.defaultChild!)}Arn>/*`;
  }

  /**
   * One statement per permission; a table permission that writes becomes two: its reads as they
   * are, and its writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, which is also how IAM
   * authorizes each Put, Update and Delete of a TransactWriteItems) only under the partition-key
   * prefixes the topology names. ForAllValues: every item a request writes must match one
   * (a BatchWriteItem names many). ConditionCheckItem stays with the reads: it changes nothing.
   */
  private statementsOf(definition: FunctionDefinition, permission: Permission, sids: Set<string>): iam.PolicyStatement[] {
    if (permission.resource === 'hub-callback-destinations') return this.props.hubCallbacks.statements(permission.actions);
    const resources = this.resourcesOf(permission);
    const actions: string[] = [...permission.actions];
    const writes = permission.resource === 'table' ? actions.filter((action) => (tableWriteActions as string[]).includes(action)) : [];
    if (writes.length === 0) return [new iam.PolicyStatement({ sid: uniqueStatementId(permission, sids), actions, resources })];
    const keys = 'keys' in permission ? (permission.keys ?? []) : [];
    if (keys.length === 0) throw new Error(`${definition.name}: a table permission with ${writes.join(', ')} names no partition-key prefixes (keys)`);
    const reads = actions.filter((action) => !writes.includes(action));
    return [
      ...(reads.length > 0 ? [new iam.PolicyStatement({ sid: uniqueStatementId(permission, sids), actions: reads, resources })] : []),
      new iam.PolicyStatement({
        sid: uniqueStatementId(permission, sids, 'Writes'),
        actions: writes,
        resources,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...keys] } },
      }),
    ];
  }

  private resourcesOf(permission: Permission): string[] {
    const { resource } = permission;
    switch (resource) {
      case 'table':
        return [this.props.table.tableArn];
      case 'table-indexes':
        return [...this.props.tableIndexArns];
      case 'event-bus':
        return [this.props.eventBus.eventBusArn];
      case 'document-bucket':
        return [this.props.documentBucket.arnForObjects('*')];
      case 'hub-delivery-bus':
        return [this.props.hubCallbacks.eventBusArn];
      case 'hub-callback-destinations':
        throw new Error('hub callback destinations are granted by infra/aws/hub-callbacks.ts');
      default: {
        const stateMachine = resource.slice('state-machine:'.length);
        return [this.props.stateMachineArn(stateMachine)];
      }
    }
  }
}

const managesHubCallbacks = (definition: FunctionDefinition): boolean => definition.permissions.some((permission) => permission.resource === 'hub-callback-destinations');
/** Puts deliveries on the hub's bus, or makes rules on it. */
const usesHubBus = (definition: FunctionDefinition): boolean => managesHubCallbacks(definition) || definition.permissions.some((permission) => permission.resource === 'hub-delivery-bus');

/**
 * A readable statement id per topology permission (TopologyTable, TopologyStateMachineDunning);
 * with a Sid the statements also stay apart instead of being merged by policy minimization.
 */
function uniqueStatementId(permission: Permission, taken: Set<string>, kind = ''): string {
  const base = `Topology${pascalCase(permission.resource.replace(':', '-'))}${kind}`.replace(/[^A-Za-z0-9]/g, '');
  let sid = base;
  for (let suffix = 2; taken.has(sid); suffix += 1) sid = `${base}${suffix}`;
  taken.add(sid);
  return sid;
}

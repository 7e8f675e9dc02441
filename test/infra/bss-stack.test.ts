import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { stateMachineArn } from '../../infra/aws/workflows.js';
import { topologyTags } from '../../infra/aws/repository.js';
import * as topology from '../../infra/topology.js';
import { synthesizeBssStack, synthesizedTopology, tagValue, type CfnResource, type CfnTemplate, type SynthesizedBss } from './synth.js';

let bss: SynthesizedBss;
let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  bss = synthesizeBssStack();
  ({ template, json } = bss);
}, 300_000);

const resourcesOfType = (type: string): [string, CfnResource][] =>
  Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);

const onlyLogicalId = (type: string): string => {
  const found = resourcesOfType(type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]![0];
};

/** The domain bus (the hub's own bus is the other one: infra/aws/hub-callbacks.ts). */
const domainBusId = (): string => {
  const found = resourcesOfType('AWS::Events::EventBus').filter(([logicalId]) => logicalId.startsWith('EventsBus'));
  expect(found, 'one domain bus').toHaveLength(1);
  return found[0]![0];
};
const hubBusId = (): string => resourcesOfType('AWS::Events::EventBus').find(([logicalId]) => logicalId.startsWith('HubCallbacksBus'))![0];

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * The Lambda functions built for the topology's use cases: all but aws-s3-deployment's provider,
 * which deploys the web apps (infra/aws/web-hosting.ts) and has no topology tag.
 */
const hasTopologyTag = (fn: CfnResource): boolean => ((fn.Properties?.Tags ?? []) as { Key: string }[]).some((tag) => tag.Key === topologyTags.function);
const useCaseFunctions = (): [string, CfnResource][] => resourcesOfType('AWS::Lambda::Function').filter(([, fn]) => hasTopologyTag(fn));

/**
 * Whether an API method is a topology route's: not a CORS preflight (OPTIONS, answered by API
 * Gateway itself: web-hosting.test.ts) nor a path's 405 (ANY, a mock integration: below).
 */
const isRouteMethod = (method: CfnResource): boolean => method.Properties?.HttpMethod !== 'OPTIONS' && method.Properties?.HttpMethod !== 'ANY';
const routeMethods = (): [string, CfnResource][] => resourcesOfType('AWS::ApiGateway::Method').filter(([, method]) => isRouteMethod(method));

/** The Lambda function built for a topology use case, found by its topology tag. */
function useCaseFunction(name: string): [string, CfnResource] {
  const found = useCaseFunctions().filter(([, fn]) => tagValue(fn, topologyTags.function) === name);
  expect(found, `one Lambda function tagged ${name}`).toHaveLength(1);
  return found[0]!;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of every policy attached to a role, plus whether the role has managed policies. */
function statementsOfRole(roleLogicalId: string): { statements: Statement[]; managedPolicies: unknown[] } {
  const role = json.Resources[roleLogicalId]!;
  const statements = resourcesOfType('AWS::IAM::Policy')
    .filter(([, policy]) => asList(policy.Properties?.Roles).some((ref: { Ref?: string }) => ref.Ref === roleLogicalId))
    .flatMap(([, policy]) => policy.Properties?.PolicyDocument.Statement as Statement[]);
  const inline = asList(role.Properties?.Policies).flatMap((policy: { PolicyDocument: { Statement: Statement[] } }) => policy.PolicyDocument.Statement);
  return { statements: [...statements, ...inline], managedPolicies: asList(role.Properties?.ManagedPolicyArns) };
}

/** Resources CloudFormation accepts per stack is 500; this margin leaves room to notice growth in time. */
const resourcesPerStackLimit = 450;

describe('stacks', () => {
  const resourcesOf = (stackJson: CfnTemplate, type: string) => Object.values(stackJson.Resources).filter((resource) => resource.Type === type);
  const nestedTemplates = () => bss.stackTemplates.slice(1);

  it(`keeps the parent and every nested stack under ${resourcesPerStackLimit} resources`, () => {
    const counts = Object.fromEntries(bss.stackTemplates.map(({ stack, json: stackJson }) => [stack.node.path, Object.keys(stackJson.Resources).length]));
    const over = Object.entries(counts).filter(([, count]) => count >= resourcesPerStackLimit);
    expect(over, JSON.stringify(counts)).toEqual([]);
  });

  it('has one nested stack per bounded context, in the order of topology.contexts', () => {
    expect(bss.stack.contextStacks.map((contextStack) => contextStack.context.name)).toEqual(topology.contexts.map((context) => context.name));
    expect(bss.stack.contextStacks.every((contextStack) => contextStack.nestedStackParent === bss.stack)).toBe(true);
    expect(resourcesOf(bss.stackTemplates[0]!.json, 'AWS::CloudFormation::Stack')).toHaveLength(topology.contexts.length);
  });

  it.each(topology.contexts.map((context, index) => [context.name, context, index] as const))(
    'puts the functions, state machines, rules, schedules and route methods of %s in its own nested stack',
    (_, context, index) => {
      const { json: stackJson } = nestedTemplates()[index]!;
      const names = (type: string, tag: string) => resourcesOf(stackJson, type).map((resource) => tagValue(resource, tag)).sort();
      expect(names('AWS::Lambda::Function', topologyTags.function)).toEqual(context.functions.map((definition) => definition.name).sort());
      expect(names('AWS::StepFunctions::StateMachine', topologyTags.stateMachine)).toEqual(context.stateMachines.map((machine) => machine.name).sort());
      expect(resourcesOf(stackJson, 'AWS::Events::Rule').map((rule) => rule.Properties?.Name).sort()).toEqual(context.eventRules.map((rule) => rule.name).sort());
      expect(resourcesOf(stackJson, 'AWS::Scheduler::Schedule')).toHaveLength(context.schedules.length);
      // The methods' paths, read through the flattened template (their resources are the parent's);
      // CORS preflights (OPTIONS) and the paths' 405s (ANY) are there too, and checked apart.
      const prefix = `${bss.stack.contextStacks[index]!.node.id}/`;
      const isRoute = isRouteMethod;
      const methods = resourcesOfType('AWS::ApiGateway::Method').filter(([logicalId, method]) => logicalId.startsWith(prefix) && isRoute(method));
      expect(methods).toHaveLength(resourcesOf(stackJson, 'AWS::ApiGateway::Method').filter(isRoute).length);
      expect(methods.map(([, method]) => `${String(method.Properties?.HttpMethod)} ${pathOfMethod(method)}`).sort()).toEqual(
        context.routes.map((route) => `${route.method} ${route.path}`).sort(),
      );
    },
  );

  it('keeps what the contexts share in the parent, and none of it in a nested stack', () => {
    const shared = [
      'AWS::DynamoDB::Table',
      'AWS::Events::EventBus',
      'AWS::Events::Archive',
      'AWS::Cognito::UserPool',
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGateway::Resource',
      'AWS::ApiGateway::Authorizer',
      'AWS::ApiGateway::RequestValidator',
      'AWS::ApiGateway::Deployment',
      'AWS::ApiGateway::Stage',
      'AWS::ApiGateway::UsagePlan',
      'AWS::WAFv2::WebACL',
    ];
    for (const type of shared) expect(resourcesOf(bss.stackTemplates[0]!.json, type).length, `${type} in the parent`).toBeGreaterThan(0);
    for (const { stack, json: stackJson } of nestedTemplates()) {
      for (const type of shared) expect(resourcesOf(stackJson, type), `${type} in ${stack.node.path}`).toEqual([]);
    }
    // Nothing of a context in the parent either: it only composes. (Its one function is
    // aws-s3-deployment's provider, which deploys the web apps; see below.)
    expect(resourcesOf(bss.stackTemplates[0]!.json, 'AWS::Lambda::Function').filter(hasTopologyTag), 'use case functions in the parent').toEqual([]);
    for (const type of ['AWS::StepFunctions::StateMachine', 'AWS::ApiGateway::Method']) {
      expect(resourcesOf(bss.stackTemplates[0]!.json, type), `${type} in the parent`).toEqual([]);
    }
  });

  it('has, beside the use cases\' functions, only the provider that deploys the web apps, in the parent', () => {
    const others = Object.entries(bss.stackTemplates[0]!.json.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && !hasTopologyTag(resource));
    expect(others.map(([logicalId]) => logicalId)).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    expect(resourcesOfType('AWS::Lambda::Function').filter(([, fn]) => !hasTopologyTag(fn))).toHaveLength(1);
  });

  it('deploys the API stage after every context stack that adds methods to it', () => {
    const [, deployment] = resourcesOfType('AWS::ApiGateway::Deployment')[0]!;
    const withRoutes = bss.stack.contextStacks.filter((contextStack) => contextStack.context.routes.length > 0);
    for (const contextStack of withRoutes) {
      expect(deployment.DependsOn, contextStack.context.name).toContain(bss.stack.resolve(contextStack.nestedStackResource!.logicalId));
    }
  });
});

describe('data table', () => {
  it('is the single table of the topology: keys, GSIs with ALL projection, on-demand, stream NEW_IMAGE', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: topology.table.partitionKey, KeyType: 'HASH' },
        { AttributeName: topology.table.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      GlobalSecondaryIndexes: topology.table.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('is protected: point-in-time recovery, deletion protection, retained with the stack gone, TTL on the topology attribute', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: topology.table.timeToLiveAttribute, Enabled: true },
      }),
    });
  });
});

/** The bucket documents are kept in (the other bucket is its access log). */
const documentBucketLogicalId = (): string => resourcesOfType('AWS::S3::Bucket').find(([, bucket]) => bucket.Properties?.VersioningConfiguration)![0];

describe('document bucket', () => {
  it('keeps documents private, encrypted, versioned, over TLS only, access logged, retained with the stack gone', () => {
    const [, bucket] = resourcesOfType('AWS::S3::Bucket').find(([logicalId]) => logicalId === documentBucketLogicalId())!;
    expect(bucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: expect.anything() },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: documentBucketLogicalId() },
      PolicyDocument: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) }),
    });
  });

  it('is named to the functions that render documents, and only to them', () => {
    for (const definition of topology.functions) {
      const [, fn] = useCaseFunction(definition.name);
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      const keeps = definition.permissions.some((permission) => permission.resource === 'document-bucket');
      expect(variables.BSS_DOCUMENT_BUCKET, definition.name).toEqual(keeps ? { Ref: documentBucketLogicalId() } : undefined);
    }
  });
});

describe('use case functions', () => {
  it('refuse hub callbacks to this machine and private addresses on AWS', () => {
    for (const definition of topology.functions) {
      const [, fn] = useCaseFunction(definition.name);
      expect((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.BSS_HUB_ALLOW_LOCAL_CALLBACKS, definition.name).toBe('false');
    }
  });

  it('builds exactly one Lambda function per topology function', () => {
    const tagged = useCaseFunctions().map(([, fn]) => tagValue(fn, topologyTags.function));
    expect(tagged.sort()).toEqual(topology.functions.map((fn) => fn.name).sort());
  });

  it.each(topology.functions.map((fn) => [fn.name, fn] as const))('%s runs on nodejs24.x arm64 with tracing, its log group and the shared environment', (name, definition) => {
    const [, fn] = useCaseFunction(name);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Description: definition.description,
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: onlyLogicalId('AWS::DynamoDB::Table') },
          EVENT_BUS_NAME: { Ref: domainBusId() },
          ...topology.functionEnvironment,
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
      },
    });
    // Stack traces are mapped by the bundle itself, when one is formatted (functions/lib/observability/source-mapped-stack-traces.ts).
    const heapOptions = topology.heapOptionsOf(definition);
    expect(fn.Properties?.Environment?.Variables?.NODE_OPTIONS).toBe(heapOptions.length > 0 ? heapOptions.join(' ') : undefined);
    const logGroupId = (fn.Properties?.LoggingConfig?.LogGroup as { Ref: string }).Ref;
    expect(json.Resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: expect.any(Number) } });
  });

  it.each(topology.functions.map((fn) => [fn.name, fn] as const))('%s may do exactly what the topology lists, on exactly those resources', (name, definition) => {
    const [, fn] = useCaseFunction(name);
    const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const { statements, managedPolicies } = statementsOfRole(roleId);
    expect(managedPolicies, 'no managed policies on use case roles').toEqual([]);

    const tableArn = { 'Fn::GetAtt': [onlyLogicalId('AWS::DynamoDB::Table'), 'Arn'] };
    const expectedResources = (resource: topology.Permission['resource']): unknown[] => {
      if (resource === 'table') return [tableArn];
      if (resource === 'table-indexes') {
        return topology.table.globalSecondaryIndexes.map((index) => ({ 'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]] }));
      }
      if (resource === 'event-bus') return [{ 'Fn::GetAtt': [domainBusId(), 'Arn'] }];
      if (resource === 'document-bucket') return [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [documentBucketLogicalId(), 'Arn'] }, '/*']] }];
      if (resource === 'hub-callback-destinations') return ['api-destination/bss-dev-hub-*', 'connection/bss-dev-hub-*', 'rule/bss-hub-dev/bss-dev-hub-*'].map(eventsArn);
      if (resource === 'hub-delivery-bus') return [{ 'Fn::GetAtt': [hubBusId(), 'Arn'] }];
      return [bss.stack.resolve(stateMachineArn(bss.stack, resource.slice('state-machine:'.length), 'dev'))];
    };

    // One statement per topology permission, naming exactly its actions and resources; a table
    // permission that writes is two: its reads, and its writes under its partition-key prefixes.
    const topologyStatements = statements.filter((statement) => statement.Sid?.startsWith('Topology'));
    const oneOrMany = <T,>(items: T[]): T | T[] => (items.length === 1 ? items[0]! : items);
    const expected = definition.permissions.flatMap((permission) => {
      const actions: string[] = [...permission.actions];
      const writes = permission.resource === 'table' ? actions.filter((action) => topology.tableWriteActions.includes(action as topology.DynamoDbAction)) : [];
      const reads = actions.filter((action) => !writes.includes(action));
      const Resource = oneOrMany(expectedResources(permission.resource));
      return [
        ...(reads.length > 0 ? [{ Sid: expect.stringMatching(/^Topology/), Effect: 'Allow', Action: oneOrMany(reads.sort()), Resource }] : []),
        ...(writes.length > 0
          ? [
              {
                Sid: expect.stringMatching(/^Topology.*Writes/),
                Effect: 'Allow',
                Action: oneOrMany(writes.sort()),
                Resource,
                Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...('keys' in permission ? (permission.keys ?? []) : [])] } },
              },
            ]
          : []),
      ];
    });
    // Making a subscription's API destination also passes the hub's invocation role to its rule.
    if (definition.permissions.some((permission) => permission.resource === 'hub-callback-destinations')) {
      expected.push(
        { Sid: 'TopologyHubInvokeRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [hubInvokeRoleId(), 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } } } as never,
        { Sid: 'TopologyHubServiceLinkedRole', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: expect.anything(), Condition: { StringEquals: { 'iam:AWSServiceName': 'apidestinations.events.amazonaws.com' } } } as never,
      );
    }
    expect(topologyStatements).toHaveLength(expected.length);
    for (const statement of expected) expect(topologyStatements).toContainEqual(statement);

    // Everything else the role may do is the platform's, never business data access.
    const platformActions = new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords']);
    if (name === topology.outboxRelay.function) {
      for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']) platformActions.add(action);
    }
    // The outbox relay's failures, and those of a function an event rule invokes asynchronously, go to a dead-letter queue.
    if (name === topology.hubCallbackDeadLetters.function) {
      for (const action of ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) platformActions.add(action);
    }
    if (name === topology.outboxRelay.function || topology.eventRules.some((rule) => rule.target.kind === 'function' && rule.target.name === name)) {
      for (const action of ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']) platformActions.add(action);
    }
    const otherActions = statements.filter((statement) => !statement.Sid?.startsWith('Topology')).flatMap((statement) => asList(statement.Action));
    expect(otherActions.filter((action) => !platformActions.has(action))).toEqual([]);
    // The log actions reach only the function's own log group.
    const logGroupId = (fn.Properties?.LoggingConfig?.LogGroup as { Ref: string }).Ref;
    for (const statement of statements.filter((candidate) => asList(candidate.Action).some((action) => action.startsWith('logs:')))) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    }
  });
});

const relayMapping = (): [string, CfnResource] => {
  const [relayId] = useCaseFunction(topology.outboxRelay.function);
  return resourcesOfType('AWS::Lambda::EventSourceMapping').find(([, mapping]) => (mapping.Properties?.FunctionName as { Ref?: string }).Ref === relayId)!;
};

/** An EventBridge ARN in the stack's account and region, as the hub's statements write it. */
const eventsArn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${resource}`]] });
const hubInvokeRoleId = (): string => resourcesOfType('AWS::IAM::Role').find(([logicalId]) => logicalId.startsWith('HubCallbacksInvokeRole'))![0];

describe('hub callbacks', () => {
  const hubFunctions = () => topology.functions.filter((definition) => definition.permissions.some((permission) => permission.resource === 'hub-callback-destinations'));

  it('give the functions that make and remove subscriptions their prefix, invocation role and dead-letter queue, and no other function', () => {
    expect(hubFunctions().map((definition) => definition.name).sort()).toEqual(['create-hub-subscription', 'delete-hub-subscription']);
    for (const definition of topology.functions) {
      const [, fn] = useCaseFunction(definition.name);
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      const given = hubFunctions().includes(definition);
      // The hub's bus: the deliveries are put on it, the subscriptions' rules are made on it.
      const onHubBus = given || definition.name === 'deliver-hub-events';
      expect(variables.BSS_HUB_EVENT_BUS_NAME, definition.name).toEqual(onHubBus ? 'bss-hub-dev' : undefined);
      expect(variables.BSS_HUB_RESOURCE_PREFIX, definition.name).toEqual(given ? 'bss-dev-hub-' : undefined);
      expect(variables.BSS_HUB_INVOKE_ROLE_ARN, definition.name).toEqual(given ? { 'Fn::GetAtt': [hubInvokeRoleId(), 'Arn'] } : undefined);
      expect(variables.BSS_HUB_DEAD_LETTER_QUEUE_ARN, definition.name).toEqual(given ? { 'Fn::GetAtt': [expect.stringMatching(/^HubCallbacksDeadLetters/), 'Arn'] } : undefined);
    }
  });

  it('put the deliveries on a bus of their own, which no archive keeps', () => {
    expect(json.Resources[hubBusId()]!.Properties?.Name).toBe('bss-hub-dev');
    for (const [, archive] of resourcesOfType('AWS::Events::Archive')) expect(archive.Properties?.SourceArn).toEqual({ 'Fn::GetAtt': [domainBusId(), 'Arn'] });
  });

  it('let EventBridge invoke the API destinations under the prefix and nothing else, and dead-letter only from the rules under it', () => {
    const role = json.Resources[hubInvokeRoleId()]!;
    expect(role.Properties?.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ]);
    expect(statementsOfRole(hubInvokeRoleId()).statements).toEqual([{ Effect: 'Allow', Action: 'events:InvokeApiDestination', Resource: eventsArn('api-destination/bss-dev-hub-*') }]);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'SubscriptionRulesDeadLetter',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnLike: { 'aws:SourceArn': eventsArn('rule/bss-hub-dev/bss-dev-hub-*') } },
          }),
        ]),
      },
    });
  });

  it('hand the dead-letter queue to the function that records dead letters, which reports the messages it could not record', () => {
    const [consumerId] = useCaseFunction(topology.hubCallbackDeadLetters.function);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: consumerId },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HubCallbacksDeadLetters'), 'Arn'] },
      BatchSize: topology.hubCallbackDeadLetters.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    // What it cannot record after 5 receipts waits in a queue of its own, with an alarm.
    const [, queue] = resourcesOfType('AWS::SQS::Queue').find(([logicalId]) => /^HubCallbacksDeadLetters/.test(logicalId))!;
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^HubCallbacksUnrecorded/), 'Arn'] } } });
  });
});

describe('outbox relay', () => {
  it('consumes the table stream with finite retries, bisection, a maximum record age and a dead-letter queue', () => {
    const [relayId] = useCaseFunction(topology.outboxRelay.function);
    // The relay's, and the hub dead-letter queue's (below).
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: relayId },
      EventSourceArn: { 'Fn::GetAtt': [onlyLogicalId('AWS::DynamoDB::Table'), 'StreamArn'] },
      StartingPosition: topology.outboxRelay.startingPosition,
      BatchSize: topology.outboxRelay.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: topology.outboxRelay.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: topology.outboxRelay.maximumRecordAgeSeconds,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
    });
  });

  it('only receives INSERT records of outbox items', () => {
    const [, mapping] = relayMapping();
    const patterns = (mapping.Properties?.FilterCriteria.Filters as { Pattern: string }[]).map((filter) => JSON.parse(filter.Pattern));
    expect(patterns).toEqual([topology.outboxRelay.recordFilter]);
  });

  it('sends failed records to an encrypted, TLS-only queue', () => {
    const [, mapping] = relayMapping();
    const queueId = mapping.Properties?.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
    expect(json.Resources[queueId]).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('event bus', () => {
  it('is archived for replay for the topology retention', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [domainBusId(), 'Arn'] },
      RetentionDays: topology.eventBus.archiveRetentionDays,
    });
  });

  it.each(topology.eventRules.map((rule) => [rule.name, rule] as const))('rule %s matches the topology pattern and delivers with a retry policy and a dead-letter queue', (name, definition) => {
    const rules = resourcesOfType('AWS::Events::Rule').filter(([, rule]) => rule.Properties?.Name === name);
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties?.EventBusName).toEqual({ Ref: domainBusId() });
    expect(rule.Properties?.EventPattern).toEqual(definition.pattern);
    const [target] = rule.Properties?.Targets as Record<string, any>[];
    expect(target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    expect(json.Resources[target!.DeadLetterConfig.Arn['Fn::GetAtt'][0]]?.Type).toBe('AWS::SQS::Queue');
    if (definition.target.kind === 'state-machine') expect(target!.RoleArn).toBeDefined();
  });

  it('matches rule targets to the topology targets', () => {
    expect(synthesizedTopology().rules.map(({ name, target }) => ({ name, target }))).toEqual(
      topology.eventRules.map(({ name, target }) => ({ name, target })).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});

describe('workflows', () => {
  it.each(topology.stateMachines.map((machine) => [machine.name, machine] as const))('%s is a Standard machine with ALL logging, tracing, and invokes exactly its topology functions', (name, definition) => {
    const machines = resourcesOfType('AWS::StepFunctions::StateMachine').filter(([, machine]) => tagValue(machine, topologyTags.stateMachine) === name);
    expect(machines).toHaveLength(1);
    const [, machine] = machines[0]!;
    expect(machine.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL' },
    });
    const invokedArns = definition.invokes.map((fn) => ({ 'Fn::GetAtt': [useCaseFunction(fn)[0], 'Arn'] }));
    expect(machine.Properties?.DefinitionSubstitutions).toEqual(
      Object.fromEntries(definition.invokes.map((fn, index) => [topology.functionArnSubstitutionKey(fn), invokedArns[index]])),
    );
    const roleId = (machine.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const invokeStatements = statementsOfRole(roleId).statements.filter((statement) => asList(statement.Action).some((action) => action.startsWith('lambda:')));
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm').filter(
      ([, alarm]) => alarm.Properties?.MetricName === 'ExecutionsFailed' && JSON.stringify(alarm.Properties?.Dimensions).includes(machines[0]![0]),
    );
    expect(alarms, `${name} alarms on failed executions`).toHaveLength(1);
    // IAM policy rendering may reorder resources; the set is what matters.
    const sorted = (resources: unknown) => asList(resources).map((resource) => JSON.stringify(resource)).sort();
    expect(invokeStatements).toHaveLength(1);
    expect(invokeStatements[0]).toMatchObject({ Sid: 'InvokeTopologyFunctions', Effect: 'Allow', Action: 'lambda:InvokeFunction' });
    expect(sorted(invokeStatements[0]!.Resource)).toEqual(sorted(invokedArns));
  });
});

describe('REST API', () => {
  it('writes JSON access logs, traces with X-Ray, throttles and logs errors on the stage', () => {
    const [, stage] = resourcesOfType('AWS::ApiGateway::Stage')[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: expect.anything(), Format: expect.any(String) },
      MethodSettings: [
        expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) }),
      ],
    });
    const accessLog = JSON.parse(stage.Properties?.AccessLogSetting.Format as string) as Record<string, string>;
    expect(accessLog).toMatchObject({ requestId: '$context.requestId', status: '$context.status', subject: '$context.authorizer.claims.sub' });
  });

  it('validates body and parameters on every route\'s method', () => {
    const validatorId = onlyLogicalId('AWS::ApiGateway::RequestValidator');
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    for (const [, method] of routeMethods()) {
      expect(method.Properties?.RequestValidatorId).toEqual({ Ref: validatorId });
    }
  });

  it('sends PDFs as bytes: application/pdf is a binary media type', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['application/pdf'] });
  });

  it('exposes exactly the topology routes', () => {
    expect(synthesizedTopology().routes).toEqual(
      topology.routes.map(({ method, path }) => ({ method, path })).sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`)),
    );
  });

  it('puts the Cognito authorizer on every authorized route and none on public ones, each integrated with its function', () => {
    const authorizerId = onlyLogicalId('AWS::ApiGateway::Authorizer');
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: resourcesOfType('AWS::Cognito::UserPool').map(([logicalId]) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] })),
    });
    for (const [, method] of routeMethods()) {
      const path = pathOfMethod(method);
      const route = topology.routes.find((candidate) => candidate.method === method.Properties?.HttpMethod && candidate.path === path);
      expect(route, `${String(method.Properties?.HttpMethod)} ${path} is a topology route`).toBeDefined();
      if (route!.authorized) {
        expect(method.Properties).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: authorizerId } });
      } else {
        expect(method.Properties?.AuthorizationType).toBe('NONE');
      }
      const [functionId] = useCaseFunction(route!.function);
      expect(method.Properties?.Integration).toMatchObject({ Type: 'AWS_PROXY', Uri: { 'Fn::Join': ['', expect.arrayContaining([{ 'Fn::GetAtt': [functionId, 'Arn'] }])] } });
    }
  });

  it('limits partners with a usage plan (throttle and quota) and an API key', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: Match.anyValue(), BurstLimit: Match.anyValue() },
      Quota: { Period: 'DAY', Limit: Match.anyValue() },
      ApiStages: [Match.objectLike({ Stage: { Ref: onlyLogicalId('AWS::ApiGateway::Stage') } })],
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', { KeyId: { Ref: onlyLogicalId('AWS::ApiGateway::ApiKey') }, KeyType: 'API_KEY' });
  });

  it('limits each client address in the WAF, answering 429 with a TMF error and Retry-After; API Gateway throttling too', () => {
    const [, acl] = resourcesOfType('AWS::WAFv2::WebACL')[0]!;
    const rule = (acl.Properties?.Rules as { Name: string; Statement: any; Action: any }[]).find((each) => each.Name === 'PerAddressRateLimit')!;
    expect(rule.Statement.RateBasedStatement).toEqual({ Limit: 3000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(rule.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }] });
    const body = (acl.Properties?.CustomResponseBodies as Record<string, { Content: string }>)[rule.Action.Block.CustomResponse.CustomResponseBodyKey]!;
    expect(JSON.parse(body.Content)).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: '429', '@type': 'Error' });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'THROTTLED', StatusCode: '429', ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Retry-After': "'1'" }) });
  });

  it('limits each caller of an expensive route in the WAF: one rate-based rule per topology perCallerLimit, keyed on Authorization, scoped to the route', () => {
    const [, acl] = resourcesOfType('AWS::WAFv2::WebACL')[0]!;
    const rules = (acl.Properties?.Rules as { Name: string; Statement: any; Action: any }[]).filter((rule) => rule.Name.startsWith('PerCaller-'));
    const limited = topology.routes.filter((route) => route.perCallerLimit);
    expect(limited.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /pricing/v1/quote', 'POST /usage/v1/usageBatch', 'GET /tmf-api/customerBillManagement/v4/customerBill/{id}/document', 'POST /billing/v1/billRun', 'GET /reports/v1/mrr']),
    );
    expect(rules).toHaveLength(limited.length);
    for (const route of limited) {
      const rule = rules.find((each) => each.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[0].ByteMatchStatement.SearchString === route.method && new RegExp(each.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1].RegexMatchStatement.RegexString).test(`/${bss.stack.node.tryGetContext('stage') ?? 'dev'}${route.path.replace(/\{\w+\}/g, 'x-1')}`));
      expect(rule, `${route.method} ${route.path}`).toBeDefined();
      const { Limit, EvaluationWindowSec, AggregateKeyType, CustomKeys } = rule!.Statement.RateBasedStatement;
      expect({ Limit, EvaluationWindowSec, AggregateKeyType, CustomKeys }).toEqual({
        Limit: route.perCallerLimit!.requests,
        EvaluationWindowSec: route.perCallerLimit!.perSeconds,
        AggregateKeyType: 'CUSTOM_KEYS',
        CustomKeys: [{ Header: { Name: 'Authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
      });
      expect(rule!.Action.Block.CustomResponse).toMatchObject({ ResponseCode: 429, ResponseHeaders: [{ Name: 'Retry-After', Value: String(route.perCallerLimit!.perSeconds) }] });
      const body = (acl.Properties?.CustomResponseBodies as Record<string, { Content: string }>)[rule!.Action.Block.CustomResponse.CustomResponseBodyKey]!;
      expect(JSON.parse(body.Content)).toEqual({ code: 'TOO_MANY_REQUESTS', reason: 'Too Many Requests', message: expect.stringContaining(`to ${route.method} ${route.path} from this caller`), status: '429', '@type': 'Error' });
    }
    // A path's regex matches only its own route: another route on a longer path is not counted.
    const quote = rules.find((rule) => rule.Name === 'PerCaller-POST-pricing-v1-quote')!;
    const pattern = new RegExp(quote.Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1].RegexMatchStatement.RegexString);
    expect(['/pricing/v1/quote', '/pricing/v1/quote/'].every((path) => pattern.test(path))).toBe(true);
    expect(['/pricing/v1/quote/x', '/pricing/v1/quotes', '/a/b/pricing/v1/quote'].some((path) => pattern.test(path))).toBe(false);
    // WAF's quota: 10 rate-based rules per web ACL, the per-address rule included.
    expect((acl.Properties?.Rules as { Statement: any }[]).filter((rule) => rule.Statement.RateBasedStatement).length).toBeLessThanOrEqual(10);
  });

  it('reserves concurrency for the public and the expensive handlers, modestly', () => {
    const publicFunctions = new Set(topology.routes.filter((route) => !route.authorized).map((route) => route.function));
    const expensive = ['quote-prices', 'ingest-usage-batch', 'get-customer-bill-document', 'start-bill-run', 'get-receivables-report', 'get-bill-run-history', 'get-revenue-report', 'list-journal-entries', 'get-mrr-report'];
    for (const name of [...publicFunctions, ...expensive]) {
      const definition = topology.functions.find((fn) => fn.name === name)!;
      expect(definition.reservedConcurrency, name).toBeGreaterThan(0);
      expect(useCaseFunction(name)[1].Properties?.ReservedConcurrentExecutions, name).toBe(definition.reservedConcurrency);
    }
    // Every other function draws on the account's unreserved pool, as before.
    for (const definition of topology.functions.filter((fn) => fn.reservedConcurrency === undefined)) {
      expect(useCaseFunction(definition.name)[1].Properties?.ReservedConcurrentExecutions, definition.name).toBeUndefined();
    }
    // The account's default regional limit is 1,000, of which Lambda keeps 100 unreserved: stay far below.
    const reserved = topology.functions.reduce((sum, fn) => sum + (fn.reservedConcurrency ?? 0), 0);
    expect(reserved).toBeLessThanOrEqual(100);
  });

  it('associates a WAF web ACL with AWS managed common rules to the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } })]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [onlyLogicalId('AWS::WAFv2::WebACL'), 'Arn'] },
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: onlyLogicalId('AWS::ApiGateway::RestApi') }, '/stages/', { Ref: onlyLogicalId('AWS::ApiGateway::Stage') }])] },
    });
  });

  it('answers gateway errors with the TMF error body', () => {
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      StatusCode: '401',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"UNAUTHORIZED".*"status":"401"') },
    });
  });

  it('answers another method on each route path with API Gateway\'s own 405: Allow names the path\'s methods, the body is a TMF error', () => {
    const anyMethods = resourcesOfType('AWS::ApiGateway::Method').filter(([, method]) => method.Properties?.HttpMethod === 'ANY');
    // One per route path, whichever contexts have routes on it; none on the paths between them (a 404 there).
    expect(anyMethods.map(([, method]) => pathOfMethod(method)).sort()).toEqual([...new Set(topology.routes.map((route) => route.path))].sort());
    const allowOf = (path: string) => {
      const [, method] = anyMethods.find(([, candidate]) => pathOfMethod(candidate) === path)!;
      return method.Properties?.Integration.IntegrationResponses[0].ResponseParameters['method.response.header.Allow'] as string;
    };
    for (const [, method] of anyMethods) {
      const path = pathOfMethod(method);
      expect(method.Properties, path).toMatchObject({
        AuthorizationType: 'NONE',
        ApiKeyRequired: false,
        Integration: { Type: 'MOCK', PassthroughBehavior: 'NEVER', RequestTemplates: expect.objectContaining({ 'application/json': '{"statusCode": 405}', 'application/merge-patch+json': '{"statusCode": 405}' }) },
        MethodResponses: [{ StatusCode: '405', ResponseParameters: expect.objectContaining({ 'method.response.header.Allow': true }) }],
      });
      expect(method.Properties?.RequestValidatorId, path).toBeUndefined();
      const [response] = method.Properties?.Integration.IntegrationResponses as { StatusCode: string; SelectionPattern?: string; ResponseTemplates: Record<string, string> }[];
      expect(response).toMatchObject({ StatusCode: '405' });
      expect(response!.SelectionPattern, path).toBeUndefined();
      // The path's methods, and OPTIONS: the default deployment answers preflights (web-hosting.test.ts).
      const served = new Set(topology.routes.filter((route) => route.path === path).map((route) => route.method as string));
      expect(new Set(allowOf(path).replace(/^'|'$/g, '').split(', ')), path).toEqual(new Set([...served, 'OPTIONS']));
      expect(JSON.parse(response!.ResponseTemplates['application/json']!), path).toEqual({
        code: 'METHOD_NOT_ALLOWED',
        reason: 'Method Not Allowed',
        message: `${path} answers only ${allowOf(path).replace(/^'|'$/g, '')}`,
        status: '405',
        '@type': 'Error',
      });
    }
    expect(allowOf('/tmf-api/customerManagement/v4/customer/{id}')).toBe("'GET, PATCH, DELETE, OPTIONS'");
    // Routes of two contexts (payments, collections): one ANY, in the first context's stack, naming both contexts' methods.
    expect(allowOf('/tmf-api/paymentManagement/v4/payment')).toBe("'GET, POST, OPTIONS'");
    const paymentAny = anyMethods.filter(([, method]) => pathOfMethod(method) === '/tmf-api/paymentManagement/v4/payment');
    expect(paymentAny.map(([logicalId]) => logicalId.split('/')[0])).toEqual([bss.stack.contextStacks.find((contextStack) => contextStack.context.name === 'payments')!.node.id]);
  });

  it('allows, by default, the web apps\' origin alone by CORS (test/infra/web-hosting.test.ts)', () => {
    const origins = new Set(
      resourcesOfType('AWS::ApiGateway::Method')
        .filter(([, method]) => method.Properties?.HttpMethod === 'OPTIONS')
        .map(([, method]) => JSON.stringify(method.Properties?.Integration.IntegrationResponses[0].ResponseParameters['method.response.header.Access-Control-Allow-Origin'])),
    );
    const distribution = resourcesOfType('AWS::CloudFront::Distribution')[0]![0];
    expect([...origins]).toEqual([JSON.stringify({ 'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distribution, 'DomainName'] }, "'"]] })]);
  });
});

describe('auth', () => {
  it('are two user pools, customers and machines, and staff, without self sign-up, with strong password policies and threat protection', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 2);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'customerId', AttributeDataType: 'String', Mutable: true })]),
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has the customer, mediation and provisioning groups in one pool, admin, agent, risk and warehouse in the staff pool, which requires MFA (TOTP)', () => {
    const poolOf = (groupName: string) => (resourcesOfType('AWS::Cognito::UserPoolGroup').find(([, group]) => group.Properties?.GroupName === groupName)![1].Properties?.UserPoolId as { Ref: string }).Ref;
    expect(poolOf('customer')).toBe(poolOf('mediation'));
    expect(poolOf('customer')).toBe(poolOf('provisioning'));
    expect(poolOf('admin')).toBe(poolOf('agent'));
    expect(poolOf('admin')).toBe(poolOf('risk'));
    expect(poolOf('admin')).toBe(poolOf('warehouse'));
    expect(poolOf('admin')).not.toBe(poolOf('customer'));
    const pools = Object.fromEntries(resourcesOfType('AWS::Cognito::UserPool'));
    expect(pools[poolOf('admin')]!.Properties).toMatchObject({ MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'], AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    expect(pools[poolOf('customer')]!.Properties).toMatchObject({ MfaConfiguration: 'OPTIONAL' });
  });

  it('the authorizer accepts both pools, and every function knows their issuers and app clients, to grant each pool its own roles', () => {
    const [, authorizer] = resourcesOfType('AWS::ApiGateway::Authorizer')[0]!;
    expect((authorizer.Properties?.ProviderARNs as unknown[]).length).toBe(2);
    for (const definition of topology.functions) {
      const [, fn] = useCaseFunction(definition.name);
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables), definition.name).toEqual(expect.arrayContaining(['BSS_STAFF_TOKEN_ISSUER', 'BSS_USER_TOKEN_ISSUER', 'BSS_TOKEN_AUDIENCES']));
    }
  });

  it('never lets users write custom:customerId themselves, through any client', () => {
    const clients = resourcesOfType('AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(4);
    for (const [logicalId, client] of clients) {
      expect(client.Properties?.WriteAttributes, logicalId).toEqual(expect.any(Array));
      expect((client.Properties?.WriteAttributes as string[]).length, logicalId).toBeGreaterThan(0);
      expect(client.Properties?.WriteAttributes, logicalId).not.toContain('custom:customerId');
    }
    expect(resourcesOfType('AWS::Cognito::UserPoolClient')[0]![1].Properties?.ReadAttributes).toContain('custom:customerId');
  });
});

describe('schedules', () => {
  it('creates one Scheduler schedule per topology schedule', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', topology.schedules.length);
  });
});

/** The path of a method, rebuilt from the resource tree (as synth.ts does for the parity test). */
function pathOfMethod(method: CfnResource): string {
  const pathOf = (reference: any): string => {
    if (reference['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const resource = json.Resources[reference.Ref as string]!;
    return `${pathOf(resource.Properties?.ParentId)}/${String(resource.Properties?.PathPart)}`;
  };
  return pathOf(method.Properties?.ResourceId) || '/';
}

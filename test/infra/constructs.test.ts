import { App, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ApiRoutes } from '../../infra/aws/api-routes.js';
import { addNagChecks, createBssApp } from '../../infra/aws/bss-app.js';
import { checkProductionStage, isProductionStage } from '../../infra/aws/production-guard.js';
import { partnerDetailTypes } from '../../domain/events/partner-events.js';
import { DomainEventBus } from '../../infra/aws/event-bus.js';
import { partnerSubscriptionsOf } from '../../infra/aws/partner-subscriptions.js';
import { EventRules } from '../../infra/aws/event-rules.js';
import { BssRestApi } from '../../infra/aws/http-api.js';
import { Schedules } from '../../infra/aws/schedules.js';
import { Workflows } from '../../infra/aws/workflows.js';
import type { RouteDefinition } from '../../infra/topology.js';

/**
 * The constructs on their own, for what the topology does not exercise today (partner buses,
 * schedules, function targets, WAF off, CORS on). Functions are inline stubs: no bundling.
 */
const stubFunction = (scope: Stack, id: string) =>
  new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });

const nagFindings = (scope: App | Stack): string[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.filter((violation) => violation.severity === 'error' || violation.severity === 'warning')
    .map((violation) => `${violation.ruleName} ${violation.violatingResources.map((resource) => resource.constructPath).join(', ')}`);

describe('partner subscriptions', () => {
  const partnerBus = 'arn:aws:events:eu-west-1:111122223333:event-bus/partner-inbox';
  const otherBus = 'arn:aws:events:eu-west-1:444455556666:event-bus/analytics';

  it('forward to each partner bus only its allowlisted partner events (bss.partner), with a role, a retry policy and a dead-letter queue', () => {
    const stack = new Stack();
    new DomainEventBus(stack, 'Events', {
      eventBusName: 'bss-events-test',
      archiveRetentionDays: 90,
      partnerSubscriptions: [
        { bus: partnerBus, events: ['OrderCompleted', 'CustomerBillIssued'] },
        { bus: otherBus, events: ['PaymentReceived'] },
      ],
    });
    const template = Template.fromStack(stack);
    const forwarding = Object.values(template.findResources('AWS::Events::Rule')).map((rule) => rule.Properties as { EventPattern: unknown; Targets: { Arn: unknown }[] });
    expect(forwarding.map((rule) => ({ pattern: rule.EventPattern, targets: rule.Targets.map((target) => target.Arn) }))).toEqual([
      { pattern: { source: ['bss.partner'], 'detail-type': ['OrderCompleted', 'CustomerBillIssued'] }, targets: [partnerBus] },
      { pattern: { source: ['bss.partner'], 'detail-type': ['PaymentReceived'] }, targets: [otherBus] },
    ]);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: partnerBus,
          RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'events:PutEvents', Resource: partnerBus })] },
    });
    expect(nagFindings(stack)).toEqual([]);
  });

  it('forward nothing but partner events: no rule to a partner matches a bss.<context> domain source', () => {
    const stack = new Stack();
    new DomainEventBus(stack, 'Events', { eventBusName: 'x', archiveRetentionDays: 1, partnerSubscriptions: [{ bus: partnerBus, events: [...partnerDetailTypes] }] });
    const patterns = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')).map((rule) => JSON.stringify(rule.Properties.EventPattern));
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).not.toMatch(/prefix|bss\.(customers|orders|billing|collections|onboarding|products)/);
  });

  it('refuse a subscription naming no event, or an event that has no partner shape', () => {
    const bus = (events: string[]) => () => new DomainEventBus(new Stack(), 'Events', { eventBusName: 'x', archiveRetentionDays: 1, partnerSubscriptions: [{ bus: partnerBus, events }] });
    expect(bus([])).toThrow(/name the partner events it may receive/);
    expect(bus(['OnboardingRejected'])).toThrow(/not OnboardingRejected/);
  });

  it('rejects an ARN that is not an event bus', () => {
    const stack = new Stack();
    expect(
      () => new DomainEventBus(stack, 'Events', { eventBusName: 'x', archiveRetentionDays: 1, partnerSubscriptions: [{ bus: 'arn:aws:sqs:eu-west-1:111122223333:queue', events: ['OrderCompleted'] }] }),
    ).toThrow(/not an event bus ARN/);
  });

  it('come from the partnerEventBuses context, a JSON list (also as a -c value) of buses with their events', () => {
    expect(partnerSubscriptionsOf(`[{"bus":"${partnerBus}","events":["OrderCompleted","OrderCompleted"]}]`)).toEqual([{ bus: partnerBus, events: ['OrderCompleted'] }]);
    expect(partnerSubscriptionsOf([])).toEqual([]);
    // A bare ARN, as the context was written before allowlists, forwards nothing: synthesis stops and says what to write.
    expect(() => createBssApp({ context: { partnerEventBuses: [partnerBus] } })).toThrow(/partnerEventBuses\[0\]: give the partner's bus and the events/);
    expect(() => createBssApp({ context: { partnerEventBuses: [{ bus: partnerBus, events: ['CustomerWelcomed'] }] } })).toThrow(/CustomerWelcomed: not a partner event; partners may receive CustomerCreated, OrderCompleted/);
    expect(() => createBssApp({ context: { partnerEventBuses: JSON.stringify([{ bus: 'not-an-arn', events: ['OrderCompleted'] }]) } })).toThrow(/"not-an-arn" is not an event bus ARN/);
  });
});

describe('app context', () => {
  it('rejects a stage name that cannot be part of resource names', () => {
    expect(() => createBssApp({ context: { stage: 'Prod_1' } })).toThrow(/context stage "Prod_1"/);
  });

  it('rejects a managed-login domain prefix Cognito would refuse, given or made from the stage', () => {
    expect(() => createBssApp({ context: { authDomainPrefix: 'BSS_Users' } })).toThrow(/context authDomainPrefix "BSS_Users": a Cognito domain prefix is lower-case letters/);
    expect(() => createBssApp({ context: { authDomainPrefix: 'bss-' } })).toThrow(/inner dashes/);
    expect(() => createBssApp({ context: { authDomainPrefix: 'my-cognito-login' } })).toThrow(/Cognito refuses a domain prefix containing "cognito"/);
    expect(() => createBssApp({ context: { stage: 'aws-test' } })).toThrow(/the stage .* "bss-aws-test": Cognito refuses a domain prefix containing "aws"; set -c authDomainPrefix=/);
  });

  it('refuses a production stage while simulated providers are wired in, naming each, and with the WAF off', () => {
    for (const context of [{ stage: 'prod' }, { stage: 'production' }, { stage: 'eu-live', production: 'true' }]) {
      expect(() => createBssApp({ context })).toThrow(/is a production stage and cannot be synthesized: the simulated payment gateway .* is wired in; the simulated credit bureau/);
    }
    expect(() => checkProductionStage({ stage: 'prod', enableWaf: false, simulatedProviders: [] })).toThrow(/: waf=false turns the WAF off\./);
    expect(() => checkProductionStage({ stage: 'prod', enableWaf: true, simulatedProviders: [] })).not.toThrow();
    expect(() => checkProductionStage({ stage: 'prod', enableWaf: true, simulatedProviders: [], sellerConfigured: false })).toThrow(/no seller is configured/);
    expect(() => createBssApp({ context: { stage: 'prod' } })).toThrow(/no seller is configured \(-c seller=\.\.\.\): bills would name the demo seller/);
    expect(() => createBssApp({ context: { stage: 'dev', seller: { name: 'Acme' } } })).toThrow(/the CDK context seller is not a valid seller: addressLines/);
    expect(isProductionStage('test', undefined)).toBe(false);
    expect(isProductionStage('test', 'false')).toBe(false);
  });
});

describe('event rules', () => {
  it('give a function target a retry policy, the rule dead-letter queue and an on-failure destination for async invocations', () => {
    const stack = new Stack();
    const bus = new events.EventBus(stack, 'Bus');
    const fn = stubFunction(stack, 'Fn');
    new EventRules(stack, 'Rules', {
      definitions: [
        { name: 'a-happened', description: 'A', pattern: { source: ['bss.a'], 'detail-type': ['AHappened'] }, target: { kind: 'function', name: 'react' } },
        { name: 'b-happened', description: 'B', pattern: { source: ['bss.b'] }, target: { kind: 'function', name: 'react' } },
      ],
      eventBus: bus,
      stateMachineNamed: () => {
        throw new Error('no state machine here');
      },
      functionNamed: () => fn,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'a-happened',
      EventPattern: { source: ['bss.a'], 'detail-type': ['AHappened'] },
      Targets: [Match.objectLike({ RetryPolicy: Match.anyValue(), DeadLetterConfig: Match.anyValue() })],
    });
    // Two rules, one function: its async failure destination is configured once.
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } },
    });
  });

  it('reject a pattern field EventBridge does not know', () => {
    const stack = new Stack();
    expect(
      () =>
        new EventRules(stack, 'Rules', {
          definitions: [{ name: 'x', description: 'x', pattern: { detailType: ['X'] }, target: { kind: 'function', name: 'f' } }],
          eventBus: new events.EventBus(stack, 'Bus'),
          stateMachineNamed: () => {
            throw new Error('unused');
          },
          functionNamed: () => stubFunction(stack, 'Fn'),
        }),
    ).toThrow(/"detailType" is not an EventBridge pattern field/);
  });
});

describe('schedules', () => {
  it('start their target with a least-privilege role, a retry policy and a dead-letter queue', () => {
    const stack = new Stack();
    const machine = new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Pass')) });
    new Schedules(stack, 'Schedules', {
      definitions: [
        { name: 'monthly-billing-run', expression: 'cron(0 2 1 * ? *)', timeZone: 'Europe/Paris', target: { kind: 'state-machine', name: 'billing-run' }, input: { cycle: 'monthly' } },
      ],
      groupName: 'bss-test',
      stateMachineNamed: () => machine,
      functionNamed: () => {
        throw new Error('unused');
      },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'monthly-billing-run',
      ScheduleExpression: 'cron(0 2 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { Ref: Match.anyValue() },
        RoleArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Input: JSON.stringify({ cycle: 'monthly' }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution', Resource: { Ref: Match.anyValue() } })]) },
    });
  });

  it('create nothing while the topology has none', () => {
    const stack = new Stack();
    new Schedules(stack, 'Schedules', { definitions: [], groupName: 'g', stateMachineNamed: () => undefined as never, functionNamed: () => undefined as never });
    expect(stack.node.findAll().filter((construct) => CfnResource.isCfnResource(construct))).toEqual([]);
  });
});

describe('workflows', () => {
  it('refuse an ASL whose placeholders and the topology invokes disagree', () => {
    const stack = new Stack();
    expect(
      () =>
        new Workflows(stack, 'Workflows', {
          definitions: [{ name: 'open-default-billing-account', definitionFile: 'state-machines/open-default-billing-account.asl.json', invokes: [] }],
          stage: 'test',
          functionNamed: () => stubFunction(stack, 'Fn'),
          logRetention: logs.RetentionDays.ONE_DAY,
        }),
    ).toThrow(/placeholders without a topology function: \[OpenDefaultBillingAccountFunctionArn\]/);
  });
});

describe('REST API options', () => {
  const routes: RouteDefinition[] = [
    { method: 'GET', path: '/health', function: 'health', authorized: false },
    { method: 'GET', path: '/things/{id}', function: 'get-thing', authorized: true },
  ];
  const api = (stack: Stack, options: { enableWaf: boolean; corsAllowOrigins?: string[]; appOrigin?: string }) => {
    const fn = stubFunction(stack, 'Fn');
    const restApi = new BssRestApi(stack, 'Http', {
      restApiName: 'bss-api-test',
      stageName: 'test',
      routes,
      userPools: [new cognito.UserPool(stack, 'Pool')],
      throttle: { rateLimit: 10, burstLimit: 20 },
      partnerThrottle: { rateLimit: 1, burstLimit: 2 },
      partnerDailyQuota: 100,
      logRetention: logs.RetentionDays.ONE_DAY,
      ...options,
    });
    new ApiRoutes(stack, 'Routes', { routes, api: restApi, functionNamed: () => fn });
    return restApi;
  };
  const apiFindings = (stack: Stack) => nagFindings(stack).filter((finding) => finding.includes('/Http/') || finding.includes('/Routes/'));

  it('require the path parameters of each route', () => {
    const stack = new Stack();
    api(stack, { enableWaf: true });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.id': true },
      AuthorizationType: 'COGNITO_USER_POOLS',
    });
  });

  it('pass cdk-nag with WAF switched off, through its acknowledgment', () => {
    const stack = new Stack();
    api(stack, { enableWaf: false });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(apiFindings(stack)).toEqual([]);
  });

  it('answer CORS preflights for the configured origins, still passing cdk-nag', () => {
    const stack = new Stack();
    api(stack, { enableWaf: true, corsAllowOrigins: ['https://console.example.com'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' });
    expect(apiFindings(stack)).toEqual([]);
  });

  it('answer preflights on the routes\' paths only, and name the apps\' origin on the gateway\'s own errors', () => {
    const stack = new Stack();
    api(stack, { enableWaf: true, corsAllowOrigins: ['https://apps.example.com', 'https://console.example.com'], appOrigin: 'https://apps.example.com' });
    const template = Template.fromStack(stack);
    const paths = Object.entries(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } })).map(([, method]) => method.Properties.ResourceId.Ref as string);
    const pathParts = paths.map((logicalId) => template.toJSON().Resources[logicalId].Properties.PathPart as string).sort();
    // /health and /things/{id}; not /things, which is only on the way.
    expect(pathParts).toEqual(['health', '{id}']);
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'UNAUTHORIZED',
      ResponseParameters: Match.objectLike({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'https://apps.example.com'" }),
    });
    expect(apiFindings(stack)).toEqual([]);
  });

  it('answer another method on a route path with a 405 whose Allow names the path\'s methods, OPTIONS only where preflights are answered, still passing cdk-nag', () => {
    const anyMethods = (template: Template) => Object.values(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'ANY' } }));
    const allowByPathPart = (template: Template) =>
      Object.fromEntries(
        anyMethods(template).map((method) => [
          template.toJSON().Resources[method.Properties.ResourceId.Ref].Properties.PathPart as string,
          method.Properties.Integration.IntegrationResponses[0].ResponseParameters['method.response.header.Allow'] as string,
        ]),
      );

    const withoutCors = new Stack();
    api(withoutCors, { enableWaf: true });
    // /health and /things/{id}; not /things, which is only on the way (a 404 there).
    expect(allowByPathPart(Template.fromStack(withoutCors))).toEqual({ health: "'GET'", '{id}': "'GET'" });
    Template.fromStack(withoutCors).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'ANY',
      AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK',
        RequestTemplates: Match.objectLike({ 'application/json': '{"statusCode": 405}' }),
        IntegrationResponses: [
          {
            StatusCode: '405',
            ResponseParameters: { 'method.response.header.Allow': "'GET'", 'method.response.header.Content-Type': "'application/json;charset=utf-8'" },
            ResponseTemplates: { 'application/json': Match.serializedJson({ code: 'METHOD_NOT_ALLOWED', reason: 'Method Not Allowed', message: '/things/{id} answers only GET', status: '405', '@type': 'Error' }) },
          },
        ],
      },
    });
    expect(apiFindings(withoutCors)).toEqual([]);

    const withCors = new Stack();
    api(withCors, { enableWaf: true, corsAllowOrigins: ['https://apps.example.com'], appOrigin: 'https://apps.example.com' });
    expect(allowByPathPart(Template.fromStack(withCors))).toEqual({ health: "'GET, OPTIONS'", '{id}': "'GET, OPTIONS'" });
    // The apps can read it, as the gateway's own errors.
    expect(anyMethods(Template.fromStack(withCors))[0]!.Properties.Integration.IntegrationResponses[0].ResponseParameters).toMatchObject({ 'method.response.header.Access-Control-Allow-Origin': "'https://apps.example.com'" });
    expect(apiFindings(withCors)).toEqual([]);
  });

  it('refuse an apps\' origin that CORS does not allow', () => {
    expect(() => api(new Stack(), { enableWaf: true, corsAllowOrigins: ['https://console.example.com'], appOrigin: 'https://apps.example.com' })).toThrow(/apps' origin must be one of corsAllowOrigins/);
  });

  it('refuse a route whose path the API was not built with', () => {
    const stack = new Stack();
    const restApi = api(stack, { enableWaf: true });
    expect(
      () => new ApiRoutes(stack, 'More', { routes: [{ method: 'GET', path: '/elsewhere', function: 'health', authorized: true }], api: restApi, functionNamed: () => stubFunction(stack, 'Other') }),
    ).toThrow(/built without the path \/elsewhere/);
  });

  it('put a partner route (apiKeyRequired) behind the API key its usage plan meters, and no other route', () => {
    const stack = new Stack();
    const partnerRoutes: RouteDefinition[] = [
      { method: 'GET', path: '/partner/v1/things', function: 'list-things', authorized: true, apiKeyRequired: true },
      { method: 'GET', path: '/things', function: 'list-things', authorized: true },
    ];
    const restApi = new BssRestApi(stack, 'Http', {
      restApiName: 'bss-api-test',
      stageName: 'test',
      routes: partnerRoutes,
      userPools: [new cognito.UserPool(stack, 'Pool')],
      throttle: { rateLimit: 10, burstLimit: 20 },
      partnerThrottle: { rateLimit: 1, burstLimit: 2 },
      partnerDailyQuota: 100,
      enableWaf: true,
      logRetention: logs.RetentionDays.ONE_DAY,
    });
    const fn = stubFunction(stack, 'Fn');
    new ApiRoutes(stack, 'Routes', { routes: partnerRoutes, api: restApi, functionNamed: () => fn });
    const methods = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Method'))
      .map((method) => method.Properties as { HttpMethod: string; ApiKeyRequired?: boolean; AuthorizationType: string })
      // Each path's 405 (ANY) takes no key: it is API Gateway's own answer.
      .filter((method) => method.HttpMethod !== 'ANY');
    expect(methods.map((method) => [method.ApiKeyRequired ?? false, method.AuthorizationType])).toEqual([
      [true, 'COGNITO_USER_POOLS'],
      [false, 'COGNITO_USER_POOLS'],
    ]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 1, BurstLimit: 2 }, Quota: { Limit: 100, Period: 'DAY' } });
  });

  it('refuse more per-caller limits than a web ACL has rate-based rules, and a limit under WAF\'s minimum', () => {
    const limited = (count: number, requests = 10): RouteDefinition[] =>
      Array.from({ length: count }, (_, index) => ({ method: 'GET', path: `/reports/r${index}`, function: 'report', authorized: true, perCallerLimit: { requests, perSeconds: 60 } }));
    const build = (routes: RouteDefinition[]) => () => {
      const stack = new Stack();
      new BssRestApi(stack, 'Http', {
        restApiName: 'bss-api-test',
        stageName: 'test',
        routes,
        userPools: [new cognito.UserPool(stack, 'Pool')],
        throttle: { rateLimit: 10, burstLimit: 20 },
        partnerThrottle: { rateLimit: 1, burstLimit: 2 },
        partnerDailyQuota: 100,
        enableWaf: true,
        logRetention: logs.RetentionDays.ONE_DAY,
      });
    };
    expect(build(limited(9))).not.toThrow();
    expect(build(limited(10))).toThrow(/10 routes declare a perCallerLimit, but a web ACL holds 10 rate-based rules/);
    expect(build(limited(1, 5))).toThrow(/GET \/reports\/r0: a WAF rate-based rule counts at least 10 requests, not 5/);
  });
});

describe('REST API methods in a nested stack', () => {
  /** The parent holds the API; a nested stack adds the methods of its routes, as a context does. */
  const build = (routes: RouteDefinition[]) => {
    const app = new App({ context: { '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true } });
    const parent = new Stack(app, 'Parent');
    const restApi = new BssRestApi(parent, 'Http', {
      restApiName: 'bss-api-test',
      stageName: 'test',
      routes,
      userPools: [new cognito.UserPool(parent, 'Pool')],
      throttle: { rateLimit: 10, burstLimit: 20 },
      partnerThrottle: { rateLimit: 1, burstLimit: 2 },
      partnerDailyQuota: 100,
      enableWaf: true,
      logRetention: logs.RetentionDays.ONE_DAY,
    });
    const nested = new NestedStack(parent, 'Context');
    const fn = stubFunction(nested, 'Fn');
    new ApiRoutes(nested, 'Routes', { routes, api: restApi, functionNamed: () => fn });
    const parentJson = Template.fromStack(parent).toJSON() as { Resources: Record<string, { Type: string; DependsOn?: string[] }> };
    return { parent, nested, parentJson, nestedTemplate: Template.fromStack(nested) };
  };
  const routes: RouteDefinition[] = [
    { method: 'GET', path: '/things', function: 'list-things', authorized: true },
    { method: 'GET', path: '/things/{id}', function: 'get-thing', authorized: true },
  ];
  const deploymentOf = (json: { Resources: Record<string, { Type: string; DependsOn?: string[] }> }) =>
    Object.entries(json.Resources).find(([, resource]) => resource.Type === 'AWS::ApiGateway::Deployment')!;

  it('keep the path resources in the parent and put only methods and permissions in the nested stack', () => {
    const { parentJson, nestedTemplate } = build(routes);
    expect(Object.values(parentJson.Resources).filter((resource) => resource.Type === 'AWS::ApiGateway::Resource')).toHaveLength(2);
    expect(Object.values(parentJson.Resources).filter((resource) => resource.Type === 'AWS::ApiGateway::Method')).toHaveLength(0);
    nestedTemplate.resourceCountIs('AWS::ApiGateway::Resource', 0);
    // The two routes' methods and each path's 405 (ANY).
    nestedTemplate.resourceCountIs('AWS::ApiGateway::Method', 4);
    nestedTemplate.resourcePropertiesCountIs('AWS::ApiGateway::Method', { HttpMethod: 'ANY' }, 2);
    nestedTemplate.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  it('let only its own method of the stage invoke the function, naming the stage without a reference to it', () => {
    const { nestedTemplate } = build(routes);
    nestedTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^/test/GET/things/\\*$')])] },
    });
  });

  it('make the deployment depend on the nested stack, so the stage is deployed after its methods exist', () => {
    const { parent, parentJson } = build(routes);
    const nestedStackId = parent.resolve((parent.node.findChild('Context') as NestedStack).nestedStackResource!.logicalId) as string;
    expect(deploymentOf(parentJson)[1].DependsOn).toContain(nestedStackId);
  });

  it('give the deployment a new logical id when a route of the nested stack changes, so the stage gets it', () => {
    const before = deploymentOf(build(routes).parentJson)[0];
    expect(deploymentOf(build(routes).parentJson)[0]).toBe(before);
    const changed = deploymentOf(build([routes[0]!, { ...routes[1]!, authorized: false }]).parentJson)[0];
    expect(changed).not.toBe(before);
  });
});

describe('cdk-nag', () => {
  it('fails the synthesis on a finding inside a nested stack, as it does in the parent', () => {
    const app = new App();
    addNagChecks(app);
    const nested = new NestedStack(new Stack(app, 'Parent'), 'Context');
    // Neither encrypted in transit nor a dead-letter queue: AwsSolutions-SQS3 and SQS4.
    new sqs.Queue(nested, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(() => app.synth()).toThrow(/Parent\/Context\/Queue\/Resource[\s\S]*AwsSolutions-SQS4/);
  });
});

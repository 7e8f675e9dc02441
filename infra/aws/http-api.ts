import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { bodyMediaTypes } from '../../functions/lib/http/media-types.js';
import { allowedMethods, allowHeader, methodNotAllowedBody } from '../method-not-allowed.js';
import { limitedRoutes, perCallerLimitError, routeKey, wafMinimumRateLimit, wafRateBasedRulesPerWebAcl, type LimitedRoute } from '../per-caller-limits.js';
import type { RouteDefinition } from '../topology.js';

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface BssRestApiProps {
  readonly restApiName: string;
  readonly stageName: string;
  /** topology.routes: the API's resource tree is built for all of them here, once. */
  readonly routes: readonly RouteDefinition[];
  /** The pools whose ID tokens the API accepts (customers and machines; staff). */
  readonly userPools: readonly cognito.IUserPool[];
  /** Stage-wide limit for every caller together. */
  readonly throttle: Throttle;
  /** Limits per partner API key. */
  readonly partnerThrottle: Throttle;
  readonly partnerDailyQuota: number;
  /** Associates a WAF web ACL (AWS managed rules) with the stage. */
  readonly enableWaf: boolean;
  /**
   * Browser origins allowed by CORS: each route's path answers their preflights. None (CORS
   * off) unless configured.
   */
  readonly corsAllowOrigins?: readonly string[];
  /**
   * The web apps' origin (infra/aws/web-hosting.ts), one of corsAllowOrigins: the gateway's own
   * error answers (an expired token's 401, a throttle's 429) name it in
   * Access-Control-Allow-Origin, so the apps can read them. A header names one origin only.
   */
  readonly appOrigin?: string;
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the access logs (production stages); absent: CloudWatch Logs' own encryption. */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * API Gateway's own errors (no token, unknown route, validation, throttling, ...) rendered as the
 * TMF Error body the handlers and the local gateway (infra/local/api-gateway.ts) produce.
 * An unknown path reaches API Gateway as MISSING_AUTHENTICATION_TOKEN (every route has an
 * authorizer or is public), hence 404; an unknown method on a route's path is the 405 of that
 * path's ANY method (BssRestApi.addMethodNotAllowed).
 */
const gatewayErrors: { type: apigateway.ResponseType; status?: string; code: string; reason: string; message: string; retryAfterSeconds?: number }[] = [
  { type: apigateway.ResponseType.UNAUTHORIZED, status: '401', code: 'UNAUTHORIZED', reason: 'Unauthorized', message: '"send a valid Authorization: Bearer <ID token>"' },
  { type: apigateway.ResponseType.ACCESS_DENIED, status: '403', code: 'FORBIDDEN', reason: 'Forbidden', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '404', code: 'NOT_FOUND', reason: 'Not Found', message: '"no resource at this path"' },
  { type: apigateway.ResponseType.BAD_REQUEST_PARAMETERS, status: '400', code: 'INVALID_REQUEST', reason: 'Bad Request', message: '$context.error.validationErrorString' },
  { type: apigateway.ResponseType.BAD_REQUEST_BODY, status: '400', code: 'INVALID_REQUEST', reason: 'Bad Request', message: '$context.error.validationErrorString' },
  { type: apigateway.ResponseType.REQUEST_TOO_LARGE, status: '413', code: 'PAYLOAD_TOO_LARGE', reason: 'Payload Too Large', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.INVALID_API_KEY, status: '403', code: 'FORBIDDEN', reason: 'Forbidden', message: '"the API key is invalid"' },
  { type: apigateway.ResponseType.THROTTLED, status: '429', code: 'TOO_MANY_REQUESTS', reason: 'Too Many Requests', message: '"slow down and retry later"', retryAfterSeconds: 1 },
  { type: apigateway.ResponseType.QUOTA_EXCEEDED, status: '429', code: 'QUOTA_EXCEEDED', reason: 'Too Many Requests', message: '"the daily quota of this API key is used up"', retryAfterSeconds: 3600 },
  { type: apigateway.ResponseType.WAF_FILTERED, status: '403', code: 'FORBIDDEN', reason: 'Forbidden', message: '"the request was blocked by the web application firewall"' },
  { type: apigateway.ResponseType.INTEGRATION_TIMEOUT, status: '504', code: 'GATEWAY_TIMEOUT', reason: 'Gateway Timeout', message: '"the request took too long; retry it"' },
  { type: apigateway.ResponseType.DEFAULT_4XX, code: '$context.error.responseType', reason: 'Client Error', message: '$context.error.messageString' },
  { type: apigateway.ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR', reason: 'Internal Server Error', message: '"the request failed on our side; it has been logged"' },
];

/**
 * The public REST API, shared by every bounded context: the resource tree of all topology
 * routes, the Cognito authorizer, the request validator, throttling, JSON access logs, X-Ray,
 * a usage plan and API key for partners, and optionally WAF. The routes' methods are added by
 * each context's ApiRoutes (infra/aws/api-routes.ts), in the context's own nested stack: a path
 * resource can exist only once per API, so the contexts share these resources and add only
 * their methods to them.
 */
export class BssRestApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly stageName: string;
  /** Cognito ID tokens; the first method that uses it attaches it to the API. */
  readonly authorizer: apigateway.CognitoUserPoolsAuthorizer;
  readonly requestValidator: apigateway.RequestValidator;
  readonly partnerApiKey: apigateway.IApiKey;
  readonly webAcl?: wafv2.CfnWebACL;
  private readonly resourcesByPath = new Map<string, apigateway.IResource>();
  /** The browser origins CORS allows; none: no preflights. */
  /** The origins whose pages may read the API's answers: the preflights name them, and the functions answer them (BSS_CORS_ALLOW_ORIGINS). */
  readonly corsAllowOrigins: readonly string[] = [];
  /** The paths that have their preflight method already. */
  private readonly preflightedPaths = new Set<string>();
  /** Every topology route: a path's 405 lists the methods of all of them on it, whichever context adds it. */
  private readonly routes: readonly RouteDefinition[];
  private readonly appOrigin?: string;
  /** The paths that have their ANY method (the 405) already. */
  private readonly methodNotAllowedPaths = new Set<string>();

  constructor(scope: Construct, id: string, props: BssRestApiProps) {
    super(scope, id);
    this.stageName = props.stageName;
    this.routes = props.routes;
    if (props.appOrigin) this.appOrigin = props.appOrigin;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName,
      description: 'BSS: TM Forum Open APIs',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Bill documents are PDFs: answered base64-encoded by their functions, sent as bytes.
      binaryMediaTypes: ['application/pdf'],
      // Execution logging (APIG6) needs the account-level CloudWatch role; see the IAM4 note below.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
        tracingEnabled: true,
        throttlingRateLimit: props.throttle.rateLimit,
        throttlingBurstLimit: props.throttle.burstLimit,
        // Errors only, and never request or response bodies: they carry customer data.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });
    const cloudWatchRole = this.api.node.findChild('CloudWatchRole');
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'The account-level role API Gateway uses to write execution logs of every API in the account/region; AWS documents this managed policy for it and keeps its log permissions current.',
    });

    for (const error of gatewayErrors) {
      this.api.addGatewayResponse(`${error.type.responseType}Response`, {
        type: error.type,
        ...(error.status ? { statusCode: error.status } : {}),
        responseHeaders: {
          'Content-Type': "'application/json;charset=utf-8'",
          ...(error.retryAfterSeconds ? { 'Retry-After': `'${error.retryAfterSeconds}'` } : {}),
          ...(props.appOrigin ? { 'Access-Control-Allow-Origin': `'${props.appOrigin}'`, 'Access-Control-Expose-Headers': "'Retry-After'" } : {}),
        },
        templates: {
          'application/json': `{"code":"${error.code}","reason":"${error.reason}","message":${error.message},${error.status ? `"status":"${error.status}",` : ''}"@type":"Error"}`,
        },
      });
    }

    this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [...props.userPools],
      // ID tokens: they carry cognito:groups and custom:customerId (functions/lib/auth/principal.ts).
      identitySource: apigateway.IdentitySource.header('Authorization'),
    });
    this.requestValidator = this.api.addRequestValidator('ValidateBodyAndParameters', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    for (const route of props.routes) this.resourcesByPath.set(route.path, this.api.root.resourceForPath(route.path));
    if (props.corsAllowOrigins && props.corsAllowOrigins.length > 0) {
      if (props.appOrigin && !props.corsAllowOrigins.includes(props.appOrigin)) throw new Error('the apps\' origin must be one of corsAllowOrigins');
      this.corsAllowOrigins = [...props.corsAllowOrigins];
    }

    // Partners call with an API key: the usage plan caps each key (throttle and daily quota).
    // API Gateway meters keys only on methods that require one (a topology route with
    // `apiKeyRequired`, infra/aws/api-routes.ts); no route is a partner route yet, so until one
    // is, the plan and key exist but limit nothing.
    const partnerPlan = this.api.addUsagePlan('PartnerUsagePlan', {
      name: `${props.restApiName}-partners`,
      description: 'Limits per partner API key',
      throttle: { rateLimit: props.partnerThrottle.rateLimit, burstLimit: props.partnerThrottle.burstLimit },
      quota: { limit: props.partnerDailyQuota, period: apigateway.Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.partnerApiKey = this.api.addApiKey('PartnerApiKey', {
      description: 'API key of the first partner; add one key per partner to the usage plan',
    });
    partnerPlan.addApiKey(this.partnerApiKey);

    if (props.enableWaf) {
      this.webAcl = this.associateWebAcl(props.restApiName, props.stageName, limitedRoutes(props.routes));
    } else {
      Validations.of(this.api.deploymentStage.node.defaultChild!).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: 'WAF is switched off for this deployment by the `waf=false` context (a throwaway test stage); every other stage associates the managed-rules web ACL.',
      });
    }
  }

  /**
   * The CORS preflight (an OPTIONS method answered by API Gateway itself) of a route's path, when
   * CORS is on, made in `scope` by the first context with a route on that path: like the
   * routes' methods, in the context's nested stack, so that the parent stack, which
   * CloudFormation caps at 500 resources, holds none. Only the routes' paths answer, not every
   * resource of the tree as the API-wide CORS option would: the paths between them serve no
   * request. The answer is aws-apigateway's own `addCorsPreflight`'s (a mock integration, the
   * first origin as Access-Control-Allow-Origin, any other allowed one answered as itself).
   */
  addPreflight(scope: Construct, path: string): apigateway.Method | undefined {
    if (this.corsAllowOrigins.length === 0 || this.preflightedPaths.has(path)) return undefined;
    const resource = this.resourceFor(path);
    this.preflightedPaths.add(path);
    const headers: Record<string, string> = {
      'Access-Control-Allow-Headers': `'${preflightHeaders.allow.join(',')}'`,
      'Access-Control-Allow-Origin': `'${this.corsAllowOrigins[0]}'`,
      Vary: "'Origin'",
      'Access-Control-Allow-Methods': `'${apigateway.Cors.ALL_METHODS.join(',')}'`,
      // Browsers keep a preflight's answer this long (Chromium at most 2 hours), per URL.
      'Access-Control-Max-Age': `'${preflightHeaders.maxAgeSeconds}'`,
      'Access-Control-Expose-Headers': `'${preflightHeaders.expose.join(',')}'`,
    };
    const others = this.corsAllowOrigins.slice(1);
    const responseTemplates =
      others.length === 0
        ? undefined
        : {
            'application/json': [
              '#set($origin = $input.params().header.get("Origin"))',
              '#if($origin == "")',
              '  #set($origin = $input.params().header.get("origin"))',
              '#end',
              `#if(${others.map((origin) => `$origin == "${origin}"`).join(' || ')})`,
              '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
              '#end',
            ].join('\n'),
          };
    const parameter = (name: string) => `method.response.header.${name}`;
    return new apigateway.Method(scope, 'Preflight', {
      resource,
      httpMethod: 'OPTIONS',
      integration: new apigateway.MockIntegration({
        requestTemplates: { 'application/json': '{ statusCode: 200 }' },
        integrationResponses: [{ statusCode: '204', responseParameters: Object.fromEntries(Object.entries(headers).map(([name, value]) => [parameter(name), value])), ...(responseTemplates ? { responseTemplates } : {}) }],
      }),
      options: {
        authorizationType: apigateway.AuthorizationType.NONE,
        apiKeyRequired: false,
        methodResponses: [{ statusCode: '204', responseParameters: Object.fromEntries(Object.keys(headers).map((name) => [parameter(name), true])) }],
      },
    });
  }

  /**
   * The 405 of a route's path (infra/method-not-allowed.ts): an `ANY` method, which API Gateway
   * runs for every method the resource has no method of its own for (explicit methods, the
   * preflight's OPTIONS included, take precedence), answered by API Gateway itself: a mock
   * integration whose response has the path's methods in `Allow`, computed here from the
   * topology, and the TMF error body. Made in `scope` by the first context with a route on the
   * path, as the preflight is, so the parent stack holds none of them. No authorizer: it answers
   * the same to everyone and reads nothing. The mock needs a request template for the request's
   * media type; one it has none for (methodNotAllowedMediaTypes) is API Gateway's 415.
   */
  addMethodNotAllowed(scope: Construct, path: string): apigateway.Method | undefined {
    if (this.methodNotAllowedPaths.has(path)) return undefined;
    const resource = this.resourceFor(path);
    this.methodNotAllowedPaths.add(path);
    const allowed = allowedMethods(
      this.routes.filter((route) => route.path === path),
      path,
      { preflight: this.corsAllowOrigins.length > 0 },
    );
    const headers: Record<string, string> = {
      Allow: `'${allowHeader(allowed)}'`,
      'Content-Type': "'application/json;charset=utf-8'",
      ...(this.appOrigin ? { 'Access-Control-Allow-Origin': `'${this.appOrigin}'`, Vary: "'Origin'" } : {}),
    };
    const parameter = (name: string) => `method.response.header.${name}`;
    const method = new apigateway.Method(scope, 'MethodNotAllowed', {
      resource,
      httpMethod: 'ANY',
      integration: new apigateway.MockIntegration({
        // A mock reads its status from the request template's output; a request in a media type
        // with no template is refused (415) rather than passed through, which would fail the mock (500).
        passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
        requestTemplates: Object.fromEntries(methodNotAllowedMediaTypes.map((mediaType) => [mediaType, '{"statusCode": 405}'])),
        integrationResponses: [
          {
            statusCode: '405',
            responseParameters: Object.fromEntries(Object.entries(headers).map(([name, value]) => [parameter(name), value])),
            responseTemplates: { 'application/json': JSON.stringify(methodNotAllowedBody(path, allowed)) },
          },
        ],
      }),
      options: {
        authorizationType: apigateway.AuthorizationType.NONE,
        apiKeyRequired: false,
        methodResponses: [{ statusCode: '405', responseParameters: Object.fromEntries(Object.keys(headers).map((name) => [parameter(name), true])) }],
      },
    });
    const reason = `ANY ${path} answers only API Gateway's own 405 (a mock integration, no function, no data): the methods the path serves, the same to every caller, so no authorizer.`;
    Validations.of(method.node.defaultChild!).acknowledge({ id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
    return method;
  }

  /** The resource of a topology route's path; built with the API, so no context creates one. */
  resourceFor(path: string): apigateway.IResource {
    const resource = this.resourcesByPath.get(path);
    if (!resource) throw new Error(`The REST API was built without the path ${path}: pass every topology route to it`);
    return resource;
  }

  private associateWebAcl(restApiName: string, stageName: string, limited: readonly LimitedRoute[]): wafv2.CfnWebACL {
    const managedRuleGroup = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      // Managed groups block with their own actions; `none` keeps those actions.
      overrideAction: { none: {} },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
    });
    // WAF refuses an 11th rate-based rule in a web ACL: say which routes to group instead.
    if (limited.length + 1 > wafRateBasedRulesPerWebAcl) {
      throw new Error(`${limited.length} routes declare a perCallerLimit, but a web ACL holds ${wafRateBasedRulesPerWebAcl} rate-based rules and the per-address rule takes one: ${limited.map(routeKey).join(', ')}`);
    }
    const perCallerRules = limited.map((route) => ({ route, rule: perCallerRateLimit(route, stageName) }));
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${restApiName}-web-acl`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: `${restApiName}-web-acl` },
      rules: [
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 0),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 1),
        perAddressRateLimit(2),
        ...perCallerRules.map((rule, index) => ({ ...rule.rule, priority: 3 + index })),
      ],
      customResponseBodies: {
        [tooManyRequestsBody]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({ code: 'TOO_MANY_REQUESTS', reason: 'Too Many Requests', message: `more than ${perAddressLimit.requests} requests in ${perAddressLimit.windowSeconds} s from this address; retry later`, status: '429', '@type': 'Error' }),
        },
        ...Object.fromEntries(perCallerRules.map(({ rule, route }) => [rule.name, { contentType: 'APPLICATION_JSON', content: JSON.stringify(perCallerLimitError(route)) }])),
      },
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    return webAcl;
  }
}

/**
 * The media types the 405's mock integration has a request template for (see
 * BssRestApi.addMethodNotAllowed): the bodies the API reads, and what else a client commonly sends.
 */
const methodNotAllowedMediaTypes = [
  ...new Set<string>([...bodyMediaTypes.create, ...bodyMediaTypes['merge-patch'], 'application/json-patch+json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/xml', 'text/xml', 'application/octet-stream']),
];

/** What a browser may send and read across origins: the API's request headers, and the answer's headers the apps read. */
const preflightHeaders = {
  allow: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Api-Key', 'X-Correlation-Id'],
  expose: ['ETag', 'Location', 'X-Total-Count', 'X-Result-Count'],
  maxAgeSeconds: 7200,
};

/**
 * One client address may make at most this many requests in the window (all routes together),
 * far above what an app or a partner integration needs, far below what one address can flood
 * with; beyond it the WAF answers 429 with a TMF error and Retry-After until the rate falls.
 */
export const perAddressLimit = { requests: 3000, windowSeconds: 300 } as const;
const tooManyRequestsBody = 'tooManyRequests';

function perAddressRateLimit(priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'PerAddressRateLimit',
    priority,
    statement: { rateBasedStatement: { limit: perAddressLimit.requests, evaluationWindowSec: perAddressLimit.windowSeconds, aggregateKeyType: 'IP' } },
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: tooManyRequestsBody, responseHeaders: [{ name: 'Retry-After', value: String(perAddressLimit.windowSeconds) }] } } },
    visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: 'PerAddressRateLimit' },
  };
}

const noTransformation = [{ priority: 0, type: 'NONE' }];

/**
 * A route's per-caller limit (topology `perCallerLimit`) as a WAF rate-based rule: requests of
 * the route's method on its path are counted per value of the Authorization header, so each
 * token has its own count; beyond the limit, 429 with the TMF error and Retry-After the local
 * gateway answers too (infra/per-caller-limits.ts). A request without the header is not
 * counted (WAF skips a request that lacks a custom key), and API Gateway answers it 401.
 */
function perCallerRateLimit(route: LimitedRoute, stageName: string): wafv2.CfnWebACL.RuleProperty {
  const { requests, perSeconds } = route.perCallerLimit;
  if (requests < wafMinimumRateLimit) throw new Error(`${routeKey(route)}: a WAF rate-based rule counts at least ${wafMinimumRateLimit} requests, not ${requests}`);
  const name = `PerCaller-${route.method}-${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`.slice(0, 128);
  return {
    name,
    priority: 0,
    statement: {
      rateBasedStatement: {
        limit: requests,
        evaluationWindowSec: perSeconds,
        aggregateKeyType: 'CUSTOM_KEYS',
        customKeys: [{ header: { name: 'Authorization', textTransformations: noTransformation } }],
        scopeDownStatement: {
          andStatement: {
            statements: [
              { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: route.method, textTransformations: noTransformation } },
              { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: uriPathPattern(route.path, stageName), textTransformations: noTransformation } },
            ],
          },
        },
      },
    },
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: name, responseHeaders: [{ name: 'Retry-After', value: String(perSeconds) }] } } },
    visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
  };
}

/**
 * The URI paths of a resource path as WAF sees them: `{id}` is one segment, and the stage name
 * leads the path on the execute-api host but not on a custom domain, so it is optional.
 */
export function uriPathPattern(path: string, stageName: string): string {
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const resource = path
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '[^/]+' : escape(part)))
    .join('');
  return `^(/${escape(stageName)})?${resource}/?$`;
}

/** One JSON object per request; who called (subject, API key id), what happened and how long it took. */
function accessLogFormat(): apigateway.AccessLogFormat {
  const field = apigateway.AccessLogField;
  return apigateway.AccessLogFormat.custom(
    JSON.stringify({
      requestId: field.contextRequestId(),
      requestTime: field.contextRequestTime(),
      ip: field.contextIdentitySourceIp(),
      userAgent: field.contextIdentityUserAgent(),
      httpMethod: field.contextHttpMethod(),
      resourcePath: field.contextResourcePath(),
      path: field.contextPath(),
      protocol: field.contextProtocol(),
      status: field.contextStatus(),
      responseLength: field.contextResponseLength(),
      responseLatency: field.contextResponseLatency(),
      integrationStatus: field.contextIntegrationStatus(),
      integrationLatency: field.contextIntegrationLatency(),
      errorType: field.contextErrorResponseType(),
      subject: field.contextAuthorizerClaims('sub'),
      apiKeyId: field.contextIdentityApiKeyId(),
      wafStatus: field.contextWafResponseCode(),
      xrayTraceId: field.contextXrayTraceId(),
    }),
  );
}


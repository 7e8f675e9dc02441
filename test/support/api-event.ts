import type { APIGatewayProxyEvent } from 'aws-lambda';

/** Claims as the REST API Cognito authorizer hands them over (groups as one string). */
export interface Claims {
  sub: string;
  'cognito:groups'?: string;
  'custom:customerId'?: string;
  [claim: string]: string | undefined;
}

export const adminClaims: Claims = { sub: 'admin-user', 'cognito:groups': '[admin]' };
export const agentClaims: Claims = { sub: 'agent-user', 'cognito:groups': '[agent]' };
export const mediationClaims: Claims = { sub: 'mediation-feed', 'cognito:groups': '[mediation]' };
export const riskClaims: Claims = { sub: 'risk-officer', 'cognito:groups': '[risk]' };
export const warehouseClaims: Claims = { sub: 'warehouse-user', 'cognito:groups': '[warehouse]' };
export const provisioningClaims: Claims = { sub: 'provisioning-system', 'cognito:groups': '[provisioning]' };
export const customerClaims = (customerId: string, sub = `user-of-${customerId}`): Claims => ({
  sub,
  'cognito:groups': '[customer]',
  'custom:customerId': customerId,
});

export interface ApiEventInput {
  method: string;
  path: string;
  /** The route template (API Gateway `resource`); defaults to `path`. */
  resource?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  isBase64Encoded?: boolean;
  /** `null`: no authorizer claims at all (unauthenticated). Defaults to an admin. */
  claims?: Claims | null;
  requestId?: string;
}

/**
 * A REST API (v1) proxy event as API Gateway builds it behind a Cognito authorizer. A body
 * gets `content-type: application/json` (merge-patch for PATCH) unless headers say otherwise.
 */
export function apiEvent(input: ApiEventInput): APIGatewayProxyEvent {
  const body = input.body === undefined ? null : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const headers: Record<string, string> = { ...input.headers };
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  if (body !== null && !hasContentType) {
    headers['content-type'] = input.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  }
  const claims = input.claims === undefined ? adminClaims : input.claims;
  const requestId = input.requestId ?? 'request-0001';
  return {
    resource: input.resource ?? input.path,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: input.query ?? null,
    multiValueQueryStringParameters: input.query
      ? Object.fromEntries(Object.entries(input.query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: input.isBase64Encoded ?? false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'testapi',
      authorizer: claims === null ? null : { claims },
      protocol: 'HTTP/1.1',
      httpMethod: input.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: `/test${input.path}`,
      stage: 'test',
      requestId,
      requestTimeEpoch: Date.parse('2026-01-15T10:00:00Z'),
      resourceId: 'res123',
      resourcePath: input.resource ?? input.path,
    },
  };
}

/** An event for one resource of a collection: `<collection>/{id}` with its path parameter. */
export function resourceEvent(method: string, collection: string, id: string, input: Partial<ApiEventInput> = {}): APIGatewayProxyEvent {
  return apiEvent({ method, path: `${collection}/${id}`, resource: `${collection}/{id}`, pathParameters: { id }, ...input });
}

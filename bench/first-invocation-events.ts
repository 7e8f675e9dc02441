import type { APIGatewayProxyEvent } from 'aws-lambda';
import { requestBodies } from '../infra/api-reference/request-bodies.js';
import type { RouteDefinition } from '../infra/topology.js';

/** The id every path parameter of a first invocation names: a well-formed id no item has. */
const benchId = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/**
 * The API Gateway event of each routed function's first invocation in the init bench: its first
 * route, path parameters filled with an id no item has, the route's documented request example
 * as the body (the one the OpenAPI document shows, which its schema accepts), and an admin's
 * claims as the Cognito authorizer passes them, with the issuer and audience the bench's
 * environment pins (module-init.ts). Functions no route reaches (event consumers, workflow
 * tasks) get none: their first input is another service's, not a client's.
 */
export function firstInvocationEvents(routes: readonly RouteDefinition[], environment: { staffIssuer: string; audience: string }): Map<string, APIGatewayProxyEvent> {
  const bodies = requestBodies(routes);
  const events = new Map<string, APIGatewayProxyEvent>();
  for (const route of routes) {
    if (events.has(route.function)) continue;
    const path = route.path.replace(/\{[^}]+\}/g, benchId);
    const pathParameters = Object.fromEntries([...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map(([, name]) => [name!, benchId]));
    const example = bodies.exampleOf(route);
    const claims = { sub: 'bench-admin', 'cognito:groups': 'admin', iss: `https://${environment.staffIssuer}`, aud: environment.audience, token_use: 'id' };
    const headers = { host: 'bench.example.com', 'content-type': 'application/json', 'x-forwarded-proto': 'https' };
    events.set(route.function, {
      resource: route.path,
      path,
      httpMethod: route.method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
      stageVariables: null,
      body: example === undefined ? null : JSON.stringify(example),
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'bench',
        authorizer: route.authorized ? { claims } : null,
        protocol: 'HTTP/1.1',
        httpMethod: route.method,
        identity: { sourceIp: '127.0.0.1', userAgent: 'bss-bench' },
        path: `/prod${path}`,
        stage: 'prod',
        requestId: 'bench-first-invocation',
        requestTimeEpoch: Date.now(),
        resourceId: route.path,
        resourcePath: route.path,
      } as APIGatewayProxyEvent['requestContext'],
    });
  }
  return events;
}

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteDefinition } from '../topology.js';
import { verifyToken } from './dev-issuer.js';
import type { FunctionRuntime } from './function-runtime.js';

/** API Gateway's own payload limit; handlers enforce their smaller ones. */
const gatewayMaxBodyBytes = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  parameterNames: string[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  roundTrips: number;
}

export interface LocalApiGatewayOptions {
  routes: RouteDefinition[];
  runtime: FunctionRuntime;
  signingKey: Uint8Array;
  accountId: string;
  onRequest?: (entry: RequestLogEntry) => void;
}

function compile(route: RouteDefinition): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), parameterNames };
}

function tmfError(status: number, code: string, reason: string, message: string): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json;charset=utf-8' },
    body: JSON.stringify({ code, reason, message, status: String(status), '@type': 'Error' }),
  };
}

/**
 * The local API Gateway (REST API, Lambda proxy integration): routes from the topology,
 * the Cognito authorizer's behaviour (401 without a valid token, claims handed to the
 * handler), the REST proxy event shape, and gateway errors as TMF error bodies, as the
 * gateway responses configured on AWS render them.
 */
export class LocalApiGateway {
  private readonly compiled: CompiledRoute[];

  constructor(private readonly options: LocalApiGatewayOptions) {
    this.compiled = options.routes.map(compile);
  }

  /** The routes this gateway answers, as method and resource path. */
  get routeTable(): Array<{ method: string; path: string; authorized: boolean }> {
    return this.compiled.map(({ route }) => ({ method: route.method, path: route.path, authorized: route.authorized }));
  }

  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    const started = performance.now();
    this.respond(request)
      .catch((error: unknown) => ({
        result: tmfError(502, 'BAD_GATEWAY', 'Bad Gateway', `the integration failed: ${(error as Error).message}`),
        roundTrips: 0,
      }))
      .then(({ result, roundTrips }) => {
        const headers: Record<string, string | number | boolean> = { ...result.headers };
        for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String).join(', ');
        const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
        response.writeHead(result.statusCode, { ...headers, 'content-length': body.length, 'x-local-dynamodb-round-trips': roundTrips });
        response.end(body);
        this.options.onRequest?.({
          method: request.method ?? 'GET',
          path: (request.url ?? '/').split('?')[0] ?? '/',
          status: result.statusCode,
          durationMs: performance.now() - started,
          roundTrips,
        });
      });
  };

  private async respond(request: IncomingMessage): Promise<{ result: APIGatewayProxyResult; roundTrips: number }> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const path = decodeURI(url.pathname);
    const onPath = this.compiled.filter((candidate) => candidate.pattern.test(path));
    if (onPath.length === 0) return { result: tmfError(404, 'NOT_FOUND', 'Not Found', `no resource at ${path}`), roundTrips: 0 };
    const matched = onPath.find((candidate) => candidate.route.method === method);
    if (!matched) {
      // API Gateway answers a method it has no route for as an unknown resource (404 via the
      // MISSING_AUTHENTICATION_TOKEN gateway response), so the local gateway does too.
      const allowed = onPath.map((candidate) => candidate.route.method).join(', ');
      return { result: tmfError(404, 'NOT_FOUND', 'Not Found', `no ${method} at ${path}; it answers ${allowed}`), roundTrips: 0 };
    }

    const body = await readBody(request);
    if (body === undefined) {
      return { result: tmfError(413, 'PAYLOAD_TOO_LARGE', 'Payload Too Large', `the body exceeds ${gatewayMaxBodyBytes} bytes`), roundTrips: 0 };
    }

    let claims: Record<string, string> | undefined;
    if (matched.route.authorized) {
      const authorization = headerValue(request, 'authorization');
      const token = authorization?.replace(/^Bearer\s+/i, '').trim();
      if (!token) return { result: tmfError(401, 'UNAUTHORIZED', 'Unauthorized', 'send Authorization: Bearer <token>'), roundTrips: 0 };
      try {
        claims = await verifyToken(this.options.signingKey, token);
      } catch {
        return { result: tmfError(401, 'UNAUTHORIZED', 'Unauthorized', 'the bearer token is invalid or expired'), roundTrips: 0 };
      }
    }

    const event = this.proxyEvent(request, url, matched, path, body, claims);
    const invocation = await this.options.runtime.invoke(matched.route.function, event);
    const result = invocation.result as APIGatewayProxyResult | undefined;
    if (!result || typeof result.statusCode !== 'number') {
      return { result: tmfError(502, 'BAD_GATEWAY', 'Bad Gateway', 'the integration returned a malformed response'), roundTrips: invocation.roundTrips };
    }
    return { result, roundTrips: invocation.roundTrips };
  }

  private proxyEvent(
    request: IncomingMessage,
    url: URL,
    matched: CompiledRoute,
    path: string,
    body: string,
    claims: Record<string, string> | undefined,
  ): APIGatewayProxyEvent {
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    for (let index = 0; index < request.rawHeaders.length; index += 2) {
      const name = request.rawHeaders[index]!;
      const value = request.rawHeaders[index + 1]!;
      headers[name] = value;
      (multiValueHeaders[name] ??= []).push(value);
    }
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    const values = matched.pattern.exec(path)!.slice(1);
    const pathParameters = Object.fromEntries(matched.parameterNames.map((name, index) => [name, values[index] ?? '']));
    const requestId = randomUUID();
    return {
      resource: matched.route.path,
      path,
      httpMethod: matched.route.method,
      headers,
      multiValueHeaders,
      queryStringParameters: url.searchParams.size > 0 ? query : null,
      multiValueQueryStringParameters: url.searchParams.size > 0 ? multiQuery : null,
      pathParameters: matched.parameterNames.length > 0 ? pathParameters : null,
      stageVariables: null,
      body: body.length > 0 ? body : null,
      isBase64Encoded: false,
      requestContext: {
        accountId: this.options.accountId,
        apiId: 'local',
        authorizer: claims ? { claims } : null,
        protocol: `HTTP/${request.httpVersion}`,
        httpMethod: matched.route.method,
        identity: {
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headerValue(request, 'user-agent') ?? null,
        } as APIGatewayProxyEvent['requestContext']['identity'],
        path: `/local${path}`,
        stage: 'local',
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: matched.route.path,
        resourcePath: matched.route.path,
      },
    };
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as text, or undefined when it exceeds the gateway's limit. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > gatewayMaxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

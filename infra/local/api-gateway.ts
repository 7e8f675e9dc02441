import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { allowedMethods, allowHeader, methodNotAllowedBody, pathPattern } from '../method-not-allowed.js';
import type { RouteDefinition } from '../topology.js';
import { verifyToken } from './dev-issuer.js';
import type { FunctionRuntime } from './function-runtime.js';
import { PerCallerLimiter } from './per-caller-limiter.js';

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
  /** BSS_PER_CALLER_LIMITS: replaces the topology's per-caller limits (infra/local/per-caller-limiter.ts). */
  perCallerLimitsOverride?: string;
  onRequest?: (entry: RequestLogEntry) => void;
}

function compile(route: RouteDefinition): CompiledRoute {
  return { route, ...pathPattern(route.path) };
}

function tmfError(status: number, code: string, reason: string, message: string): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json;charset=utf-8' },
    body: JSON.stringify({ code, reason, message, status: String(status), '@type': 'Error' }),
  };
}

/**
 * What the HTTP server answers a request it cannot parse (its `clientError`): a TMF error body, as
 * the gateway's other errors, in place of Node's empty one. A request line and headers past the
 * server's size limit (a URL of several kilobytes of query) is a 431, a malformed request a 400.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  // As Node's own answer: none once a response on this socket has started (a 417 for the same
  // request, say), as a second one would corrupt what the client reads; the connection just ends.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, reason, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request Header Fields Too Large', 'the request line and headers are larger than the API accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'Request Timeout', 'the request was not received in time']
        : [400, 'INVALID_REQUEST', 'Bad Request', 'the request is not well-formed HTTP'];
  const body = Buffer.from(tmfError(status, code, reason, message).body, 'utf8');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json;charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString('utf8')}`);
}

/**
 * What the HTTP server answers an `Expect` other than `100-continue` (its `checkExpectation`): the
 * 417 Node would send, with a TMF error body instead of an empty one.
 */
export function answerUnmetExpectation(request: IncomingMessage, response: ServerResponse): void {
  const result = tmfError(417, 'EXPECTATION_FAILED', 'Expectation Failed', `the API meets no Expect but 100-continue, not ${String(request.headers.expect).slice(0, 100)}`);
  const body = Buffer.from(result.body, 'utf8');
  response.writeHead(417, { ...result.headers, 'content-length': body.length, connection: 'close' });
  response.end(body);
}

/**
 * The local API Gateway (REST API, Lambda proxy integration): routes from the topology (an
 * unknown path a 404, another method on a known path a 405 with Allow), the Cognito authorizer's behaviour (401 without a valid token, claims handed to the
 * handler), the REST proxy event shape, gateway errors as TMF error bodies, as the gateway
 * responses configured on AWS render them, and the WAF's per-caller limits of the expensive
 * routes. Not the WAF's per-address limit nor the stage and partner throttles.
 */
export class LocalApiGateway {
  private readonly compiled: CompiledRoute[];
  private readonly limiter: PerCallerLimiter;

  constructor(private readonly options: LocalApiGatewayOptions) {
    this.compiled = options.routes.map(compile);
    this.limiter = new PerCallerLimiter(options.routes, { override: options.perCallerLimitsOverride });
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
    const path = decodedPath(url.pathname);
    if (path === undefined) {
      await drain(request);
      return { result: tmfError(400, 'INVALID_REQUEST', 'Bad Request', 'the path has a malformed percent-encoding (a % not followed by two hex digits, or bytes that are not UTF-8)'), roundTrips: 0 };
    }
    const onPath = this.compiled.filter((candidate) => candidate.pattern.test(path));
    if (onPath.length === 0) {
      await drain(request);
      return { result: tmfError(404, 'NOT_FOUND', 'Not Found', `no resource at ${path}`), roundTrips: 0 };
    }
    const matched = onPath.find((candidate) => candidate.route.method === method);
    if (!matched) {
      await drain(request);
      // A known path, a method none of its routes has: 405 with Allow (infra/method-not-allowed.ts),
      // before the token is checked, as the ANY method's mock integration answers it on AWS. No
      // preflight locally (the apps share the API's origin), so OPTIONS is a 405 too, and not in Allow.
      const allowed = allowedMethods(onPath.map((candidate) => candidate.route), path);
      return {
        result: {
          statusCode: 405,
          headers: { 'content-type': 'application/json;charset=utf-8', allow: allowHeader(allowed) },
          body: JSON.stringify(methodNotAllowedBody(path, allowed, method)),
        },
        roundTrips: 0,
      };
    }

    // Before the token is checked, as WAF counts before API Gateway authorizes.
    const overLimit = this.limiter.check(matched.route, headerValue(request, 'authorization'));
    if (overLimit) {
      await drain(request);
      return {
        result: {
          statusCode: 429,
          headers: { 'content-type': 'application/json;charset=utf-8', 'retry-after': String(overLimit.retryAfterSeconds) },
          body: JSON.stringify(overLimit.body),
        },
        roundTrips: 0,
      };
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
    // Names are the client's: grouped in Maps and turned into objects with Object.fromEntries, so
    // `__proto__` or `constructor` are data (own properties), as they are in the JSON Lambda gets on AWS.
    const headerPairs: [string, string][] = [];
    for (let index = 0; index < request.rawHeaders.length; index += 2) headerPairs.push([request.rawHeaders[index]!, request.rawHeaders[index + 1]!]);
    const { single: headers, multi: multiValueHeaders } = grouped(headerPairs);
    const { single: query, multi: multiQuery } = grouped(url.searchParams);
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

/** The last value and every value of each name, as plain objects whose keys are all own data properties. */
function grouped(pairs: Iterable<[string, string]>): { single: Record<string, string>; multi: Record<string, string[]> } {
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const known = values.get(name);
    if (known) known.push(value);
    else values.set(name, [value]);
  }
  return {
    single: Object.fromEntries([...values].map(([name, all]) => [name, all[all.length - 1]!])),
    multi: Object.fromEntries(values),
  };
}

/** The percent-decoded path, or undefined when its encoding is malformed. */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURI(pathname);
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/**
 * The body as text, or undefined when it exceeds the gateway's limit. Past the limit the rest is
 * still read (and dropped), so the client gets its 413 instead of a connection reset mid-upload.
 */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= gatewayMaxBodyBytes) chunks.push(chunk as Buffer);
  }
  return size > gatewayMaxBodyBytes ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** Reads a request's body to its end without keeping it, before answering without it. */
async function drain(request: IncomingMessage): Promise<void> {
  for await (const _chunk of request);
}

import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { Role } from '../../functions/lib/auth/principal.js';
import { routes as topologyRoutes, type RouteDefinition } from '../../infra/topology.js';
import { validateTmf } from './tmf-schema.js';

/**
 * The route fuzz of issue 14 (item 2), shared by test/e2e/route-fuzz.test.ts (fixed seed, a few
 * hundred cases) and `npm run fuzz` (scripts/fuzz.ts: many more, a random seed it prints).
 *
 * For every route the topology declares, fast-check generates malformed path ids, query strings,
 * bodies and headers, sends them over real HTTP to the local runtime and checks the answer: a 2xx
 * or a 4xx with a TMF Error body, never a 5xx nor a dropped connection. Write routes only get
 * bodies that no route's schema accepts (or a media type no route reads), so every write is
 * refused and the fuzz stores nothing, whatever route the gateway ends on: it shares the runtime
 * with the other tests.
 */

export type CallerKind = 'admin' | 'agent' | 'customer' | 'mediation' | 'none' | 'junk';

export interface FuzzRequest {
  method: string;
  /** Path and query, as sent on the request line. */
  path: string;
  caller: CallerKind;
  /** The customer id of a customer token; any string, as a junk claim. */
  customerId: string;
  /** The Authorization header's value for caller `junk`. */
  junkAuthorization: string;
  /** Header pairs as sent (names may repeat, or be `__proto__`). */
  headers: [string, string][];
  /** The body as sent, or undefined for none. */
  body?: Buffer | undefined;
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

export type FuzzOutcome = { answer: FuzzAnswer; problem?: string } | { error: string; problem: string };

/** Issues a signed token for the runtime's dev issuer; each fuzz case gets its own subject. */
export type TokenIssuer = (role: Role, options: { customerId?: string; subject: string }) => Promise<string>;

export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** Every topology route: none is left out. Billing runs and test clocks only ever get bodies their schemas refuse. */
export const fuzzedRoutes: readonly RouteDefinition[] = topologyRoutes;

const bodySchemas = topologyRoutes.flatMap((route) => (route.requestBody ? [route.requestBody] : []));

/** Media types a handler reads a body in; a case sending one of them carries a body no schema accepts. */
const readableMediaType = /^\s*application\/(json|merge-patch\+json)\s*(;|$)/i;

// ---------------------------------------------------------------------------------------------
// Generators

const junkWords = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'then', 'length', 'null', 'undefined', 'NaN', '$where', '@type', '@baseType'];
const fieldNames = ['id', 'href', 'name', 'status', 'state', 'description', 'currency', 'amount', 'value', 'unit', 'taxIncludedAmount', 'billingAccount', 'relatedParty', 'productOffering', 'productOrderItem', 'characteristic', 'contactMedium', 'paymentMethod', 'item', 'usageDate', 'usageType', 'usageCharacteristic', 'ratedProductUsage', 'validFor', 'price', 'quantity', 'action', 'lifecycleStatus', 'externalId', 'email', 'emailAddress', 'token', 'code', 'result', 'period', 'billingPeriod', 'date', 'reason', 'totalAmount', 'account', 'bill', 'clock', 'advanceTo', 'zone', 'version'];

/** Printable ASCII and Latin-1: what an HTTP/1.1 header value may carry. */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
  fc.constant('\t'),
);
const headerValue = (maxLength: number) => fc.string({ unit: headerChar, maxLength });
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
  );

const longText = fc.oneof(
  fc.integer({ min: 200, max: 3_000 }).map((length) => 'a'.repeat(length)),
  fc.tuple(fc.integer({ min: 60, max: 700 }), fc.constantFrom('é', '€', '😀', '\u0000', '%')).map(([count, unit]) => unit.repeat(count)),
);

/** A path segment as sent: mostly an encoded string, sometimes raw junk the gateway has to decode. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: text(40).map(encodeURIComponent) },
  { weight: 1, arbitrary: longText.map(encodeURIComponent) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..', '.', '%2e%2e', '%2E', '__proto__', 'constructor', 'prototype', 'toString', '%', '%Z', '%ZZ', '%ED%A0%80', '%C0%AF', '%FF%FE',
      '%00', '%0A', '%20', '%2F', 'a%2Fb', '%252F', '%25', '~', '-1', '0', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}',
      '%7B%7D', "'%20OR%201=1", '$%7Bjndi%7D', 'CUST%23x', 'x%3Fy', 'x%23y', 'pk%23CUSTOMER%23', '%F0%9F%98%80',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{1,30}$/) },
);

const queryKey = fc.oneof(
  fc.constantFrom(...junkWords, 'fields', 'offset', 'limit', 'id', 'name', 'status', 'state', 'relatedParty.id', 'billingAccount.id', 'customer.id', 'orderDate.gte', 'usageDate.lt', 'date.gt', 'name.gt', 'status.eq', 'amount.lte', 'sort', 'depth', 'expand', ''),
  fc.tuple(fc.constantFrom(...fieldNames), fc.constantFrom('.gt', '.gte', '.lt', '.lte', '.eq', '.regex', '.in', '[0]', '[]', '.__proto__')).map(([field, operator]) => `${field}${operator}`),
  text(20),
);
const queryValue = fc.oneof(
  text(30),
  longText,
  fc.constantFrom('', '-1', '0', '1', '01', '1.5', '1e3', '+1', ' 1', '0x10', '9007199254740993', '99999999999999999999999', 'NaN', 'Infinity', ',', ',,,', 'a,b,c', ' , ', 'true', 'null'),
  fc.array(fc.constantFrom('id', 'name', '__proto__', 'constructor', '', ' ', '*', 'a.b.c', '..', 'status'), { maxLength: 30 }).map((parts) => parts.join(',')),
  fc.array(fc.string({ maxLength: 4 }), { minLength: 19, maxLength: 40 }).map((parts) => parts.join(',')),
  fc.constantFrom('2026-13-45', '2026-02-30T25:61:00Z', '0000-00-00', '-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00.001Z', '1970-01-01', 'now'),
  fc.constantFrom('2027-00', '2027-13', '0000-01', '9999-12', '2027-3', '+002027-03', '2027-03-01', '1969-12', '2027-03,2027-04', 'EUR', 'EUR,XTS', 'eur', 'ZZZ', 'text/csv'),
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999-23:59', '2027-03-01T00:00:00+14:00', '2027-03-01T00:00:00', '2027-03-01T24:00:00Z', '2027-02-29T00:00:00Z', '2027-03-01T00:00:00.123456789Z'),
);
const rawQueryJunk = fc.constantFrom('%', '%ZZ', '%ED%A0%80', '&&&', '=', '==', 'a==b', '&=&', '?', '#', 'a=%00', ';');

/** A query string (with its `?`), or '' for none; `names` are the route's own parameters (`learnQueryNames`). */
export const queryString = (names: readonly string[] = []): fc.Arbitrary<string> => {
  const key = names.length === 0 ? queryKey : fc.oneof(queryKey, fc.constantFrom(...names), fc.tuple(fc.constantFrom(...names), fc.constantFrom('.gt', '.lt', '.eq', '[]')).map(([name, operator]) => `${name}${operator}`));
  return fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 5,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 5, arbitrary: fc.tuple(key, queryValue).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`) },
          { weight: 1, arbitrary: key.map(encodeURIComponent) },
          { weight: 1, arbitrary: rawQueryJunk },
        ),
        { minLength: 1, maxLength: 6 },
      )
      .chain((pairs) => fc.boolean().map((repeat) => (repeat ? [...pairs, ...pairs] : pairs)))
      .map((pairs) => `?${pairs.join('&')}`),
  },
  );
};

const deepNesting = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('array', 'object', 'mixed')).map(([depth, shape]) => {
  if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (shape === 'object') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `{"name":"x","characteristic":${'[{"value":'.repeat(depth)}0${'}]'.repeat(depth)}}`;
});

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 0.1, '', ' ', [], {}, [null], { '@type': 'x' }, 'x'.repeat(5_000), '\u0000', '😀'),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A JSON object with known field names (and prototype-like ones) set to values of wrong types. */
const wrongTypedObject = fc
  .dictionary(fc.constantFrom(...fieldNames, ...junkWords), wrongValue, { minKeys: 1, maxKeys: 8 })
  .map((entries) => `{${Object.entries(entries).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`);

const invalidJson = fc.oneof(
  fc.constantFrom('{', '}', '[', '{"a":}', '{"a":1,}', '[1,]', "{'a':1}", '{a:1}', 'NaN', 'undefined', '{"a":NaN}', '{"a":1e99999}', '"\\ud800"', '{"a":"\\x"}', '{"a":1}{"b":2}', '\uFEFF{}', '{"__proto__":', 'nul', 'tru', '01', '-', '1.', '.5', '{"a":-}', ' '),
  text(60),
  fc.jsonValue({ maxDepth: 4 }).chain((value) => {
    const json = JSON.stringify(value) ?? 'null';
    return fc.integer({ min: 0, max: Math.max(0, json.length - 1) }).map((cut) => json.slice(0, cut));
  }),
);

const prototypeBodies = fc.constantFrom(
  '{"__proto__":{"status":"Approved","admin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"name":"x","__proto__":null}',
  '{"__proto__":[]}',
  '{"toString":1,"valueOf":"x","hasOwnProperty":null}',
  '[{"__proto__":{"id":"x"}}]',
  '{"id":{"__proto__":{"length":1}}}',
);

/** A body text: any JSON, wrong types, deep nesting, invalid JSON, empty, too big or not UTF-8. */
const bodyText: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 5 }).map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 4, arbitrary: wrongTypedObject },
  { weight: 3, arbitrary: invalidJson },
  { weight: 2, arbitrary: prototypeBodies },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.constantFrom('', '""', 'null', '{}', '[]', '0', 'true') },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 - 8, max: 64 * 1024 + 64 }).map((size) => `{"name":"${'x'.repeat(size)}"}`) },
).map((body) => Buffer.from(body, 'utf8'));
const nonUtf8Body = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]));

const contentTypes = fc.oneof(
  fc.constantFrom('application/json', 'application/merge-patch+json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1'),
  fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json-patch+json', 'application/jsonx', ';', '', '*/*', 'application/', 'json'),
  headerValue(60),
);

const headerName = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,30}$/);
const junkHeader: fc.Arbitrary<[string, string]> = fc.oneof(
  // Expect and the encodings stop a request at the HTTP server (417, 400): seldom, so most cases reach the handlers.
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('If-Match', 'if-match'), fc.oneof(fc.constantFrom('*', 'W/"1"', '"1"', 'W/"0"', 'W/"-1"', 'W/"99999999999999999999"', 'W/""', 'W/', '"', 'W/"1", W/"2"', 'W/"1.5"', 'W/"NaN"', 'W/"__proto__"'), headerValue(40))) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('Idempotency-Key', 'idempotency-key'), fc.oneof(headerValue(80), fc.integer({ min: 200, max: 4_000 }).map((length) => 'k'.repeat(length)), fc.constantFrom('', ' ', '__proto__'))) },
  { weight: 3, arbitrary: fc.tuple(fc.constant('Accept'), fc.oneof(fc.constantFrom('text/csv', 'text/csv;q=0, */*', 'application/pdf', 'text/html', 'image/png', '*/*', 'application/json;q=0', 'text/*, application/xml;q=0.5', '', ';;;'), headerValue(40))) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('X-Correlation-Id', 'x-correlation-id'), fc.oneof(headerValue(200), fc.constantFrom('__proto__', 'a'.repeat(129)))) },
  { weight: 1, arbitrary: fc.tuple(fc.constant('Expect'), fc.oneof(fc.constantFrom('100-continue', '100-continue', '100-Continue', '200-ok', ''), headerValue(20))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Content-Encoding', 'Transfer-Encoding'), fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'chunked, gzip', 'x-junk')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('Accept-Language', 'X-Api-Key', 'Prefer', 'If-None-Match', 'Origin', 'X-Forwarded-For', 'Cookie', 'Range'), headerValue(60)) },
  { weight: 2, arbitrary: fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'), headerName), headerValue(40)) },
);

const caller = fc.oneof(
  { weight: 6, arbitrary: fc.constant<CallerKind>('admin') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('agent') },
  { weight: 2, arbitrary: fc.constant<CallerKind>('customer') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('mediation') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('none') },
  { weight: 1, arbitrary: fc.constant<CallerKind>('junk') },
);
const junkAuthorization = fc.oneof(
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJjb2duaXRvOmdyb3VwcyI6WyJhZG1pbiJdfQ.', 'bearer  x'),
  headerValue(100).map((value) => `Bearer ${value}`),
  headerValue(60),
);

/** Whether any route's schema accepts this body: such a body is never sent to a write route. */
function someSchemaAccepts(body: Buffer): boolean {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  return bodySchemas.some((schema) => schema.safeParse(json).success);
}

const isWrite = (method: string) => method !== 'GET';

/**
 * One fuzz case for a route: its method and path template, the rest generated. `knownIds` (ids the
 * runtime holds, from `collectKnownIds`) are path ids and customer ids now and then, so cases get
 * past the 404 into the handlers' reading of what exists.
 */
export function fuzzRequest(route: Pick<RouteDefinition, 'method' | 'path'>, knownIds: readonly string[] = [], queryNames: readonly string[] = []): fc.Arbitrary<FuzzRequest> {
  const parameterCount = (route.path.match(/\{\w+\}/g) ?? []).length;
  const segment = knownIds.length === 0 ? pathSegment : fc.oneof({ weight: 2, arbitrary: pathSegment }, { weight: 1, arbitrary: fc.constantFrom(...knownIds).map(encodeURIComponent) });
  const customerIds = [fc.uuid(), text(30), fc.constantFrom('__proto__', '*', '', 'CUSTOMER#x'), ...(knownIds.length > 0 ? [fc.constantFrom(...knownIds)] : [])];
  const write = isWrite(route.method);
  const body: fc.Arbitrary<Buffer | undefined> = write
    ? fc.oneof({ weight: 12, arbitrary: bodyText }, { weight: 1, arbitrary: nonUtf8Body }, { weight: 1, arbitrary: fc.constant(undefined) })
    : fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: bodyText });
  return fc
    .record({
      segments: fc.array(segment, { minLength: parameterCount, maxLength: parameterCount }),
      // Now and then the whole path is bent: a trailing slash, a doubled one, or an extra segment.
      pathBend: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('/', '//', '/x', '/..', '/%2e%2e', '/./') }),
      query: queryString(queryNames),
      caller,
      customerId: fc.oneof(...customerIds),
      junkAuthorization,
      contentType: fc.option(contentTypes, { nil: undefined, freq: 5 }),
      headers: fc.array(junkHeader, { maxLength: 4 }),
      body,
    })
    .filter(({ body: sent, contentType }) => {
      if (!write || sent === undefined) return true;
      // A body a handler would read (its media type, or none given) must be one no schema accepts.
      return !(contentType === undefined || readableMediaType.test(contentType)) || !someSchemaAccepts(sent);
    })
    .map(({ segments, pathBend, query, caller: callerKind, customerId, junkAuthorization: junk, contentType, headers, body: sent }) => {
      let index = 0;
      const path = route.path.replace(/\{\w+\}/g, () => segments[index++] ?? '') + pathBend + query;
      // The case's media type is the only one it sends: what decides whether a handler reads the body.
      const others = headers.filter(([name]) => name.toLowerCase() !== 'content-type');
      const allHeaders: [string, string][] = [...(contentType !== undefined ? [['Content-Type', contentType] as [string, string]] : []), ...others];
      // A body a handler reads as JSON is sent as JSON unless the case names a media type.
      if (sent !== undefined && contentType === undefined) allHeaders.unshift(['Content-Type', route.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json']);
      return { method: route.method, path, caller: callerKind, customerId, junkAuthorization: junk, headers: allHeaders, ...(sent !== undefined ? { body: sent } : {}) };
    });
}

// ---------------------------------------------------------------------------------------------
// Sending and checking

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

let caseCounter = 0;
async function authorizationOf(request: FuzzRequest, issue: TokenIssuer): Promise<string | undefined> {
  caseCounter += 1;
  // A subject of its own per case: the per-caller limits count each Authorization value apart, so
  // the fuzz neither meets them nor spends another test's allowance.
  const subject = `route-fuzz-${process.pid}-${caseCounter}`;
  switch (request.caller) {
    case 'none':
      return undefined;
    case 'junk':
      return request.junkAuthorization;
    case 'customer':
      return `Bearer ${await issue('customer', { customerId: request.customerId || 'x', subject })}`;
    default:
      return `Bearer ${await issue(request.caller, { subject })}`;
  }
}

/** Sends the case with node:http, so the path, header names and body bytes go out exactly as generated. */
export async function send(apiUrl: string, request: FuzzRequest, issue: TokenIssuer, timeoutMs = 30_000): Promise<FuzzAnswer> {
  const authorization = await authorizationOf(request, issue);
  const base = new URL(apiUrl);
  // Headers as raw pairs (names may repeat or be `__proto__`); node:http adds no Host to those.
  const headers: string[] = ['Host', base.host];
  for (const [name, value] of request.headers) headers.push(name, value);
  if (authorization !== undefined) headers.push('Authorization', authorization);
  if (request.body !== undefined) headers.push('Content-Length', String(request.body.length));
  return new Promise<FuzzAnswer>((resolveAnswer, reject) => {
    const outgoing = httpRequest(
      { agent, host: base.hostname, port: base.port, method: request.method, path: request.path, headers, timeout: timeoutMs },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolveAnswer({ status: incoming.statusCode ?? 0, contentType: String(incoming.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** What is wrong with an answer, or undefined when it is a 2xx, or a 4xx with a TMF Error body. */
export function problemWith(request: FuzzRequest, answer: FuzzAnswer): string | undefined {
  // GET /health answers 503 by design until the demo data is loaded; nothing else may be a 5xx.
  if (answer.status === 503 && request.method === 'GET' && /^\/health\/?(\?|$)/.test(request.path)) return undefined;
  if (answer.status >= 500) return `a ${answer.status}: ${answer.text.slice(0, 500)}`;
  if (answer.status >= 200 && answer.status < 300) {
    // Every write the fuzz sends carries a body no schema accepts (or none, or one in a media type
    // no handler reads): a handler that takes it has not validated it.
    if (isWrite(request.method)) return `a ${answer.status} for a write the fuzz meant to be refused: ${answer.text.slice(0, 300)}`;
    return undefined;
  }
  if (answer.status < 400) return `a ${answer.status}, neither a 2xx nor a 4xx`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `a ${answer.status} whose body is not JSON (${answer.contentType}): ${answer.text.slice(0, 300)}`;
  }
  const { valid, errors } = validateTmf('TMF629-Customer-v4.0.0.swagger.json', 'Error', body);
  if (!valid) return `a ${answer.status} whose body is not a TMF Error (${errors.join('; ')}): ${answer.text.slice(0, 300)}`;
  const { code, reason, status } = body as { code?: unknown; reason?: unknown; status?: unknown };
  if (typeof code !== 'string' || typeof reason !== 'string' || status !== String(answer.status)) return `a ${answer.status} whose TMF Error has no code and reason, or says status ${String(status)}`;
  return undefined;
}

export async function exercise(apiUrl: string, request: FuzzRequest, issue: TokenIssuer): Promise<FuzzOutcome> {
  try {
    const answer = await send(apiUrl, request, issue);
    const problem = problemWith(request, answer);
    return problem === undefined ? { answer } : { answer, problem };
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    const message = `${cause.code ?? cause.name}: ${cause.message}`;
    return { error: message, problem: `no answer (${message})` };
  }
}

/** The case as a shell command, to reproduce it by hand against a runtime. */
export function reproduction(apiUrl: string, request: FuzzRequest): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  const parts = ['curl', '-si', '-X', request.method, quote(`${apiUrl}${request.path}`), '--path-as-is'];
  for (const [name, value] of request.headers) parts.push('-H', quote(`${name}: ${value}`));
  if (request.caller === 'junk') parts.push('-H', quote(`Authorization: ${request.junkAuthorization}`));
  else if (request.caller !== 'none') parts.push('-H', `"Authorization: Bearer $(npm run -s token -- --role ${request.caller}${request.caller === 'customer' ? ` --customer ${quote(request.customerId || 'x')}` : ''})"`);
  if (request.body !== undefined) {
    const body = request.body.toString('utf8');
    parts.push('--data-binary', body.length > 300 ? `<${body.length} bytes: ${quote(body.slice(0, 120))}…>` : quote(body));
  }
  return parts.join(' ');
}

/** A stable seed per route, so a route added to the topology does not change the others' cases. */
export function routeSeed(seed: number, route: Pick<RouteDefinition, 'method' | 'path'>): number {
  let hash = seed | 0;
  for (const char of routeKeyOf(route)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}

export interface RouteFuzzOptions {
  apiUrl: string;
  knownIds?: readonly string[];
  /** The query parameters each route takes, by route key (`learnQueryNames`). */
  queryNames?: ReadonlyMap<string, readonly string[]>;
  issue: TokenIssuer;
  seed: number;
  numRuns: number;
  /** true: the first problem fails the property (fast-check shrinks it and throws); false: every case runs and problems are collected. */
  stopOnProblem: boolean;
  onCase?: (request: FuzzRequest, outcome: FuzzOutcome) => void;
}

/** Runs the property on one route. Throws (with fast-check's report) only with `stopOnProblem`. */
export async function fuzzRoute(route: Pick<RouteDefinition, 'method' | 'path'>, options: RouteFuzzOptions): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fuzzRequest(route, options.knownIds, options.queryNames?.get(routeKeyOf(route))), async (request) => {
      const outcome = await exercise(options.apiUrl, request, options.issue);
      options.onCase?.(request, outcome);
      if (options.stopOnProblem && outcome.problem !== undefined) {
        throw new Error(`${routeKeyOf(route)}: ${outcome.problem}\n  ${reproduction(options.apiUrl, request)}`);
      }
    }),
    { seed: routeSeed(options.seed, route), numRuns: options.numRuns },
  );
}

/**
 * A few ids of what the runtime holds (the demo catalog, stock, customer, and whatever the other
 * tests created): the `id`s (and stock `sku`s) of the first items of every collection route.
 */
export async function collectKnownIds(apiUrl: string, issue: TokenIssuer, perCollection = 3): Promise<string[]> {
  const ids = new Set<string>();
  for (const route of topologyRoutes) {
    if (route.method !== 'GET' || route.path.includes('{') || !route.authorized) continue;
    const answer = await send(apiUrl, { method: 'GET', path: `${route.path}?limit=${perCollection}`, caller: 'admin', customerId: '', junkAuthorization: '', headers: [] }, issue);
    if (answer.status !== 200) continue;
    let listed: unknown;
    try {
      listed = JSON.parse(answer.text);
    } catch {
      continue;
    }
    if (!Array.isArray(listed)) continue;
    for (const item of listed.slice(0, perCollection) as Record<string, unknown>[]) {
      for (const key of ['id', 'sku']) if (typeof item?.[key] === 'string') ids.add(item[key]);
    }
  }
  return [...ids].sort();
}

/**
 * The query parameters each GET route takes, as its own 400 for an unknown one names them ("cannot
 * filter on x; filterable attributes: a, b", "unknown parameter x; the search takes: q, limit"): the
 * fuzz then sends junk in the parameters the handlers actually read, with no list to keep.
 */
export async function learnQueryNames(apiUrl: string, issue: TokenIssuer): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const route of topologyRoutes) {
    if (route.method !== 'GET' || !route.authorized) continue;
    const path = route.path.replace(/\{\w+\}/g, 'route-fuzz-unknown');
    const answer = await send(apiUrl, { method: 'GET', path: `${path}?route-fuzz-probe=1`, caller: 'admin', customerId: '', junkAuthorization: '', headers: [] }, issue);
    const listed = /(?:filterable attributes|this report takes|the search takes): (.*)$/.exec(answer.status === 400 ? ((JSON.parse(answer.text) as { message?: string }).message ?? '') : '')?.[1];
    if (listed) names.set(routeKeyOf(route), [...listed.split(',').map((name) => name.trim()).filter(Boolean), 'fields', 'offset', 'limit']);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Nothing stored for a refused request

/**
 * A collection whose refused creations the fuzz looks for afterwards: near-valid bodies carrying
 * a marker in an attribute the collection filters on, each made invalid by one wrong value, an
 * unknown attribute or a media type no handler reads; after them, the list filtered on the marker
 * must be empty. Counting by marker, since other test files write to the same runtime meanwhile.
 */
export interface StorageProbe {
  route: Pick<RouteDefinition, 'method' | 'path'>;
  /** The attribute carrying the marker, never the one a mutation changes. */
  markerField: string;
  body(marker: string): Record<string, unknown>;
  /** The list (path and query) of what a stored request with this marker would have created. */
  listing(marker: string): string;
}

const customerCollection = '/tmf-api/customerManagement/v4/customer';
const orderCollection = '/tmf-api/productOrderingManagement/v4/productOrder';
const usageCollection = '/tmf-api/usageManagement/v4/usage';

export const storageProbes: StorageProbe[] = [
  {
    route: { method: 'POST', path: customerCollection },
    markerField: 'name',
    body: (marker) => ({ name: marker, contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: `${marker}@example.com` } }] }),
    listing: (marker) => `${customerCollection}?limit=1&fields=id&name=${encodeURIComponent(marker)}`,
  },
  {
    route: { method: 'POST', path: orderCollection },
    markerField: 'externalId',
    body: (marker) => ({ externalId: marker, billingAccount: { id: 'route-fuzz-account' }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'route-fuzz-offering' } }] }),
    listing: (marker) => `${orderCollection}?limit=1&fields=id&externalId=${encodeURIComponent(marker)}`,
  },
  {
    // A record for no known product would be kept as rejected: the staff's queue of rejected records, by usage type.
    route: { method: 'POST', path: usageCollection },
    markerField: 'usageType',
    body: (marker) => ({ usageDate: '2026-11-30T12:00:00Z', usageType: marker, usageCharacteristic: [{ name: 'msisdn', value: '33600000000' }, { name: 'duration', value: 60 }] }),
    listing: (marker) => `${usageCollection}?limit=1&status=rejected&usageType=${encodeURIComponent(marker)}`,
  },
];

function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? withValueAt(item, rest, replacement) : item));
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries keeps a `__proto__` key as data.
    return Object.fromEntries([...Object.entries(value), ...(Object.hasOwn(value, head as string) ? [] : [[head, undefined]])].map(([key, item]) => [key, key === head ? withValueAt(item, rest, replacement) : item]));
  }
  return value;
}

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

/** A refused creation on the probe's collection carrying `marker`. */
export function refusedCreation(probe: StorageProbe, marker: string): fc.Arbitrary<FuzzRequest> {
  const base = probe.body(marker);
  const schema = topologyRoutes.find((route) => routeKeyOf(route) === routeKeyOf(probe.route))?.requestBody;
  if (!schema) throw new Error(`${routeKeyOf(probe.route)} is not a topology route with a body`);
  const mutable = pathsOf(base).filter((path) => path[0] !== probe.markerField);
  const mutated = fc.oneof(
    fc.tuple(fc.constantFrom(...mutable), wrongValue).map(([path, value]) => withValueAt(base, path, value)),
    fc.tuple(fc.constantFrom(...junkWords, 'unknownAttribute', 'href', 'id', 'status'), wrongValue).map(([key, value]) => withValueAt(base, [key], value)),
  );
  return fc
    .record({
      body: fc.oneof({ weight: 4, arbitrary: mutated.map((value) => ({ value, mediaType: 'application/json' })) }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded').map((mediaType) => ({ value: base as unknown, mediaType })) }),
      caller: fc.constantFrom<CallerKind>('admin', 'agent', 'mediation'),
      headers: fc.array(junkHeader, { maxLength: 3 }),
    })
    .filter(({ body }) => !readableMediaType.test(body.mediaType) || !schema.safeParse(body.value).success)
    .map(({ body, caller: callerKind, headers }) => ({
      method: probe.route.method,
      path: probe.route.path,
      caller: callerKind,
      customerId: '',
      junkAuthorization: '',
      headers: [['Content-Type', body.mediaType] as [string, string], ...headers.filter(([name]) => name.toLowerCase() !== 'content-type')],
      body: Buffer.from(JSON.stringify(body.value), 'utf8'),
    }));
}

/** How many resources the probe's listing finds for the marker (0 or 1: it asks for one), read as an admin. */
export async function storedCount(apiUrl: string, probe: StorageProbe, marker: string, issue: TokenIssuer): Promise<number> {
  const answer = await send(apiUrl, { method: 'GET', path: probe.listing(marker), caller: 'admin', customerId: '', junkAuthorization: '', headers: [] }, issue);
  if (answer.status !== 200) throw new Error(`${probe.listing(marker)} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return (JSON.parse(answer.text) as unknown[]).length;
}

import { Validator } from '@seriousme/openapi-schema-validator';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { forbiddenWrites, writerRoles } from '../../../domain/shared/write-access.js';
import { parseCollectionQuery } from '../../../functions/lib/http/collection-query.js';
import { checkRequestBounds } from '../../../functions/lib/http/request-bounds.js';
import { errorExamples, tmfErrorBodySchema } from '../../../infra/api-reference/error-responses.js';
import { openApiDocument, type OpenApiDocument, type OpenApiOperation } from '../../../infra/api-reference/openapi-document.js';
import { registerSubscription } from '../../../domain/event-subscriptions/event-subscription.js';
import { eventTypesOf } from '../../../domain/event-subscriptions/tmf-events.js';
import { tmfApiOf } from '../../../domain/shared/tmf-paths.js';
import { contexts, routes, type RouteDefinition } from '../../../infra/topology.js';

let document: OpenApiDocument;

beforeAll(() => {
  document = openApiDocument({ contexts, serverUrl: 'http://localhost:3000' });
});

const operationOf = (route: RouteDefinition): OpenApiOperation | undefined => document.paths[route.path]?.[route.method.toLowerCase()];

/** Every `$ref` in the document, with where it is. */
function refsIn(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((element, index) => refsIn(element, `${at}/${index}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsIn(value, `${at}/${key}`)));
}

function resolvePointer(root: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment.replaceAll('~1', '/').replaceAll('~0', '~')], root);
}

/** The proxy event the route's handler would get for these parameters. */
function eventWith(path: Record<string, string>, query: Record<string, string>): APIGatewayProxyEvent {
  return { pathParameters: path, queryStringParameters: query, multiValueQueryStringParameters: null, headers: {} } as unknown as APIGatewayProxyEvent;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every route of the topology, and nothing the topology does not serve', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('gives every operation a unique id, a summary, a tag of its context and its security', () => {
    const ids = new Set<string>();
    for (const context of contexts) {
      for (const route of context.routes) {
        const operation = operationOf(route)!;
        expect(ids.has(operation.operationId), operation.operationId).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary).toEqual(expect.any(String));
        expect(operation.tags).toEqual([context.name]);
        expect(operation.security, `${route.method} ${route.path}`).toEqual(route.authorized ? [{ bearerJwt: [] }] : []);
      }
    }
  });

  it('resolves every reference inside the document', () => {
    const broken = refsIn(document).filter(({ ref }) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('documents each path parameter, a success answer and TMF error answers for every route', () => {
    for (const route of routes) {
      const operation = operationOf(route)!;
      const where = `${route.method} ${route.path}`;
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name), where).toEqual(pathNames);
      const responses = operation.responses as Record<string, { $ref?: string }>;
      expect(Object.keys(responses).some((status) => /^2(\d\d|XX)$/.test(status)), where).toBe(true);
      expect(responses['400']?.$ref, where).toBe('#/components/responses/BadRequest');
      expect(responses['500']?.$ref, where).toBe('#/components/responses/InternalError');
      if (route.authorized) expect(responses['401']?.$ref, where).toBe('#/components/responses/Unauthorized');
    }
  });

  it('describes the answers of TMF routes with the TM Forum resource schemas', () => {
    const customer = operationOf(routes.find((route) => route.function === 'get-customer')!)!;
    expect(customer.responses).toMatchObject({ '200': { headers: { ETag: {} }, content: { 'application/json': { schema: { $ref: '#/components/schemas/TMF629.Customer' } } } } });
    const list = operationOf(routes.find((route) => route.function === 'list-payments')!)!;
    expect(list.responses).toMatchObject({ '200': { headers: { 'X-Total-Count': {}, 'X-Result-Count': {} }, content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/TMF676.Payment' } } } } } });
    expect(list.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['fields', 'offset', 'limit']));
  });
});

describe('the examples of the OpenAPI document', () => {
  const bodyRoutes = routes.filter((route) => route.requestBody !== undefined);

  it('include a body example for every route that takes a body, under each media type', () => {
    expect(bodyRoutes.length).toBeGreaterThan(0);
    for (const route of bodyRoutes) {
      const content = operationOf(route)!.requestBody!.content;
      for (const [mediaType, body] of Object.entries(content)) expect(body.example, `${route.method} ${route.path} ${mediaType}`).toBeDefined();
    }
  });

  it("pass the route's own validation: its zod body schema, and the write access of at least one role", () => {
    for (const route of bodyRoutes) {
      for (const { example } of Object.values(operationOf(route)!.requestBody!.content)) {
        const parsed = route.requestBody!.safeParse(example);
        expect(parsed.error?.issues, `${route.method} ${route.path}`).toBeUndefined();
        const writers = writerRoles.filter((role) => forbiddenWrites(example, route.writeAccess!, role).length === 0);
        expect(writers.length, `${route.method} ${route.path}: no role may write the example`).toBeGreaterThan(0);
      }
    }
  });

  it("register on each TMF API's hub: its query names that API's event types", () => {
    const hubRoutes = bodyRoutes.filter((route) => route.function === 'create-hub-subscription');
    expect(hubRoutes.length).toBeGreaterThan(1);
    for (const route of hubRoutes) {
      const api = tmfApiOf(route.path)!;
      for (const { example } of Object.values(operationOf(route)!.requestBody!.content)) {
        const register = () => registerSubscription(example as never, { id: 's-1', api, eventTypes: eventTypesOf(api), owner: { kind: 'staff' }, policy: { allowLocal: false } });
        expect(register, route.path).not.toThrow();
      }
    }
  });

  it('validate against the body schema the document publishes', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    ajv.addSchema({ $id: 'openapi', components: document.components });
    for (const route of bodyRoutes) {
      for (const body of Object.values(operationOf(route)!.requestBody!.content)) {
        const validate = ajv.compile({ $ref: `openapi${body.schema.$ref}` });
        expect(validate(body.example), `${route.method} ${route.path}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    }
  });

  it('of parameters pass the checks the handlers apply to the URL (bounds, TMF list parameters)', () => {
    for (const route of routes) {
      const parameters = operationOf(route)!.parameters;
      const examples = (where: string) => Object.fromEntries(parameters.filter((parameter) => parameter.in === where).map((parameter) => [parameter.name, String(parameter.example)]));
      for (const parameter of parameters) expect(parameter.example, `${route.method} ${route.path} ${parameter.name}`).toBeDefined();
      const event = eventWith(examples('path'), examples('query'));
      expect(() => checkRequestBounds(event)).not.toThrow();
      // A route's own query parameters are its handler's to check (its tests do); the TMF list parameters are the collection query's.
      const own = new Set((route.queryParameters ?? []).map((parameter) => parameter.name));
      const tmfQuery = Object.fromEntries(Object.entries(examples('query')).filter(([name]) => !own.has(name)));
      if (Object.keys(tmfQuery).length > 0) expect(() => parseCollectionQuery(eventWith(examples('path'), tmfQuery), [])).not.toThrow();
    }
  });

  it("of answers pass their route's response schema, and the component the document publishes for it", () => {
    const answerRoutes = routes.filter((route) => route.response !== undefined);
    expect(answerRoutes.length).toBeGreaterThan(0);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    ajv.addSchema({ $id: 'openapi-answers', components: document.components });
    for (const route of answerRoutes) {
      const where = `${route.method} ${route.path}`;
      const answer = (operationOf(route)!.responses as Record<string, { content: Record<string, { schema: { $ref: string }; example: unknown }> }>)['200']!.content['application/json']!;
      expect(answer.example, where).toEqual(route.response!.example);
      expect(route.response!.schema.safeParse(answer.example).error?.issues, where).toBeUndefined();
      const validate = ajv.compile({ $ref: `openapi-answers${answer.schema.$ref}` });
      expect(validate(answer.example), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('of errors are TMF Error bodies, as the Error schema says', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(document.components.schemas!.Error as object);
    for (const example of errorExamples()) {
      expect(tmfErrorBodySchema.safeParse(example).success, JSON.stringify(example)).toBe(true);
      expect(validate(example), JSON.stringify(example)).toBe(true);
    }
    expect(validate({ code: 'X', reason: 'Y', message: 'Z' })).toBe(false);
  });
});

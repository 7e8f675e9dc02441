import * as z from '../../domain/shared/zod.js';
import packageJson from '../../package.json' with { type: 'json' };
import { tmfApiOf } from '../../domain/shared/tmf-paths.js';
import { writerRoles, type WriteAccess } from '../../domain/shared/write-access.js';
import { defaultLimit, maxLimit } from '../../functions/lib/http/collection-query.js';
import { bodyMediaTypes } from '../../functions/lib/http/media-types.js';
import { maxPathParameterBytes } from '../../functions/lib/http/request-bounds.js';
import type { BoundedContext, RouteDefinition } from '../topology.js';
import { errorComponentName, errorResponseComponents, errorResponsesOf, tmfErrorBodySchema } from './error-responses.js';
import { requestBodies } from './request-bodies.js';
import { responseBodies } from './response-bodies.js';
import type { JsonSchema } from './schema-example.js';
import { TmfOperations } from './tmf-operations.js';
import { tmfSpecifications } from './tmf-specifications.js';

export interface OpenApiOptions {
  /** The topology's bounded contexts: their routes are the document's operations, their names its tags. */
  contexts: readonly BoundedContext[];
  /** Where the API answers: the local runtime's URL, or a deployed stage's. */
  serverUrl: string;
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>>; components: Record<string, Record<string, unknown>> };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  example?: unknown;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string }; example?: unknown }> };
  parameters: OpenApiParameter[];
  [key: string]: unknown;
}

export const bearerScheme = 'bearerJwt';
export const partnerKeyScheme = 'partnerApiKey';

/** A path parameter's example: the shape of the ids the API gives. */
const exampleId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';

/**
 * The OpenAPI 3.1 document of the API, built from what serves it: the topology's routes (paths,
 * methods, authorization, the functions' descriptions), each route's zod body schema (the one
 * its handler and API Gateway's request model validate with), the TM Forum specifications for
 * the answers of TMF routes, and the TMF Error body of functions/lib/http. A route added to the
 * topology appears here without anything else to write.
 */
export function openApiDocument(options: OpenApiOptions): OpenApiDocument {
  const routes = options.contexts.flatMap((context) => context.routes);
  const functions = new Map(options.contexts.flatMap((context) => context.functions.map((definition) => [definition.name, definition] as const)));
  const bodies = requestBodies(routes);
  const answers = responseBodies(routes);
  const tmf = new TmfOperations(tmfSpecifications);

  const routesOf = new Map<string, number>();
  for (const route of routes) routesOf.set(route.function, (routesOf.get(route.function) ?? 0) + 1);

  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const context of options.contexts) {
    for (const route of context.routes) {
      const definition = functions.get(route.function);
      if (!definition) throw new Error(`route ${route.method} ${route.path} names an unknown function ${route.function}`);
      const tmfOperation = tmf.operationFor(route);
      const bodyComponent = bodies.componentOf(route);
      const bodyExample = bodies.exampleOf(route);
      const operation: OpenApiOperation = {
        operationId: operationIdOf(route, routesOf.get(route.function)! > 1),
        summary: definition.description,
        description: operationDescription(route, tmfOperation?.api),
        tags: [context.name],
        parameters: [...pathParameters(route), ...(tmfOperation ? tmfQueryParameters(tmfOperation.queryParameters) : []), ...routeQueryParameters(route), ...headerParameters(route)],
        ...(bodyComponent
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  bodyMediaTypes[route.method === 'PATCH' ? 'merge-patch' : 'create'].map((mediaType) => [
                    mediaType,
                    { schema: { $ref: `#/components/schemas/${bodyComponent}` }, ...(bodyExample === undefined ? {} : { example: bodyExample }) },
                  ]),
                ),
              },
            }
          : {}),
        responses: {
          ...(tmfOperation && Object.keys(tmfOperation.responses).length > 0 ? withEntityTags(tmfOperation.responses) : (answers.responsesOf(route) ?? untypedSuccess())),
          ...errorResponsesOf(route),
        },
        // Both at once (one requirement object): a partner route takes the token and the key.
        security: route.authorized || route.apiKeyRequired ? [{ ...(route.authorized ? { [bearerScheme]: [] } : {}), ...(route.apiKeyRequired ? { [partnerKeyScheme]: [] } : {}) }] : [],
      };
      (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Serverless BSS API',
      version: packageJson.version,
      description:
        "The Business Support System's API, shaped on the TM Forum Open APIs v4. Conventions (lists, filters, writes, errors, roles) are in docs/api.md; a method a path does not list answers 405 Method Not Allowed with an Allow header and the TMF error, from the gateway (docs/api.md, Errors). This document is generated from the routes and schemas that serve the API (`npm run openapi`). The resource schemas named TMF<number>.<name> come from the TM Forum Open API specifications (Apache-2.0 with TM Forum's appendix, specs/tmf/LICENSE in the repository).",
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: options.serverUrl }],
    tags: options.contexts.filter((context) => context.routes.length > 0).map((context) => ({ name: context.name })),
    paths,
    components: {
      schemas: { [errorComponentName]: withoutDialect(z.toJSONSchema(tmfErrorBodySchema, { target: 'draft-2020-12' }) as JsonSchema), ...bodies.components, ...answers.components, ...tmf.components() },
      responses: errorResponseComponents(),
      securitySchemes: {
        [bearerScheme]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An ID token: from the Cognito user pools on AWS (groups admin, agent, customer; a customer token carries custom:customerId), from the local dev issuer with `npm run token -- --role admin` locally.',
        },
        [partnerKeyScheme]: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: "A partner's API key on AWS, sent beside its bearer token: its usage plan sets the partner's throttle and daily quota.",
        },
      },
    },
  };
}

function pathParameters(route: RouteDefinition): OpenApiParameter[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1]!,
    in: 'path',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: maxPathParameterBytes },
    example: exampleId,
  }));
}

/** The TMF list parameters with this API's bounds (functions/lib/http/collection-query.ts). */
function tmfQueryParameters(parameters: OpenApiParameter[]): OpenApiParameter[] {
  return parameters.map((parameter) => {
    const bounded = { ...parameter };
    if (parameter.name === 'limit') Object.assign(bounded, { schema: { type: 'integer', minimum: 0, maximum: maxLimit, default: defaultLimit }, example: 10 });
    if (parameter.name === 'offset') Object.assign(bounded, { schema: { type: 'integer', minimum: 0, default: 0 }, example: 0 });
    if (parameter.name === 'fields') Object.assign(bounded, { example: 'id,name' });
    return bounded;
  });
}

/** The query parameters an extension route declares (a TMF list's come from its specification). */
function routeQueryParameters(route: RouteDefinition): OpenApiParameter[] {
  return (route.queryParameters ?? []).map((parameter) => ({ name: parameter.name, in: 'query', required: parameter.required, description: parameter.description, example: parameter.example, schema: { type: 'string', minLength: 1 } }));
}

function headerParameters(route: RouteDefinition): OpenApiParameter[] {
  const headers: OpenApiParameter[] = [
    {
      name: 'x-correlation-id',
      in: 'header',
      description: 'Carried into logs, events and the answer; up to 128 characters of A-Z a-z 0-9 . _ : -, else the request id is used.',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
      example: 'checkout-7f3a',
    },
  ];
  if (route.method === 'PATCH' || route.method === 'PUT') {
    headers.push({ name: 'If-Match', in: 'header', description: 'The ETag read (W/"<version>"); a stale one answers 412.', schema: { type: 'string' }, example: 'W/"1"' });
  }
  if (route.method === 'POST' && route.requestBody) {
    headers.push({
      name: 'Idempotency-Key',
      in: 'header',
      description: 'Replays the first answer for 24 h; the same key with another body answers 422.',
      schema: { type: 'string', maxLength: 256 },
      example: '3c5e1b7a-order-42',
    });
  }
  return headers;
}

/** Every single-resource answer carries its version as a weak ETag (docs/api.md, Writes): the If-Match of the next PATCH. */
function withEntityTags(responses: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const schema = (response.content as { 'application/json'?: { schema?: JsonSchema } } | undefined)?.['application/json']?.schema;
      if (!schema || schema.type === 'array') return [status, response];
      const etag = { description: 'The resource version, W/"<version>": send it as If-Match to change the resource', schema: { type: 'string' }, example: 'W/"1"' };
      return [status, { ...response, headers: { ...(response.headers as object | undefined), ETag: etag } }];
    }),
  );
}

/** A route no TMF specification describes (our extensions): its answer is described in docs/. */
function untypedSuccess(): Record<string, Record<string, unknown>> {
  return { '2XX': { description: 'Success: the shape of this extension resource is described in docs/ (see the description).' } };
}

/** What the summary (the function's description) does not say: where the answer's shape is, filters, who writes what. */
function operationDescription(route: RouteDefinition, tmfApi: string | undefined): string {
  const lines: string[] = [];
  if (tmfApi) lines.push(`Answers are ${tmfApi} resources (TM Forum Open API v4), with the extension attributes of docs/api.md.`);
  else lines.push('An extension of this BSS beside the TM Forum APIs; see docs/api.md for its resource.');
  // Filters are declared by each list handler, not in the topology: the document points to where they are listed.
  if (route.method === 'GET' && route.function.startsWith('list-')) lines.push('A list: it takes the attribute filters of docs/api.md (Lists) as query parameters; an unknown parameter answers 400.');
  if (route.writeAccess) lines.push(`Who may write what: ${writersOf(route.writeAccess)}.`);
  if (!route.authorized) lines.push('Public: no token needed.');
  return lines.join('\n\n');
}

/** "admin, agent: every attribute; customer: name, contactMedium; mediation: nothing". */
function writersOf(access: WriteAccess): string {
  return writerRoles
    .map((role) => {
      const allowed = access[role] ?? {};
      if (allowed === 'everything') return `${role}: every attribute`;
      const attributes = Object.keys(allowed);
      return `${role}: ${attributes.length > 0 ? attributes.join(', ') : 'nothing'}`;
    })
    .join('; ');
}

/**
 * The function's name; for a function that serves several routes (every TMF API's hub), with
 * the route's API or path after it, operation ids being unique: createHubSubscriptionForCustomerManagement.
 */
function operationIdOf(route: RouteDefinition, sharedFunction: boolean): string {
  if (!sharedFunction) return camelCase(route.function);
  const api = tmfApiOf(route.path);
  const where = api ?? route.path.replace(/[{}]/g, '').split('/').filter(Boolean).join('-');
  return `${camelCase(route.function)}For${camelCase(`-${where}`)}`;
}

function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

import * as z from '../../domain/shared/zod.js';
import { ApiError, tmfErrorBody, toApiError, type TmfErrorBody } from '../../functions/lib/http/api-error.js';
import type { RouteDefinition } from '../topology.js';

/**
 * The error answers of the API reference. Every 4xx/5xx carries the TMF Error body that
 * functions/lib/http/api-error.ts renders (and the gateways render alike); its schema is typed
 * against that module's `TmfErrorBody`, so the two cannot drift apart, and each example is made
 * by the same `ApiError` the handlers throw.
 */
export const tmfErrorBodySchema: z.ZodMiniType<TmfErrorBody> = z
  .object({
    code: z.string().check(z.describe('Machine-readable error code, e.g. NOT_FOUND, CONCURRENT_MODIFICATION')),
    reason: z.string().check(z.describe('The HTTP reason phrase')),
    message: z.string().check(z.describe('What went wrong, for a person; never internals')),
    status: z.string().check(z.describe('The HTTP status, as a string (TMF)')),
    '@type': z.literal('Error'),
    details: z.optional(z.array(z.object({ field: z.string(), problem: z.string() }))).check(z.describe('Each offending field of a request that failed validation')),
  })
  .check(z.describe('TMF Error'));

export const errorComponentName = 'Error';

interface ErrorAnswer {
  status: number;
  /** Component name under components.responses. */
  name: string;
  description: string;
  example: TmfErrorBody;
  /** Whether the route can answer it. */
  answeredBy(route: RouteDefinition): boolean;
}

const hasPathParameters = (route: RouteDefinition) => route.path.includes('{');
const writes = (route: RouteDefinition) => route.method !== 'GET';

/**
 * Which error a route can answer follows from what the route is (authorized, with a body, a
 * patch, a path parameter), the conventions of docs/api.md that every handler shares.
 */
const errorAnswers: ErrorAnswer[] = [
  {
    status: 400,
    name: 'BadRequest',
    description: 'The request is malformed: an unknown or invalid query parameter, a value too long, or a body that fails validation (details names each field).',
    example: tmfErrorBody(ApiError.badRequest('the body is invalid: name: Too small: expected string to have >=1 characters', [{ field: 'name', problem: 'Too small: expected string to have >=1 characters' }])),
    answeredBy: () => true,
  },
  {
    status: 401,
    name: 'Unauthorized',
    description: 'No bearer token, or one that is invalid or expired.',
    example: tmfErrorBody(ApiError.unauthorized()),
    answeredBy: (route) => route.authorized,
  },
  {
    status: 403,
    name: 'Forbidden',
    description: "The caller's role may not do this, or may not write an attribute it sent (details names it).",
    example: tmfErrorBody(ApiError.forbidden('a customer may not write these attributes', [{ field: 'creditLimit', problem: 'set by staff only' }])),
    answeredBy: (route) => route.authorized,
  },
  {
    status: 404,
    name: 'NotFound',
    description: "No such resource, or one the caller may not see (another customer's answers 404, not 403).",
    example: tmfErrorBody(ApiError.notFound('customer', '6f1c2a9e-0000-4000-8000-000000000000')),
    answeredBy: hasPathParameters,
  },
  {
    status: 409,
    name: 'Conflict',
    description: "The resource's state forbids the change, a concurrent change won, or a request with the same Idempotency-Key is still running.",
    example: tmfErrorBody(ApiError.conflict('CONCURRENT_MODIFICATION', 'customer 6f1c2a9e-0000-4000-8000-000000000000 was changed meanwhile; read it again and retry')),
    answeredBy: writes,
  },
  {
    status: 412,
    name: 'PreconditionFailed',
    description: 'If-Match names a version that is no longer current.',
    example: tmfErrorBody(ApiError.preconditionFailed('If-Match W/"3" is not the current version W/"4"')),
    answeredBy: (route) => route.method === 'PATCH' || route.method === 'PUT' || route.ifMatch === true,
  },
  {
    status: 413,
    name: 'PayloadTooLarge',
    description: 'The body is larger than the route accepts.',
    example: tmfErrorBody(ApiError.payloadTooLarge(64 * 1024)),
    answeredBy: (route) => route.requestBody !== undefined,
  },
  {
    status: 415,
    name: 'UnsupportedMediaType',
    description: 'The body is not sent as application/json (or application/merge-patch+json for PATCH).',
    example: tmfErrorBody(ApiError.unsupportedMediaType('text/plain')),
    answeredBy: (route) => route.requestBody !== undefined,
  },
  {
    status: 422,
    name: 'IdempotencyKeyReused',
    description: 'The Idempotency-Key was already used with a different body.',
    example: tmfErrorBody(new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable Entity', 'this Idempotency-Key was already used with a different body')),
    answeredBy: (route) => route.method === 'POST' && route.requestBody !== undefined,
  },
  {
    status: 429,
    name: 'TooManyRequests',
    description: "On AWS: the stage's, the API key's or the address's rate limit was reached; retry after Retry-After seconds.",
    example: { code: 'TOO_MANY_REQUESTS', reason: 'Too Many Requests', message: 'slow down and retry later', status: '429', '@type': 'Error' },
    answeredBy: () => true,
  },
  {
    status: 500,
    name: 'InternalError',
    description: 'A bug on our side; it is logged, and the answer says nothing of internals.',
    example: tmfErrorBody(toApiError(new Error('any unexpected failure'))),
    answeredBy: () => true,
  },
];

/** The error answers as components.responses, each the TMF Error body with its example. */
export function errorResponseComponents(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    errorAnswers.map((answer) => [
      answer.name,
      {
        description: answer.description,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${errorComponentName}` }, example: answer.example } },
      },
    ]),
  );
}

/** The error answers of a route, by status, as references to the components. */
export function errorResponsesOf(route: RouteDefinition): Record<string, { $ref: string }> {
  return Object.fromEntries(errorAnswers.filter((answer) => answer.answeredBy(route)).map((answer) => [String(answer.status), { $ref: `#/components/responses/${answer.name}` }]));
}

/** Every error example, to check against the schema. */
export function errorExamples(): TmfErrorBody[] {
  return errorAnswers.map((answer) => answer.example);
}

import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { principalOf, type Principal } from '../auth/principal.js';
import { requireRouteAccess, routeKeyOf } from '../auth/route-access.js';
import { logger, publishMetrics } from '../observability/telemetry.js';
import { tmfErrorBody, toApiError } from './api-error.js';
import { allowedOriginsFromEnvironment, corsHeaders } from './cors.js';
import { checkRequestBounds } from './request-bounds.js';
import { headerOf } from './request-body.js';
import { jsonResponse } from './responses.js';

export interface ApiRequest {
  event: APIGatewayProxyEvent;
  context: Context;
  principal: Principal;
  correlationId: string;
}

export type UseCase = (request: ApiRequest) => Promise<APIGatewayProxyResult>;

/**
 * The client's `x-correlation-id` when it is a plain token of at most 128 characters (it is
 * echoed into logs, events and answers, so nothing else is taken from the client), else the
 * API Gateway request id.
 */
export const correlationIdOf = (event: APIGatewayProxyEvent): string => {
  const given = headerOf(event, 'x-correlation-id');
  if (given !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(given)) return given;
  return event.requestContext?.requestId ?? 'uncorrelated';
};

/**
 * Wraps one HTTP use case: Lambda context and correlation id in every log line, metrics
 * flushed, the URL's values bounded (request-bounds.ts), the caller's principal resolved and
 * its roles checked against the route's callers (route-access.ts), and
 * every failure rendered as a TMF error body; every answer, failures included, carries the CORS
 * headers of an allowed web app's origin (cors.ts).
 * A 5xx never leaks internals: the error is logged and the client gets a generic message.
 */
export function apiHandler(useCase: UseCase) {
  const allowedOrigins = allowedOriginsFromEnvironment();
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics)
    .use({
      onError: async (request) => {
        const apiError = toApiError(request.error);
        if (apiError.status >= 500) logger.error('request failed', { error: request.error as Error });
        else logger.info('request rejected', { status: apiError.status, code: apiError.code, reason: apiError.message });
        request.response = jsonResponse(apiError.status, tmfErrorBody(apiError), {
          ...corsHeaders(request.event, allowedOrigins),
          'x-correlation-id': correlationIdOf(request.event),
          ...(apiError.status === 503 ? { 'retry-after': '1' } : {}),
        });
      },
    })
    .handler(async (event, context) => {
      const correlationId = correlationIdOf(event);
      logger.appendKeys({ correlationId });
      checkRequestBounds(event);
      const principal = principalOf(event);
      requireRouteAccess(principal, routeKeyOf(event));
      const response = await useCase({ event, context, principal, correlationId });
      return { ...response, headers: { ...response.headers, ...corsHeaders(event, allowedOrigins), 'x-correlation-id': correlationId } };
    });
}

import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tmfErrorBody, toApiError } from '../lib/http/api-error.js';
import { headerOf } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';

/**
 * What the public API reference functions share (GET /openapi.json, /events/schemas): no
 * principal to resolve, every failure a TMF error body, and the API's base URL as the caller
 * reached it, which the OpenAPI document names as its server.
 */
export function publicAnswer(answer: (event: APIGatewayProxyEvent) => APIGatewayProxyResult | Promise<APIGatewayProxyResult>) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      return await answer(event);
    } catch (error) {
      const apiError = toApiError(error);
      return jsonResponse(apiError.status, tmfErrorBody(apiError));
    }
  };
}

/**
 * `https://<host>/<stage>` on API Gateway (requestContext.path is /<stage>/openapi.json there, and
 * no prefix under a custom domain), `http://<host>` from the local gateway, which sets no domain.
 */
export function baseUrlOf(event: APIGatewayProxyEvent): string {
  const host = headerOf(event, 'host');
  if (host === undefined) return '/';
  const scheme = headerOf(event, 'x-forwarded-proto') ?? 'http';
  const contextPath = event.requestContext.path ?? '';
  const prefix = event.requestContext.domainName && contextPath.endsWith(event.path) ? contextPath.slice(0, contextPath.length - event.path.length) : '';
  return `${scheme}://${host}${prefix}`;
}

/** Reference documents change only with a deployment: caches may keep them a few minutes. */
export const referenceCaching = { 'cache-control': 'public, max-age=300' };

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { headerOf } from './request-body.js';

/**
 * The headers that let a web app on another origin read an answer (docs/web.md, "On AWS"): the
 * portal and the desktop are served by CloudFront and call the API on its own origin. API
 * Gateway answers the preflights, but a Lambda proxy integration passes the function's answer
 * as it is, so every answer names the request's origin when it is one the deployment allows,
 * and exposes the headers the apps read (ETag for If-Match, the list counts, Location,
 * Retry-After). Locally the apps are on the API's origin and no origin is configured.
 */
const exposed = 'ETag, Location, X-Total-Count, X-Result-Count, Retry-After, X-Correlation-Id';

export function corsHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = headerOf(event, 'origin');
  // Vary on every answer: a cache must not give one origin's answer to another.
  if (origin === undefined || !allowedOrigins.includes(origin)) return allowedOrigins.length > 0 ? { vary: 'Origin' } : {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': exposed, vary: 'Origin' };
}

/** The origins the deployment allows (BSS_CORS_ALLOW_ORIGINS, comma-separated; infra/aws/use-case-functions.ts). */
export const allowedOriginsFromEnvironment = (value = process.env.BSS_CORS_ALLOW_ORIGINS): readonly string[] =>
  (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

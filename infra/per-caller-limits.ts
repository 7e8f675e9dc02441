import type { PerCallerLimit, RouteDefinition } from './topology.js';

/**
 * The per-caller limits of the expensive routes (topology `perCallerLimit`), as both targets
 * enforce them: a WAF rate-based rule per route on AWS (infra/aws/http-api.ts), the local API
 * gateway's limiter locally (infra/local/per-caller-limiter.ts). A caller is the value of the
 * Authorization header, the only thing WAF sees of it before API Gateway checks the token.
 */

export type LimitedRoute = RouteDefinition & { perCallerLimit: PerCallerLimit };

/** WAF's quota of rate-based rules in one web ACL (fixed, not adjustable); the per-address rule takes one. */
export const wafRateBasedRulesPerWebAcl = 10;

/** WAF rate-based rules count at least this many requests. */
export const wafMinimumRateLimit = 10;

export function limitedRoutes(routes: readonly RouteDefinition[]): LimitedRoute[] {
  return routes.filter((route): route is LimitedRoute => route.perCallerLimit !== undefined);
}

/** `POST /pricing/v1/quote`: how the limit names its route, in the error and in overrides. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * The 429 answer's TMF error body, the same from WAF and from the local gateway; with it,
 * `Retry-After: <window>`: WAF blocks until the caller's rate over the window falls under the
 * limit, and a whole window is the longest that takes.
 */
export function perCallerLimitError(route: LimitedRoute): Record<string, string> {
  const { requests, perSeconds } = route.perCallerLimit;
  return {
    code: 'TOO_MANY_REQUESTS',
    reason: 'Too Many Requests',
    message: `more than ${requests} requests in ${perSeconds} s to ${routeKey(route)} from this caller; retry later`,
    status: '429',
    '@type': 'Error',
  };
}

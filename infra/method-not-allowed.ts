import { ApiError, tmfErrorBody, type TmfErrorBody } from '../functions/lib/http/api-error.js';
import type { RouteDefinition } from './topology.js';

/**
 * A request on a path the topology knows, in a method none of that path's routes has: 405 Method
 * Not Allowed with an `Allow` header naming the path's methods and the TMF error body (TMF630,
 * RFC 9110 §15.5.6), as both targets answer it: the local API gateway (infra/local/api-gateway.ts)
 * and, on AWS, an `ANY` method with a mock integration on each route path's resource
 * (infra/aws/http-api.ts). A path no route has stays a 404.
 */

/** The order the `Allow` header lists methods in: reads, writes, then the preflight. */
const allowOrder = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export interface PathPattern {
  /** Matches a decoded request path, with or without a trailing slash; a `{name}` is one segment. */
  pattern: RegExp;
  /** The template's `{name}`s, in the order of the pattern's groups. */
  parameterNames: string[];
}

/** `/customer/{id}` → `^/customer/([^/]+)/?$`, with `id` as its parameter. */
export function pathPattern(template: string): PathPattern {
  const parameterNames: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), parameterNames };
}

export interface AllowedMethodsOptions {
  /**
   * Whether the gateway answers CORS preflights (OPTIONS) on the path: on AWS when browser
   * origins are configured; never locally, where the apps share the API's origin.
   */
  preflight?: boolean;
}

/**
 * The methods the routes whose templates match `path` (a request's decoded path) answer, in the
 * `Allow` header's order, OPTIONS last when the path answers preflights. Empty: no route has the
 * path, which is a 404, not a 405.
 */
export function allowedMethods(routes: readonly Pick<RouteDefinition, 'method' | 'path'>[], path: string, options: AllowedMethodsOptions = {}): string[] {
  const methods = new Set<string>(routes.filter((route) => pathPattern(route.path).pattern.test(path)).map((route) => route.method));
  if (methods.size === 0) return [];
  if (options.preflight) methods.add('OPTIONS');
  return [...methods].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const rank = (method: string) => {
  const index = allowOrder.indexOf(method);
  return index < 0 ? allowOrder.length : index;
};

/** The `Allow` header's value: `GET, PATCH`. */
export const allowHeader = (methods: readonly string[]): string => methods.join(', ');

/**
 * The 405's TMF error body, made by the handlers' own builder (functions/lib/http/api-error.ts).
 * Without `method` its message is the same for every method, as API Gateway's static one is.
 */
export function methodNotAllowedBody(path: string, allowed: readonly string[], method?: string): TmfErrorBody {
  return tmfErrorBody(ApiError.methodNotAllowed(path, allowed, method));
}

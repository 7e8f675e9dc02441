import { describe, expect, it } from 'vitest';
import { allowedMethods, allowHeader, methodNotAllowedBody, pathPattern } from '../../../infra/method-not-allowed.js';
import { routes as topologyRoutes, type RouteDefinition } from '../../../infra/topology.js';

const routes: Pick<RouteDefinition, 'method' | 'path'>[] = [
  { method: 'POST', path: '/tmf-api/customerManagement/v4/customer' },
  { method: 'GET', path: '/tmf-api/customerManagement/v4/customer' },
  { method: 'PATCH', path: '/tmf-api/customerManagement/v4/customer/{id}' },
  { method: 'DELETE', path: '/tmf-api/customerManagement/v4/customer/{id}' },
  { method: 'GET', path: '/tmf-api/customerManagement/v4/customer/{id}' },
  { method: 'GET', path: '/customers/v1/customer/{id}/timeline' },
  { method: 'POST', path: '/collections/v1/dunning/{billingAccountId}/pause' },
];

describe('allowedMethods', () => {
  it('lists the methods of the routes on a concrete path, in the Allow order (reads, writes, DELETE)', () => {
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer/42')).toEqual(['GET', 'PATCH', 'DELETE']);
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer')).toEqual(['GET', 'POST']);
    expect(allowedMethods(routes, '/collections/v1/dunning/acc-1/pause')).toEqual(['POST']);
  });

  it('matches a path with a trailing slash as the gateway routes it, and an id as one whole segment', () => {
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer/42/')).toEqual(['GET', 'PATCH', 'DELETE']);
    expect(allowedMethods(routes, '/customers/v1/customer/a b é/timeline')).toEqual(['GET']);
    expect(allowedMethods(routes, '/customers/v1/customer/a/b/timeline')).toEqual([]);
  });

  it('is empty for a path no route has (a 404, not a 405): unknown, a prefix of a route, or one segment too many', () => {
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/nonsense')).toEqual([]);
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4')).toEqual([]);
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer/42/x')).toEqual([]);
    expect(allowedMethods(routes, '/customers/v1/customer//timeline')).toEqual([]);
    expect(allowedMethods([], '/health')).toEqual([]);
  });

  it('names OPTIONS last where the gateway answers preflights, and only on a known path', () => {
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer/42', { preflight: true })).toEqual(['GET', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(allowedMethods(routes, '/nowhere', { preflight: true })).toEqual([]);
  });

  it('reads a path template as a concrete path too (what the AWS target computes per resource)', () => {
    expect(allowedMethods(routes, '/tmf-api/customerManagement/v4/customer/{id}')).toEqual(['GET', 'PATCH', 'DELETE']);
  });

  it('takes template characters literally: a dot in a template is not a wildcard', () => {
    expect(allowedMethods([{ method: 'GET', path: '/v1/a.b' }], '/v1/a.b')).toEqual(['GET']);
    expect(allowedMethods([{ method: 'GET', path: '/v1/a.b' }], '/v1/axb')).toEqual([]);
  });

  it('gives every topology route path its own methods, and no path a method it lacks', () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of topologyRoutes) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
    for (const [path, methods] of byPath) {
      const concrete = path.replace(/\{\w+\}/g, 'some-id');
      expect(new Set(allowedMethods(topologyRoutes, concrete)), path).toEqual(methods);
    }
  });
});

describe('pathPattern', () => {
  it('names the template parameters in the order of the pattern groups', () => {
    const { pattern, parameterNames } = pathPattern('/collections/v1/dunning/{billingAccountId}/x/{id}');
    expect(parameterNames).toEqual(['billingAccountId', 'id']);
    expect(pattern.exec('/collections/v1/dunning/acc/x/7')?.slice(1)).toEqual(['acc', '7']);
  });
});

describe('the 405 answer', () => {
  it('has an Allow header of the methods, comma-separated', () => {
    expect(allowHeader(['GET', 'PATCH', 'DELETE'])).toBe('GET, PATCH, DELETE');
  });

  it('has the TMF error body, naming the method when the gateway knows it, the path and what it answers', () => {
    expect(methodNotAllowedBody('/tmf-api/customerManagement/v4/customer/42', ['GET', 'PATCH'], 'PUT')).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      reason: 'Method Not Allowed',
      message: 'PUT is not allowed: /tmf-api/customerManagement/v4/customer/42 answers only GET, PATCH',
      status: '405',
      '@type': 'Error',
    });
    // API Gateway's answer is static (a mock integration's template): the same for every method.
    expect(methodNotAllowedBody('/tmf-api/customerManagement/v4/customer/{id}', ['GET', 'PATCH', 'OPTIONS']).message).toBe('/tmf-api/customerManagement/v4/customer/{id} answers only GET, PATCH, OPTIONS');
  });
});

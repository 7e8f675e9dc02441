import { describe, expect, it } from 'vitest';
import { PerCallerLimiter } from '../../../infra/local/per-caller-limiter.js';
import { routes } from '../../../infra/topology.js';
import type { RouteDefinition } from '../../../infra/topology.js';

const report: RouteDefinition = { method: 'GET', path: '/reports/v1/thing', function: 'get-thing', authorized: true, perCallerLimit: { requests: 10, perSeconds: 60 } };
const plain: RouteDefinition = { method: 'GET', path: '/things', function: 'list-things', authorized: true };

describe('the local per-caller limiter', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('lets a caller make the declared number of requests in the window, then answers 429 with a TMF error and Retry-After until the window slides', () => {
    const time = clock();
    const limiter = new PerCallerLimiter([report, plain], { now: time.now });
    for (let request = 0; request < 10; request += 1) {
      expect(limiter.check(report, 'Bearer a')).toBeUndefined();
      time.advance(1000);
    }
    expect(limiter.check(report, 'Bearer a')).toEqual({
      retryAfterSeconds: 60,
      body: { code: 'TOO_MANY_REQUESTS', reason: 'Too Many Requests', message: 'more than 10 requests in 60 s to GET /reports/v1/thing from this caller; retry later', status: '429', '@type': 'Error' },
    });
    // Another caller, and a route without a limit, are not affected.
    expect(limiter.check(report, 'Bearer b')).toBeUndefined();
    expect(limiter.check(plain, 'Bearer a')).toBeUndefined();
    // 60 s after the first request, it has left the window: one more is let through.
    time.advance(50_000);
    expect(limiter.check(report, 'Bearer a')).toBeUndefined();
    expect(limiter.check(report, 'Bearer a')).toBeDefined();
  });

  it('does not count a request without an Authorization header, as WAF skips a request without its key', () => {
    const limiter = new PerCallerLimiter([report]);
    for (let request = 0; request < 20; request += 1) expect(limiter.check(report, undefined)).toBeUndefined();
  });

  it('enforces the overridden limits instead of the declared ones, and refuses an override naming no route', () => {
    const limiter = new PerCallerLimiter([report, plain], { override: JSON.stringify({ 'GET /things': { requests: 1, perSeconds: 60 } }) });
    for (let request = 0; request < 20; request += 1) expect(limiter.check(report, 'Bearer a')).toBeUndefined();
    expect(limiter.check(plain, 'Bearer a')).toBeUndefined();
    expect(limiter.check(plain, 'Bearer a')?.body.message).toBe('more than 1 requests in 60 s to GET /things from this caller; retry later');
    expect(() => new PerCallerLimiter([report], { override: '{"GET /nowhere":{"requests":1,"perSeconds":60}}' })).toThrow(/BSS_PER_CALLER_LIMITS names no route: GET \/nowhere/);
  });

  it('holds the topology limits to what WAF accepts: at least 10 requests over 60, 120, 300 or 600 s', () => {
    const limited = routes.filter((route) => route.perCallerLimit);
    expect(limited.length).toBeGreaterThan(0);
    for (const route of limited) {
      expect(route.perCallerLimit!.requests, route.path).toBeGreaterThanOrEqual(10);
      expect([60, 120, 300, 600], route.path).toContain(route.perCallerLimit!.perSeconds);
      expect(route.authorized, `${route.path}: keyed on the token, so only authorized routes`).toBe(true);
    }
  });
});

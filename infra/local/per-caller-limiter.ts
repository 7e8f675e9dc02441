import { limitedRoutes, perCallerLimitError, routeKey, type LimitedRoute } from '../per-caller-limits.js';
import type { PerCallerLimit, RouteDefinition } from '../topology.js';

/** A 429 to answer instead of invoking the route's function. */
export interface LimitExceeded {
  retryAfterSeconds: number;
  body: Record<string, string>;
}

/**
 * The per-caller limits of the expensive routes (topology `perCallerLimit`), as the local API
 * gateway enforces what WAF's rate-based rules enforce on AWS: per route and per value of the
 * Authorization header, at most `requests` in the last `perSeconds` (a sliding window of the
 * requests let through), the same 429 body and Retry-After. In memory: a restart forgets counts.
 */
export class PerCallerLimiter {
  private readonly limits = new Map<string, LimitedRoute>();
  /** Times (ms) of the requests let through, by route and caller. */
  private readonly admitted = new Map<string, number[]>();
  private readonly now: () => number;

  /**
   * `override`, the value of BSS_PER_CALLER_LIMITS: a JSON object of
   * `"<METHOD> <path>": { requests, perSeconds }` that replaces the declared limits (the test
   * runtime sets one low limit on a route no other test calls, so its test need not send 60
   * requests, and the journeys that poll reports are not limited); unset, the topology's apply.
   */
  constructor(routes: readonly RouteDefinition[], options: { override?: string | undefined; now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    if (options.override === undefined || options.override.trim() === '') {
      for (const route of limitedRoutes(routes)) this.limits.set(routeKey(route), route);
      return;
    }
    const overrides = JSON.parse(options.override) as Record<string, PerCallerLimit>;
    for (const [key, perCallerLimit] of Object.entries(overrides)) {
      const route = routes.find((candidate) => routeKey(candidate) === key);
      if (!route) throw new Error(`BSS_PER_CALLER_LIMITS names no route: ${key}`);
      this.limits.set(key, { ...route, perCallerLimit } as LimitedRoute);
    }
  }

  /**
   * Counts the request, or says it is over the limit. A request without an Authorization
   * header is not counted, as WAF skips a request without the custom key.
   */
  check(route: RouteDefinition, authorization: string | undefined): LimitExceeded | undefined {
    const limited = this.limits.get(routeKey(route));
    if (!limited || !authorization) return undefined;
    const { requests, perSeconds } = limited.perCallerLimit;
    const now = this.now();
    const key = `${routeKey(route)}\n${authorization}`;
    const times = (this.admitted.get(key) ?? []).filter((time) => time > now - perSeconds * 1000);
    if (times.length >= requests) {
      this.admitted.set(key, times);
      return { retryAfterSeconds: perSeconds, body: perCallerLimitError(limited) };
    }
    times.push(now);
    this.admitted.set(key, times);
    if (this.admitted.size > maxTrackedCallers) this.forgetIdle(now);
    return undefined;
  }

  /** Drops the callers with no request left in their window, so counts of old tokens do not pile up. */
  private forgetIdle(now: number): void {
    for (const [key, times] of this.admitted) {
      const route = this.limits.get(key.slice(0, key.indexOf('\n')))!;
      if (!times.some((time) => time > now - route.perCallerLimit.perSeconds * 1000)) this.admitted.delete(key);
    }
  }
}

const maxTrackedCallers = 10_000;

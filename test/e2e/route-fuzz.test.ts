import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, tokenFor } from '../support/local-api.js';
import { collectKnownIds, exercise, learnQueryNames, fuzzedRoutes, fuzzRoute, refusedCreation, reproduction, routeKeyOf, storageProbes, storedCount, type TokenIssuer } from '../support/route-fuzz.js';

/**
 * The project's own fuzz (issue 14, item 2): every route the topology declares, with generated
 * malformed path ids, queries, bodies and headers (test/support/route-fuzz.ts), answers a 2xx or
 * a 4xx with a TMF Error body, never a 5xx nor a dropped connection; and a refused creation
 * stores nothing. A fixed seed and a few cases per route here; `npm run fuzz` runs the same
 * property with many more cases and a random seed.
 */
const seed = 20261205;
/** Cases per route: about 4 × the topology's ~100 routes. */
const casesPerRoute = 4;
/** Refused creations per storage probe. */
const casesPerProbe = 12;

const issue: TokenIssuer = (role, { customerId, subject }) => tokenFor(role, customerId, subject);

describe('every topology route answers malformed requests with a 2xx or a 4xx TMF error', () => {
  let knownIds: string[];
  let queryNames: Map<string, string[]>;
  beforeAll(async () => {
    knownIds = await collectKnownIds(apiUrl(), issue);
    queryNames = await learnQueryNames(apiUrl(), issue);
  });

  it.each(fuzzedRoutes.map((route) => [routeKeyOf(route), route] as const))('%s', async (_key, route) => {
    await fuzzRoute(route, { apiUrl: apiUrl(), issue, seed, knownIds, queryNames, numRuns: casesPerRoute, stopOnProblem: true });
  });
});

describe('a refused creation stores nothing', () => {
  const run = `${Date.now().toString(36)}${process.pid}`;
  it.each(storageProbes.map((probe) => [routeKeyOf(probe.route), probe] as const))('%s', async (_key, probe) => {
    const marker = `route-fuzz-${run}-${probe.markerField}`;
    const requests = fc.sample(refusedCreation(probe, marker), { seed, numRuns: casesPerProbe });
    for (const request of requests) {
      const outcome = await exercise(apiUrl(), request, issue);
      // A 2xx to a write is a problem too (problemWith): each of these must be refused.
      expect(outcome.problem, reproduction(apiUrl(), request)).toBeUndefined();
    }
    expect(await storedCount(apiUrl(), probe, marker, issue)).toBe(0);
  });
});

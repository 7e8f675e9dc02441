import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Handler } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { roles } from '../../functions/lib/auth/principal.js';
import { callersOf, routeCallers } from '../../functions/lib/auth/route-access.js';
import { routeRoleTable, tableEnd, tableStart } from '../../infra/security/route-role-table.js';
import { functions, routes } from '../../infra/topology.js';
import { apiEvent, mediationClaims, provisioningClaims } from '../support/api-event.js';
import { invoke } from '../support/api-answer.js';

/**
 * The role model (functions/lib/auth/route-access.ts) against the topology: it names only
 * routes that exist, docs/security.md shows exactly what it enforces, and the provisioning
 * machine client is refused everywhere but its callback, walking every route's real handler.
 */
const routeKeys = routes.map((route) => `${route.method} ${route.path}`);

describe('who may call which route', () => {
  it('names only routes of the topology, all of them behind the authorizer', () => {
    for (const key of Object.keys(routeCallers)) {
      expect(routeKeys, key).toContain(key);
      expect(routes.find((route) => `${route.method} ${route.path}` === key)!.authorized, key).toBe(true);
    }
  });

  it('docs/security.md shows the route × role table the role model enforces (regenerate: npm run --silent security:roles)', () => {
    const document = readFileSync('docs/security.md', 'utf8');
    const start = document.indexOf(tableStart);
    const end = document.indexOf(tableEnd);
    expect(start, 'the table markers are in docs/security.md').toBeGreaterThan(-1);
    expect(document.slice(start + tableStart.length, end).trim()).toBe(routeRoleTable(routes));
  });

  it('the table has a column per role', () => {
    expect(routeRoleTable(routes).split('\n')[0]).toBe(`| Route | ${roles.join(' | ')} |`);
  });
});

describe('a mediation feed calls the usage routes and nothing else', () => {
  const documentMock = mockClient(DynamoDBDocumentClient);
  afterAll(() => documentMock.restore());
  const usageRoutes = ['POST /tmf-api/usageManagement/v4/usage', 'POST /usage/v1/usageBatch', 'GET /tmf-api/usageManagement/v4/usage', 'GET /tmf-api/usageManagement/v4/usage/{id}'];
  const guarded = routes.filter((route) => route.authorized);

  it('lists exactly the usage routes as its own', () => {
    expect(guarded.map((route) => `${route.method} ${route.path}`).filter((key) => callersOf(key).includes('mediation')).sort()).toEqual([...usageRoutes].sort());
  });

  it.each(guarded.filter((route) => !usageRoutes.includes(`${route.method} ${route.path}`)).map((route) => [`${route.method} ${route.path}`, route] as const))('%s: 403, nothing read', async (_key, route) => {
    const entry = functions.find((definition) => definition.name === route.function)!.entry;
    const { handler } = (await import(`../../${entry}`)) as { handler: Handler };
    const path = route.path.replace(/\{(\w+)\}/g, 'x-1');
    const pathParameters = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1]!, 'x-1']));
    documentMock.reset();
    // A customer id on a feed's token makes it no customer: it is refused all the same.
    const answer = await invoke(handler as Parameters<typeof invoke>[0], apiEvent({ method: route.method, path, resource: route.path, pathParameters, body: route.requestBody ? {} : undefined, claims: { ...mediationClaims, 'custom:customerId': 'x-1' } }));
    expect(answer.statusCode, JSON.stringify(answer.body)).toBe(403);
    expect(documentMock.calls()).toHaveLength(0);
  });
});

describe('the provisioning machine client calls its callback and nothing else', () => {
  const documentMock = mockClient(DynamoDBDocumentClient);
  afterAll(() => documentMock.restore());
  const callback = 'POST /provisioning/v1/provisioningRequest/{id}/result';
  const guarded = routes.filter((route) => route.authorized);

  it.each(guarded.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (key, route) => {
    const entry = functions.find((definition) => definition.name === route.function)!.entry;
    const { handler } = (await import(`../../${entry}`)) as { handler: Handler };
    const path = route.path.replace(/\{(\w+)\}/g, 'x-1');
    const pathParameters = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1]!, 'x-1']));
    documentMock.reset();
    const answer = await invoke(handler as Parameters<typeof invoke>[0], apiEvent({ method: route.method, path, resource: route.path, pathParameters, body: route.requestBody ? {} : undefined, claims: provisioningClaims }));
    if (key === callback) {
      // Past the gate: the empty body is judged (400), not the caller.
      expect(answer.statusCode).toBe(400);
    } else {
      expect(answer.statusCode, JSON.stringify(answer.body)).toBe(403);
      expect(documentMock.calls()).toHaveLength(0);
    }
  });
});

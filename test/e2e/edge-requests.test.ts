import { beforeAll, describe, expect, it } from 'vitest';
import { allowedMethods } from '../../infra/method-not-allowed.js';
import { routes } from '../../infra/topology.js';
import { apiUrl, call, tokenFor } from '../support/local-api.js';
import { expectValidTmf } from '../support/tmf-schema.js';

/**
 * Bad requests at the edge, through the local API Gateway over real HTTP: each is a 4xx with a
 * TMF error body, never a 5xx or a dropped connection (issue 14, item 1).
 */
const customers = '/tmf-api/customerManagement/v4/customer';

function expectTmfError(answer: { status: number; body: unknown }, status: number) {
  expect(answer.status).toBe(status);
  expectValidTmf('TMF629-Customer-v4.0.0.swagger.json', 'Error', answer.body);
  expect(answer.body).toMatchObject({ status: String(status) });
}

let admin: string;
beforeAll(async () => {
  admin = await tokenFor('admin');
});

describe('the edge answers bad requests with a 4xx TMF error', () => {
  it('query keys named like Object.prototype members are data: an unknown filter, 400', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const answer = await call(`${customers}?${name}=x&${name}=y`, { token: admin });
      expectTmfError(answer, 400);
      expect(answer.body.details).toEqual([{ field: name, problem: 'not a filterable attribute' }]);
    }
  });

  it('a malformed percent-encoding in the path is a 400', async () => {
    for (const bad of ['%ZZ', '%', '%ED%A0%80']) {
      const answer = await call(`${customers}/${bad}`, { token: admin });
      expectTmfError(answer, 400);
      expect(answer.body.message).toContain('malformed percent-encoding');
    }
  });

  it('path ids of 2,100 and 8,000 characters and a filter value of 3,000 are 400s naming them', async () => {
    for (const length of [2_100, 8_000]) {
      const answer = await call(`${customers}/${'a'.repeat(length)}`, { token: admin });
      expectTmfError(answer, 400);
      expect(answer.body.details).toEqual([{ field: 'id', problem: 'longer than 256 bytes' }]);
    }
    const filtered = await call(`${customers}?name=${'n'.repeat(3_000)}`, { token: admin });
    expectTmfError(filtered, 400);
    expect(filtered.body.details).toEqual([{ field: 'name', problem: 'longer than 2048 bytes' }]);
  });

  it('a body over API Gateway’s 10 MB is a 413 once it has been sent, not a dropped connection; on an unknown path or method too', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024 + 1) });
    for (const [path, status] of [[customers, 413], ['/no/such/route', 404], [`${customers}/some-id`, 405]] as const) {
      const response = await fetch(`${apiUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body });
      const answer = { status: response.status, body: await response.json() };
      expectTmfError(answer, status);
    }
  });
});

describe('a method a known path does not serve is a 405 naming what it serves; an unknown path stays a 404', () => {
  const allowOf = (answer: { headers: Headers }) => answer.headers.get('allow')?.split(', ');

  it('PUT on a customer is a 405 with Allow: GET, PATCH and a TMF error, before the token is checked', async () => {
    for (const token of [admin, undefined]) {
      const answer = await call(`${customers}/some-id`, { method: 'PUT', ...(token ? { token } : {}), body: { name: 'x' } });
      expectTmfError(answer, 405);
      expect(allowOf(answer)).toEqual(expect.arrayContaining(['GET', 'PATCH']));
      expect(allowOf(answer)).toEqual(allowedMethods(routes, `${customers}/some-id`));
      expect(answer.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', reason: 'Method Not Allowed' });
      expect(answer.body.message).toBe(`PUT is not allowed: ${customers}/some-id answers only ${allowOf(answer)!.join(', ')}`);
    }
    // With a trailing slash, as the gateway routes it.
    expectTmfError(await call(`${customers}/some-id/`, { method: 'PUT', token: admin, body: { name: 'x' } }), 405);
  });

  it('an unknown path is a 404 whatever the method, and so is a path that only leads to routes', async () => {
    for (const path of ['/tmf-api/customerManagement/v4/nonsense', '/tmf-api/customerManagement/v4', `${customers}/some-id/nonsense`]) {
      const answer = await call(path, { method: 'POST', token: admin, body: {} });
      expectTmfError(answer, 404);
      expect(answer.headers.get('allow')).toBeNull();
    }
  });

  it('OPTIONS and HEAD are 405s too locally (no preflight: the apps share the API\'s origin), the HEAD without a body', async () => {
    const options = await call(`${customers}/some-id`, { method: 'OPTIONS' });
    expectTmfError(options, 405);
    expect(allowOf(options)).toEqual(['GET', 'PATCH', 'DELETE']);
    const head = await fetch(`${apiUrl()}${customers}`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET, POST');
    expect(await head.text()).toBe('');
  });

  it('every route path answers each method it lacks with a 405 whose Allow is exactly its methods', async () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of routes) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
    const problems: string[] = [];
    for (const [template, served] of byPath) {
      const path = template.replace(/\{\w+\}/g, 'edge-405');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((candidate) => !served.has(candidate))) {
        const answer = await call(path, { method, token: admin });
        const allow = new Set(allowOf(answer) ?? []);
        if (answer.status !== 405 || allow.size !== served.size || [...served].some((each) => !allow.has(each)) || answer.body?.code !== 'METHOD_NOT_ALLOWED') {
          problems.push(`${method} ${path}: ${answer.status} Allow ${answer.headers.get('allow')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

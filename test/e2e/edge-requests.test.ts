import { beforeAll, describe, expect, it } from 'vitest';
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

  it('a body over API Gateway’s 10 MB is a 413 once it has been sent, not a dropped connection; on an unknown path too', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(10 * 1024 * 1024 + 1) });
    for (const path of [customers, '/no/such/route']) {
      const response = await fetch(`${apiUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body });
      const answer = { status: response.status, body: await response.json() };
      expectTmfError(answer, path === customers ? 413 : 404);
    }
  });
});

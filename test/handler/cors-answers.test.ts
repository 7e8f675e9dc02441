import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../functions/lib/http/api-error.js';
import { apiHandler } from '../../functions/lib/http/api-handler.js';
import { jsonResponse } from '../../functions/lib/http/responses.js';
import { apiEvent } from '../support/api-event.js';
import { lambdaContext } from '../support/lambda-context.js';

const apps = 'https://d111111abcdef8.cloudfront.net';
const customers = '/tmf-api/customerManagement/v4/customer';

/**
 * On AWS the apps are on CloudFront's origin and the API on its own: every answer of a function,
 * a refusal included, names the apps' origin (BSS_CORS_ALLOW_ORIGINS, set by the stack), or
 * the browser keeps it from the page.
 */
describe('answers to a page on the apps’ origin', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('name the origin and expose ETag and the counts, on a success and on a refusal', async () => {
    vi.stubEnv('BSS_CORS_ALLOW_ORIGINS', apps);
    const succeed = apiHandler(async () => jsonResponse(200, [], { etag: 'W/"1"', 'x-total-count': '0' }));
    const refuse = apiHandler(async () => {
      throw ApiError.notFound('customer', 'c-1');
    });
    const event = apiEvent({ method: 'GET', path: customers, headers: { Origin: apps } });
    for (const answer of [await succeed(event, lambdaContext()), await refuse(event, lambdaContext())]) {
      expect(answer.headers).toMatchObject({ 'access-control-allow-origin': apps, 'access-control-expose-headers': expect.stringContaining('ETag'), vary: 'Origin' });
    }
  });

  it('name no origin the deployment does not allow, and none locally', async () => {
    vi.stubEnv('BSS_CORS_ALLOW_ORIGINS', apps);
    const answer = await apiHandler(async () => jsonResponse(200, []))(apiEvent({ method: 'GET', path: customers, headers: { Origin: 'https://elsewhere.example' } }), lambdaContext());
    expect(answer.headers?.['access-control-allow-origin']).toBeUndefined();
    vi.stubEnv('BSS_CORS_ALLOW_ORIGINS', '');
    const local = await apiHandler(async () => jsonResponse(200, []))(apiEvent({ method: 'GET', path: customers, headers: { Origin: apps } }), lambdaContext());
    expect(local.headers?.['access-control-allow-origin']).toBeUndefined();
  });
});

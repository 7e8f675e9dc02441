import { describe, expect, it } from 'vitest';
import { call, tokenFor } from '../support/local-api.js';
import { testRuntimeEnvironment } from '../support/runtime-global-setup.js';

/**
 * The local API gateway enforces a route's per-caller limit as WAF does on AWS. The test runtime
 * sets POST /usage/v1/usageBatch to 3 requests a minute (BSS_PER_CALLER_LIMITS); the topology's
 * own limits are tested on the limiter (test/unit/infra/per-caller-limiter.test.ts).
 */
describe('per-caller limits on the local API gateway', () => {
  it('answers 429 with a TMF error and Retry-After once a caller is past the limit, counting each token on its own', async () => {
    expect(JSON.parse(testRuntimeEnvironment.BSS_PER_CALLER_LIMITS)).toEqual({ 'POST /usage/v1/usageBatch': { requests: 3, perSeconds: 60 } });
    const feed = await tokenFor('mediation');
    // An empty batch: the handler refuses it (400), and counts as a request all the same.
    const send = (token: string) => call('/usage/v1/usageBatch', { method: 'POST', token, body: {} });
    for (let request = 0; request < 3; request += 1) expect((await send(feed)).status).not.toBe(429);
    const limited = await send(feed);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.body).toEqual({
      code: 'TOO_MANY_REQUESTS',
      reason: 'Too Many Requests',
      message: 'more than 3 requests in 60 s to POST /usage/v1/usageBatch from this caller; retry later',
      status: '429',
      '@type': 'Error',
    });
    // A different token (an admin's) is counted apart.
    expect((await send(await tokenFor('admin'))).status).not.toBe(429);
  });
});

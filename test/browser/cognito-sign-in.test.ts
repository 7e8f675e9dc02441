import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';
import { desktop, launchChromium, openContext } from '../support/browser.js';
import { apiUrl, call, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * The portal's sign-in on AWS (Cognito's managed login, docs/web.md "On AWS"), in a real
 * browser against the shared runtime: the page is given a config.json of kind `cognito` whose
 * domain is a stand-in for Cognito on the page's own origin (the local CSP allows no other),
 * which answers /oauth2/authorize, /oauth2/token and /logout as Cognito does and checks what
 * the app sends, the PKCE verifier against the challenge first of all. Its ID token is one the
 * runtime's API accepts, so the signed-in portal reads the API as on AWS.
 */
/** Cognito's app client ids are letters and digits. */
const clientId = '5hv0portalclient1234567890';

let browser: Browser;
let customerId: string;
let idToken: string;

beforeAll(async () => {
  browser = await launchChromium();
  const created = await call<{ id: string }>('/tmf-api/customerManagement/v4/customer', { method: 'POST', token: await tokenFor('agent'), body: newCustomerBody() });
  expect(created.status).toBe(201);
  customerId = created.body.id;
  idToken = await issueToken(loadSigningKey(resolve(inject('dataDirectory'), 'dev-issuer.key')), { role: 'customer', customerId, name: 'Ada Cognito' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the portal signing in at Cognito’s managed login', () => {
  let context: BrowserContext;
  let page: Page;
  /** What the stand-in for Cognito was asked. */
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: URLSearchParams[] = [];
  const logoutRequests: URLSearchParams[] = [];

  const config = () => ({
    apiBaseUrl: apiUrl(),
    auth: { kind: 'cognito', domain: apiUrl(), clientId, redirectUri: `${apiUrl()}/portal/callback`, logoutUri: `${apiUrl()}/portal/` },
  });

  beforeAll(async () => {
    context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'fr-FR' });
    await context.route((url) => url.pathname === '/portal/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config()) }));
    await context.route((url) => url.pathname === '/oauth2/authorize', (route) => {
      const parameters = new URL(route.request().url()).searchParams;
      authorizeRequests.push(parameters);
      // The user signs in on the managed login page; Cognito sends the browser back with a code.
      return redirect(route, `${parameters.get('redirect_uri')}?${new URLSearchParams({ code: 'one-time-code', state: parameters.get('state') ?? '' })}`);
    });
    await context.route((url) => url.pathname === '/oauth2/token', (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      tokenRequests.push(form);
      const challenge = authorizeRequests.at(-1)?.get('code_challenge');
      const verified = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === challenge;
      const valid = verified && form.get('grant_type') === 'authorization_code' && form.get('code') === 'one-time-code' && form.get('client_id') === clientId && form.get('redirect_uri') === `${apiUrl()}/portal/callback`;
      return route.fulfill(
        valid
          ? { status: 200, contentType: 'application/json', body: JSON.stringify({ id_token: idToken, access_token: 'an-access-token', refresh_token: 'a-refresh-token', expires_in: 3600, token_type: 'Bearer' }) }
          : { status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'invalid_grant' }) },
      );
    });
    await context.route((url) => url.pathname === '/logout', (route) => {
      const parameters = new URL(route.request().url()).searchParams;
      logoutRequests.push(parameters);
      return redirect(route, parameters.get('logout_uri') ?? '/');
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('goes to the authorize endpoint with the code flow, PKCE S256, the scopes, its client, callback and language', async () => {
    await page.goto('/portal/bills');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // Back from Cognito, signed in, on the page it started from.
    await page.getByText('Ada Cognito').waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal/bills');
    expect(authorizeRequests).toHaveLength(1);
    const [request] = authorizeRequests;
    expect(Object.fromEntries(request!)).toEqual({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${apiUrl()}/portal/callback`,
      scope: 'openid email profile',
      state: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
      lang: 'fr',
    });
  });

  it('exchanges the code with the verifier of that challenge, keeps the ID token only, and comes back where it was, signed in', async () => {
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    // The portal reads the API with that token: the bills page, not an error.
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    const stored = (await page.evaluate('JSON.stringify(Object.entries(sessionStorage))')) as string;
    expect(stored).toContain(idToken);
    expect(stored).not.toContain('a-refresh-token');
    expect(stored).not.toContain('an-access-token');
  });

  it('signs out through Cognito’s /logout, back to the portal, signed out', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(logoutRequests.map((parameters) => Object.fromEntries(parameters))).toEqual([{ client_id: clientId, logout_uri: `${apiUrl()}/portal/` }]);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it('refuses a callback that this tab did not start, without asking for a token', async () => {
    await page.goto(`/portal/callback?${new URLSearchParams({ code: 'stolen-code', state: 'forged' })}`);
    await page.getByRole('alert').filter({ hasText: 'La connexion n’a pas abouti' }).waitFor();
    expect(tokenRequests).toHaveLength(1);
  });
});

describe('an app whose config.json cannot be read', () => {
  it('says so and offers to try again, rather than fall back to a sign-in that cannot work', async () => {
    const context = await openContext(browser, { ...desktop, baseURL: apiUrl(), locale: 'en-GB' });
    try {
      await context.route((url) => url.pathname === '/agent/config.json', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
      const page = await context.newPage();
      await page.goto('/agent/');
      await page.getByRole('alert').filter({ hasText: 'could not load its settings: /agent/config.json answered HTTP 503' }).waitFor();
      await page.getByRole('button', { name: 'Try again' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

/** Cognito's answer that sends the browser on: a 302 with a Location. */
function redirect(route: Route, location: string) {
  return route.fulfill({ status: 302, headers: { location } });
}

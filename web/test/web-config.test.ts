import { describe, expect, it, vi } from 'vitest';
import { authorizationUrl, callbackPathOf, identityProviderOf, tokenRequestBody } from '../shared/auth/identity-provider.js';
import { configPath, loadWebConfig, localConfig, parseWebConfig, type CognitoAuth } from '../shared/auth/web-config.js';

/** A config.json as the stack writes it (infra/aws/web-hosting.ts). */
const deployed = {
  apiBaseUrl: 'https://a1b2c3.execute-api.eu-west-3.amazonaws.com/dev',
  auth: {
    kind: 'cognito',
    domain: 'https://bss-dev-1a2b3c4d.auth.eu-west-3.amazoncognito.com',
    clientId: '5hv0example1234567890abcd',
    redirectUri: 'https://d111111abcdef8.cloudfront.net/portal/callback',
    logoutUri: 'https://d111111abcdef8.cloudfront.net/portal/',
  },
};

const answering = (status: number, body: string) => vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(body, { status, headers: { 'content-type': 'application/json' } }));

describe('config.json', () => {
  it('is read beside the app’s index.html, and parsed', async () => {
    const fetch = answering(200, JSON.stringify(deployed));
    expect(await loadWebConfig('portal', fetch)).toEqual(deployed);
    expect(fetch.mock.calls[0]![0]).toBe('/portal/config.json');
    expect(configPath('agent')).toBe('/agent/config.json');
  });

  it('absent (404, the local runtime), means the API on the page’s origin and the dev issuer', async () => {
    expect(await loadWebConfig('agent', answering(404, 'no such file'))).toEqual(localConfig);
    expect(localConfig).toEqual({ apiBaseUrl: '', auth: { kind: 'local' } });
  });

  it('unreadable, is a failure to show, not a silent fall back to a sign-in that cannot work', async () => {
    await expect(loadWebConfig('portal', answering(403, '<Error>AccessDenied</Error>'))).rejects.toThrow('/portal/config.json answered HTTP 403');
    await expect(loadWebConfig('portal', answering(200, '<!doctype html>'))).rejects.toThrow('/portal/config.json is not JSON');
  });

  it('drops a trailing slash of the API base and of the domain, since the client appends paths that start with one', () => {
    const parsed = parseWebConfig({ ...deployed, apiBaseUrl: `${deployed.apiBaseUrl}/`, auth: { ...deployed.auth, domain: `${deployed.auth.domain}/` } });
    expect(parsed.apiBaseUrl).toBe(deployed.apiBaseUrl);
    expect((parsed.auth as CognitoAuth).domain).toBe(deployed.auth.domain);
  });

  it.each([
    ['not an object', [], /config.json must be an object/],
    ['an API over plain HTTP', { ...deployed, apiBaseUrl: 'http://api.example.com' }, /apiBaseUrl must be an https URL/],
    ['a relative API base', { ...deployed, apiBaseUrl: '/api' }, /apiBaseUrl must be an absolute URL/],
    ['another kind of sign-in', { ...deployed, auth: { ...deployed.auth, kind: 'saml' } }, /auth.kind must be "cognito"/],
    ['a domain with a path', { ...deployed, auth: { ...deployed.auth, domain: `${deployed.auth.domain}/login` } }, /auth.domain must be an origin/],
    ['no client id', { ...deployed, auth: { ...deployed.auth, clientId: '' } }, /auth.clientId/],
    ['a callback with a query', { ...deployed, auth: { ...deployed.auth, redirectUri: `${deployed.auth.redirectUri}?next=x` } }, /auth.redirectUri must have no query/],
    ['no sign-out URL', { ...deployed, auth: { ...deployed.auth, logoutUri: undefined } }, /auth.logoutUri must be a URL/],
  ])('refuses %s, naming the field', (_case, value, message) => {
    expect(() => parseWebConfig(value)).toThrow(message);
  });

  it('accepts plain HTTP to this machine only, as Cognito does for callbacks', () => {
    const local = { ...deployed, apiBaseUrl: 'http://localhost:3000', auth: { ...deployed.auth, redirectUri: 'http://localhost:3000/portal/callback' } };
    expect(parseWebConfig(local).apiBaseUrl).toBe('http://localhost:3000');
  });
});

describe('identity provider', () => {
  const cognito = identityProviderOf('portal', parseWebConfig(deployed).auth, 'https://d111111abcdef8.cloudfront.net');

  it('signs in locally at the dev issuer, on the page’s origin, with the app’s name as client and no scope', () => {
    const local = identityProviderOf('agent', localConfig.auth, 'http://localhost:3000');
    expect(local).toEqual({ authorizeUrl: '/_local/oauth2/authorize', tokenUrl: '/_local/oauth2/token', clientId: 'agent', redirectUri: 'http://localhost:3000/agent/callback', localized: false });
    const url = new URL(authorizationUrl(local, { state: 's', codeChallenge: 'c', language: 'fr' }), 'http://localhost:3000');
    expect([...url.searchParams.keys()]).toEqual(['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method']);
    expect(callbackPathOf(local)).toBe('/agent/callback');
  });

  it('signs in on AWS at the user pool’s managed login: code, PKCE S256, the scopes the API needs, in the app’s language', () => {
    const url = new URL(authorizationUrl(cognito, { state: 'st4te', codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', language: 'fr' }));
    expect(`${url.origin}${url.pathname}`).toBe(`${deployed.auth.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: deployed.auth.clientId,
      redirect_uri: deployed.auth.redirectUri,
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      lang: 'fr',
    });
    expect(callbackPathOf(cognito)).toBe('/portal/callback');
  });

  it('exchanges the code at the token endpoint with the verifier and no secret', () => {
    expect(cognito.tokenUrl).toBe(`${deployed.auth.domain}/oauth2/token`);
    expect(Object.fromEntries(tokenRequestBody(cognito, { code: 'c0de', verifier: 'v3rifier' }))).toEqual({
      grant_type: 'authorization_code',
      client_id: deployed.auth.clientId,
      code: 'c0de',
      code_verifier: 'v3rifier',
      redirect_uri: deployed.auth.redirectUri,
    });
  });

  it('signs out at Cognito’s /logout, back to the address the client lists', () => {
    const url = new URL(cognito.logoutUrl!);
    expect(`${url.origin}${url.pathname}`).toBe(`${deployed.auth.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: deployed.auth.clientId, logout_uri: deployed.auth.logoutUri });
  });
});

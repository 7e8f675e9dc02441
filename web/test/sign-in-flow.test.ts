import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { identityProviderOf } from '../shared/auth/identity-provider.js';
import { codeChallengeOf } from '../shared/auth/pkce.js';
import { clearSession, sessionOf } from '../shared/auth/session.js';
import { completeSignIn, startSignIn } from '../shared/auth/sign-in-flow.js';
import { parseWebConfig } from '../shared/auth/web-config.js';

/** sessionStorage as the browser has it, for one tab. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const base64Url = (text: string) => Buffer.from(text).toString('base64url');
const idToken = (claims: Record<string, unknown>) => `${base64Url('{"alg":"RS256"}')}.${base64Url(JSON.stringify(claims))}.signature`;

const cognito = identityProviderOf(
  'portal',
  parseWebConfig({
    apiBaseUrl: 'https://api.example.com/dev',
    auth: { kind: 'cognito', domain: 'https://bss.auth.eu-west-3.amazoncognito.com', clientId: 'client1', redirectUri: 'https://app.example.com/portal/callback', logoutUri: 'https://app.example.com/portal/' },
  }).auth,
  'https://app.example.com',
);

let storage: MemoryStorage;
let assigned: string[];

beforeEach(() => {
  storage = new MemoryStorage();
  assigned = [];
  vi.stubGlobal('sessionStorage', storage);
  vi.stubGlobal('location', { assign: (url: string) => assigned.push(url) });
});

afterEach(() => {
  clearSession('portal', storage);
  vi.unstubAllGlobals();
});

/** Starts a sign-in at Cognito and returns what it sent the browser to. */
async function started(): Promise<URL> {
  await startSignIn('portal', cognito, '/portal/bills?year=2027', 'en');
  return new URL(assigned.at(-1)!);
}

describe('sign-in with Cognito', () => {
  it('sends the browser to the authorize endpoint with a state and the challenge of a verifier kept in this tab only', async () => {
    const url = await started();
    const pending = JSON.parse(storage.getItem('bss.signIn.portal')!) as { state: string; verifier: string; returnTo: string };
    expect(url.searchParams.get('state')).toBe(pending.state);
    expect(url.searchParams.get('code_challenge')).toBe(await codeChallengeOf(pending.verifier));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(pending.returnTo).toBe('/portal/bills?year=2027');
  });

  it('exchanges the code with the verifier, keeps the ID token as the session and returns where the user was', async () => {
    const url = await started();
    const { verifier } = JSON.parse(storage.getItem('bss.signIn.portal')!) as { verifier: string };
    const token = idToken({ sub: 'u1', 'cognito:groups': ['customer'], 'custom:customerId': 'c1', given_name: 'Camille', family_name: 'Martin', exp: 4_102_444_800 });
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify({ id_token: token, access_token: 'a', refresh_token: 'r', expires_in: 3600, token_type: 'Bearer' }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);

    const { session, returnTo } = await completeSignIn('portal', cognito, new URLSearchParams({ code: 'c0de', state: url.searchParams.get('state')! }));
    expect(returnTo).toBe('/portal/bills?year=2027');
    expect(session).toEqual({ token, subject: 'u1', role: 'customer', customerId: 'c1', name: 'Camille Martin', expiresAt: 4_102_444_800 });
    const [tokenUrl, init] = fetch.mock.calls[0]!;
    expect(tokenUrl).toBe('https://bss.auth.eu-west-3.amazoncognito.com/oauth2/token');
    expect(Object.fromEntries(init!.body as URLSearchParams)).toMatchObject({ grant_type: 'authorization_code', client_id: 'client1', code: 'c0de', code_verifier: verifier });
    // Only the session (the ID token and what is shown of it) stays in the tab: no access or
    // refresh token, and no pending sign-in.
    expect(storage.length).toBe(1);
    expect(JSON.parse(storage.getItem('bss.session.portal')!)).toEqual(session);
  });

  it('refuses an answer whose state is not the one this tab sent, without asking for a token', async () => {
    await started();
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await expect(completeSignIn('portal', cognito, new URLSearchParams({ code: 'c0de', state: 'forged' }))).rejects.toThrow('does not match');
    expect(fetch).not.toHaveBeenCalled();
    // The pending sign-in is spent either way: replaying the callback does not work either.
    await expect(completeSignIn('portal', cognito, new URLSearchParams({ code: 'c0de', state: 'forged' }))).rejects.toThrow('no sign-in was started');
  });

  it('says what Cognito refused (an error on the callback, or a failed exchange)', async () => {
    await started();
    await expect(completeSignIn('portal', cognito, new URLSearchParams({ error: 'access_denied', error_description: 'User is disabled.' }))).rejects.toThrow('User is disabled.');
    const again = await started();
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 })));
    await expect(completeSignIn('portal', cognito, new URLSearchParams({ code: 'old', state: again.searchParams.get('state')! }))).rejects.toThrow('invalid_grant');
  });
});

describe('session', () => {
  it('names the user by name, else by given and family names, else by e-mail', () => {
    expect(sessionOf(idToken({ sub: 's', name: 'Demo agent', given_name: 'X' })).name).toBe('Demo agent');
    expect(sessionOf(idToken({ sub: 's', given_name: 'Ana', family_name: 'Silva' })).name).toBe('Ana Silva');
    expect(sessionOf(idToken({ sub: 's', email: 'ana@example.com' })).name).toBe('ana@example.com');
    expect(sessionOf(idToken({ sub: 's' })).name).toBeUndefined();
  });
});

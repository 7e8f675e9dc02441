import { authorizationUrl, tokenRequestBody, type IdentityProvider } from './identity-provider.js';
import type { WebApp } from './local-issuer.js';
import { codeChallengeOf, randomText } from './pkce.js';
import { saveSession, sessionOf, type Session } from './session.js';

/**
 * The authorization-code flow with PKCE (RFC 7636), as a public client: no secret, a fresh
 * verifier per sign-in, and the token fetched by a POST so it never appears in a URL, the
 * history or a server log. What must survive the trip to the issuer (state, verifier, where to
 * come back) waits in sessionStorage, this tab's only. The same flow runs against the local dev
 * issuer and against Cognito's managed login (identity-provider.ts).
 */
interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

const pendingKey = (app: WebApp) => `bss.signIn.${app}`;

export async function startSignIn(app: WebApp, provider: IdentityProvider, returnTo: string, language?: string): Promise<void> {
  const pending: PendingSignIn = { state: randomText(), verifier: randomText(), returnTo };
  sessionStorage.setItem(pendingKey(app), JSON.stringify(pending));
  const codeChallenge = await codeChallengeOf(pending.verifier);
  location.assign(authorizationUrl(provider, { state: pending.state, codeChallenge, ...(language ? { language } : {}) }));
}

/** Exchanges the code the issuer sent back for a token; returns the session and where to go. */
export async function completeSignIn(app: WebApp, provider: IdentityProvider, callback: URLSearchParams): Promise<{ session: Session; returnTo: string }> {
  const stored = sessionStorage.getItem(pendingKey(app));
  sessionStorage.removeItem(pendingKey(app));
  if (!stored) throw new Error('no sign-in was started in this tab');
  const pending = JSON.parse(stored) as PendingSignIn;
  if (callback.get('error')) throw new Error(callback.get('error_description') ?? callback.get('error') ?? 'refused');
  // The state ties the answer to the sign-in this tab started, so a forged callback link is refused.
  if (callback.get('state') !== pending.state) throw new Error('the answer does not match the sign-in started here');
  const code = callback.get('code');
  if (!code) throw new Error('the issuer sent no code');
  const response = await fetch(provider.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(provider, { code, verifier: pending.verifier }),
  });
  // Only the ID token is kept: the API's authorizer reads it. Cognito also answers an access
  // and a refresh token; neither is stored, so an hour after sign-in the user signs in again.
  const answer = (await response.json()) as { id_token?: string; error?: string; error_description?: string };
  if (!response.ok || !answer.id_token) throw new Error(answer.error_description ?? answer.error ?? `HTTP ${response.status}`);
  const session = sessionOf(answer.id_token);
  saveSession(app, session);
  return { session, returnTo: pending.returnTo };
}

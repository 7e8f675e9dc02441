import { callbackPath, issuer, type WebApp } from './local-issuer.js';
import type { LocalAuth, CognitoAuth } from './web-config.js';

/**
 * Where an app signs in and out: the local dev issuer or a Cognito user pool's managed login.
 * Both speak the same authorization-code flow with PKCE at the same paths relative to their
 * base (`/oauth2/authorize`, `/oauth2/token`), so only these values differ, never the flow.
 */
export interface IdentityProvider {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
  /** The scopes asked for; the dev issuer takes none. */
  scope?: string;
  /** Ends the provider's own session too (Cognito's /logout); the dev issuer keeps none. */
  logoutUrl?: string;
  /** The provider's pages speak the app's language (managed login's `lang`). */
  localized: boolean;
}

/**
 * The scopes of the Cognito clients (infra/aws/auth.ts): `openid` for the ID token, which the
 * API's authorizer reads, `email` and `profile` for the claims it carries beyond `sub` and
 * `cognito:groups` (the names, and `custom:customerId`, which profile covers).
 */
export const cognitoScopes = ['openid', 'email', 'profile'] as const;

export function identityProviderOf(app: WebApp, auth: LocalAuth | CognitoAuth, pageOrigin: string): IdentityProvider {
  if (auth.kind === 'local') {
    // The local client ids are the apps' names, and the callback is on the page's own origin.
    return { authorizeUrl: issuer.authorize, tokenUrl: issuer.token, clientId: app, redirectUri: `${pageOrigin}${callbackPath(app)}`, localized: false };
  }
  const logout = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.logoutUri });
  return {
    authorizeUrl: `${auth.domain}/oauth2/authorize`,
    tokenUrl: `${auth.domain}/oauth2/token`,
    clientId: auth.clientId,
    redirectUri: auth.redirectUri,
    scope: cognitoScopes.join(' '),
    logoutUrl: `${auth.domain}/logout?${logout}`,
    localized: true,
  };
}

/** The path the provider sends the browser back to: the app completes the sign-in there. */
export const callbackPathOf = (provider: IdentityProvider): string => new URL(provider.redirectUri).pathname;

/** The authorization request (RFC 6749 §4.1.1 with RFC 7636's challenge), as a URL to go to. */
export function authorizationUrl(provider: IdentityProvider, request: { state: string; codeChallenge: string; language?: string }): string {
  const parameters = new URLSearchParams({
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: provider.redirectUri,
    ...(provider.scope ? { scope: provider.scope } : {}),
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    ...(provider.localized && request.language ? { lang: request.language } : {}),
  });
  return `${provider.authorizeUrl}?${parameters}`;
}

/** The token request's form (RFC 6749 §4.1.3 with RFC 7636's verifier); a public client sends no secret. */
export function tokenRequestBody(provider: IdentityProvider, grant: { code: string; verifier: string }): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: provider.clientId,
    code: grant.code,
    code_verifier: grant.verifier,
    redirect_uri: provider.redirectUri,
  });
}

/**
 * Where the apps sign in: the local runtime's dev issuer (infra/local/sign-in-server.ts), which
 * speaks the authorization-code flow with PKCE at the same paths relative to its base as the
 * Cognito hosted UI does, so moving to Cognito on AWS changes this base and the client id, not
 * the flow (docs/web.md).
 */
export const issuer = {
  authorize: '/_local/oauth2/authorize',
  token: '/_local/oauth2/token',
} as const;

/** Each app is its own OAuth client, called back at its own path. */
export type WebApp = 'portal' | 'agent';
export const callbackPath = (app: WebApp) => `/${app}/callback`;

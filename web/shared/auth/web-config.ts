import type { WebApp } from './local-issuer.js';

/**
 * What an app needs to know of its deployment, read at start from `config.json` beside its
 * index.html: no inline script may carry it (the Content-Security-Policy allows none), and the
 * same build serves every stage. On AWS the stack writes the file (infra/aws/web-hosting.ts);
 * the local runtime has none, and its absence means the local runtime: the API on the page's
 * own origin and the dev issuer's sign-in (docs/web.md).
 */
export interface WebConfig {
  /** The API's base URL, without a trailing slash; '' for the page's own origin. */
  apiBaseUrl: string;
  auth: LocalAuth | CognitoAuth;
}

/** The local runtime's dev issuer, on the page's origin (infra/local/sign-in-server.ts). */
export interface LocalAuth {
  kind: 'local';
}

/** A Cognito user pool's managed login (hosted UI): the same code flow with PKCE, at its own domain. */
export interface CognitoAuth {
  kind: 'cognito';
  /** The user pool domain's base URL: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  /** The app's public client (no secret). */
  clientId: string;
  /** The app's callback, exactly as the client lists it. */
  redirectUri: string;
  /** Where Cognito's /logout sends the browser back, exactly as the client lists it. */
  logoutUri: string;
}

/** The local runtime's configuration: what an absent config.json means. */
export const localConfig: WebConfig = { apiBaseUrl: '', auth: { kind: 'local' } };

/** Where an app's config.json is: beside its index.html, on the page's origin. */
export const configPath = (app: WebApp) => `/${app}/config.json`;

/**
 * Reads the app's config.json: a 404 is the local runtime (it serves none), anything else but
 * a valid file is a failure to show, never a silent fall back to a sign-in that cannot work.
 */
export async function loadWebConfig(app: WebApp, fetchConfig: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<WebConfig> {
  const response = await fetchConfig(configPath(app), { headers: { accept: 'application/json' } });
  if (response.status === 404) return localConfig;
  if (!response.ok) throw new Error(`${configPath(app)} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error(`${configPath(app)} is not JSON`);
  }
  return parseWebConfig(body);
}

/** Checks a config.json's content; throws naming the first field that is wrong. */
export function parseWebConfig(value: unknown): WebConfig {
  const config = objectAt(value, 'config.json');
  const apiBaseUrl = urlAt(config.apiBaseUrl, 'apiBaseUrl').replace(/\/+$/, '');
  const auth = objectAt(config.auth, 'auth');
  if (auth.kind !== 'cognito') throw new Error(`auth.kind must be "cognito", not ${JSON.stringify(auth.kind)}`);
  const domain = urlAt(auth.domain, 'auth.domain');
  if (new URL(domain).origin !== domain.replace(/\/+$/, '')) throw new Error('auth.domain must be an origin, with no path');
  if (typeof auth.clientId !== 'string' || !/^[\w+]+$/.test(auth.clientId)) throw new Error('auth.clientId must be an app client id');
  return {
    apiBaseUrl,
    auth: {
      kind: 'cognito',
      domain: domain.replace(/\/+$/, ''),
      clientId: auth.clientId,
      redirectUri: urlAt(auth.redirectUri, 'auth.redirectUri'),
      logoutUri: urlAt(auth.logoutUri, 'auth.logoutUri'),
    },
  };
}

function objectAt(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${name} must be an object`);
  return value as Record<string, unknown>;
}

/** An absolute URL over HTTPS, or plain HTTP to this machine only (as Cognito allows for callbacks). */
function urlAt(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new Error(`${name} must be a URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an absolute URL`);
  }
  const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  if (url.protocol !== 'https:' && !local) throw new Error(`${name} must be an https URL`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`${name} must have no query, fragment or credentials`);
  return value;
}

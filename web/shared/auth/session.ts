import type { WebApp } from './local-issuer.js';

/**
 * The signed-in user of one app: the ID token and what the app shows from its claims. The
 * claims are read, not verified: the browser has no key, and needs none, since the API checks
 * the token on every request and is the only guard of the data.
 */
export interface Session {
  token: string;
  subject: string;
  role: string;
  customerId?: string;
  name?: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Kept in a module variable and mirrored in sessionStorage, never localStorage or a cookie:
 * sessionStorage is this tab's and this origin's only, is gone when the tab closes, and is never
 * sent with a request, so a reload keeps the user signed in without widening who can read the
 * token (docs/web.md, "Tokens").
 */
let current: Session | undefined;
const storageKey = (app: WebApp) => `bss.session.${app}`;

export function sessionOf(token: string): Session {
  const claims = decodeClaims(token);
  const groups = claims['cognito:groups'];
  const role = Array.isArray(groups) ? String(groups[0] ?? '') : String(groups ?? '');
  return {
    token,
    subject: String(claims.sub ?? ''),
    role,
    ...(typeof claims['custom:customerId'] === 'string' ? { customerId: claims['custom:customerId'] } : {}),
    ...(nameOf(claims) ? { name: nameOf(claims)! } : {}),
    expiresAt: Number(claims.exp ?? 0),
  };
}

export function loadSession(app: WebApp, storage: Storage = sessionStorage, now = Date.now()): Session | undefined {
  if (!current) {
    const stored = storage.getItem(storageKey(app));
    current = stored ? (JSON.parse(stored) as Session) : undefined;
  }
  if (current && current.expiresAt * 1000 <= now) clearSession(app, storage);
  return current;
}

export function saveSession(app: WebApp, session: Session, storage: Storage = sessionStorage): void {
  current = session;
  storage.setItem(storageKey(app), JSON.stringify(session));
}

export function clearSession(app: WebApp, storage: Storage = sessionStorage): void {
  current = undefined;
  storage.removeItem(storageKey(app));
}

/**
 * The name to show: the dev issuer's tokens carry `name`; Cognito's carry the given and family
 * names the app clients may read (infra/aws/auth.ts), or at least the e-mail.
 */
function nameOf(claims: Record<string, unknown>): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const given = [text(claims.given_name), text(claims.family_name)].filter((part) => part !== undefined).join(' ');
  return text(claims.name) ?? text(given) ?? text(claims.email);
}

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('the token is not a JWT');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

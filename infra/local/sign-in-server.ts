import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { demoBillingEmail } from '../seed/seed-demo-billing.js';
import { issueToken, type TokenRequest } from './dev-issuer.js';
import { pageSecurityHeaders } from './page-security-headers.js';

/** The dev issuer's OAuth endpoints, at the paths web/shared/auth/local-issuer.ts calls. */
export const signInPaths = { authorize: '/_local/oauth2/authorize', token: '/_local/oauth2/token', stylesheet: '/_local/oauth2/sign-in.css' } as const;

/** The web apps are its clients, each called back at its own path on this origin. */
const clients = ['portal', 'agent'] as const;
/** A code is good for one exchange, this soon: the app exchanges it as soon as it loads. */
const codeLifetimeMs = 60_000;
const tokenLifetimeSeconds = 3600;
/** The customers past the demo ones the page offers, so a tester's own customers can sign in too. */
const otherCustomersListed = 50;

interface Identity {
  key: string;
  label: string;
  detail: string;
  token: TokenRequest;
}

interface AuthorizeRequest {
  clientId: (typeof clients)[number];
  redirectUri: string;
  state: string;
  codeChallenge: string;
}

interface PendingCode extends AuthorizeRequest {
  token: TokenRequest;
  expiresAt: number;
}

const staff: Identity[] = [
  { key: 'agent', label: 'Demo agent', detail: 'agent', token: { role: 'agent', subject: 'local-demo-agent', name: 'Demo agent' } },
  { key: 'admin', label: 'Demo admin', detail: 'admin', token: { role: 'admin', subject: 'local-demo-admin', name: 'Demo admin' } },
];

/**
 * The local stand-in for the Cognito hosted UI (docs/web.md, "Sign-in"): the authorization-code
 * flow with PKCE (S256 only), a page listing the demo identities to sign in as, one-time codes
 * and the token endpoint. It signs with the dev issuer's key, so its tokens are the ones
 * `npm run token` prints; the API's authorization decides what each may see. No script on the
 * page; identities are read through the public API with an admin token.
 */
export class SignInServer {
  private readonly codes = new Map<string, PendingCode>();

  constructor(private readonly options: { signingKey: Uint8Array; apiUrl: () => string }) {}

  handles(request: IncomingMessage): boolean {
    const path = pathOf(request);
    return path === signInPaths.authorize || path === signInPaths.token || path === signInPaths.stylesheet;
  }

  readonly requestListener = (request: IncomingMessage, response: ServerResponse): void => {
    this.respond(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error', error_description: (error as Error).message });
    });
  };

  private async respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = pathOf(request);
    if (path === signInPaths.stylesheet && request.method === 'GET') return send(response, 200, 'text/css; charset=utf-8', stylesheet);
    if (path === signInPaths.authorize && request.method === 'GET') return this.showPage(request, response);
    if (path === signInPaths.authorize && request.method === 'POST') return this.signIn(request, response);
    if (path === signInPaths.token && request.method === 'POST') return this.exchange(request, response);
    send(response, 405, 'text/plain; charset=utf-8', `${request.method} is not allowed here\n`);
  }

  private async showPage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const authorize = authorizeRequestOf(new URL(request.url ?? '/', 'http://localhost').searchParams, request);
    if (typeof authorize === 'string') return send(response, 400, 'text/html; charset=utf-8', errorPage(authorize));
    const loginHint = loginHintOf(new URL(request.url ?? '/', 'http://localhost').searchParams);
    const identities = await this.identities(loginHint);
    send(response, 200, 'text/html; charset=utf-8', signInPage(authorize, identities, loginHint));
  }

  private async signIn(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const authorize = authorizeRequestOf(form, request);
    if (typeof authorize === 'string') return send(response, 400, 'text/html; charset=utf-8', errorPage(authorize));
    // The identity is looked up again, never taken from the form: only listed identities sign in.
    const identity = (await this.identities(loginHintOf(form))).customers.concat(staff).find((candidate) => candidate.key === form.get('identity'));
    if (!identity) return send(response, 400, 'text/html; charset=utf-8', errorPage('choose one of the listed identities'));
    const code = randomBytes(24).toString('base64url');
    this.forgetExpiredCodes();
    this.codes.set(code, { ...authorize, token: identity.token, expiresAt: Date.now() + codeLifetimeMs });
    const target = new URL(authorize.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', authorize.state);
    response.writeHead(303, { ...pageSecurityHeaders, location: `${target.pathname}${target.search}`, 'cache-control': 'no-store' }).end();
  }

  private async exchange(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(request));
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    // One use only, whatever the outcome, as RFC 6749 asks.
    this.codes.delete(code);
    if (form.get('grant_type') !== 'authorization_code') return sendJson(response, 400, { error: 'unsupported_grant_type' });
    if (!pending || pending.expiresAt < Date.now()) return sendJson(response, 400, { error: 'invalid_grant', error_description: 'the code is unknown, used or expired' });
    if (form.get('client_id') !== pending.clientId || form.get('redirect_uri') !== pending.redirectUri) {
      return sendJson(response, 400, { error: 'invalid_grant', error_description: 'the code was issued to another client or redirect' });
    }
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge) {
      return sendJson(response, 400, { error: 'invalid_grant', error_description: 'the code verifier does not match the challenge' });
    }
    const idToken = await issueToken(this.options.signingKey, { ...pending.token, expiresIn: `${tokenLifetimeSeconds}s` });
    sendJson(response, 200, { id_token: idToken, token_type: 'Bearer', expires_in: tokenLifetimeSeconds });
  }

  /**
   * The customers whose e-mail is the login hint, the demo customers (by their seeded e-mail),
   * then the first other customers; and staff.
   */
  private async identities(loginHint?: string): Promise<{ customers: Identity[]; staff: Identity[] }> {
    const token = await issueToken(this.options.signingKey, { role: 'admin', subject: 'local-sign-in-page' });
    const list = async (query: string) => {
      const answer = await fetch(`${this.options.apiUrl()}/tmf-api/customerManagement/v4/customer?fields=name,contactMedium,status&${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (!answer.ok) throw new Error(`listing customers answered ${answer.status}`);
      return (await answer.json()) as CustomerSummary[];
    };
    const byEmail = (email: string) => list(`contactMedium.characteristic.emailAddress=${encodeURIComponent(email)}`);
    const hinted = loginHint ? await byEmail(loginHint) : [];
    const demo = (await byEmail(demoBillingEmail)).filter((customer) => !hinted.some((known) => known.id === customer.id));
    const listed = [...hinted, ...demo];
    const others = (await list(`limit=${otherCustomersListed}`)).filter((customer) => !listed.some((known) => known.id === customer.id));
    const asIdentity = (customer: CustomerSummary, detail: string): Identity => ({
      key: `customer:${customer.id}`,
      label: customer.name,
      detail,
      token: { role: 'customer', customerId: customer.id, name: customer.name },
    });
    return {
      customers: [
        ...hinted.map((customer) => asIdentity(customer, emailOf(customer))),
        ...demo.map((customer) => asIdentity(customer, `demo customer · ${emailOf(customer)}`)),
        ...others.map((customer) => asIdentity(customer, emailOf(customer))),
      ],
      staff,
    };
  }

  private forgetExpiredCodes(): void {
    const now = Date.now();
    for (const [code, pending] of this.codes) if (pending.expiresAt < now) this.codes.delete(code);
  }
}

interface CustomerSummary {
  id: string;
  name: string;
  status?: string;
  contactMedium?: { mediumType: string; characteristic?: { emailAddress?: string } }[];
}

function emailOf(customer: CustomerSummary): string {
  return customer.contactMedium?.find((medium) => medium.mediumType === 'email')?.characteristic?.emailAddress ?? customer.status ?? '';
}

/**
 * The authorize parameters, checked; a string says what is wrong. The redirect must be the
 * client's own callback on this origin, so a crafted link cannot send a code elsewhere.
 */
function authorizeRequestOf(parameters: URLSearchParams, request: IncomingMessage): AuthorizeRequest | string {
  const clientId = parameters.get('client_id') ?? '';
  if (!(clients as readonly string[]).includes(clientId)) return `client_id must be one of ${clients.join(', ')}`;
  if (parameters.get('response_type') !== 'code') return 'response_type must be code';
  if (parameters.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be S256';
  const codeChallenge = parameters.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return 'code_challenge must be a base64url SHA-256 digest';
  const state = parameters.get('state') ?? '';
  if (state.length < 16 || state.length > 256) return 'state must be 16 to 256 characters';
  const redirectUri = parameters.get('redirect_uri') ?? '';
  const expected = `http://${request.headers.host ?? 'localhost'}/${clientId}/callback`;
  if (redirectUri !== expected) return `redirect_uri must be ${expected}`;
  return { clientId: clientId as AuthorizeRequest['clientId'], redirectUri, state, codeChallenge };
}

/**
 * OpenID Connect's `login_hint`, taken as an e-mail address: the page lists that customer
 * first, so one among thousands (a tester's own) can be found without script.
 */
function loginHintOf(parameters: URLSearchParams): string | undefined {
  const hint = parameters.get('login_hint')?.trim() ?? '';
  return /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(hint) ? hint : undefined;
}

function signInPage(authorize: AuthorizeRequest, identities: { customers: Identity[]; staff: Identity[] }, loginHint: string | undefined): string {
  const hidden = [
    ['response_type', 'code'],
    ['client_id', authorize.clientId],
    ['redirect_uri', authorize.redirectUri],
    ['state', authorize.state],
    ['code_challenge', authorize.codeChallenge],
    ['code_challenge_method', 'S256'],
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value!)}">`)
    .join('');
  const hint = loginHint ? `<input type="hidden" name="login_hint" value="${escapeHtml(loginHint)}">` : '';
  const search = `<form method="get" action="${signInPaths.authorize}" class="search">${hidden}<label for="login_hint">Find a customer by e-mail</label> <input id="login_hint" name="login_hint" type="email" autocomplete="off" value="${escapeHtml(loginHint ?? '')}"> <button type="submit">Find</button></form>${
    loginHint && !identities.customers.some((identity) => identity.detail === loginHint) ? `<p role="status">No customer has the e-mail ${escapeHtml(loginHint)}.</p>` : ''
  }`;
  const choice = (identity: Identity) =>
    `<li><form method="post" action="${signInPaths.authorize}">${hidden}${hint}<input type="hidden" name="identity" value="${escapeHtml(identity.key)}"><button type="submit">${escapeHtml(identity.label)}</button> <span>${escapeHtml(identity.detail)}</span></form></li>`;
  const customers = identities.customers.length > 0 ? `<ul>${identities.customers.map(choice).join('')}</ul>` : '<p>No customers yet: start without --no-seed for the demo customer, or create one through the API.</p>';
  return page(
    'Sign in (local)',
    `<main><h1>Sign in</h1>
<p>The local dev issuer stands in for the Cognito hosted UI: choose who to be. The API decides what each identity may see.</p>
<section aria-labelledby="customers"><h2 id="customers">Customers</h2>${search}${customers}</section>
<section aria-labelledby="staff"><h2 id="staff">Staff</h2><ul>${identities.staff.map(choice).join('')}</ul></section></main>`,
  );
}

function errorPage(problem: string): string {
  return page('Sign-in refused', `<main><h1>Sign-in refused</h1><p role="alert">${escapeHtml(problem)}</p></main>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="${signInPaths.stylesheet}"></head><body>${body}</body></html>\n`;
}

const stylesheet = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1b1f24}main{max-width:40rem;margin:0 auto;padding:1rem}
ul{list-style:none;padding:0}li{margin:0 0 .5rem}button{font:inherit;min-height:44px;padding:.5rem 1rem;border:1px solid #0b5cad;border-radius:6px;background:#fff;color:#0b5cad;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}span{color:#4a5360;font-size:.9rem}
.search{margin:0 0 1rem}input{font:inherit;min-height:44px;padding:0 .5rem;border:1px solid #4a5360;border-radius:6px;max-width:100%;box-sizing:border-box}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    // A sign-in form is a few hundred bytes; anything much larger is not one.
    if (size > 16_384) throw new Error('the form is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body);
  response.writeHead(status, { ...pageSecurityHeaders, 'content-type': contentType, 'content-length': bytes.length, 'cache-control': 'no-store' });
  response.end(bytes);
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-store' });
  response.end(bytes);
}

import { resolve } from 'node:path';
import { inject } from 'vitest';
import type { Role } from '../../functions/lib/auth/principal.js';
import { issueToken, loadSigningKey } from '../../infra/local/dev-issuer.js';

/** Talks to the runtime the global setup started, over real HTTP. */
export const apiUrl = () => inject('apiUrl');
export const servicesUrl = () => inject('servicesUrl');

/** A token of the runtime's dev issuer; `subject` sets its own caller (the per-caller limits count each token apart). */
export function tokenFor(role: Role, customerId?: string, subject?: string): Promise<string> {
  const key = loadSigningKey(resolve(inject('dataDirectory'), 'dev-issuer.key'));
  return issueToken(key, { role, ...(customerId ? { customerId } : {}), ...(subject ? { subject } : {}) });
}

export interface ApiCall {
  method?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(path: string, request: ApiCall = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  const hasBody = request.body !== undefined || request.rawBody !== undefined;
  if (hasBody) headers['content-type'] ??= request.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const response = await fetch(`${apiUrl()}${path}`, {
    method: request.method ?? 'GET',
    headers,
    ...(hasBody ? { body: request.rawBody ?? JSON.stringify(request.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}

let emailCounter = 0;
/** A customer body with a unique email, as an agent would send it. */
export function newCustomerBody(overrides: Record<string, unknown> = {}) {
  emailCounter += 1;
  const unique = `${Date.now().toString(36)}${process.pid}${emailCounter}`;
  return {
    name: `Ada Lovelace ${unique}`,
    contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: `ada.${unique}@example.com` } }],
    ...overrides,
  };
}

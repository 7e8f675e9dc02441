import { ApiError } from './api-error.js';
import type { TmfErrorBody } from './api-types.js';

export interface ApiClientOptions {
  /** The API's origin; '' for the page's own (the local runtime serves apps and API together). */
  baseUrl: string;
  /** The bearer token of the signed-in user, or undefined when nobody is. */
  token: () => string | undefined;
  /** Called on a 401, so the app can send the user back to sign-in. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export interface ListPage<T> {
  items: T[];
  /** X-Total-Count: how many match, beyond this page. */
  total: number;
}

export interface Versioned<T> {
  body: T;
  /** The ETag the API sent (W/"3"), for If-Match. */
  etag: string | undefined;
}

export type Query = Record<string, string | number | undefined>;

/**
 * The apps' only way to the API, exactly as a mobile app would call it: bearer token, TMF
 * list conventions (fields, offset, limit, X-Total-Count), TMF error bodies turned into
 * ApiError. It never retries on its own: pages offer a retry, so the user sees what happens.
 */
export class ApiClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    // Bound, since a detached window.fetch throws "Illegal invocation" in browsers.
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  async get<T>(path: string, query: Query = {}): Promise<T> {
    const response = await this.send(path, query, 'application/json');
    return (await response.json()) as T;
  }

  async list<T>(path: string, query: Query = {}): Promise<ListPage<T>> {
    const response = await this.send(path, query, 'application/json');
    const items = (await response.json()) as T[];
    const total = Number(response.headers.get('x-total-count') ?? items.length);
    return { items, total: Number.isFinite(total) ? total : items.length };
  }

  /** A resource with its ETag, for a later PATCH with If-Match. */
  async getVersioned<T>(path: string, query: Query = {}): Promise<Versioned<T>> {
    const response = await this.send(path, query, 'application/json');
    return { body: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
  }

  /**
   * A POST. With `idempotencyKey`, the API replays the first answer to a repeat, so a retry after
   * a lost answer (a payment) acts once.
   */
  async post<T>(path: string, body: unknown, options: { idempotencyKey?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await this.send(path, {}, 'application/json', { method: 'POST', headers, body: JSON.stringify(body) });
    return (await response.json()) as T;
  }

  /** A JSON merge patch; with `ifMatch`, a change made meanwhile is a 412 instead of being overwritten. */
  async patch<T>(path: string, body: unknown, options: { ifMatch?: string | undefined } = {}): Promise<Versioned<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/merge-patch+json' };
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const response = await this.send(path, {}, 'application/json', { method: 'PATCH', headers, body: JSON.stringify(body) });
    return { body: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
  }

  /** A whole document replaced (PUT); with `ifMatch`, a change made meanwhile is a 412 instead of being overwritten. */
  async put<T>(path: string, body: unknown, options: { ifMatch?: string | undefined } = {}): Promise<Versioned<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const response = await this.send(path, {}, 'application/json', { method: 'PUT', headers, body: JSON.stringify(body) });
    return { body: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
  }

  /** A document (a bill's PDF), as a Blob the page can hand to the browser. */
  async blob(path: string, accept: string): Promise<Blob> {
    return (await this.send(path, {}, accept)).blob();
  }

  private async send(path: string, query: Query, accept: string, write?: { method: 'POST' | 'PATCH' | 'PUT'; headers: Record<string, string>; body: string }): Promise<Response> {
    const headers: Record<string, string> = { accept, ...write?.headers };
    const token = this.options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      const url = `${this.options.baseUrl}${path}${queryString(query)}`;
      response = await (write ? this.fetch(url, { method: write.method, headers, body: write.body }) : this.fetch(url, { headers }));
    } catch (error) {
      throw ApiError.network(error);
    }
    if (response.ok) return response;
    const error = ApiError.fromStatus(response.status, await errorBody(response));
    if (error.kind === 'unauthorized') this.options.onUnauthorized?.();
    throw error;
  }
}

function queryString(query: Query): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) parameters.set(name, String(value));
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** The TMF error body, when the answer has one (a proxy's 502 page may not). */
async function errorBody(response: Response): Promise<Partial<TmfErrorBody> | undefined> {
  try {
    return (await response.json()) as Partial<TmfErrorBody>;
  } catch {
    return undefined;
  }
}

import { randomUUID } from 'node:crypto';
import { retryDelayMs, retryReason } from './client-retry-policy.js';

/**
 * A client of the local API that behaves as docs/reliability.md says a client must when the
 * system fails the way AWS does: a POST carries an Idempotency-Key and is sent again with the
 * same key on a network error, a 502, 503 or 504 and a 409 CONCURRENT_TRANSACTION or
 * IDEMPOTENT_REQUEST_IN_PROGRESS; a GET is sent again on a network error, a 502, 503 or 504.
 * Anything else is the answer: a 500 is a bug, and the caller sees it.
 */
export interface ResilientAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  attempts: number;
}

export interface ResilientCall {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
  /** The POST's Idempotency-Key; a fresh one unless given. */
  idempotencyKey?: string;
}

const maxAttempts = 12;

export class ResilientApi {
  /** Requests sent again, by why: what the faults cost the clients. */
  readonly retries: Record<string, number> = {};

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T = any>(path: string, request: ResilientCall = {}): Promise<ResilientAnswer<T>> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    if (method === 'POST') headers['idempotency-key'] = request.idempotencyKey ?? randomUUID();
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    for (let attempt = 1; ; attempt += 1) {
      let why: string;
      let waitMs = retryDelayMs(attempt, null, Math.random);
      try {
        const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
        const text = await response.text();
        const parsed = (text ? JSON.parse(text) : undefined) as T;
        const reason = retryReason(response.status, parsed);
        if (reason === undefined) return { status: response.status, headers: response.headers, body: parsed, attempts: attempt };
        why = reason;
        waitMs = retryDelayMs(attempt, response.headers.get('retry-after'), Math.random);
        if (attempt >= maxAttempts) throw new Error(`${method} ${path} still answered ${why} after ${attempt} attempts: ${text}`);
      } catch (error) {
        if (!(error instanceof TypeError) || attempt >= maxAttempts) throw error;
        why = `network error (${(error.cause as { code?: string } | undefined)?.code ?? error.message})`;
      }
      this.retries[why] = (this.retries[why] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** Like call, but any other status than `expected` throws, naming the request and the answer. */
  async expect<T = any>(expected: number | number[], path: string, request: ResilientCall = {}): Promise<ResilientAnswer<T>> {
    const answer = await this.call<T>(path, request);
    const wanted = Array.isArray(expected) ? expected : [expected];
    if (!wanted.includes(answer.status)) throw new Error(`${request.method ?? 'GET'} ${path} answered ${answer.status}, expected ${wanted.join(' or ')}: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** Polls `probe` until it returns a value, every `intervalMs`, for at most `timeoutMs`. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 500): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; the first failure rejects once all have settled. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${items.length} failed; the first: ${(failures[0] as Error).message}`);
  return results;
}

import { clientRetryPolicy, retryDelayMs, retryReason } from '../test/support/client-retry-policy.js';
import type { ApiAnswer, BenchApi } from './api-client.js';

/**
 * A client that behaves as docs/reliability.md says clients must: a POST carries an
 * Idempotency-Key, and the same request (same key, same body) is sent again after a network
 * error, a 502, 503 or 504, or a 409 that says another request is in the way; nothing else is
 * sent again, since another 4xx says what to change. The soak counts what the client saw in the
 * end, and apart from it the retries that got through.
 */
export interface CarefulRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** The POST's Idempotency-Key; the same for every attempt. */
  idempotencyKey?: string;
  /** A POST that changes nothing when sent again without a key (a usage batch: its records are deduplicated by id). */
  repeatable?: boolean;
  /** The status a correct answer has (200 for reads, 201 for creates). */
  expected: number;
}

export interface CarefulAnswer<T = any> {
  /** The last answer, or undefined when the last attempt got no answer at all. */
  answer: ApiAnswer<T> | undefined;
  /** Client-side time of the whole call, back-offs and retries included: what the caller waited. */
  ms: number;
  attempts: number;
  /** Why each attempt but the last was sent again, in order (`502`, `409 CONCURRENT_TRANSACTION`, `network`...). */
  retriedFor: string[];
  /** Undefined when the last answer had the expected status; otherwise what went wrong in the end. */
  error: string | undefined;
}

export const carefulRetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: 5,
  ...clientRetryPolicy,
} as const;

export async function carefulCall<T = any>(api: BenchApi, request: CarefulRequest, random: () => number): Promise<CarefulAnswer<T>> {
  const started = performance.now();
  const retriedFor: string[] = [];
  let answer: ApiAnswer<T> | undefined;
  let failure: string | undefined;
  // A POST without a key is never sent again unless it is known to be repeatable: the first may have created something.
  const repeatable = request.method === 'GET' || request.idempotencyKey !== undefined || request.repeatable === true;
  for (let attempt = 1; ; attempt += 1) {
    let reason: string | undefined;
    try {
      answer = await api.call<T>(request.path, {
        method: request.method,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': request.idempotencyKey } }),
        retryOnReset: repeatable,
      });
      failure = undefined;
      reason = retryReason(answer.status, answer.body);
    } catch (error) {
      answer = undefined;
      failure = `network: ${describe(error)}`;
      reason = 'network';
    }
    if (reason === undefined || !repeatable || attempt === carefulRetryPolicy.maxAttempts) {
      const ms = performance.now() - started;
      if (answer === undefined) return { answer, ms, attempts: attempt, retriedFor, error: failure ?? 'no answer' };
      const error = answer.status === request.expected ? undefined : `${answer.status} ${errorCode(answer.body)}`;
      return { answer, ms, attempts: attempt, retriedFor, error };
    }
    retriedFor.push(reason);
    await new Promise((resolveWait) => setTimeout(resolveWait, retryDelayMs(attempt, answer?.headers.get('retry-after'), random)));
  }
}

function errorCode(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { code, message } = body as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string').join(': ').slice(0, 200);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return `${(error as Error).name ?? 'Error'}${cause ? ` (${cause})` : ''}: ${(error as Error).message ?? String(error)}`.slice(0, 200);
}

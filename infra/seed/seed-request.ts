/**
 * The HTTP calls the demo seeders make: JSON in and out with an admin token, through the API
 * like any client, and a failure named by its request with the TMF error the API answered.
 */
export class SeedRequestError extends Error {
  override readonly name = 'SeedRequestError';
  constructor(
    readonly what: string,
    readonly request: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`seeding ${what}: ${request} answered ${status}: ${describeError(body)}`);
  }
}

function describeError(body: unknown): string {
  if (typeof body !== 'object' || body === null) return JSON.stringify(body) ?? 'no body';
  const error = body as { code?: string; message?: string; details?: Array<{ field: string; problem: string }> };
  const details = error.details?.map((detail) => `${detail.field}: ${detail.problem}`).join('; ');
  return [error.code, error.message, details].filter(Boolean).join(' - ') || JSON.stringify(body);
}

const busyStatuses = new Set([502, 503, 504]);
const attempts = 4;

/**
 * fetch, sending again after a 502, 503 or 504 what is safe to send again (a GET, a request
 * with an Idempotency-Key, or one the caller knows to be `repeatable`), as a careful client does: the function behind it may have crashed
 * after its work (`npm start -- --faults`), or the table may have been busy. Waits 0.2, 0.4 and
 * 0.8 s between attempts.
 */
export async function fetchRetryingBusy(url: string, init: RequestInit = {}, options: { repeatable?: boolean } = {}): Promise<Response> {
  const repeatable = options.repeatable === true || (init.method ?? 'GET') === 'GET' || new Headers(init.headers).has('idempotency-key');
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, init);
    if (!repeatable || !busyStatuses.has(response.status) || attempt === attempts) return response;
    await response.arrayBuffer();
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100 * 2 ** attempt));
  }
}

/** `repeatable`: the request changes nothing when sent again (a usage batch, deduplicated by record id; a clock advanced to where it is). */
export type SeedSend = <T>(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>, options?: { repeatable?: boolean }) => Promise<T>;

/** `what` names the seeding in errors: `seeding demo catalog: POST … answered 400: …`. */
export function seedRequests(options: { apiUrl: string; token: string }, what: string): SeedSend {
  const base = options.apiUrl.replace(/\/+$/, '');
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}, sendOptions: { repeatable?: boolean } = {}): Promise<T> => {
    const response = await fetchRetryingBusy(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }, sendOptions);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // A non-JSON answer (a proxy's HTML error page) is reported as it came.
    }
    if (!response.ok) throw new SeedRequestError(what, `${method} ${path}`, response.status, parsed);
    return parsed as T;
  };
}

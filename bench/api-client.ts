/** One answered HTTP call, timed from the client's side (request sent to body fully read). */
export interface ApiAnswer<T = unknown> {
  status: number;
  ms: number;
  /** DynamoDB calls the handler made, from the local gateway's x-local-dynamodb-round-trips header. */
  roundTrips: number;
  headers: Headers;
  body: T;
  /** More than 1 when the request was sent again after the connection was reset. */
  attempts: number;
}

export interface ApiCall {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Send the request again when the kept-alive connection it went out on was reset (the server
   * closed it while idle): GETs always; anything else only when the caller can tell a repeat.
   */
  retryOnReset?: boolean;
}

/** A request that went out on a kept-alive connection the server had closed: it never reached the handler. */
function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return error instanceof TypeError && ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(cause?.code ?? '');
}

/** The local API over real HTTP (fetch, kept-alive connection), as a client sees it. */
export class BenchApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T = any>(path: string, request: ApiCall = {}): Promise<ApiAnswer<T>> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] ??= method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const retries = method === 'GET' || request.retryOnReset ? 2 : 0;
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      } catch (error) {
        if (attempt <= retries && isConnectionReset(error)) continue;
        throw error;
      }
      const text = await response.text();
      const ms = performance.now() - started;
      return {
        status: response.status,
        ms,
        roundTrips: Number(response.headers.get('x-local-dynamodb-round-trips') ?? Number.NaN),
        headers: response.headers,
        body: (text ? JSON.parse(text) : undefined) as T,
        attempts: attempt,
      };
    }
  }

  /** Like call, but a status other than `expected` ends the benchmark: a failing API is not a fast one. */
  async expect<T = any>(expected: number, path: string, request: ApiCall = {}): Promise<ApiAnswer<T>> {
    const answer = await this.call<T>(path, request);
    if (answer.status !== expected) {
      throw new Error(`${request.method ?? 'GET'} ${path} answered ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }
}

export const customersPath = '/tmf-api/customerManagement/v4/customer';
export const billingAccountsPath = '/tmf-api/accountManagement/v4/billingAccount';

let customerCounter = 0;
/** A TMF629 Customer_Create body with a unique email, the shape an agent sends. */
export function newCustomerBody(): Record<string, unknown> {
  customerCounter += 1;
  const unique = `${Date.now().toString(36)}-${process.pid}-${customerCounter}`;
  return {
    name: `Bench Customer ${unique}`,
    contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: `bench.${unique}@example.com` } }],
  };
}

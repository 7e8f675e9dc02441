import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../shared/api-client.js';
import { ApiError } from '../shared/api-error.js';

function answering(status: number, body: string, headers: Record<string, string> = {}) {
  return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }));
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('ApiClient', () => {
  it('sends the bearer token and the query, and reads a list with its total', async () => {
    const fetch = answering(200, '[{"id":"1"}]', { 'x-total-count': '7' });
    const client = new ApiClient({ baseUrl: 'http://api', token: () => 'T0K', fetch });
    const page = await client.list('/tmf-api/x', { 'relatedParty.id': 'c 1', fields: 'name', offset: undefined });
    expect(page).toEqual({ items: [{ id: '1' }], total: 7 });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://api/tmf-api/x?relatedParty.id=c+1&fields=name');
    expect(init?.headers).toEqual({ accept: 'application/json', authorization: 'Bearer T0K' });
  });

  it('sends no authorization header when nobody is signed in', async () => {
    const fetch = answering(200, '{}');
    await new ApiClient({ baseUrl: '', token: () => undefined, fetch }).get('/health');
    expect(fetch.mock.calls[0]![1]?.headers).toEqual({ accept: 'application/json' });
  });

  it('turns a 404 into a not-found error that a retry cannot fix', async () => {
    const client = new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(404, '{"code":"NOT_FOUND","reason":"Not Found","message":"no bill b1","status":"404"}') });
    const error = await failureOf(client.get('/bill/b1'));
    expect({ kind: error.kind, status: error.status, code: error.code, message: error.message, retryable: error.retryable }).toEqual({
      kind: 'notFound',
      status: 404,
      code: 'NOT_FOUND',
      message: 'no bill b1',
      retryable: false,
    });
  });

  it('offers a retry for a 5xx, even one without a TMF body', async () => {
    const client = new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }) });
    const error = await failureOf(client.get('/x'));
    expect([error.kind, error.status, error.retryable, error.message]).toEqual(['server', 502, true, 'HTTP 502']);
  });

  it('offers a retry when no answer came at all', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failureOf(new ApiClient({ baseUrl: '', token: () => 't', fetch }).get('/x'));
    expect([error.kind, error.status, error.retryable, error.message]).toEqual(['network', 0, true, 'Failed to fetch']);
  });

  it('tells the app on a 401, so it can sign the user in again', async () => {
    const onUnauthorized = vi.fn();
    const client = new ApiClient({ baseUrl: '', token: () => 'expired', onUnauthorized, fetch: answering(401, '{"code":"UNAUTHORIZED","reason":"Unauthorized","status":"401"}') });
    const error = await failureOf(client.get('/x'));
    expect(error.kind).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('keeps 403 and other 4xx apart, neither retryable', async () => {
    const forbidden = await failureOf(new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(403, '{"code":"FORBIDDEN","reason":"Forbidden","status":"403"}') }).get('/x'));
    const rejected = await failureOf(new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(400, '{"code":"INVALID_REQUEST","reason":"Bad Request","message":"limit must be at most 1000","status":"400"}') }).get('/x'));
    expect([forbidden.kind, forbidden.retryable, rejected.kind, rejected.retryable, rejected.message]).toEqual(['forbidden', false, 'rejected', false, 'limit must be at most 1000']);
  });

  it('fetches a document with the Accept it asks for', async () => {
    const fetch = vi.fn(async () => new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), { status: 200, headers: { 'content-type': 'application/pdf' } }));
    const pdf = await new ApiClient({ baseUrl: '', token: () => 't', fetch }).blob('/bill/b1/document', 'application/pdf');
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.size).toBe(4);
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toEqual({ accept: 'application/pdf', authorization: 'Bearer t' });
  });
});

describe('ApiClient writes', () => {
  it('POSTs JSON with the Idempotency-Key it is given', async () => {
    const fetch = answering(201, '{"id":"p1"}');
    const created = await new ApiClient({ baseUrl: '', token: () => 't', fetch }).post<{ id: string }>('/payment', { a: 1 }, { idempotencyKey: 'k-1' });
    expect(created).toEqual({ id: 'p1' });
    const [url, init] = fetch.mock.calls[0]!;
    expect([url, init?.method, init?.body]).toEqual(['/payment', 'POST', '{"a":1}']);
    expect(init?.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': 'k-1', authorization: 'Bearer t' });
  });

  it('reads a resource with its ETag and PATCHes it as a merge patch with If-Match', async () => {
    const client = new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(200, '{"id":"c1"}', { etag: 'W/"3"' }) });
    expect(await client.getVersioned('/customer/c1')).toEqual({ body: { id: 'c1' }, etag: 'W/"3"' });
    const fetch = answering(200, '{"id":"c1"}', { etag: 'W/"4"' });
    const patched = await new ApiClient({ baseUrl: '', token: () => 't', fetch }).patch('/customer/c1', { name: 'x' }, { ifMatch: 'W/"3"' });
    expect(patched.etag).toBe('W/"4"');
    const init = fetch.mock.calls[0]![1]!;
    expect([init.method, init.headers]).toEqual(['PATCH', { accept: 'application/json', 'content-type': 'application/merge-patch+json', 'if-match': 'W/"3"', authorization: 'Bearer t' }]);
  });

  it('keeps the fields a refusal names', async () => {
    const body = '{"code":"PAYMENT_DECLINED","reason":"Payment Required","status":"402","details":[{"field":"paymentMethod.id","problem":"card_declined"}]}';
    const error = await failureOf(new ApiClient({ baseUrl: '', token: () => 't', fetch: answering(402, body) }).post('/payment', {}));
    expect([error.kind, error.code, error.details]).toEqual(['rejected', 'PAYMENT_DECLINED', [{ field: 'paymentMethod.id', problem: 'card_declined' }]]);
  });
});

import type { LocalRuntime } from '../infra/local/runtime.js';
import { billingAccountsPath, customersPath, newCustomerBody, type ApiAnswer, type BenchApi } from './api-client.js';
import type { CreatedCustomer } from './api-latency.js';
import { waitForBackgroundWork } from './background-work.js';
import type { UseCaseSamples } from './use-case-samples.js';

export interface RoundTripPlan {
  /** Requests per use case (the list use cases read every item, so they run fewer). */
  perUseCase: number;
  lists: number;
}

/**
 * The DynamoDB round trips (and, with a small sample, the latency) of the other use cases:
 * PATCH with If-Match, the billing account list by owner and unfiltered, single reads, an
 * additional billing account, and the Idempotency-Key path of POST (first call and replay).
 * Each use case gets one untimed call first so handler loading is not in its figures.
 */
export async function measureOtherUseCases(
  runtime: LocalRuntime,
  api: BenchApi,
  customers: readonly CreatedCustomer[],
  plan: RoundTripPlan,
  samples: UseCaseSamples,
  progress: (line: string) => void,
): Promise<void> {
  const pool = [...customers];
  const take = (): CreatedCustomer => {
    const next = pool.shift();
    if (!next) throw new Error('the benchmark ran out of created customers for the round-trip use cases');
    return next;
  };
  const sample = async (useCase: string, count: number, request: (index: number) => Promise<ApiAnswer>) => {
    await request(-1);
    for (let index = 0; index < count; index += 1) {
      const answer = await request(index);
      samples.record(useCase, answer.ms, answer.roundTrips);
    }
    progress(`  ${useCase}: ${count} requests`);
  };
  const n = plan.perUseCase;
  progress(`round trips of the other use cases (${n} requests each, ${plan.lists} for unfiltered lists)`);

  await sample('PATCH customer/{id} (If-Match)', n, () => {
    const customer = take();
    return api.expect(200, `${customersPath}/${customer.id}`, {
      method: 'PATCH',
      body: { name: `Bench Renamed ${customer.id}` },
      headers: { 'if-match': customer.etag },
    });
  });
  await sample('PATCH customer/{id} (new email)', n, () => {
    const customer = take();
    const email = (newCustomerBody().contactMedium as unknown[])[0];
    return api.expect(200, `${customersPath}/${customer.id}`, { method: 'PATCH', body: { contactMedium: [email] }, headers: { 'if-match': customer.etag } });
  });

  const owners = pool.splice(0, n + 1);
  const accounts: Array<{ id: string }> = [];
  await sample('GET billingAccount?relatedParty.id', n, async (index) => {
    const owner = owners[index + 1]!;
    const answer = await api.expect<Array<{ id: string }>>(200, `${billingAccountsPath}?relatedParty.id=${owner.id}`);
    accounts.push(...answer.body);
    return answer;
  });
  await sample('GET billingAccount (unfiltered list)', plan.lists, () => api.expect(200, billingAccountsPath));
  await sample('GET customer (unfiltered list)', plan.lists, () => api.expect(200, customersPath));

  const etags = new Map<string, string>();
  await sample('GET billingAccount/{id}', n, async (index) => {
    const account = accounts[Math.max(0, index)]!;
    const answer = await api.expect(200, `${billingAccountsPath}/${account.id}`);
    etags.set(account.id, answer.headers.get('etag') ?? '');
    return answer;
  });
  await sample('PATCH billingAccount/{id} (If-Match)', n, (index) => {
    const account = accounts[index + 1]!;
    return api.expect(200, `${billingAccountsPath}/${account.id}`, {
      method: 'PATCH',
      body: { name: `Bench Account ${index + 1}` },
      headers: { 'if-match': etags.get(account.id) ?? 'W/"1"' },
    });
  });
  await sample('POST billingAccount', n, () =>
    api.expect(201, billingAccountsPath, {
      method: 'POST',
      body: { name: 'Bench additional account', relatedParty: [{ id: take().id, '@referredType': 'Customer', role: 'owner' }] },
    }),
  );

  const keyed: Array<{ key: string; body: Record<string, unknown> }> = [];
  await sample('POST customer (Idempotency-Key, first)', n, async (index) => {
    const request = { key: `bench-${process.pid}-${Date.now()}-${index}`, body: newCustomerBody() };
    keyed.push(request);
    return api.expect(201, customersPath, { method: 'POST', body: request.body, headers: { 'idempotency-key': request.key } });
  });
  await sample('POST customer (Idempotency-Key, replay)', n, (index) => {
    const request = keyed[index + 1]!;
    return api.expect(201, customersPath, { method: 'POST', body: request.body, headers: { 'idempotency-key': request.key } });
  });

  await waitForBackgroundWork(runtime, async () => true, { settleMs: 300, timeoutMs: 30_000 });
}

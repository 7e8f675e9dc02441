import type { LocalRuntime } from '../infra/local/runtime.js';
import { billingAccountsPath, customersPath, newCustomerBody, type BenchApi } from './api-client.js';
import { waitForBackgroundWork } from './background-work.js';
import { interleave } from './interleave.js';
import { customerSizedItem, RawDynamoDb } from './raw-dynamodb.js';
import { pick, seededRandom } from './seeded-random.js';
import type { UseCaseSamples } from './use-case-samples.js';

/** The use cases the latency comparison is about. */
export const latencyUseCases = {
  postCustomer: 'POST customer',
  getCustomer: 'GET customer/{id}',
  rawPutItem: 'raw PutItem',
  rawGetItem: 'raw GetItem',
} as const;

export interface LatencyPlan {
  posts: number;
  gets: number;
  /** PutItem and GetItem each. */
  raw: number;
  /** Untimed calls of each kind first: module load, JIT, connection setup. */
  warmup: number;
}

export interface CreatedCustomer {
  id: string;
  etag: string;
}

export interface LatencyRun {
  /** The customers the timed POSTs created (the GETs pick among them). */
  created: CreatedCustomer[];
  /** JSON size of a stored customer item (keys, envelope, resource) and of the raw item. */
  itemBytes: { customerItem: number; rawItem: number };
  /** False when the background work (outbox relay, default billing accounts) did not drain in time. */
  backgroundDrained: boolean;
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/**
 * The API against raw DynamoDB on the same DynamoDB Local, one request at a time. Each API
 * request is interleaved with raw calls of the same kind (POST with PutItem, GET with GetItem),
 * alternating which goes first, so both see the same background load (the outbox relay and the
 * default-billing-account workflow the POSTs trigger) and the same drift of the machine.
 */
export async function measureLatency(
  runtime: LocalRuntime,
  api: BenchApi,
  plan: LatencyPlan,
  samples: UseCaseSamples,
  progress: (line: string) => void,
): Promise<LatencyRun> {
  const raw = new RawDynamoDb(runtime.dynamoDbEndpoint, runtime.tableName);
  const random = seededRandom(20_240_601);
  try {
    progress(`warming up: ${plan.warmup} POST, GET and PATCH customer, list calls, raw PutItem and GetItem`);
    const warm: CreatedCustomer[] = [];
    let template: Record<string, unknown> | undefined;
    for (let index = 0; index < plan.warmup; index += 1) {
      const created = await api.expect<Record<string, unknown>>(201, customersPath, { method: 'POST', body: newCustomerBody() });
      template ??= created.body;
      warm.push({ id: String(created.body.id), etag: created.headers.get('etag') ?? '' });
      await api.expect(200, `${customersPath}/${pick(warm, random).id}`);
    }
    await api.expect(200, `${customersPath}/${warm[0]!.id}`, { method: 'PATCH', body: { name: 'Bench Warm-up' }, headers: { 'if-match': warm[0]!.etag } });
    await api.expect(200, `${customersPath}?limit=1`);
    await api.expect(200, `${billingAccountsPath}?limit=1`);
    const rawItem = customerSizedItem(template!);
    const rawKeys: number[] = [];
    for (let index = 0; index < plan.warmup; index += 1) {
      await raw.timedPut(-1 - index, rawItem);
      await raw.timedGet(-1 - index);
    }
    const lastWarm = warm.at(-1)!.id;
    await waitForBackgroundWork(runtime, () => hasDefaultAccount(api, lastWarm));

    progress(`timing ${plan.posts} POST customer interleaved with ${plan.raw} raw PutItem`);
    const created: CreatedCustomer[] = [];
    const post = async (_index: number) => {
      const answer = await api.expect<{ id: string }>(201, customersPath, { method: 'POST', body: newCustomerBody() });
      samples.record(latencyUseCases.postCustomer, answer.ms, answer.roundTrips);
      created.push({ id: answer.body.id, etag: answer.headers.get('etag') ?? '' });
    };
    const put = async (index: number) => {
      samples.record(latencyUseCases.rawPutItem, await raw.timedPut(index, rawItem));
      rawKeys.push(index);
    };
    const everyTwoHundred = (done: { first: number; second: number }) => {
      if ((done.first + done.second) % 200 === 0) progress(`  ${done.first}/${plan.posts} POST, ${done.second}/${plan.raw} PutItem`);
    };
    await interleave(plan.posts, post, plan.raw, put, everyTwoHundred);

    progress('waiting for the outbox relay and the default-billing-account workflow to drain');
    const lastCreated = created.at(-1)!.id;
    const backgroundDrained = await waitForBackgroundWork(runtime, () => hasDefaultAccount(api, lastCreated));
    if (!backgroundDrained) progress('  background work did not drain within 60 s; GETs run alongside it');

    progress(`timing ${plan.gets} GET customer/{id} interleaved with ${plan.raw} raw GetItem (random ids)`);
    const getCustomer = async (_index: number) => {
      const answer = await api.expect(200, `${customersPath}/${pick(created, random).id}`);
      samples.record(latencyUseCases.getCustomer, answer.ms, answer.roundTrips);
    };
    const getItem = async (_index: number) => samples.record(latencyUseCases.rawGetItem, await raw.timedGet(pick(rawKeys, random)));
    await interleave(plan.gets, getCustomer, plan.raw, getItem, (done) => {
      if ((done.first + done.second) % 200 === 0) progress(`  ${done.first}/${plan.gets} GET, ${done.second}/${plan.raw} GetItem`);
    });

    return {
      created,
      itemBytes: { customerItem: jsonBytes(storedCustomerItem(template!)), rawItem: jsonBytes({ ...rawItem, ...RawDynamoDb.key(0) }) },
      backgroundDrained,
    };
  } finally {
    raw.destroy();
  }
}

/** The customer item as functions/lib/store/customer-store.ts writes it (for its size only). */
function storedCustomerItem(resource: Record<string, unknown>): Record<string, unknown> {
  const id = String(resource.id);
  return {
    pk: `CUSTOMER#${id}`,
    sk: 'CUSTOMER',
    gsi1pk: 'TYPE#Customer',
    gsi1sk: `${String(resource.createdAt)}#${id}`,
    entityType: 'Customer',
    version: 1,
    resource,
  };
}

/** The customer's default billing account is listed: the CustomerCreated workflow has run for it. */
export async function hasDefaultAccount(api: BenchApi, customerId: string): Promise<boolean> {
  const answer = await api.call<unknown[]>(`${billingAccountsPath}?relatedParty.id=${encodeURIComponent(customerId)}`);
  return answer.status === 200 && Array.isArray(answer.body) && answer.body.length > 0;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, DynamoDBDocumentClient, type DeleteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSBatchResponse } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderStateChanged } from '../../../domain/events/order-events.js';
import { hubDeliveryDetailType, hubDeliverySource } from '../../../domain/event-subscriptions/hub-delivery.js';
import { LocalEventBridgeService } from '../../../infra/local/eventbridge-service.js';
import { sqsEventOf } from '../../../infra/local/queue-messages.js';
import { agentClaims, apiEvent, customerClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { documentedVerifier } from '../../support/documented-signature-verifier.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { answerWithBus, eventBridgeBackedBy } from '../../support/local-event-bridge-mock.js';
import { FakeBillingTable } from '../billing/billing-table.js';

// Before the handlers load: listeners on this machine, as locally, and two retries.
vi.hoisted(() => {
  process.env.BSS_HUB_ALLOW_LOCAL_CALLBACKS = 'true';
  process.env.BSS_HUB_MAX_RETRY_ATTEMPTS = '2';
});
const verify = await documentedVerifier();
const { handler: create } = await import('../../../functions/event-subscriptions/create-hub-subscription.js');
const { handler: remove } = await import('../../../functions/event-subscriptions/delete-hub-subscription.js');
const { handler: deliver } = await import('../../../functions/event-subscriptions/deliver-hub-events.js');
const { handler: recordDeadLetters } = await import('../../../functions/event-subscriptions/record-hub-dead-letters.js');
const { handler: listDeadLetters } = await import('../../../functions/event-subscriptions/list-hub-dead-letters.js');
const { handler: replay } = await import('../../../functions/event-subscriptions/replay-hub-dead-letter.js');
const { checkedLookup, postSigned } = await import('../../../functions/event-subscriptions/callback-delivery.js');

const documentMock = mockClient(DynamoDBDocumentClient);

/**
 * The bus the handlers' EventBridge calls reach: the local runtime's, with the subscriptions'
 * rules sending to their API destinations (retries 10 ms apart) and the hub's dead-letter queue
 * handed to record-hub-dead-letters, as on AWS.
 */
const recordAnswers: SQSBatchResponse[] = [];
const bus = new LocalEventBridgeService({
  busName: process.env.EVENT_BUS_NAME!,
  otherBuses: [process.env.BSS_HUB_EVENT_BUS_NAME!],
  rules: [],
  deliver: () => Promise.reject(new Error('no topology rule in this test')),
  accountId: '000000000000',
  region: 'us-east-1',
  retryBaseDelayMs: 10,
  sendToQueue: async (queueArn, message) => {
    expect(queueArn).toBe(process.env.BSS_HUB_DEAD_LETTER_QUEUE_ARN);
    const answer = (await recordDeadLetters(sqsEventOf(queueArn, message) as never, lambdaContext())) as SQSBatchResponse;
    recordAnswers.push(answer);
  },
});
const eventBridgeMock = eventBridgeBackedBy(bus);
afterAll(() => {
  documentMock.restore();
  eventBridgeMock.restore();
});

interface Received {
  path: string;
  body: string;
  signature: string;
  subscription: string;
}

/** A listener on this machine: records each POST, and answers each path's scripted statuses in turn (then 200). */
const received: Received[] = [];
const script = new Map<string, number[]>();
/** Milliseconds a path's listener waits before it answers. */
const delays = new Map<string, number>();
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body, signature: String(request.headers['x-bss-signature']), subscription: String(request.headers['x-bss-hub-subscription']) });
      response.statusCode = script.get(request.url ?? '')?.shift() ?? 200;
      setTimeout(() => response.end(), delays.get(request.url ?? '') ?? 0);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  received.length = 0;
  recordAnswers.length = 0;
  script.clear();
  delays.clear();
});

const orders = '/tmf-api/productOrderingManagement/v4/hub';
async function subscribe(path: string, claims: Claims, query?: string): Promise<{ id: string; secret: string }> {
  const answer = await invoke(create, apiEvent({ method: 'POST', path: orders, body: { callback: `${base}${path}`, ...(query ? { query } : {}) }, claims }));
  expect(answer.statusCode).toBe(201);
  return answer.body;
}

const stateChange = (customerId: string, to: string) => {
  const event = OrderStateChanged.create({ orderId: 'o-1', customerId, from: 'acknowledged', to }, { eventId: `evt-${to}`, occurredAt: '2026-03-01T10:00:00.000Z', correlationId: 'corr' });
  return { version: '0', id: 'bus-1', source: event.source, 'detail-type': event.detailType, detail: event.detail };
};
/** Runs the delivery function, then waits until the bus has sent, retried and dead-lettered all it put. */
async function deliverEvent(event: ReturnType<typeof stateChange>) {
  const answer = await deliver(event as never, lambdaContext());
  await bus.idle();
  return answer;
}

describe('deliver-hub-events', () => {
  it("signs the TMF event for staff's subscriptions and its customer's whose query selects it, and the bus delivers it to them, no one else", async () => {
    const staff = await subscribe('/staff', agentClaims);
    const mine = await subscribe('/mine', customerClaims('c-1'), 'eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed');
    await subscribe('/other-customer', customerClaims('c-2'));
    await subscribe('/not-selected', customerClaims('c-1'), 'event.productOrder.state=failed');

    expect(await deliverEvent(stateChange('c-1', 'completed'))).toEqual({ deliveries: 2 });
    expect(received.map((each) => each.path).sort()).toEqual(['/mine', '/staff']);
    for (const each of received) {
      const subscription = each.path === '/mine' ? mine : staff;
      expect(verify(each.signature, each.body, subscription.secret)).toBe(true);
      // The connection's API key header names the subscription, so a listener knows whose secret to verify with.
      expect(each.subscription).toBe(subscription.id);
      expect(JSON.parse(each.body)).toMatchObject({ eventId: 'evt-completed', eventTime: '2026-03-01T10:00:00.000Z', eventType: 'ProductOrderStateChangeEvent', event: { productOrder: { id: 'o-1', state: 'completed' } } });
    }
  });

  it('puts one signed delivery per subscription on the bus, ten per PutEvents, and fails when the bus refuses one', async () => {
    for (let index = 0; index < 12; index += 1) await subscribe(`/many-${index}`, agentClaims);
    const puts = () => eventBridgeMock.commandCalls(PutEventsCommand);
    const before = puts().length;
    expect(await deliverEvent(stateChange('c-1', 'inProgress'))).toEqual({ deliveries: 12 });
    const entries = puts().slice(before).map((call) => call.args[0].input.Entries!);
    expect(entries.map((batch) => batch.length)).toEqual([10, 2]);
    const detail = JSON.parse(entries[0]![0]!.Detail!) as { subscriptionId: string; signature: string; event: { eventId: string } };
    expect(entries[0]![0]).toMatchObject({ EventBusName: process.env.BSS_HUB_EVENT_BUS_NAME, Source: hubDeliverySource, DetailType: hubDeliveryDetailType });
    // The hub's own bus: nothing of it is on the domain bus.
    expect(bus.recentEvents()).toEqual([]);
    expect(detail).toEqual({ subscriptionId: expect.any(String), signature: expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/), event: expect.objectContaining({ eventId: 'evt-inProgress' }) });
    expect(received).toHaveLength(12);

    // The bus takes every delivery but one, which it refuses however often it is put again.
    const refusedDetails = new Set<string>();
    eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const Entries = input.Entries.map((entry, index) => {
        const isRefused = refusedDetails.size === 0 ? index === 1 : refusedDetails.has(entry.Detail!);
        if (isRefused) refusedDetails.add(entry.Detail!);
        return isRefused ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: 'taken' };
      });
      return { FailedEntryCount: refusedDetails.size, Entries };
    });
    try {
      await expect(deliver(stateChange('c-1', 'held') as never, lambdaContext())).rejects.toThrow('the bus refused 1 hub deliveries of evt-held: InternalFailure try again');
    } finally {
      answerWithBus(eventBridgeMock, bus);
    }
  });

  it('the bus tries a failing callback again with back-off, the same body and signature: one that fails twice still gets the event', async () => {
    await subscribe('/flaky', agentClaims);
    script.set('/flaky', [500, 503]);
    await deliverEvent(stateChange('c-1', 'inProgress'));
    expect(received.map((each) => each.path)).toEqual(['/flaky', '/flaky', '/flaky']);
    expect(new Set(received.map((each) => `${each.signature} ${each.body}`)).size).toBe(1);
  });

  it('dead-letters what a callback never takes; staff list it and replay it once the callback is fixed', async () => {
    const broken = await subscribe('/broken', customerClaims('c-1'));
    script.set('/broken', [500, 500, 500]);
    await deliverEvent(stateChange('c-1', 'failed'));
    expect(received).toHaveLength(3);
    expect(recordAnswers).toEqual([{ batchItemFailures: [] }]);

    const listed = await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', query: { 'subscription.id': broken.id }, claims: agentClaims }));
    expect(listed.body).toEqual([
      expect.objectContaining({ subscription: expect.objectContaining({ id: broken.id }), attempts: 3, lastError: 'HTTP_500: the endpoint answered 500', state: 'deadLettered', event: expect.objectContaining({ eventId: 'evt-failed' }) }),
    ]);
    // Failing the same event again is the same dead letter.
    script.set('/broken', [500, 500, 500]);
    await deliverEvent(stateChange('c-1', 'failed'));
    expect([...table.items.keys()].filter((key) => key.startsWith('HUB_DEAD_LETTER#'))).toHaveLength(1);

    const deadLetter = listed.body[0];
    const replayed = await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: agentClaims }));
    expect(replayed.body).toMatchObject({ id: deadLetter.id, state: 'replayed', attempts: 4, replayedAt: expect.any(String) });
    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toEqual(deadLetter.event);
    expect(verify(last.signature, last.body, broken.secret)).toBe(true);
    expect(last.subscription).toBe(broken.id);
    expectTmfError(await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: agentClaims })), 409, 'ALREADY_REPLAYED');
  });

  it('does not retry an answer EventBridge does not retry (a 4xx other than 401, 407, 409, 429, or a redirect): one attempt, then the dead letter', async () => {
    const gone = await subscribe('/gone', agentClaims);
    const moved = await subscribe('/moved', agentClaims);
    script.set('/gone', [404]);
    script.set('/moved', [302]);
    await deliverEvent(stateChange('c-1', 'held'));
    expect(received.map((each) => each.path).sort()).toEqual(['/gone', '/moved']);
    const listed = await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', claims: agentClaims }));
    expect(listed.body.map((each: { subscription: { id: string }; attempts: number; lastError: string }) => [each.subscription.id, each.attempts, each.lastError]).sort()).toEqual(
      [
        [gone.id, 1, 'HTTP_404: the endpoint answered 404'],
        [moved.id, 1, 'HTTP_302: the endpoint answered 302'],
      ].sort(),
    );
  });

  it('a replay the callback still refuses keeps the dead letter, one attempt more; customers neither list nor replay', async () => {
    await subscribe('/down', agentClaims);
    script.set('/down', [500, 500, 500, 502]);
    await deliverEvent(stateChange('c-1', 'cancelled'));
    const [deadLetter] = (await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', query: { state: 'deadLettered' }, claims: agentClaims }))).body;
    const again = await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: agentClaims }));
    expect(again.body).toMatchObject({ state: 'deadLettered', attempts: 4, lastError: 'the callback answered 502' });
    expectTmfError(await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', claims: customerClaims('c-1') })), 403, 'FORBIDDEN');
    expectTmfError(await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: customerClaims('c-1') })), 403, 'FORBIDDEN');
  });

  it('delivers nothing more once the subscription is deleted: its rule, API destination and connection are gone', async () => {
    const leaving = await subscribe('/leaving', agentClaims);
    const named = `${process.env.BSS_HUB_RESOURCE_PREFIX}${leaving.id}`;
    const held = () => Object.values(bus.runtimeResources()).map((names) => names.includes(named));
    expect(held()).toEqual([true, true, true]);
    documentMock.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
      table.items.delete(`${String(input.Key!.pk)}|${String(input.Key!.sk)}`);
      return {};
    });
    const deleted = await invoke(remove, resourceEvent('DELETE', orders, leaving.id, { claims: agentClaims }));
    expect(deleted.statusCode).toBe(204);
    expect(held()).toEqual([false, false, false]);
    await deliverEvent(stateChange('c-1', 'completed'));
    expect(received).toEqual([]);
  });
});

describe('record-hub-dead-letters', () => {
  const message = (detail: unknown, attributes: Record<string, string> = {}) =>
    sqsEventOf(process.env.BSS_HUB_DEAD_LETTER_QUEUE_ARN!, {
      body: JSON.stringify({ source: hubDeliverySource, 'detail-type': hubDeliveryDetailType, detail }),
      attributes: { RULE_ARN: 'rule', TARGET_ARN: 'target', ERROR_CODE: 'HTTP_500', ERROR_MESSAGE: 'the endpoint answered 500', RETRY_ATTEMPTS: '5', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts', ...attributes },
    });
  const event = { eventId: 'evt-1', eventTime: '2026-03-01T10:00:00.000Z', eventType: 'ProductOrderStateChangeEvent', event: {} };

  it("records a delivery whose subscription is gone as nothing (nothing would receive its replay), and reports a message that is no delivery, alone", async () => {
    const kept = await subscribe('/kept', agentClaims);
    const goneAnswer = await recordDeadLetters(message({ subscriptionId: 'deleted-subscription', signature: 't=1,v1=00', event }) as never, lambdaContext());
    expect(goneAnswer).toEqual({ batchItemFailures: [] });
    expect([...table.items.keys()].filter((key) => key.startsWith('HUB_DEAD_LETTER#'))).toEqual([]);

    const malformed = sqsEventOf(process.env.BSS_HUB_DEAD_LETTER_QUEUE_ARN!, { body: '{"source":"elsewhere"}', attributes: message({}).Records[0]!.messageAttributes as never });
    const batch = { Records: [...malformed.Records, ...message({ subscriptionId: kept.id, signature: 't=1,v1=00', event }).Records] };
    const answer = (await recordDeadLetters(batch as never, lambdaContext())) as SQSBatchResponse;
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: malformed.Records[0]!.messageId }]);
    const listed = await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', claims: agentClaims }));
    expect(listed.body).toEqual([expect.objectContaining({ subscription: expect.objectContaining({ id: kept.id }), attempts: 6, lastError: 'HTTP_500: the endpoint answered 500' })]);
  });
});

describe('replaying a dead letter', () => {
  const replayOf = (id: string) => invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id } }, claims: agentClaims }));
  async function deadLetterAt(path: string): Promise<{ id: string }> {
    const subscription = await subscribe(path, agentClaims);
    script.set(path, [500, 500, 500]);
    await deliverEvent(stateChange('c-1', 'completed'));
    const listed = await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', query: { 'subscription.id': subscription.id }, claims: agentClaims }));
    expect(listed.body).toHaveLength(1);
    return listed.body[0];
  }

  it('sends the event once when two staff replay it at once: the second is told a replay is under way', async () => {
    const deadLetter = await deadLetterAt('/slow');
    delays.set('/slow', 200);
    const sentBefore = received.length;
    const answers = await Promise.all([replayOf(deadLetter.id), replayOf(deadLetter.id)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)!.body).toMatchObject({ code: 'REPLAY_IN_PROGRESS' });
    expect(answers.find((answer) => answer.statusCode === 200)!.body).toMatchObject({ state: 'replayed', attempts: 4 });
    expect(received.length - sentBefore).toBe(1);
    // The replay gave the dead letter back: nothing of its hold is left on the item.
    const item = table.get({ pk: `HUB_DEAD_LETTER#${deadLetter.id}`, sk: 'HUB_DEAD_LETTER' })!;
    expect(item).not.toHaveProperty('replayHolder');
    expect(item).not.toHaveProperty('replayUntil');
  });

  it('takes over the hold of a replay that died before it answered, once its minute is over', async () => {
    const deadLetter = await deadLetterAt('/orphaned');
    const key = { pk: `HUB_DEAD_LETTER#${deadLetter.id}`, sk: 'HUB_DEAD_LETTER' };
    table.put({ ...table.get(key)!, replayHolder: 'a-replay-that-died', replayUntil: Date.now() + 30_000 });
    expectTmfError(await replayOf(deadLetter.id), 409, 'REPLAY_IN_PROGRESS');
    table.put({ ...table.get(key)!, replayUntil: Date.now() - 1 });
    expect((await replayOf(deadLetter.id)).body).toMatchObject({ state: 'replayed' });
  });
});

describe("a replay's one attempt", () => {
  const event = { eventId: 'evt-1', eventTime: '2026-03-01T10:00:00.000Z', eventType: 'ProductOrderStateChangeEvent', event: {} };

  it('ends after 5 s whatever the callback does: a callback that never answers is a failed attempt', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    const started = Date.now();
    const outcome = await postSigned({ id: 's-1', callback: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/` }, event, 'secret', Math.floor(started / 1000));
    expect(outcome).toEqual({ delivered: false, error: 'no answer within 5000 ms' });
    expect(Date.now() - started).toBeLessThan(6_000);
    silent.closeAllConnections();
    await new Promise<void>((closed) => silent.close(() => closed()));
  });

  it('follows no redirect: a 3xx is a failed attempt', async () => {
    script.set('/moved', [302]);
    expect(await postSigned({ id: 's-1', callback: `${base}/moved` }, event, 'secret', Math.floor(Date.now() / 1000))).toEqual({ delivered: false, error: 'the callback answered 302' });
    expect(received.map((each) => [each.path, each.subscription])).toEqual([['/moved', 's-1']]);
  });
});

describe('callback address checks at delivery', () => {
  it('refuse a name that resolves to a loopback address on AWS (the check sits in the connection, against DNS rebinding), and allow it locally', async () => {
    const resolve = (allowLocal: boolean) =>
      new Promise<string>((done) => checkedLookup({ allowLocal })('localhost', { family: 4 }, (error, address) => done(error ? error.message : String(address))));
    expect(await resolve(false)).toMatch(/localhost resolves to 127\.0\.0\.1, which is not a public address/);
    expect(await resolve(true)).toBe('127.0.0.1');
  });
});

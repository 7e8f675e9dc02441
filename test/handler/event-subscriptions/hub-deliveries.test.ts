import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderStateChanged } from '../../../domain/events/order-events.js';
import { agentClaims, apiEvent, customerClaims, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { documentedVerifier } from '../../support/documented-signature-verifier.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { FakeBillingTable } from '../billing/billing-table.js';

// Before the handlers load: listeners on this machine, as locally, and retries in milliseconds.
vi.hoisted(() => {
  process.env.BSS_HUB_ALLOW_LOCAL_CALLBACKS = 'true';
  process.env.BSS_HUB_RETRY_DELAYS_MS = '10,20';
});
const verify = await documentedVerifier();
const { handler: create } = await import('../../../functions/event-subscriptions/create-hub-subscription.js');
const { handler: deliver } = await import('../../../functions/event-subscriptions/deliver-hub-events.js');
const { handler: listDeadLetters } = await import('../../../functions/event-subscriptions/list-hub-dead-letters.js');
const { handler: replay } = await import('../../../functions/event-subscriptions/replay-hub-dead-letter.js');
const { checkedLookup, postSigned } = await import('../../../functions/event-subscriptions/callback-delivery.js');

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

interface Received {
  path: string;
  body: string;
  signature: string;
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
      received.push({ path: request.url ?? '', body, signature: String(request.headers['x-bss-signature']) });
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
const deliverEvent = (event: ReturnType<typeof stateChange>) => deliver(event as never, lambdaContext());

describe('deliver-hub-events', () => {
  it("delivers the TMF event, signed, to staff's subscriptions and its customer's whose query selects it, no one else's", async () => {
    const staff = await subscribe('/staff', agentClaims);
    const mine = await subscribe('/mine', customerClaims('c-1'), 'eventType=ProductOrderStateChangeEvent&event.productOrder.state=completed');
    await subscribe('/other-customer', customerClaims('c-2'));
    await subscribe('/not-selected', customerClaims('c-1'), 'event.productOrder.state=failed');

    expect(await deliverEvent(stateChange('c-1', 'completed'))).toEqual({ delivered: 2, deadLettered: 0 });
    expect(received.map((each) => each.path).sort()).toEqual(['/mine', '/staff']);
    for (const each of received) {
      const secret = each.path === '/mine' ? mine.secret : staff.secret;
      expect(verify(each.signature, each.body, secret)).toBe(true);
      expect(JSON.parse(each.body)).toMatchObject({ eventId: 'evt-completed', eventTime: '2026-03-01T10:00:00.000Z', eventType: 'ProductOrderStateChangeEvent', event: { productOrder: { id: 'o-1', state: 'completed' } } });
    }
  });

  it('tries a failing callback again after each delay: one that fails twice still gets the event', async () => {
    await subscribe('/flaky', agentClaims);
    script.set('/flaky', [500, 503]);
    expect(await deliverEvent(stateChange('c-1', 'inProgress'))).toEqual({ delivered: 1, deadLettered: 0 });
    expect(received.map((each) => each.path)).toEqual(['/flaky', '/flaky', '/flaky']);
    expect(new Set(received.map((each) => each.body)).size).toBe(1);
  });

  it('dead-letters what a callback never takes; staff list it and replay it once the callback is fixed', async () => {
    const broken = await subscribe('/broken', customerClaims('c-1'));
    script.set('/broken', [500, 500, 500]);
    expect(await deliverEvent(stateChange('c-1', 'failed'))).toEqual({ delivered: 0, deadLettered: 1 });
    expect(received).toHaveLength(3);

    const listed = await invoke(listDeadLetters, apiEvent({ method: 'GET', path: '/hub/v1/deadLetter', query: { 'subscription.id': broken.id }, claims: agentClaims }));
    expect(listed.body).toEqual([
      expect.objectContaining({ subscription: expect.objectContaining({ id: broken.id }), attempts: 3, lastError: 'the callback answered 500', state: 'deadLettered', event: expect.objectContaining({ eventId: 'evt-failed' }) }),
    ]);
    // Failing the same event again is the same dead letter.
    script.set('/broken', [500, 500, 500]);
    await deliverEvent(stateChange('c-1', 'failed'));
    expect(table.items.size).toBe(2);

    const deadLetter = listed.body[0];
    const replayed = await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: agentClaims }));
    expect(replayed.body).toMatchObject({ id: deadLetter.id, state: 'replayed', attempts: 4, replayedAt: expect.any(String) });
    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toEqual(deadLetter.event);
    expect(verify(last.signature, last.body, broken.secret)).toBe(true);
    expectTmfError(await invoke(replay, apiEvent({ method: 'POST', path: '/hub/v1/deadLetterReplay', body: { deadLetter: { id: deadLetter.id } }, claims: agentClaims })), 409, 'ALREADY_REPLAYED');
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

describe('one attempt', () => {
  it('ends after 5 s whatever the callback does: a callback that never answers is a failed attempt', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    const started = Date.now();
    const outcome = await postSigned(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, '{}', 'secret', Math.floor(started / 1000));
    expect(outcome).toEqual({ delivered: false, error: 'no answer within 5000 ms' });
    expect(Date.now() - started).toBeLessThan(6_000);
    silent.closeAllConnections();
    await new Promise<void>((closed) => silent.close(() => closed()));
  });

  it('follows no redirect: a 3xx is a failed attempt', async () => {
    await subscribe('/moved', agentClaims);
    script.set('/moved', [302, 302, 302]);
    expect(await deliverEvent(stateChange('c-1', 'held'))).toEqual({ delivered: 0, deadLettered: 1 });
    expect(received.map((each) => each.path)).toEqual(['/moved', '/moved', '/moved']);
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

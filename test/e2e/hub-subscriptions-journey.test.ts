import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedVerifier, type SignatureVerifier } from '../support/documented-signature-verifier.js';
import { call, eventually, newCustomerBody, tokenFor } from '../support/local-api.js';

/**
 * Hub subscriptions over HTTP against the local runtime (docs/events.md, "Hub subscriptions"),
 * with listeners on this machine as a subscriber would run them: an order's events arrive as
 * signed TMF events, verified with the snippet docs/events.md gives; a listener that fails twice
 * still gets each event; one that always fails ends in the dead letters, and a staff replay
 * delivers it; a customer cannot subscribe to another's events, nor see its subscriptions. The
 * deliveries go as on AWS, through each subscription's rule and API destination on the runtime's
 * bus, which the tests' runtime lets retry twice, after 200 and 400 ms.
 */
const ordering = '/tmf-api/productOrderingManagement/v4';
const hub = `${ordering}/hub`;

interface Delivery {
  path: string;
  body: string;
  signature: string;
  subscription: string;
  status: number;
}

/** Listeners by path: /ok takes everything; /flaky refuses each event twice, then takes it; /broken refuses all until fixed. */
class Listeners {
  readonly deliveries: Delivery[] = [];
  brokenFixed = false;
  private readonly server: Server;
  private readonly refusedOnce = new Map<string, number>();
  base = '';

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const path = request.url ?? '';
        const status = this.statusFor(path, body);
        this.deliveries.push({ path, body, signature: String(request.headers['x-bss-signature']), subscription: String(request.headers['x-bss-hub-subscription']), status });
        response.statusCode = status;
        response.end();
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((listening) => this.server.listen(0, '127.0.0.1', listening));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((closed) => this.server.close(() => closed()));
  }

  taken(path: string): { body: string; signature: string; subscription: string; event: any }[] {
    return this.deliveries.filter((each) => each.path === path && each.status === 200).map((each) => ({ ...each, event: JSON.parse(each.body) }));
  }

  private statusFor(path: string, body: string): number {
    if (path === '/flaky') {
      const key = (JSON.parse(body) as { eventId: string }).eventId;
      const refused = this.refusedOnce.get(key) ?? 0;
      if (refused < 2) {
        this.refusedOnce.set(key, refused + 1);
        return 503;
      }
    }
    if (path === '/broken' && !this.brokenFixed) return 500;
    return 200;
  }
}

const listeners = new Listeners();
let verify: SignatureVerifier;
let agent: string;
const created: { id: string; token: string }[] = [];

async function customerWithAccount(): Promise<{ customerId: string; accountId: string; token: string }> {
  const customer = await call('/tmf-api/customerManagement/v4/customer', {
    method: 'POST',
    token: agent,
    body: newCustomerBody({
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: `hub.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com` } },
        { mediumType: 'postalAddress', characteristic: { street1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } },
      ],
      paymentMethod: [{ id: 'pm_card_visa', '@referredType': 'PaymentMethod' }],
    }),
  });
  expect(customer.status).toBe(201);
  const accountId = await eventually(async () => (await call(`/tmf-api/accountManagement/v4/billingAccount?relatedParty.id=${customer.body.id}`, { token: agent })).body[0]?.id as string | undefined);
  return { customerId: customer.body.id, accountId, token: await tokenFor('customer', customer.body.id) };
}

async function subscribe(token: string, path: string, query?: string): Promise<{ id: string; secret: string }> {
  const answer = await call(hub, { method: 'POST', token, body: { callback: `${listeners.base}${path}`, ...(query ? { query } : {}) } });
  expect(answer.status).toBe(201);
  created.push({ id: answer.body.id, token });
  return answer.body;
}

beforeAll(async () => {
  await listeners.start();
  verify = await documentedVerifier();
  agent = await tokenFor('agent');
});

afterAll(async () => {
  // The runtime outlives this file: nothing more goes to listeners that are gone.
  for (const { id, token } of created) await call(`${hub}/${id}`, { method: 'DELETE', token });
  await listeners.stop();
});

describe('hub subscriptions against the local runtime', () => {
  it('deliver an order\'s events, signed, retried and dead-lettered, to its customer\'s subscriptions and staff\'s, and to no other customer', async () => {
    const ada = await customerWithAccount();
    const grace = await customerWithAccount();

    const states = await subscribe(ada.token, '/ok', 'eventType=ProductOrderStateChangeEvent');
    const flaky = await subscribe(ada.token, '/flaky');
    const broken = await subscribe(agent, '/broken', `eventType=ProductOrderCreateEvent&event.productOrder.relatedParty.id=${ada.customerId}`);
    await subscribe(grace.token, '/grace');

    // Grace cannot subscribe to Ada's events, nor see or delete Ada's subscription.
    const foreign = await call(hub, { method: 'POST', token: grace.token, body: { callback: `${listeners.base}/grace`, query: `event.productOrder.relatedParty.id=${ada.customerId}` } });
    expect(foreign.status).toBe(403);
    expect((await call(`${hub}/${states.id}`, { token: grace.token })).status).toBe(404);
    expect((await call(`${hub}/${states.id}`, { method: 'DELETE', token: grace.token })).status).toBe(404);
    const own = await call(`${hub}/${states.id}`, { token: ada.token });
    expect(own.body).toEqual({ id: states.id, href: `${hub}/${states.id}`, callback: `${listeners.base}/ok`, query: 'eventType=ProductOrderStateChangeEvent', '@type': 'EventSubscription' });

    const offerings = await call<any[]>(`/tmf-api/productCatalogManagement/v4/productOffering?name=${encodeURIComponent('Mobile M')}`, { token: agent });
    const order = await call(`${ordering}/productOrder`, {
      method: 'POST',
      token: ada.token,
      body: { billingAccount: { id: ada.accountId }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: offerings.body[0].id } }] },
    });
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;

    // Its state changes reach Ada's /ok listener up to `completed`, each signed under that subscription's secret.
    const changes = await eventually(async () => {
      const taken = listeners.taken('/ok').filter((each) => each.event.event.productOrder.id === orderId);
      return taken.some((each) => each.event.event.productOrder.state === 'completed') ? taken : undefined;
    }, 30_000);
    for (const each of changes) {
      expect(verify(each.signature, each.body, states.secret)).toBe(true);
      expect(verify(each.signature, each.body, flaky.secret)).toBe(false);
      expect(each.subscription).toBe(states.id);
      expect(each.event).toMatchObject({ eventId: expect.any(String), eventTime: expect.any(String), eventType: 'ProductOrderStateChangeEvent' });
      expect(each.event.event.productOrder.relatedParty).toEqual([expect.objectContaining({ id: ada.customerId, role: 'Customer' })]);
    }
    expect(changes.map((each) => each.event.event.productOrder.state)).toContain('inProgress');

    // The flaky listener refused every event twice and still took each one, the third time, the same body each time.
    const flakyTaken = await eventually(async () => {
      const taken = listeners.taken('/flaky').filter((each) => each.event.event.productOrder?.id === orderId);
      return taken.some((each) => each.event.event.productOrder.state === 'completed') ? taken : undefined;
    }, 30_000);
    expect(flakyTaken.map((each) => each.event.eventType)).toContain('ProductOrderCreateEvent');
    for (const each of flakyTaken) {
      expect(verify(each.signature, each.body, flaky.secret)).toBe(true);
      const attempts = listeners.deliveries.filter((delivery) => delivery.path === '/flaky' && delivery.body === each.body);
      expect(attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
    }

    // The broken listener's event ends in the dead letters after its three attempts; a replay, once it is fixed, delivers it.
    const [deadLetter] = await eventually(async () => {
      const listed = await call<any[]>(`/hub/v1/deadLetter?subscription.id=${broken.id}`, { token: agent });
      return listed.body.length > 0 ? listed.body : undefined;
    }, 30_000);
    expect(deadLetter).toMatchObject({ state: 'deadLettered', attempts: 3, lastError: 'HTTP_500: the endpoint answered 500', event: { eventType: 'ProductOrderCreateEvent', event: { productOrder: { id: orderId } } } });
    expect(listeners.deliveries.filter((each) => each.path === '/broken')).toHaveLength(3);
    expect((await call('/hub/v1/deadLetter', { token: ada.token })).status).toBe(403);
    listeners.brokenFixed = true;
    const replayed = await call('/hub/v1/deadLetterReplay', { method: 'POST', token: agent, body: { deadLetter: { id: deadLetter.id } } });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ id: deadLetter.id, state: 'replayed', attempts: 4 });
    const [delivered] = listeners.taken('/broken');
    expect(delivered!.event).toEqual(deadLetter.event);
    expect(verify(delivered!.signature, delivered!.body, broken.secret)).toBe(true);

    // Grace's subscription received nothing of Ada's order.
    expect(listeners.deliveries.filter((each) => each.path === '/grace' && each.body.includes(orderId))).toEqual([]);
  });
});

import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEventBridgeService, type BusEvent } from '../../infra/local/eventbridge-service.js';
import { localPartnerBusesOf, partnerForwardingRules, putOnPartnerBus } from '../../infra/local/partner-buses.js';

const partnerBus = 'arn:aws:events:eu-west-1:111122223333:event-bus/partner';
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) await new Promise<void>((closed) => server.close(() => closed()));
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** The partner's side: its own bus, named as in its ARN, keeping what it receives. */
async function partnerSide(busName = 'partner') {
  const received: BusEvent[] = [];
  const bus = new LocalEventBridgeService({
    busName,
    accountId: '111122223333',
    region: 'eu-west-1',
    rules: [{ name: 'keep', description: 'all', pattern: { account: ['111122223333'] }, target: { kind: 'function', name: 'keep' } }],
    deliver: async (_target, event) => {
      received.push(event);
    },
  });
  return { endpoint: await listening(createServer(bus.requestListener)), received, bus };
}

/** The BSS side: its bus with only the partner forwarding rules. */
function bssBus(endpoint: string, events: string[]) {
  return new LocalEventBridgeService({
    busName: 'bss',
    accountId: '000000000000',
    region: 'us-east-1',
    rules: partnerForwardingRules(localPartnerBusesOf(JSON.stringify([{ bus: partnerBus, events, endpoint }]))),
    deliver: async (target, event) => {
      if (target.kind !== 'partner-bus') throw new Error(`unexpected target ${target.kind}`);
      await putOnPartnerBus(target, event);
    },
    maxAttempts: 2,
    retryBaseDelayMs: 10,
  });
}

const entry = (source: string, detailType: string, data: Record<string, unknown>) => ({
  EventBusName: 'bss',
  Source: source,
  DetailType: detailType,
  Detail: JSON.stringify({ metadata: { eventId: 'e-1', occurredAt: '2026-12-05T10:00:00.000Z', schemaVersion: 1 }, data }),
});

describe('partner buses locally', () => {
  it('forward the partner events a subscription names, as bus-to-bus delivery does, and nothing else', async () => {
    const partner = await partnerSide();
    const bss = bssBus(partner.endpoint, ['OrderCompleted']);
    bss.handle('PutEvents', {
      Entries: [
        entry('bss.partner', 'OrderCompleted', { orderId: 'o-1' }),
        entry('bss.partner', 'CustomerCreated', { customerId: 'c-1' }),
        entry('bss.orders', 'OrderCompleted', { order: { id: 'o-1', name: 'personal data' } }),
      ],
    });
    await bss.idle();
    await partner.bus.idle();
    expect(partner.received).toHaveLength(1);
    expect(partner.received[0]).toMatchObject({ source: 'bss.partner', 'detail-type': 'OrderCompleted', account: '111122223333', region: 'eu-west-1', detail: { data: { orderId: 'o-1' } } });
    expect(bss.deadLetters()).toEqual([]);
  });

  it('dead-letter what the partner bus refuses or cannot be reached for, after the retries, with the reason', async () => {
    const elsewhere = await partnerSide('another-bus');
    const refusing = bssBus(elsewhere.endpoint, ['OrderCompleted']);
    refusing.handle('PutEvents', { Entries: [entry('bss.partner', 'OrderCompleted', { orderId: 'o-2' })] });
    await refusing.idle();
    expect(refusing.deadLetters()).toEqual([expect.objectContaining({ rule: 'partner-111122223333-partner', attempts: 2, error: expect.stringContaining('refused the event: InvalidArgument unknown event bus') })]);

    const closed = createServer();
    const unreachable = bssBus(await listening(closed), ['OrderCompleted']);
    await new Promise<void>((done) => closed.close(() => done()));
    servers.splice(servers.indexOf(closed), 1);
    unreachable.handle('PutEvents', { Entries: [entry('bss.partner', 'OrderCompleted', { orderId: 'o-3' })] });
    await unreachable.idle();
    expect(unreachable.deadLetters()).toEqual([expect.objectContaining({ attempts: 2, event: expect.objectContaining({ detail: expect.objectContaining({ data: { orderId: 'o-3' } }) }) })]);
  });

  it('are configured with their endpoints, and a wrong entry is refused with what to write', () => {
    expect(localPartnerBusesOf(JSON.stringify([{ bus: partnerBus, events: ['OrderCompleted', 'OrderCompleted'], endpoint: 'http://127.0.0.1:4010/' }]))).toEqual([
      { bus: partnerBus, events: ['OrderCompleted'], endpoint: 'http://127.0.0.1:4010' },
    ]);
    expect(localPartnerBusesOf(undefined)).toEqual([]);
    expect(() => localPartnerBusesOf('{')).toThrow(/not JSON/);
    expect(() => localPartnerBusesOf(JSON.stringify([{ bus: partnerBus, events: ['OrderCompleted'] }]))).toThrow(/give the endpoint/);
    expect(() => localPartnerBusesOf(JSON.stringify([{ bus: partnerBus, events: ['CustomerWelcomed'], endpoint: 'http://127.0.0.1:4010' }]))).toThrow(/CustomerWelcomed: not a partner event/);
    expect(() => localPartnerBusesOf(JSON.stringify([{ bus: 'partner', events: ['OrderCompleted'], endpoint: 'http://127.0.0.1:4010' }]))).toThrow(/is not an event bus ARN/);
  });
});

import { createServer, type Server } from 'node:http';
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEventBridgeService, type BusEvent, type LocalRuleTarget } from '../../infra/local/eventbridge-service.js';

/** The local EventBridge driven through the real SDK client, with targets the test controls. */
describe('local EventBridge service', () => {
  const delivered: Array<{ target: LocalRuleTarget; event: BusEvent }> = [];
  let failuresLeft = 0;
  let server: Server;
  let client: EventBridgeClient;
  const service = new LocalEventBridgeService({
    busName: 'test-bus',
    accountId: '000000000000',
    region: 'us-east-1',
    retryBaseDelayMs: 5,
    maxAttempts: 3,
    rules: [
      {
        name: 'orders-over-100',
        description: 'numeric match on detail',
        pattern: { source: ['bss.orders'], detail: { data: { total: [{ numeric: ['>', 100] }] } } },
        target: { kind: 'function', name: 'big-order-handler' },
      },
      {
        name: 'always-failing',
        description: 'a target that never succeeds',
        pattern: { source: ['bss.failing'] },
        target: { kind: 'state-machine', name: 'broken' },
      },
    ],
    deliver: async (target, event) => {
      if (target.name === 'broken') throw new Error('target unavailable');
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('transient failure');
      }
      delivered.push({ target, event });
    },
  });

  beforeAll(async () => {
    server = createServer(service.requestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${address.port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const entry = (source: string, total: number) => ({ EventBusName: 'test-bus', Source: source, DetailType: 'OrderPlaced', Detail: JSON.stringify({ data: { total } }) });

  it('delivers only events the rule pattern matches, asynchronously, in the EventBridge event shape', async () => {
    delivered.length = 0;
    const answer = await client.send(new PutEventsCommand({ Entries: [entry('bss.orders', 150), entry('bss.orders', 50), entry('bss.other', 500)] }));
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.every((result) => typeof result.EventId === 'string')).toBe(true);
    await service.idle();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.target).toEqual({ kind: 'function', name: 'big-order-handler' });
    expect(delivered[0]!.event).toMatchObject({ version: '0', source: 'bss.orders', 'detail-type': 'OrderPlaced', account: '000000000000', region: 'us-east-1', detail: { data: { total: 150 } } });
    expect(delivered[0]!.event.id).toBe(answer.Entries![0]!.EventId);
  });

  it('retries a failing target and delivers once it recovers', async () => {
    delivered.length = 0;
    failuresLeft = 2;
    await client.send(new PutEventsCommand({ Entries: [entry('bss.orders', 101)] }));
    await service.idle();
    expect(delivered).toHaveLength(1);
    expect(service.deadLetters()).toHaveLength(0);
  });

  it('holds deliveries to the named rules until released, then delivers them in arrival order, once, and idle() waits for them all', async () => {
    delivered.length = 0;
    const release = service.holdDeliveries(['orders-over-100']);
    expect(() => service.holdDeliveries(['orders-over-100'])).toThrow('already held');
    await client.send(new PutEventsCommand({ Entries: [entry('bss.orders', 200), entry('bss.orders', 300)] }));
    await service.idle();
    expect(delivered).toHaveLength(0);
    expect(release(1)).toBe(2);
    expect(release()).toBe(0);
    await service.idle();
    expect(delivered.map(({ event }) => (event.detail as { data: { total: number } }).data.total)).toEqual([200, 300]);
    expect(() => service.holdDeliveries(['no-such-rule'])).toThrow('no rule no-such-rule');
  });

  it('dead-letters an event whose target keeps failing, after the configured attempts', async () => {
    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'test-bus', Source: 'bss.failing', DetailType: 'Broken', Detail: '{}' }] }));
    await service.idle();
    const [letter] = service.deadLetters();
    expect(letter).toMatchObject({ rule: 'always-failing', attempts: 3, error: 'Error: target unavailable', event: { source: 'bss.failing' } });
  });

  it('rejects malformed entries individually and unknown buses, as PutEvents does', async () => {
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'test-bus', Source: 'bss.orders', DetailType: 'X', Detail: 'not json' },
          { EventBusName: 'another-bus', Source: 'bss.orders', DetailType: 'X', Detail: '{}' },
          entry('bss.orders', 1),
        ],
      }),
    );
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.[0]?.ErrorCode).toBe('InvalidArgument');
    expect(answer.Entries?.[1]?.ErrorMessage).toContain('unknown event bus');
    expect(answer.Entries?.[2]?.EventId).toBeDefined();
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toThrow(/Entries/);
  });

  it('answers TestEventPattern with the same matcher', async () => {
    const event = { id: '1', account: '000000000000', source: 'bss.customers', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], 'detail-type': 'CustomerCreated', detail: {} };
    const yes = await client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify({ source: [{ prefix: 'bss.' }] }), Event: JSON.stringify(event) }));
    const no = await client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify({ source: [{ 'anything-but': 'bss.customers' }] }), Event: JSON.stringify(event) }));
    expect(yes.Result).toBe(true);
    expect(no.Result).toBe(false);
  });
});

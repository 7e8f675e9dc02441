import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, type DeleteCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as create } from '../../../functions/event-subscriptions/create-hub-subscription.js';
import { handler as remove } from '../../../functions/event-subscriptions/delete-hub-subscription.js';
import { handler as get } from '../../../functions/event-subscriptions/get-hub-subscription.js';
import { agentClaims, apiEvent, customerClaims, mediationClaims, resourceEvent, type Claims } from '../../support/api-event.js';
import { expectTmfError, invoke } from '../../support/api-answer.js';
import { expectValidTmf, tmf622 } from '../../support/tmf-schema.js';
import { LocalEventBridgeService } from '../../../infra/local/eventbridge-service.js';
import { answerWithBus, eventBridgeBackedBy } from '../../support/local-event-bridge-mock.js';
import { FakeBillingTable } from '../billing/billing-table.js';

const documentMock = mockClient(DynamoDBDocumentClient);
/** The subscriptions' connections, API destinations and rules are made on the local runtime's bus. */
let bus: LocalEventBridgeService;
const eventBridgeMock = eventBridgeBackedBy((bus = newBus()));
afterAll(() => {
  documentMock.restore();
  eventBridgeMock.restore();
});

function newBus(): LocalEventBridgeService {
  return new LocalEventBridgeService({ busName: process.env.EVENT_BUS_NAME!, otherBuses: [process.env.BSS_HUB_EVENT_BUS_NAME!], rules: [], deliver: () => Promise.resolve(), accountId: '000000000000', region: 'us-east-1' });
}
const nameOf = (id: string) => `${process.env.BSS_HUB_RESOURCE_PREFIX}${id}`;

const orders = '/tmf-api/productOrderingManagement/v4/hub';
const customers = '/tmf-api/customerManagement/v4/hub';
let table: FakeBillingTable;

const subscribe = (body: unknown, claims: Claims, hub = orders) => invoke(create, apiEvent({ method: 'POST', path: hub, body, claims }));
const read = (id: string, claims: Claims, hub = orders) => invoke(get, resourceEvent('GET', hub, id, { claims }));
const unsubscribe = (id: string, claims: Claims, hub = orders) => invoke(remove, resourceEvent('DELETE', hub, id, { claims }));

beforeEach(() => {
  bus = newBus();
  answerWithBus(eventBridgeMock, bus);
  documentMock.reset();
  table = new FakeBillingTable().install(documentMock);
  documentMock.on(DeleteCommand).callsFake((input: DeleteCommandInput) => {
    const key = `${String(input.Key!.pk)}|${String(input.Key!.sk)}`;
    if (!table.items.has(key)) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    table.items.delete(key);
    return {};
  });
});

describe('POST /tmf-api/<api>/v4/hub (create-hub-subscription)', () => {
  it('registers a callback with a query: 201, the EventSubscription and, this once, its secret', async () => {
    const answer = await subscribe({ callback: 'https://listener.example.com/events', query: 'eventType=ProductOrderStateChangeEvent' }, customerClaims('c-1'));
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(String),
      href: `${orders}/${answer.body.id}`,
      callback: 'https://listener.example.com/events',
      query: 'eventType=ProductOrderStateChangeEvent',
      '@type': 'EventSubscription',
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(answer.headers.location).toBe(answer.body.href);
    expectValidTmf(tmf622, 'EventSubscription', answer.body);
    const item = table.items.get(`HUB_SUBSCRIPTION#${answer.body.id}|HUB_SUBSCRIPTION`)!;
    expect(item).toMatchObject({ api: 'productOrderingManagement', owner: 'customer:c-1', secret: answer.body.secret, gsi2pk: 'HUB#productOrderingManagement#customer:c-1' });
    expect(item.resource).not.toHaveProperty('secret');
    // Its way to the callback: a connection, an API destination and a rule, named after it.
    expect(bus.runtimeResources()).toEqual({ connections: [nameOf(answer.body.id)], apiDestinations: [nameOf(answer.body.id)], rules: [nameOf(answer.body.id)] });
  });

  it('sends the deliveries of the subscription, and only those, to its callback: signature header, retry policy, dead-letter queue', async () => {
    const answer = await subscribe({ callback: 'https://listener.example.com/events' }, agentClaims);
    const rule = eventBridgeMock.commandCalls(PutRuleCommand).at(-1)!.args[0].input;
    expect(JSON.parse(rule.EventPattern!)).toEqual({ source: ['bss.hub'], 'detail-type': ['HubEventDelivery'], detail: { subscriptionId: [answer.body.id] } });
    expect(eventBridgeMock.commandCalls(PutTargetsCommand).at(-1)!.args[0].input).toEqual({
      Rule: nameOf(answer.body.id),
      EventBusName: process.env.BSS_HUB_EVENT_BUS_NAME,
      Targets: [
        {
          Id: 'callback',
          Arn: `arn:aws:events:us-east-1:000000000000:api-destination/${nameOf(answer.body.id)}`,
          RoleArn: process.env.BSS_HUB_INVOKE_ROLE_ARN,
          InputPath: '$.detail.event',
          HttpParameters: { HeaderParameters: { 'X-BSS-Signature': '$.detail.signature' } },
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 240 },
          DeadLetterConfig: { Arn: process.env.BSS_HUB_DEAD_LETTER_QUEUE_ARN },
        },
      ],
    });
  });

  it('500 and nothing left half-made when a step fails: what was made of its way to the callback is removed, and no subscription is recorded', async () => {
    eventBridgeMock.on(PutTargetsCommand).callsFake(() => ({ FailedEntryCount: 1, FailedEntries: [{ TargetId: 'callback', ErrorCode: 'ConcurrentModificationException', ErrorMessage: 'try again' }] }));
    expectTmfError(await subscribe({ callback: 'https://listener.example.com/events' }, agentClaims), 500, 'INTERNAL_ERROR');
    expect(bus.runtimeResources()).toEqual({ connections: [], apiDestinations: [], rules: [] });
    expect(table.items.size).toBe(0);

    answerWithBus(eventBridgeMock, bus);
    documentMock.on(PutCommand).rejectsOnce(new Error('the table is away'));
    expectTmfError(await subscribe({ callback: 'https://listener.example.com/events' }, agentClaims), 500, 'INTERNAL_ERROR');
    expect(bus.runtimeResources()).toEqual({ connections: [], apiDestinations: [], rules: [] });
  });

  it('gives every subscription its own secret, and staff subscriptions the staff owner', async () => {
    const first = await subscribe({ callback: 'https://a.example.com/' }, agentClaims);
    const second = await subscribe({ callback: 'https://a.example.com/' }, agentClaims);
    expect(first.body.secret).not.toBe(second.body.secret);
    expect(table.items.get(`HUB_SUBSCRIPTION#${first.body.id}|HUB_SUBSCRIPTION`)).toMatchObject({ owner: 'staff' });
  });

  it('400: a callback to a private or loopback address, or plain http (this is the AWS policy: nothing sets BSS_HUB_ALLOW_LOCAL_CALLBACKS)', async () => {
    for (const callback of ['https://169.254.169.254/latest/meta-data/', 'https://localhost/', 'http://listener.example.com/']) {
      const answer = await subscribe({ callback }, agentClaims);
      expectTmfError(answer, 400, 'INVALID_REQUEST');
      expect(answer.body.details).toEqual([{ field: 'callback', problem: expect.any(String) }]);
    }
    expect(table.items.size).toBe(0);
  });

  it("400: an event type the API does not publish; 403: a customer's query naming another customer", async () => {
    expectTmfError(await subscribe({ callback: 'https://a.example.com/', query: 'eventType=CustomerCreateEvent' }, customerClaims('c-1')), 400, 'INVALID_REQUEST');
    const foreign = await subscribe({ callback: 'https://a.example.com/', query: 'event.productOrder.relatedParty.id=c-2' }, customerClaims('c-1'));
    expectTmfError(foreign, 403, 'FORBIDDEN');
    expect((await subscribe({ callback: 'https://a.example.com/', query: 'event.customer.id=c-1' }, customerClaims('c-1'), customers)).statusCode).toBe(201);
    expect((await subscribe({ callback: 'https://a.example.com/', query: 'event.productOrder.relatedParty.id=c-2' }, agentClaims)).statusCode).toBe(201);
  });

  it('409 beyond 10 subscriptions of a customer on one hub; other hubs and customers keep their own count', async () => {
    for (let index = 0; index < 10; index += 1) expect((await subscribe({ callback: `https://a.example.com/${index}` }, customerClaims('c-1'))).statusCode).toBe(201);
    expectTmfError(await subscribe({ callback: 'https://a.example.com/11' }, customerClaims('c-1')), 409, 'TOO_MANY_SUBSCRIPTIONS');
    expect((await subscribe({ callback: 'https://a.example.com/11' }, customerClaims('c-1'), customers)).statusCode).toBe(201);
    expect((await subscribe({ callback: 'https://a.example.com/11' }, customerClaims('c-2'))).statusCode).toBe(201);
  });

  it('403: a machine client subscribes to nothing', async () => {
    expectTmfError(await subscribe({ callback: 'https://a.example.com/' }, mediationClaims), 403, 'FORBIDDEN');
  });
});

describe('GET and DELETE /tmf-api/<api>/v4/hub/{id}', () => {
  it('reads the subscription without its secret; the owner and staff delete it (204), then it is unknown', async () => {
    const { body: created } = await subscribe({ callback: 'https://a.example.com/' }, customerClaims('c-1'));
    const answer = await read(created.id, customerClaims('c-1'));
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ id: created.id, href: created.href, callback: 'https://a.example.com/', '@type': 'EventSubscription' });
    expectValidTmf(tmf622, 'EventSubscription', answer.body);
    expect((await read(created.id, agentClaims)).statusCode).toBe(200);
    const deleted = await unsubscribe(created.id, customerClaims('c-1'));
    expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: undefined });
    expectTmfError(await read(created.id, agentClaims), 404, 'NOT_FOUND');
    expect(bus.runtimeResources()).toEqual({ connections: [], apiDestinations: [], rules: [] });
  });

  it('a DELETE asked again finishes what a failed one left: what is already gone is skipped', async () => {
    const { body: created } = await subscribe({ callback: 'https://a.example.com/' }, agentClaims);
    // The rule and its target are gone already, as after a DELETE that failed part-way.
    bus.handle('RemoveTargets', { Rule: nameOf(created.id), EventBusName: process.env.BSS_HUB_EVENT_BUS_NAME, Ids: ['callback'] });
    bus.handle('DeleteRule', { Name: nameOf(created.id), EventBusName: process.env.BSS_HUB_EVENT_BUS_NAME });
    expect((await unsubscribe(created.id, agentClaims)).statusCode).toBe(204);
    expect(bus.runtimeResources()).toEqual({ connections: [], apiDestinations: [], rules: [] });
    expect(table.items.size).toBe(0);
  });

  it("404: another customer's subscription, or another API's, answers as an unknown id, and stays", async () => {
    const { body: created } = await subscribe({ callback: 'https://a.example.com/' }, customerClaims('c-1'));
    const unknown = await read('no-such-subscription', customerClaims('c-2'));
    const foreign = await read(created.id, customerClaims('c-2'));
    expectTmfError(foreign, 404, 'NOT_FOUND');
    expect(foreign.body.message.replace(created.id, 'X')).toBe(unknown.body.message.replace('no-such-subscription', 'X'));
    expectTmfError(await unsubscribe(created.id, customerClaims('c-2')), 404, 'NOT_FOUND');
    expectTmfError(await read(created.id, agentClaims, customers), 404, 'NOT_FOUND');
    expect((await read(created.id, customerClaims('c-1'))).statusCode).toBe(200);
  });
});

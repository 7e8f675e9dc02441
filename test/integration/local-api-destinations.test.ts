import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalEventBridgeService, type QueuedDeadLetter } from '../../infra/local/eventbridge-service.js';

/**
 * The local bus's connections, API destinations and rules made at run time
 * (infra/local/api-destinations.ts), driven through the real SDK client as the hub's functions
 * drive them: what a listener receives, when it is tried again, what goes to the dead-letter
 * queue, and what survives a restart.
 */
const stateDirectory = mkdtempSync(join(tmpdir(), 'bss-api-destinations-'));
const stateFile = join(stateDirectory, 'state.json');
const queued: { queueArn: string; message: QueuedDeadLetter }[] = [];

const busOptions = {
  busName: 'test-bus',
  accountId: '000000000000',
  region: 'us-east-1',
  retryBaseDelayMs: 5,
  rules: [{ name: 'topology-rule', description: 'a rule of the topology', pattern: { source: ['bss.orders'] }, target: { kind: 'function' as const, name: 'f' } }],
  deliver: () => Promise.resolve(),
  apiDestinationsStateFile: stateFile,
  otherBuses: ['other-bus'],
  sendToQueue: async (queueArn: string, message: QueuedDeadLetter) => {
    queued.push({ queueArn, message });
  },
};

interface Request {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const requests: Request[] = [];
const script = new Map<string, number[]>();
let listener: Server;
let listenerUrl = '';
let bus: LocalEventBridgeService;
let busServer: Server;
let client: EventBridgeClient;

async function serve(service: LocalEventBridgeService): Promise<void> {
  busServer = createServer(service.requestListener);
  await new Promise<void>((listening) => busServer.listen(0, '127.0.0.1', listening));
  client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${(busServer.address() as AddressInfo).port}`, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
}

beforeAll(async () => {
  listener = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      response.statusCode = script.get(request.url ?? '')?.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((listening) => listener.listen(0, '127.0.0.1', listening));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  bus = new LocalEventBridgeService(busOptions);
  await serve(bus);
});

afterAll(async () => {
  await new Promise<void>((closed) => busServer.close(() => closed()));
  await new Promise<void>((closed) => listener.close(() => closed()));
  rmSync(stateDirectory, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
  queued.length = 0;
  script.clear();
});

/** A connection, an API destination to `path`, and a rule for detail.to = name with one target. */
async function destination(name: string, path: string, retry = { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 }): Promise<void> {
  const { ConnectionArn } = await client.send(new CreateConnectionCommand({ Name: name, AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'X-Subscription', ApiKeyValue: name } } }));
  const { ApiDestinationArn } = await client.send(new CreateApiDestinationCommand({ Name: name, ConnectionArn, InvocationEndpoint: `${listenerUrl}${path}`, HttpMethod: 'POST' }));
  await client.send(new PutRuleCommand({ Name: name, EventBusName: 'test-bus', EventPattern: JSON.stringify({ source: ['bss.hub'], detail: { to: [name] } }) }));
  const answer = await client.send(
    new PutTargetsCommand({
      Rule: name,
      EventBusName: 'test-bus',
      Targets: [
        {
          Id: 'callback',
          Arn: ApiDestinationArn,
          RoleArn: 'arn:aws:iam::000000000000:role/invoke',
          InputPath: '$.detail.body',
          HttpParameters: { HeaderParameters: { 'X-Signature': '$.detail.signature', 'X-Fixed': 'yes' } },
          RetryPolicy: retry,
          DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dead-letters' },
        },
      ],
    }),
  );
  expect(answer.FailedEntryCount).toBe(0);
}

const put = async (to: string, body: unknown = { eventId: 'e-1', n: 1 }) => {
  await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'test-bus', Source: 'bss.hub', DetailType: 'Delivery', Detail: JSON.stringify({ to, signature: 'sig-1', body }) }] }));
  await bus.idle();
};

describe('API destinations on the local bus', () => {
  it('POST the InputPath of a matching event as JSON, with the dynamic and fixed headers and the connection API key', async () => {
    await destination('first', '/first');
    await put('first', { eventId: 'e-1', amount: 10.5, nested: { a: [1, 'two'] } });
    await put('nobody');
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.path).toBe('/first');
    expect(request!.body).toBe('{"eventId":"e-1","amount":10.5,"nested":{"a":[1,"two"]}}');
    expect(request!.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-signature': 'sig-1', 'x-fixed': 'yes', 'x-subscription': 'first' });
  });

  it('retry 5xx, 429 and 409 with back-off, within the retry policy, then send the event to the dead-letter queue with why', async () => {
    await destination('flaky', '/flaky');
    script.set('/flaky', [503, 429, 200]);
    await put('flaky');
    expect(requests.map((request) => request.path)).toEqual(['/flaky', '/flaky', '/flaky']);
    expect(queued).toEqual([]);

    script.set('/flaky', [500, 500, 500]);
    await put('flaky');
    expect(queued).toHaveLength(1);
    const [{ queueArn, message }] = queued as [(typeof queued)[0]];
    expect(queueArn).toBe('arn:aws:sqs:us-east-1:000000000000:dead-letters');
    expect(JSON.parse(message.body)).toMatchObject({ source: 'bss.hub', detail: { to: 'flaky' } });
    expect(message.attributes).toEqual({
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/test-bus/flaky',
      TARGET_ARN: 'arn:aws:events:us-east-1:000000000000:api-destination/flaky',
      ERROR_CODE: 'HTTP_500',
      ERROR_MESSAGE: 'the endpoint answered 500',
      RETRY_ATTEMPTS: '2',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    });
  });

  it('send a 4xx EventBridge does not retry, and an unreachable endpoint past its retries, to the queue', async () => {
    await destination('refusing', '/refusing');
    script.set('/refusing', [400]);
    await put('refusing');
    expect(requests).toHaveLength(1);
    expect(queued[0]!.message.attributes).toMatchObject({ ERROR_CODE: 'HTTP_400', RETRY_ATTEMPTS: '0', EXHAUSTED_RETRY_CONDITION: 'NonRetryableError' });

    const { ConnectionArn } = await client.send(new CreateConnectionCommand({ Name: 'nowhere', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }));
    const { ApiDestinationArn } = await client.send(new CreateApiDestinationCommand({ Name: 'nowhere', ConnectionArn, InvocationEndpoint: 'http://127.0.0.1:1/', HttpMethod: 'POST' }));
    await client.send(new PutRuleCommand({ Name: 'nowhere', EventBusName: 'test-bus', EventPattern: JSON.stringify({ detail: { to: ['nowhere'] } }) }));
    await client.send(new PutTargetsCommand({ Rule: 'nowhere', EventBusName: 'test-bus', Targets: [{ Id: 't', Arn: ApiDestinationArn, RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 }, DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:dead-letters' } }] }));
    await put('nowhere');
    expect(queued[1]!.message.attributes).toMatchObject({ ERROR_CODE: 'CONNECTION_FAILURE', RETRY_ATTEMPTS: '1' });
  });

  it('refuse what EventBridge refuses: a name taken, a rule with targets deleted, a topology rule replaced, a target that is no API destination', async () => {
    await destination('taken', '/taken');
    await expect(client.send(new CreateConnectionCommand({ Name: 'taken', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
    });
    await expect(client.send(new DeleteRuleCommand({ Name: 'taken', EventBusName: 'test-bus' }))).rejects.toMatchObject({ name: 'ValidationException', message: "Rule can't be deleted since it has targets." });
    await expect(client.send(new PutRuleCommand({ Name: 'topology-rule', EventBusName: 'test-bus', EventPattern: '{"source":["x"]}' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new PutTargetsCommand({ Rule: 'taken', EventBusName: 'test-bus', Targets: [{ Id: 'f', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f' }] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.send(new PutRuleCommand({ Name: 'elsewhere', EventBusName: 'another-bus', EventPattern: '{"source":["x"]}' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('serve rules on the other buses of the endpoint: each matches its own bus\'s events, and those are not the domain bus\'s', async () => {
    const { ConnectionArn } = await client.send(new CreateConnectionCommand({ Name: 'other', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } } }));
    const { ApiDestinationArn } = await client.send(new CreateApiDestinationCommand({ Name: 'other', ConnectionArn, InvocationEndpoint: `${listenerUrl}/other`, HttpMethod: 'POST' }));
    // The same rule name as on the domain bus is another rule.
    await client.send(new PutRuleCommand({ Name: 'first', EventBusName: 'other-bus', EventPattern: JSON.stringify({ source: ['bss.hub'] }) }));
    await client.send(new PutTargetsCommand({ Rule: 'first', EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/other-bus', Targets: [{ Id: 't', Arn: ApiDestinationArn }] }));
    const recentBefore = bus.recentEvents().length;
    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'other-bus', Source: 'bss.hub', DetailType: 'Delivery', Detail: JSON.stringify({ to: 'first' }) }] }));
    await bus.idle();
    expect(requests.map((request) => request.path)).toEqual(['/other']);
    expect(bus.recentEvents()).toHaveLength(recentBefore);
    const unknown = await client.send(new PutEventsCommand({ Entries: [{ Source: 'bss.hub', DetailType: 'Delivery', Detail: '{}' }] }));
    expect(unknown.Entries?.[0]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: 'unknown event bus undefined' });
  });

  it('keep what was made across a restart, with a state file', async () => {
    await destination('lasting', '/lasting');
    await new Promise<void>((closed) => busServer.close(() => closed()));
    bus = new LocalEventBridgeService(busOptions);
    await serve(bus);
    expect(bus.runtimeResources().rules).toContain('lasting');
    await put('lasting');
    expect(requests.map((request) => request.path)).toEqual(['/lasting']);
  });
});

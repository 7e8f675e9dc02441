import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { createServer, type Server } from 'node:http';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LocalEventBridgeService, type BusEvent } from '../../infra/local/eventbridge-service.js';
import { DynamoDbFaultProxy } from '../../infra/local/faults/dynamodb-fault-proxy.js';
import { FaultInjector } from '../../infra/local/faults/fault-injector.js';
import { retryTransactionConflicts } from '../../functions/lib/store/dynamo-client.js';
import { faultProfiles, type FaultProfile } from '../../infra/local/faults/fault-profile.js';

/** The faults a profile injects, each seen by the real SDK client as AWS would answer it. */
const only = (rates: Partial<FaultProfile['rates']>) => new FaultInjector({ name: 'test', rates: { ...faultProfiles.none!.rates, ...rates } });
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function dynamoDbThroughProxy(faults: FaultInjector, maxAttempts = 1): Promise<DynamoDBClient> {
  const proxy = new DynamoDbFaultProxy(inject('dynamoDbEndpoint'), faults);
  const endpoint = await proxy.start();
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials, maxAttempts });
  stops.push(async () => {
    client.destroy();
    await proxy.stop();
  });
  return client;
}

const key = { pk: { S: 'FAULT_TEST#1' }, sk: { S: 'ITEM' } };

describe('the DynamoDB fault proxy', () => {
  it('forwards requests unchanged when no fault strikes', async () => {
    const client = await dynamoDbThroughProxy(only({}));
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'bss', Item: { ...key, note: { S: 'through the proxy' } } } }] }));
    expect((await client.send(new GetItemCommand({ TableName: 'bss', Key: key }))).Item?.note).toEqual({ S: 'through the proxy' });
  });

  it('throttles as DynamoDB does, before the request reaches the table', async () => {
    const client = await dynamoDbThroughProxy(only({ dynamoDbThrottle: 1 }));
    await expect(client.send(new GetItemCommand({ TableName: 'bss', Key: key }))).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
  });

  it('cancels a transaction for a conflict, with one reason per item, and writes nothing', async () => {
    const client = await dynamoDbThroughProxy(only({ transactionConflict: 1 }));
    const conflictKey = { pk: { S: 'FAULT_TEST#2' }, sk: { S: 'ITEM' } };
    const refused = await client
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'bss', Item: conflictKey } }, { Put: { TableName: 'bss', Item: { ...conflictKey, sk: { S: 'OTHER' } } } }] }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code)).toEqual(['TransactionConflict', 'None']);
    const plain = await dynamoDbThroughProxy(only({}));
    expect((await plain.send(new GetItemCommand({ TableName: 'bss', Key: conflictKey }))).Item).toBeUndefined();
  });
});

describe("the functions' DynamoDB client under transaction conflicts", () => {
  it('sends a transaction a conflict cancelled again, as the SDK does a throttled request', async () => {
    const draws = [0, 0.99];
    const client = await dynamoDbThroughProxy(new FaultInjector({ name: 'first-conflicts', rates: { ...faultProfiles.none!.rates, transactionConflict: 0.5 } }, () => draws.shift() ?? 0.99), 3);
    retryTransactionConflicts(client);
    const retriedKey = { pk: { S: 'FAULT_TEST#3' }, sk: { S: 'ITEM' } };
    const answer = await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'bss', Item: retriedKey } }] }));
    expect(answer.$metadata.attempts).toBe(2);
    expect((await client.send(new GetItemCommand({ TableName: 'bss', Key: retriedKey }))).Item).toBeDefined();
  });

  it('never sends again a transaction whose condition failed', async () => {
    const client = await dynamoDbThroughProxy(only({}), 3);
    retryTransactionConflicts(client);
    const takenKey = { pk: { S: 'FAULT_TEST#4' }, sk: { S: 'ITEM' } };
    await client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'bss', Item: takenKey } }] }));
    const refused = await client
      .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'bss', Item: takenKey, ConditionExpression: 'attribute_not_exists(pk)' } }] }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransactionCanceledException);
    expect((refused as TransactionCanceledException).$metadata.attempts).toBe(1);
  });
});

describe('the local EventBridge under faults', () => {
  async function busWith(faults: FaultInjector) {
    const delivered: BusEvent[] = [];
    const service = new LocalEventBridgeService({
      busName: 'fault-bus',
      accountId: '000000000000',
      region: 'us-east-1',
      rules: [{ name: 'everything', description: 'all events', pattern: { source: ['bss.test'] }, target: { kind: 'function', name: 'recorder' } }],
      deliver: async (_target, event) => {
        delivered.push(event);
      },
      faults,
    });
    const server: Server = createServer(service.requestListener);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const client = new EventBridgeClient({ endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, region: 'us-east-1', credentials });
    stops.push(async () => {
      client.destroy();
      await new Promise<void>((closed) => server.close(() => closed()));
    });
    return { service, client, delivered };
  }
  const entries = [1, 2].map((n) => ({ EventBusName: 'fault-bus', Source: 'bss.test', DetailType: 'Tested', Detail: JSON.stringify({ n }) }));

  it('refuses entries with InternalFailure, which the caller must retry', async () => {
    const { service, client, delivered } = await busWith(only({ putEventsEntryFailure: 1 }));
    const answer = await client.send(new PutEventsCommand({ Entries: entries }));
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries?.map((entry) => entry.ErrorCode)).toEqual(['InternalFailure', 'InternalFailure']);
    await service.idle();
    expect(delivered).toHaveLength(0);
  });

  it('delivers an event twice to its target, the same event both times', async () => {
    const { service, client, delivered } = await busWith(only({ duplicateDelivery: 1 }));
    await client.send(new PutEventsCommand({ Entries: [entries[0]!] }));
    await service.idle();
    expect(delivered).toHaveLength(2);
    expect(delivered[1]).toEqual(delivered[0]);
  });
});

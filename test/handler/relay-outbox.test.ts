import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { handler } from '../../functions/platform/relay-outbox.js';
import { outboxPut } from '../../functions/lib/store/outbox.js';
import { lambdaContext } from '../support/lambda-context.js';

const eventBridgeMock = mockClient(EventBridgeClient);
afterAll(() => eventBridgeMock.restore());

let sequence = 100;

/** A stream record of `item`, as DynamoDB Streams delivers it with NEW_IMAGE. */
function streamRecord(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>): DynamoDBRecord {
  sequence += 1;
  const image = marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
  return {
    eventID: `stream-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: { pk: image.pk!, sk: image.sk! },
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      SequenceNumber: String(sequence),
      SizeBytes: 512,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** An outbox item exactly as the stores write it in their transactions. */
function outboxRecord(index: number): DynamoDBRecord {
  const event = CustomerCreated.create(
    {
      customer: {
        id: `cust-${index}`,
        href: `/tmf-api/customerManagement/v4/customer/cust-${index}`,
        name: `Customer ${index}`,
        status: 'Initialized',
        email: `c${index}@example.com`,
        preferences: {},
      },
    },
    { eventId: `evt-${index}`, occurredAt: '2026-01-15T10:00:00.000Z', correlationId: `corr-${index}` },
  );
  return streamRecord('INSERT', outboxPut('bss-test', event).Put.Item);
}

const relay = (records: DynamoDBRecord[]) => handler({ Records: records } as DynamoDBStreamEvent, lambdaContext('relay-outbox'));
const published = () => eventBridgeMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries as PutEventsRequestEntry[]);
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb!.SequenceNumber!;

beforeEach(() => {
  eventBridgeMock.reset();
  eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, index) => ({ EventId: `eb-${index}` })),
  }));
});

describe('relay-outbox (stream -> EventBridge)', () => {
  it('publishes outbox INSERTs in chunks of 10 to the bus, source, detail-type and detail unchanged', async () => {
    const outbox = Array.from({ length: 23 }, (_, index) => outboxRecord(index));
    const result = await relay(outbox);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(published().map((entries) => entries.length)).toEqual([10, 10, 3]);
    const entries = published().flat();
    expect(entries[0]).toEqual({
      EventBusName: 'bss-events-test',
      Source: 'bss.customers',
      DetailType: 'CustomerCreated',
      Detail: outbox[0]!.dynamodb!.NewImage!.detail!.S,
    });
    expect(entries.map((entry) => JSON.parse(entry.Detail!).metadata.eventId)).toEqual(outbox.map((_, index) => `evt-${index}`));
    for (const entry of entries) expect(() => CustomerCreated.parseDetail(JSON.parse(entry.Detail!))).not.toThrow();
  });

  it('ignores what is not a new outbox item: other entities, MODIFY and REMOVE (TTL expiry)', async () => {
    const customerInsert = streamRecord('INSERT', { pk: 'CUSTOMER#c', sk: 'CUSTOMER', entityType: 'Customer', version: 1, resource: { id: 'c' } });
    const outboxModify = { ...outboxRecord(1), eventName: 'MODIFY' as const };
    const outboxRemove = streamRecord('REMOVE', { pk: 'OUTBOX#evt-9', sk: 'OUTBOX', entityType: 'OutboxEvent' });
    const kept = outboxRecord(2);

    const result = await relay([customerInsert, outboxModify, outboxRemove, kept]);
    expect(result.batchItemFailures).toEqual([]);
    expect(published()).toHaveLength(1);
    expect(published()[0]!.map((entry) => JSON.parse(entry.Detail!).metadata.eventId)).toEqual(['evt-2']);
  });

  it('sends nothing for a batch without outbox items', async () => {
    expect(await relay([streamRecord('INSERT', { pk: 'X', sk: 'Y', entityType: 'Customer' })])).toEqual({ batchItemFailures: [] });
    expect(published()).toHaveLength(0);
  });

  it('puts an entry the bus refused again, and reports those it still refuses as batch item failures, by sequence number', async () => {
    const outbox = Array.from({ length: 12 }, (_, index) => outboxRecord(index));
    const customerOf = (entry: PutEventsRequestEntry) => (JSON.parse(entry.Detail!) as { data: { customer: { id: string } } }).data.customer.id;
    const refusals = new Map([['cust-3', Infinity], ['cust-7', Infinity], ['cust-10', 1]]);
    eventBridgeMock.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const Entries = input.Entries.map((entry, index) => {
        const left = refusals.get(customerOf(entry)) ?? 0;
        if (left === 0) return { EventId: `eb-${index}` };
        refusals.set(customerOf(entry), left - 1);
        return { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' };
      });
      return { FailedEntryCount: Entries.filter((entry) => 'ErrorCode' in entry).length, Entries };
    });

    const result = await relay(outbox);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(outbox[3]!) }, { itemIdentifier: sequenceOf(outbox[7]!) }]);
    expect(published().map((entries) => entries.map(customerOf))).toEqual([
      outbox.slice(0, 10).map((_, index) => `cust-${index}`),
      ...Array.from({ length: 3 }, () => ['cust-3', 'cust-7']),
      ['cust-10', 'cust-11'],
      ['cust-10'],
    ]);
  });

  it('reports a whole chunk when PutEvents itself fails, and still publishes the other chunks', async () => {
    const outbox = Array.from({ length: 15 }, (_, index) => outboxRecord(index));
    eventBridgeMock
      .on(PutEventsCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ FailedEntryCount: 0, Entries: Array.from({ length: 5 }, (_, index) => ({ EventId: `eb-${index}` })) });

    const result = await relay(outbox);
    expect(result.batchItemFailures).toEqual(outbox.slice(0, 10).map((record) => ({ itemIdentifier: sequenceOf(record) })));
    expect(published()).toHaveLength(2);
  });
});

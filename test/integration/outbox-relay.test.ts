import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineEvent } from '../../domain/events/domain-event.js';
import { outboxPut } from '../../functions/lib/store/outbox.js';
import { eventually, servicesUrl } from '../support/local-api.js';

const ProbeRecorded = defineEvent({ source: 'bss.tests', detailType: 'ProbeRecorded', schemaVersion: '1.0', dataSchema: z.object({ probe: z.string() }) });

async function recentEvents(): Promise<Array<{ source: string; 'detail-type': string; detail: any }>> {
  return (await fetch(`${servicesUrl()}/_local/events`)).json() as never;
}

/** The outbox relay path against the real DynamoDB Local stream of the running runtime. */
describe('outbox relay from the DynamoDB Local stream to the bus', () => {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );

  it('publishes an outbox item written in a transaction, with its detail intact', async () => {
    const probe = randomUUID();
    const event = ProbeRecorded.create({ probe }, { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: `corr-${probe}` });
    await documents.send(new TransactWriteCommand({ TransactItems: [outboxPut('bss', event)] }));

    const published = await eventually(async () => (await recentEvents()).find((candidate) => candidate.detail?.data?.probe === probe));
    expect(published.source).toBe('bss.tests');
    expect(published['detail-type']).toBe('ProbeRecorded');
    expect(published.detail.metadata).toEqual(event.detail.metadata);
  });

  it('relays only outbox items: other entities written to the table never reach the bus', async () => {
    const probe = randomUUID();
    await documents.send(
      new PutCommand({
        TableName: 'bss',
        Item: { pk: `TEST#${probe}`, sk: 'TEST', entityType: 'NotAnOutboxEvent', source: 'bss.tests', detailType: 'ProbeRecorded', detail: JSON.stringify({ data: { probe } }) },
      }),
    );
    // A real outbox item written afterwards proves the relay has moved past the first one.
    const marker = randomUUID();
    const event = ProbeRecorded.create({ probe: marker }, { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: 'c' });
    await documents.send(new TransactWriteCommand({ TransactItems: [outboxPut('bss', event)] }));
    await eventually(async () => (await recentEvents()).find((candidate) => candidate.detail?.data?.probe === marker));
    expect((await recentEvents()).some((candidate) => candidate.detail?.data?.probe === probe)).toBe(false);
  });
});

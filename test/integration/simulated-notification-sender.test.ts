import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { NotificationSender } from '../../domain/communication/notification-sender.js';
import { emailNotification, smsNotification } from '../support/communication-fixtures.js';
import { call, tokenFor } from '../support/local-api.js';
import { expectValidTmf, tmf681 } from '../support/tmf-schema.js';

/**
 * The simulated notification sender against the DynamoDB Local of the running runtime: its
 * once-per-key rule rests on a conditional put that hands back the item it found, which only a
 * real DynamoDB settles; what it records is read back through the communicationMessage API.
 */
const table = 'bss';
const messages = '/tmf-api/communicationManagement/v4/communicationMessage';
let sender: NotificationSender;
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);

const run = randomUUID().slice(0, 8);
const customer = `cust-${run}`;
const stranger = `cust-other-${run}`;
const newKey = () => `notify-${randomUUID()}`;

beforeAll(async () => {
  // The module's client reads the SDK's standard configuration when it loads, as in a function.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: table,
  });
  ({ simulatedNotificationSender: sender } = await import('../../functions/lib/providers/simulated-notification-sender.js'));
});

/** Every message recorded for a customer, straight from its gsi2 partition. */
async function recordedFor(customerId: string) {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CommunicationMessage#' },
    }),
  );
  return Items;
}

describe('simulated notification sender on DynamoDB Local', () => {
  it('records once per idempotency key: a retry and simultaneous duplicates answer the same id and record nothing more', async () => {
    const customerId = `cust-once-${run}`;
    const key = newKey();
    const message = emailNotification({ customerId });
    const { messageId } = await sender.send(message, { idempotencyKey: key });
    expect(messageId).toMatch(/^cm-[0-9a-f]{32}$/);

    expect(await sender.send({ ...message, content: 'A retry may word it differently.' }, { idempotencyKey: key })).toEqual({ messageId });
    const duplicates = await Promise.all(Array.from({ length: 6 }, () => sender.send(message, { idempotencyKey: key })));
    expect(duplicates).toEqual(Array.from({ length: 6 }, () => ({ messageId })));

    const recorded = await recordedFor(customerId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ entityType: 'CommunicationMessage', version: 1, idempotencyKey: key, resource: { id: messageId, content: message.content } });
  });

  it('records another key as another message', async () => {
    const customerId = `cust-twice-${run}`;
    const first = await sender.send(smsNotification({ customerId }), { idempotencyKey: newKey() });
    const second = await sender.send(smsNotification({ customerId }), { idempotencyKey: newKey() });
    expect(second.messageId).not.toBe(first.messageId);
    expect(await recordedFor(customerId)).toHaveLength(2);
  });

  it('refuses a key reused for another customer, and keeps the first message only', async () => {
    const key = newKey();
    await sender.send(emailNotification({ customerId: `cust-first-${run}` }), { idempotencyKey: key });
    await expect(sender.send(emailNotification({ customerId: `cust-second-${run}` }), { idempotencyKey: key })).rejects.toThrow(/a key names one message/);
    expect(await recordedFor(`cust-second-${run}`)).toEqual([]);
  });
});

describe('GET /communicationMessage on the local runtime', () => {
  const sent: Record<string, string> = {};
  let admin: string;

  beforeAll(async () => {
    admin = await tokenFor('admin');
    sent.reminder = (await sender.send(emailNotification({ customerId: customer, billingAccountId: `ba-${run}`, sentAt: '2026-02-20T09:00:00.000Z' }), { idempotencyKey: newKey() })).messageId;
    sent.suspension = (await sender.send(smsNotification({ customerId: customer, billingAccountId: `ba-${run}`, sentAt: '2026-03-01T09:00:00.000Z' }), { idempotencyKey: newKey() })).messageId;
    sent.foreign = (await sender.send(emailNotification({ customerId: stranger, sentAt: '2026-02-21T09:00:00.000Z' }), { idempotencyKey: newKey() })).messageId;
  });

  it("staff list a customer's messages in send order, filtered by type, valid TMF681 CommunicationMessages", async () => {
    const all = await call(`${messages}?receiver.id=${customer}`, { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.map((message: { id: string }) => message.id)).toEqual([sent.reminder, sent.suspension]);
    for (const message of all.body) expectValidTmf(tmf681, 'CommunicationMessage', message);

    const sms = await call(`${messages}?receiver.id=${customer}&messageType=SMS&billingAccount.id=ba-${run}`, { token: admin });
    expect(sms.body.map((message: { id: string }) => message.id)).toEqual([sent.suspension]);
  });

  it('a customer reads its own messages, and the message of another customer answers 404', async () => {
    const token = await tokenFor('customer', customer);
    const own = await call(messages, { token });
    expect(own.body.map((message: { id: string }) => message.id)).toEqual([sent.reminder, sent.suspension]);
    const one = await call(`${messages}/${sent.reminder}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: sent.reminder, state: 'completed', messageType: 'email', receiver: [{ id: customer }] });

    const foreign = await call(`${messages}/${sent.foreign}`, { token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe(`communicationMessage ${sent.foreign} does not exist`);
  });
});

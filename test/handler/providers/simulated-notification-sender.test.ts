import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../domain/shared/domain-errors.js';
import { simulatedMessageId, simulatedNotificationSender } from '../../../functions/lib/providers/simulated-notification-sender.js';
import { communicationMessage, communicationMessageItem, emailNotification, smsNotification } from '../../support/communication-fixtures.js';
import { expectValidTmf, tmf681 } from '../../support/tmf-schema.js';

/**
 * The writes of the simulated sender, and the replay path as DynamoDB answers it (the refused
 * put returns the item it found); the record-once rule itself is covered against DynamoDB
 * Local in test/integration.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const key = 'dunning-ba-1-2026-02-20-reminder';
const messageId = simulatedMessageId(key);
const puts = () => documentMock.commandCalls(PutCommand).map((call) => call.args[0].input);
const alreadyRecorded = (item: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: marshall(item, { removeUndefinedValues: true }) });

beforeEach(() => {
  documentMock.reset();
  documentMock.on(PutCommand).resolves({});
});

describe('simulated notification sender', () => {
  it('records the message once under an id derived from the key, with a conditional put that returns what it finds', async () => {
    expect(messageId).toMatch(/^cm-[0-9a-f]{32}$/);
    expect(simulatedMessageId(key)).toBe(messageId);
    expect(simulatedMessageId(`${key}-again`)).not.toBe(messageId);

    expect(await simulatedNotificationSender.send(emailNotification(), { idempotencyKey: key })).toEqual({ messageId });
    const [put] = puts();
    expect(put).toEqual({
      TableName: 'bss-test',
      Item: communicationMessageItem(communicationMessage(messageId), key),
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expectValidTmf(tmf681, 'CommunicationMessage', put!.Item!.resource);
  });

  it('answers a retry with the first send id, recording nothing more', async () => {
    documentMock.on(PutCommand).rejects(alreadyRecorded(communicationMessageItem(communicationMessage(messageId), key)));
    const retried = emailNotification({ content: 'A retry may word it differently.', sentAt: '2026-02-20T09:00:05.000Z' });
    expect(await simulatedNotificationSender.send(retried, { idempotencyKey: key })).toEqual({ messageId });
    expect(puts()).toHaveLength(1);
  });

  it('answers a retry routed to the other channel (the customer changed its preferences in between) with the first send id: the message was sent', async () => {
    documentMock.on(PutCommand).rejects(alreadyRecorded(communicationMessageItem(communicationMessage(messageId), key)));
    expect(await simulatedNotificationSender.send(smsNotification({ kind: 'paymentReminder' }), { idempotencyKey: key })).toEqual({ messageId });
    expect(puts()).toHaveLength(1);
  });

  it.each([
    ['another customer', smsNotification({ customerId: 'cust-2', kind: 'paymentReminder' })],
    ['another kind', emailNotification({ kind: 'finalNotice' })],
  ])('throws, naming the first message, when the key was used for %s', async (_, message) => {
    documentMock.on(PutCommand).rejects(alreadyRecorded(communicationMessageItem(communicationMessage(messageId), key)));
    await expect(simulatedNotificationSender.send(message, { idempotencyKey: key })).rejects.toThrow(
      `notification idempotency key "${key}" was already used for a paymentReminder email to customer cust-1 (${messageId}); a key names one message`,
    );
  });

  it('refuses a message it could not send, before writing anything', async () => {
    await expect(simulatedNotificationSender.send(emailNotification({ recipient: '+44 7700 900123' }), { idempotencyKey: key })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(simulatedNotificationSender.send(smsNotification(), { idempotencyKey: '' })).rejects.toBeInstanceOf(InvalidInputError);
    expect(documentMock.calls()).toHaveLength(0);
  });

  it('passes on what is not a refused condition', async () => {
    documentMock.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(simulatedNotificationSender.send(smsNotification(), { idempotencyKey: key })).rejects.toThrow('ProvisionedThroughputExceeded');
  });
});

import { communicationMessageOf, type CommunicationMessage } from '../../domain/communication/communication-message.js';
import type { EmailNotification, SmsNotification } from '../../domain/communication/notification-sender.js';

/** Notifications as the collections callers send them, and the records the simulated sender writes. */
export function emailNotification(overrides: Partial<EmailNotification> = {}): EmailNotification {
  return {
    channel: 'email',
    recipient: 'ada@example.com',
    recipientName: 'Ada Lovelace',
    subject: 'Your bill is overdue',
    content: 'Bill B-2026-000042 of 59.98 EUR was due on 2026-02-15. Please pay it within 7 days.',
    customerId: 'cust-1',
    kind: 'paymentReminder',
    billingAccountId: 'ba-1',
    billId: 'ba-1-2026-02-01',
    sentAt: '2026-02-20T09:00:00.000Z',
    ...overrides,
  };
}

export function smsNotification(overrides: Partial<SmsNotification> = {}): SmsNotification {
  return {
    channel: 'sms',
    recipient: '+44 7700 900123',
    content: 'Your mobile service is suspended: bill B-2026-000042 is unpaid.',
    customerId: 'cust-1',
    kind: 'serviceSuspended',
    billingAccountId: 'ba-1',
    sentAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export const communicationMessage = (id: string, notification: EmailNotification | SmsNotification = emailNotification()): CommunicationMessage =>
  communicationMessageOf(notification, { id, sender: { id: 'bss', name: 'BSS' } });

export function communicationMessageItem(message: CommunicationMessage, idempotencyKey = `key-${message.id}`, version = 1) {
  const customerId = message.receiver[0].party?.id;
  return {
    pk: `COMMUNICATION_MESSAGE#${message.id}`,
    sk: 'COMMUNICATION_MESSAGE',
    gsi1pk: 'TYPE#CommunicationMessage',
    gsi1sk: `${message.sendTime}#${message.id}`,
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `CommunicationMessage#${message.sendTime}#${message.id}`,
    entityType: 'CommunicationMessage',
    version,
    resource: message,
    idempotencyKey,
  };
}

import { createHash } from 'node:crypto';
import { communicationMessageOf, notificationKindOf, ownerCustomerIdOfCommunicationMessage, type CommunicationMessage } from '../../../domain/communication/communication-message.js';
import { requireSendable, type NotificationMessage, type NotificationSender, type SentNotification } from '../../../domain/communication/notification-sender.js';
import { putCommunicationMessage } from '../store/communication-message-store.js';

/**
 * SIMULATED notification sender (docs/providers.md, docs/communication.md): it delivers
 * nothing, no e-mail and no SMS. It records each message as a TMF681 CommunicationMessage
 * (state `completed`) in the BSS table, so staff, and the customer its own, can read through
 * the communicationMessage API what would have been sent.
 *
 * Once per idempotency key: the message id is `cm-` and 32 hex digits of the SHA-256 of the
 * key, and the record is a conditional put under that id, so a retry (or a racing duplicate)
 * records nothing more and answers the first send's id. A key reused for another customer or
 * kind is the caller's bug and throws rather than drop the second message unseen. Another
 * channel is not: a retry may be routed to the other channel when the customer changed its
 * communication preferences in between (functions/lib/communication/notify-customer.ts), and the
 * message it repeats was sent already.
 *
 * The slot for a real provider (SES, SNS, Twilio, ...): another adapter in this folder
 * implementing the NotificationSender port, passing our idempotency key where the provider
 * takes one and recording the CommunicationMessage the same way, with the provider's state.
 */
export const simulatedSender = { id: 'bss', name: 'BSS' } as const;

export function simulatedMessageId(idempotencyKey: string): string {
  return `cm-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}

function requireSameMessage(existing: { message: CommunicationMessage; idempotencyKey: string }, sent: CommunicationMessage, idempotencyKey: string): void {
  const recorded = existing.message;
  const same =
    existing.idempotencyKey === idempotencyKey &&
    ownerCustomerIdOfCommunicationMessage(recorded) === ownerCustomerIdOfCommunicationMessage(sent) &&
    notificationKindOf(recorded) === notificationKindOf(sent);
  if (!same) {
    throw new Error(
      `notification idempotency key ${JSON.stringify(idempotencyKey)} was already used for a ${notificationKindOf(recorded)} ${recorded.messageType} ` +
        `to customer ${ownerCustomerIdOfCommunicationMessage(recorded)} (${recorded.id}); a key names one message`,
    );
  }
}

export const simulatedNotificationSender: NotificationSender = {
  async send(message: NotificationMessage, { idempotencyKey }: { idempotencyKey: string }): Promise<SentNotification> {
    requireSendable(message, idempotencyKey);
    const record = communicationMessageOf(message, { id: simulatedMessageId(idempotencyKey), sender: simulatedSender });
    const put = await putCommunicationMessage(record, idempotencyKey);
    if (!put.recorded) requireSameMessage(put.existing, record, idempotencyKey);
    return { messageId: record.id };
  },
};

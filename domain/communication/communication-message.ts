import { isAddressVerification, type NotificationKind, type NotificationMessage } from './notification-sender.js';

/**
 * TMF681 CommunicationMessage, as the API serves what was sent to a customer
 * (docs/communication.md). Written when the message is handed to the provider (a message
 * staff send: before, `inProgress`, then `completed`): the BSS records sends, not deliveries.
 *
 * Extension attributes (allowed by the TMF681 schema): `billingAccount` and `bill`, what the
 * message is about. The notification kind travels as the characteristic `notificationKind`.
 */
export const communicationMessagePath = '/tmf-api/communicationManagement/v4/communicationMessage';
const customerPath = '/tmf-api/customerManagement/v4/customer';
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';
const customerBillPath = '/tmf-api/customerBillManagement/v4/customerBill';

/** TMF681 names message types by example ("SMS, Email"); these are the two we send. */
export type CommunicationMessageType = 'email' | 'SMS';
/**
 * `completed`: the provider accepted the message; a notification is recorded only then. A
 * message staff send (POST /communicationMessage) is recorded `inProgress` first, while it is
 * handed to the provider.
 */
export type CommunicationMessageState = 'inProgress' | 'completed';

export const notificationKindCharacteristic = 'notificationKind';

export interface CommunicationMessageReceiver {
  /**
   * The customer's id, so `receiver.id` names the customer as in every other list; for a message
   * to an address being verified (no customer yet), the address.
   */
  id: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  /** Absent on a message to an address being verified: it belongs to no customer. */
  party?: { id: string; href: string; role: 'Customer'; '@referredType': 'Customer' };
  '@type': 'Receiver';
}

export interface CommunicationMessageSender {
  id: string;
  name: string;
  email?: string;
  phoneNumber?: string;
  '@type': 'Sender';
}

export interface CommunicationMessage {
  id: string;
  href: string;
  '@type': 'CommunicationMessage';
  messageType: CommunicationMessageType;
  state: CommunicationMessageState;
  subject?: string;
  content: string;
  sendTime: string;
  /** Absent while `inProgress`. */
  sendTimeComplete?: string;
  receiver: [CommunicationMessageReceiver];
  sender: CommunicationMessageSender;
  characteristic: [{ name: typeof notificationKindCharacteristic; value: NotificationKind; valueType: 'string'; '@type': 'Characteristic' }];
  billingAccount?: { id: string; href: string; '@referredType': 'BillingAccount' };
  bill?: { id: string; href: string; '@referredType': 'CustomerBill' };
  /** The documents an e-mail carried, by reference: the route that serves each. */
  attachment?: { name: string; mimeType: string; url: string; size: { amount: number; units: 'bytes' }; '@type': 'Attachment' }[];
}

/**
 * The record of a message the provider accepted at `message.sentAt`: sent and complete at once,
 * since an accepted message is all the BSS sees of a delivery.
 */
export function communicationMessageOf(message: NotificationMessage, recorded: { id: string; sender: Omit<CommunicationMessageSender, '@type'> }): CommunicationMessage {
  if (isAddressVerification(message)) {
    return {
      id: recorded.id,
      href: `${communicationMessagePath}/${recorded.id}`,
      '@type': 'CommunicationMessage',
      messageType: 'email',
      state: 'completed',
      subject: message.subject,
      content: message.content,
      sendTime: message.sentAt,
      sendTimeComplete: message.sentAt,
      receiver: [{ id: message.recipient, email: message.recipient, '@type': 'Receiver' }],
      sender: { ...recorded.sender, '@type': 'Sender' },
      characteristic: [{ name: notificationKindCharacteristic, value: message.kind, valueType: 'string', '@type': 'Characteristic' }],
    };
  }
  const address = message.channel === 'email' ? { email: message.recipient } : { phoneNumber: message.recipient };
  return {
    id: recorded.id,
    href: `${communicationMessagePath}/${recorded.id}`,
    '@type': 'CommunicationMessage',
    messageType: message.channel === 'email' ? 'email' : 'SMS',
    state: 'completed',
    ...(message.channel === 'email' ? { subject: message.subject } : {}),
    content: message.content,
    sendTime: message.sentAt,
    sendTimeComplete: message.sentAt,
    receiver: [
      {
        id: message.customerId,
        ...(message.recipientName !== undefined ? { name: message.recipientName } : {}),
        ...address,
        party: { id: message.customerId, href: `${customerPath}/${message.customerId}`, role: 'Customer', '@referredType': 'Customer' },
        '@type': 'Receiver',
      },
    ],
    sender: { ...recorded.sender, '@type': 'Sender' },
    characteristic: [{ name: notificationKindCharacteristic, value: message.kind, valueType: 'string', '@type': 'Characteristic' }],
    ...(message.billingAccountId !== undefined
      ? { billingAccount: { id: message.billingAccountId, href: `${billingAccountPath}/${message.billingAccountId}`, '@referredType': 'BillingAccount' as const } }
      : {}),
    ...(message.billId !== undefined ? { bill: { id: message.billId, href: `${customerBillPath}/${message.billId}`, '@referredType': 'CustomerBill' } } : {}),
    ...(message.channel === 'email' && message.attachments?.length
      ? {
          attachment: message.attachments.map((each) => ({ name: each.name, mimeType: each.mimeType, url: each.url, size: { amount: each.sizeBytes, units: 'bytes' as const }, '@type': 'Attachment' as const })),
        }
      : {}),
  };
}

/** The customer a message was sent to, the only one (with staff) who may read it; none for a message to an address being verified. */
export const ownerCustomerIdOfCommunicationMessage = (message: Pick<CommunicationMessage, 'receiver'>): string | undefined => message.receiver[0].party?.id;

/** The notification kind recorded on a message. */
export const notificationKindOf = (message: Pick<CommunicationMessage, 'characteristic'>): NotificationKind => message.characteristic[0].value;

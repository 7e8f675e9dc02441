import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import * as z from '../shared/zod.js';

/**
 * The notification port: e-mail and SMS to customers (docs/communication.md). Callers write
 * the text; the sender only delivers it. Adapters live in functions/lib/providers/: the
 * simulated one records each message as a TMF681 CommunicationMessage and delivers nothing; a
 * real one wraps SES, SNS, Twilio, ...
 *
 * Messages to customers reach the port through notifyCustomer
 * (functions/lib/communication/notify-customer.ts), which honours the customer's communication
 * preferences (communication-preferences.ts): the channel, or none. The port delivers what it is
 * given.
 */
export const notificationChannels = ['email', 'sms'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * Why the customer is told, so staff can find every reminder or receipt a customer got; the kinds
 * a customer chooses among in its communication preferences, each declared mandatory or not in
 * notificationKindRules (communication-preferences.ts).
 */
export const notificationKinds = [
  'paymentReminder',
  'finalNotice',
  'serviceSuspended',
  'serviceRestored',
  'paymentReceipt',
  'paymentFailed',
  'billIssued',
  'supportCaseOpened',
  'supportCaseStatusChanged',
  'customerCare',
] as const;
export type CustomerNotificationKind = (typeof notificationKinds)[number];

/**
 * Messages to an e-mail address no customer has proven is theirs yet: the code that confirms an
 * e-mail change, or, when the address is another customer's, the notice that someone tried to
 * use it (docs/security.md). They are for whoever holds the mailbox, not for the customer who
 * asked, so they name no customer and only staff read them back: the asker learns neither the
 * code nor whether the address is taken.
 */
export const addressVerificationKinds = ['emailVerification', 'emailAddressInUse'] as const;
export type AddressVerificationKind = (typeof addressVerificationKinds)[number];

export type NotificationKind = CustomerNotificationKind | AddressVerificationKind;

interface NotificationBase {
  /** The customer the message is for: it may read what it was sent, nobody else but staff. */
  customerId: string;
  kind: CustomerNotificationKind;
  /** Plain text, written by the caller. */
  content: string;
  /** The name to greet, when the caller knows it. */
  recipientName?: string;
  /** The account it is about; none for what concerns no account (a support case about nothing billed). */
  billingAccountId?: string;
  billId?: string;
  /**
   * The instant it is sent, from the caller: a customer on a test clock takes every instant
   * from its clock, so the sender never reads the system time.
   */
  sentAt: string;
}

/**
 * A document sent with an e-mail, named by where the BSS keeps it (docs/bill-documents.md): an
 * adapter reads the bytes from the document store (`documentKey`) to attach them; the record of
 * the message names it by `url`, the API route that serves it to the customer.
 */
export interface NotificationAttachment {
  name: string;
  mimeType: string;
  documentKey: string;
  url: string;
  sizeBytes: number;
}

export interface EmailNotification extends NotificationBase {
  channel: 'email';
  /** An e-mail address. */
  recipient: string;
  subject: string;
  attachments?: NotificationAttachment[];
}

export interface SmsNotification extends NotificationBase {
  channel: 'sms';
  /** A phone number, digits with an optional leading + (spaces, ( ) and - allowed). */
  recipient: string;
}

/** An e-mail to an address being verified (addressVerificationKinds): no customer, no account. */
export interface AddressVerificationNotification {
  channel: 'email';
  kind: AddressVerificationKind;
  recipient: string;
  subject: string;
  content: string;
  sentAt: string;
}

export type NotificationMessage = EmailNotification | SmsNotification | AddressVerificationNotification;

export const isAddressVerification = (message: NotificationMessage): message is AddressVerificationNotification =>
  (addressVerificationKinds as readonly string[]).includes(message.kind);

export interface SentNotification {
  /** The id of what was sent: the same for every send under one idempotency key. */
  messageId: string;
}

export interface NotificationSender {
  /**
   * Sends once per idempotency key: a retry with the same key sends nothing and answers the
   * first send's id. Throws InvalidInputError for a message that cannot be sent as it is.
   */
  send(message: NotificationMessage, options: { idempotencyKey: string }): Promise<SentNotification>;
}

const emailAddress = /* @__PURE__ */ z.lazy(() => z.email().check(z.maxLength(254)));
/** As customers' contact media accept them (domain/shared/tmf-types.ts). */
const phoneNumber = /^\+?[0-9 ()-]{3,32}$/;
const isoInstant = /* @__PURE__ */ z.lazy(() => z.iso.datetime({ offset: true }));

const blank = (value: string | undefined) => typeof value !== 'string' || value.trim() === '';

/**
 * Refuses a message no adapter could send (InvalidInputError naming each field): adapters
 * call it first, so a caller's mistake fails the same way with every provider.
 */
export function requireSendable(message: NotificationMessage, idempotencyKey: string): void {
  const problems: FieldProblem[] = [];
  if (blank(idempotencyKey)) problems.push({ field: 'idempotencyKey', problem: 'must not be empty' });
  if (!(notificationChannels as readonly string[]).includes(message.channel)) problems.push({ field: 'channel', problem: `must be one of ${notificationChannels.join(', ')}` });
  const kinds: readonly string[] = [...notificationKinds, ...addressVerificationKinds];
  if (!kinds.includes(message.kind)) problems.push({ field: 'kind', problem: `must be one of ${kinds.join(', ')}` });
  if (isAddressVerification(message)) {
    // Checked, not only typed: a customer id on such a message would let the asker read the code.
    const named = message as unknown as Record<string, unknown>;
    for (const field of ['customerId', 'billingAccountId', 'billId', 'attachments'] as const) {
      if (named[field] !== undefined) problems.push({ field, problem: `a ${message.kind} message is for the mailbox only: it names no customer, account, bill or document` });
    }
    if (named.channel !== 'email') problems.push({ field: 'channel', problem: `a ${message.kind} message is an e-mail` });
    if (blank(message.content)) problems.push({ field: 'content', problem: 'must not be empty' });
  } else {
    for (const field of ['customerId', 'billingAccountId', 'content'] as const) {
      // A support case may concern no account: the account is optional, never empty.
      if (field === 'billingAccountId' && message.billingAccountId === undefined) continue;
      if (blank(message[field])) problems.push({ field, problem: field === 'billingAccountId' ? 'must not be empty when given' : 'must not be empty' });
    }
    if (message.billId !== undefined && blank(message.billId)) problems.push({ field: 'billId', problem: 'must not be empty when given' });
  }
  if (!isoInstant.safeParse(message.sentAt).success) problems.push({ field: 'sentAt', problem: 'must be an ISO 8601 date-time' });
  if (message.channel === 'email') {
    if (!emailAddress.safeParse(message.recipient).success) problems.push({ field: 'recipient', problem: 'must be an e-mail address' });
    if (blank(message.subject)) problems.push({ field: 'subject', problem: 'an e-mail needs a subject' });
  }
  if (message.channel === 'email' && !isAddressVerification(message)) {
    (message.attachments ?? []).forEach((attachment, index) => {
      if (blank(attachment.name) || blank(attachment.documentKey) || blank(attachment.url)) problems.push({ field: `attachments[${index}]`, problem: 'an attachment needs a name, a document key and a url' });
      if (!Number.isInteger(attachment.sizeBytes) || attachment.sizeBytes <= 0) problems.push({ field: `attachments[${index}].sizeBytes`, problem: 'must be a positive whole number of bytes' });
    });
  }
  if (message.channel === 'sms' && !phoneNumber.test(message.recipient ?? '')) {
    problems.push({ field: 'recipient', problem: 'must be a phone number: digits, spaces, ( ) - and an optional leading +' });
  }
  rejectFieldProblems(problems, 'the notification cannot be sent');
}

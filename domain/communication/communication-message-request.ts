import { isPhoneMedium } from './communication-preferences.js';
import type { CommunicationMessage } from './communication-message.js';
import type { NotificationChannel } from './notification-sender.js';
import type { AuditEntry } from '../shared/audit-entry.js';
import { InvalidInputError } from '../shared/domain-errors.js';
import type { ContactMedium } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';

/**
 * TMF681 POST /communicationMessage (docs/communication.md, "Messages from staff"): staff write
 * to one customer, named by `receiver` (its id, or its e-mail address); the message goes out
 * through the notification port as the notification kind `customerCare`, so the customer's
 * communication preferences choose the channel (`messageType` is the first choice) or withhold it.
 * The message is recorded `inProgress` before it is handed to the provider and `completed` once the
 * provider accepted it. DELETE removes it from what the API lists and shows, keeping a record of
 * the send and of the deletion.
 */
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const receiverSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.optional(text(128)),
  name: z.optional(z.string().check(z.maxLength(200))),
  email: z.optional(text(254)),
  phoneNumber: z.optional(text(32)),
  party: z.optional(z.object({ id: text(128) })),
  '@type': z.optional(z.string()),
  '@referredType': z.optional(z.string()),
}));

const senderSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.optional(z.string().check(z.maxLength(128))),
  name: z.optional(z.string().check(z.maxLength(200))),
  email: z.optional(z.string().check(z.maxLength(254))),
  phoneNumber: z.optional(z.string().check(z.maxLength(32))),
  '@type': z.optional(z.string()),
}));

export const communicationMessageCreateSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    content: text(5000),
    /** TMF681 names types by example ("SMS, Email"): `email` or `SMS`, in any case. */
    messageType: text(16),
    subject: z.optional(text(200)),
    receiver: z.array(receiverSchema).check(z.minLength(1), z.maxLength(1)),
    /** Accepted as TMF681 requires it; messages go out as the operator (the provider's sender). */
    sender: z.optional(senderSchema),
    '@type': z.optional(z.literal('CommunicationMessage')),
  })
  .check(
    z.meta({
      examples: [
        {
          content: 'Your dispute of bill INV-2027-000123 is being reviewed; the bill is on hold meanwhile.',
          messageType: 'email',
          subject: 'About your bill',
          receiver: [{ id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', name: 'Jane Doe' }],
          sender: { name: 'Customer care' },
        },
      ],
    }),
  ));
export type CommunicationMessageCreate = z.infer<typeof communicationMessageCreateSchema>;

/** Staff write to customers; a customer writes to the operator through a support case, not here (403). */
export const communicationMessageCreateAccess: WriteAccess = staffWrites;

/** The channel `messageType` asks for first: `email` or `sms`; 400 naming it otherwise. */
export function channelOfMessageType(messageType: string): NotificationChannel {
  const type = messageType.trim().toLowerCase();
  if (type === 'email' || type === 'e-mail') return 'email';
  if (type === 'sms') return 'sms';
  throw new InvalidInputError(`messageType ${JSON.stringify(messageType)} is not sent here: email or SMS`, [{ field: 'messageType', problem: 'must be email or SMS' }]);
}

/** Who the message is for: the customer by id (`receiver.id` or `receiver.party.id`), else by its e-mail address. */
export type ReceiverReference = { customerId: string } | { email: string };

export function receiverReferenceOf(receiver: CommunicationMessageCreate['receiver'][number]): ReceiverReference {
  const ids = [...new Set([receiver.id, receiver.party?.id].filter((id): id is string => id !== undefined))];
  if (ids.length > 1) throw new InvalidInputError('receiver.id and receiver.party.id name different customers', [{ field: 'receiver[0].party.id', problem: `must be ${ids[0]}, as receiver.id` }]);
  if (ids[0] !== undefined) return { customerId: ids[0] };
  if (receiver.email !== undefined) return { email: receiver.email.toLowerCase() };
  throw new InvalidInputError('name the customer the message is for: receiver.id, or its e-mail address receiver.email', [{ field: 'receiver[0].id', problem: 'required (or receiver.email)' }]);
}

/** An address the receiver gives must be one of the customer's: staff cannot send a customer's message elsewhere. */
export function requireCustomerContact(receiver: CommunicationMessageCreate['receiver'][number], customer: { id: string; contactMedium?: readonly ContactMedium[] }): void {
  const media = customer.contactMedium ?? [];
  const emails = media.map((medium) => medium.characteristic.emailAddress?.toLowerCase()).filter((email) => email !== undefined);
  const digits = (phone: string) => phone.replaceAll(/[^0-9+]/g, '');
  const phones = media.filter(isPhoneMedium).map((medium) => digits(medium.characteristic.phoneNumber!));
  if (receiver.email !== undefined && !emails.includes(receiver.email.toLowerCase())) {
    throw new InvalidInputError(`${receiver.email} is not an e-mail address of customer ${customer.id}`, [{ field: 'receiver[0].email', problem: "not one of the customer's e-mail addresses" }]);
  }
  if (receiver.phoneNumber !== undefined && !phones.includes(digits(receiver.phoneNumber))) {
    throw new InvalidInputError(`${receiver.phoneNumber} is not a phone number of customer ${customer.id}`, [{ field: 'receiver[0].phoneNumber', problem: "not one of the customer's phone numbers" }]);
  }
}

/** The e-mail's subject: the one given, else one naming who writes. */
export const subjectOf = (input: Pick<CommunicationMessageCreate, 'subject' | 'sender'>): string => input.subject ?? `A message from ${input.sender?.name?.trim() || 'customer care'}`;

/** The record before the provider has it: `inProgress`, not complete. */
export function inProgressMessage(message: CommunicationMessage): CommunicationMessage {
  const { sendTimeComplete: _complete, ...rest } = message;
  return { ...rest, state: 'inProgress' };
}

/** The record once the provider accepted it: `completed` at `at` (the customer's time). Only an `inProgress` message completes. */
export function completedMessage(message: CommunicationMessage, at: string): CommunicationMessage {
  if (message.state === 'completed') return message;
  return { ...message, state: 'completed', sendTimeComplete: at };
}

/** The audit entry of a deletion: the message as it was sent, who deleted it and when. */
export function messageDeletionAuditEntry(message: CommunicationMessage, context: { id: string; at: string; actor: AuditEntry['actor']; correlationId: string }): AuditEntry {
  return {
    id: context.id,
    at: context.at,
    resource: { type: 'CommunicationMessage', id: message.id },
    action: 'communicationMessageDeleted',
    actor: context.actor,
    correlationId: context.correlationId,
    before: { state: message.state, messageType: message.messageType, sendTime: message.sendTime, receiver: message.receiver[0].id },
    after: { deleted: true },
  };
}

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { communicationPreferencesOf, deliveryRoute, phoneNumberOf, type DeliveryRoute } from '../../../domain/communication/communication-preferences.js';
import type { CustomerNotificationKind, EmailNotification, NotificationAttachment, NotificationChannel, NotificationSender, SmsNotification } from '../../../domain/communication/notification-sender.js';
import type { Customer } from '../../../domain/customers/customer.js';
import { primaryEmail } from '../../../domain/customers/email.js';
import { logger, metrics } from '../observability/telemetry.js';
import { findCommunicationPreferences } from '../store/communication-preferences-store.js';

/**
 * The one way the BSS writes to a customer (docs/communication.md, "Preferences"): it reads the
 * customer's communication preferences, picks the channel (deliveryRoute: the sender's first
 * choice if the customer accepts the kind there, else the other channel, else none unless the
 * kind is mandatory) and hands the message to the notification port. A message the customer
 * opted out of on every channel is withheld: nothing is sent and nothing is recorded (the
 * CommunicationMessage list shows what was sent, never what was not), it is logged and counted
 * (metric NotificationsWithheld). The port itself is called directly only for the messages to an
 * address being verified, which are for a mailbox and not a customer.
 */
export interface CustomerNotice {
  customer: Pick<Customer, 'id' | 'name' | 'contactMedium'>;
  kind: CustomerNotificationKind;
  /** The e-mail's subject; an SMS has none. */
  subject: string;
  /** The e-mail's text, and the SMS's unless `smsContent` gives a shorter one. */
  content: string;
  smsContent?: string;
  attachments?: NotificationAttachment[];
  billingAccountId?: string;
  billId?: string;
  /** The instant it is sent, the customer's. */
  sentAt: string;
}

export type NotifyOutcome = { sent: true; messageId: string; channel: NotificationChannel } | { sent: false; withheld: 'preferences' };

/** The channel and address the notice goes to, or undefined when the customer's preferences withhold it. */
export async function routeOf(notice: Pick<CustomerNotice, 'customer' | 'kind'>, firstChoice: NotificationChannel = 'email'): Promise<DeliveryRoute | undefined> {
  const { stored } = await findCommunicationPreferences(notice.customer.id);
  const preferences = communicationPreferencesOf(notice.customer.id, stored);
  const contactMedium = notice.customer.contactMedium ?? [];
  // An erased customer (docs/api.md, "Closing a customer and erasing its data") has no contact left: nothing can reach it.
  if (contactMedium.length === 0) return undefined;
  const phoneNumber = phoneNumberOf(contactMedium);
  return deliveryRoute(preferences, notice.kind, { email: primaryEmail(contactMedium), ...(phoneNumber !== undefined ? { phoneNumber } : {}) }, firstChoice);
}

/** The message the port is handed for the notice on the route chosen. */
export function notificationOnRoute(route: DeliveryRoute, notice: CustomerNotice): EmailNotification | SmsNotification {
  const common = {
    customerId: notice.customer.id,
    kind: notice.kind,
    recipientName: notice.customer.name,
    ...(notice.billingAccountId !== undefined ? { billingAccountId: notice.billingAccountId } : {}),
    ...(notice.billId !== undefined ? { billId: notice.billId } : {}),
    sentAt: notice.sentAt,
  };
  return route.channel === 'sms'
    ? { ...common, channel: 'sms', recipient: route.recipient, content: notice.smsContent ?? notice.content }
    : { ...common, channel: 'email', recipient: route.recipient, subject: notice.subject, content: notice.content, ...(notice.attachments ? { attachments: notice.attachments } : {}) };
}

/** Sends the notice on the route chosen, once per idempotency key (the port's rule). */
export async function sendOnRoute(sender: NotificationSender, route: DeliveryRoute, notice: CustomerNotice, options: { idempotencyKey: string }): Promise<{ messageId: string }> {
  return sender.send(notificationOnRoute(route, notice), options);
}

/** Logs and counts a notice the customer's preferences withheld. */
export function recordWithheld(notice: Pick<CustomerNotice, 'customer' | 'kind'>, idempotencyKey: string): { sent: false; withheld: 'preferences' } {
  logger.info('notification withheld by the customer preferences', { customerId: notice.customer.id, kind: notice.kind, idempotencyKey });
  metrics.addMetric('NotificationsWithheld', MetricUnit.Count, 1);
  return { sent: false, withheld: 'preferences' };
}

/** Routes the notice by the customer's preferences and sends it, or withholds it. */
export async function notifyCustomer(sender: NotificationSender, notice: CustomerNotice, options: { idempotencyKey: string; firstChoice?: NotificationChannel }): Promise<NotifyOutcome> {
  const route = await routeOf(notice, options.firstChoice);
  if (!route) return recordWithheld(notice, options.idempotencyKey);
  const sent = await sendOnRoute(sender, route, notice, { idempotencyKey: options.idempotencyKey });
  return { sent: true, messageId: sent.messageId, channel: route.channel };
}

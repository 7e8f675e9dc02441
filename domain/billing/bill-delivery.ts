import { isPhoneMedium } from '../communication/communication-preferences.js';
import type { ContactMedium } from '../shared/tmf-types.js';
import type { CustomerBill } from './customer-bill.js';

/**
 * Sending an issued bill to its customer (docs/bill-documents.md, "Delivery"): by e-mail with
 * its PDF attached, or by SMS when the customer prefers its phone (a text with the amount, the
 * due date and where to read the bill). Once sent, the bill is `sent` (when nothing has paid it
 * yet: a bill settled at issue stays `settled`), and its extension `delivery` says how, when,
 * and which communication message carried it; a failed attempt is recorded there too, for staff.
 */
export type BillDeliveryChannel = 'email' | 'sms';

export interface BillDelivery {
  channel: BillDeliveryChannel;
  status: 'sent' | 'failed';
  /** Attempts made so far. */
  attempts: number;
  /** When it was last attempted, in the customer's time. */
  lastAttemptAt: string;
  communicationMessage?: { id: string; href: string };
  /** Why the last attempt failed. */
  failure?: string;
}

/**
 * The channel the customer prefers: its preferred contact medium's, e-mail unless that is a phone
 * with a number. The first choice only: its communication preferences may turn the bill to the
 * other channel (deliveryRoute, domain/communication/communication-preferences.ts).
 */
export function billDeliveryChannelOf(contactMedium: readonly ContactMedium[]): { channel: 'sms'; phoneNumber: string } | { channel: 'email' } {
  const preferred = contactMedium.find((medium) => medium.preferred === true);
  const phoneNumber = preferred?.characteristic.phoneNumber;
  if (preferred && isPhoneMedium(preferred) && phoneNumber) return { channel: 'sms', phoneNumber };
  return { channel: 'email' };
}

/**
 * The bill with its delivery recorded: `sent` moves a bill nothing has paid yet to `sent`; on a
 * bill on hold it moves the state the release goes back to, so `hold.previousState` always says it.
 */
export function recordBillDelivery(bill: CustomerBill, delivery: BillDelivery, now: string): CustomerBill {
  const sent = delivery.status === 'sent';
  if (sent && bill.state === 'onHold' && bill.hold?.previousState === 'validated') return { ...bill, hold: { ...bill.hold, previousState: 'sent' }, delivery, lastUpdate: now };
  const state = sent && bill.state === 'validated' ? 'sent' : bill.state;
  return { ...bill, state, delivery, lastUpdate: now };
}

/** The state a bill is back in when nothing pays it any more: `sent` once it was delivered, else `validated`. */
export const unpaidStateOf = (bill: Pick<CustomerBill, 'delivery'>): 'sent' | 'validated' => (bill.delivery?.status === 'sent' ? 'sent' : 'validated');

/**
 * The words of the e-mail and of the SMS: one paragraph each, as every notice the system writes
 * (docs/communication.md, "Message content").
 */
export function billMessage(input: { billNo: string; amountDue: string; dueDate: string; documentUrl: string; sellerName: string; paidAlready: boolean }): { subject: string; email: string; sms: string } {
  const what = input.paidAlready ? `Nothing is left to pay.` : `Amount due: ${input.amountDue}, by ${input.dueDate}.`;
  return {
    subject: `Your invoice ${input.billNo} from ${input.sellerName}`,
    email: `Your invoice ${input.billNo} is attached (PDF). ${what} You can also read it at ${input.documentUrl}.`,
    sms: `${input.sellerName}: invoice ${input.billNo}. ${what} ${input.documentUrl}`,
  };
}

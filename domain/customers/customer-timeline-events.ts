import type * as z from '../shared/zod.js';
import { customerBillPath } from '../billing/customer-bill.js';
import { communicationMessagePath } from '../communication/communication-message.js';
import { formatMoney } from '../documents/document-formats.js';
import { CustomerBillIssued, CustomerBillStateChanged } from '../events/billing-events.js';
import {
  AccountCreditApplied,
  AccountRestored,
  AccountSuspended,
  BillWrittenOff,
  CreditNoteIssued,
  DunningPaused,
  DunningResumed,
  DunningStopped,
  GoodwillCreditGranted,
  PaymentFailed,
  PaymentReceived,
  PaymentReminderSent,
  ServiceRestored,
} from '../events/collections-events.js';
import {
  BillingAccountCreated,
  BillingAccountStateChanged,
  BillingAccountUpdated,
  CommunicationPreferencesChanged,
  CustomerCreated,
  CustomerErased,
  CustomerStatusChanged,
  CustomerTaxJurisdictionChanged,
  CustomerUpdated,
} from '../events/customer-events.js';
import type { EventType } from '../events/domain-event.js';
import { CustomerWelcomed, OnboardingCompleted, OnboardingFailed, OnboardingRejected } from '../events/onboarding-events.js';
import { OrderCancellationRequested, OrderCancelled, OrderCompleted, OrderFailed, OrderPartiallyCompleted, ProductOrderCreated } from '../events/order-events.js';
import { PaymentAuthorizationVoided, PaymentCaptured, RefundIssued } from '../events/payment-events.js';
import { ProductActivated, ProductChanged, ProductTerminated } from '../events/product-inventory-events.js';
import { SupportCaseNoteAdded, SupportCaseOpened, SupportCaseStatusChanged, SupportCaseUpdated } from '../events/support-case-events.js';
import type { TmfMoney } from '../money/money.js';
import { productOrderPath } from '../orders/product-order.js';
import { tmfResourcePath } from '../shared/tmf-paths.js';
import type { TimelineResource } from './customer-timeline.js';

/**
 * Which domain events are on a customer's timeline, and how each is told (docs/api.md,
 * "Customer timeline"): for every detail type, who the event is about, one plain-English line,
 * and the resource an agent opens from it. `timelineEvents` is the one list: the rule that
 * feeds `index-customer-timeline` is derived from it (timelineEventPattern), so an event is
 * indexed exactly when it is told here. Pure: the handler parses the event, this says what it means.
 */

/**
 * The events left off the timeline, each with its reason. A new event of the catalog goes on
 * the list or here: test/unit/domain/customers/customer-timeline-events.test.ts checks that
 * every one is in one of them.
 */
export const offTimeline: Readonly<Record<string, string>> = {
  OrderStateChanged: "every move of an order's state, its ends included: the order's placing and its end are on the timeline (ProductOrderCreated, OrderCompleted...), the steps between are the order's own history",
  ProductStatusChanged: "comes with ProductActivated and ProductTerminated, which name the product; dunning's suspension and restoration are AccountSuspended and AccountRestored",
  OnboardingStarted: 'no customer yet: the application is registered as a customer by the onboarding (CustomerCreated follows)',
  ProductOfferingCreated: 'the catalog, no customer',
  ProductOfferingUpdated: 'the catalog, no customer',
  ProductOfferingRetired: 'the catalog, no customer',
  ProductOfferingPriceCreated: 'the catalog, no customer',
  ProductOfferingPriceUpdated: 'the catalog, no customer',
  ProductOfferingPriceRetired: 'the catalog, no customer',
  ProductOfferingDeleted: 'the catalog, no customer',
  ProductOfferingPriceDeleted: 'the catalog, no customer',
  ProductSpecificationRetired: 'the catalog, no customer',
  ProductSpecificationDeleted: 'the catalog, no customer',
  ZoneTableCreated: 'rating zones, no customer',
  ZoneTableVersionPublished: 'rating zones, no customer',
  BillRunRequested: 'a billing run over many accounts: each bill it issues is on the timeline of its customer (CustomerBillIssued)',
  BillRunCompleted: 'a billing run over many accounts',
  TestClockAdvanced: 'a test clock, shared by its customers: what the advance did to each is on its timeline',
  RevenueMonthClosed: 'a revenue ledger, no customer',
};

/** What the timeline takes from an event about a customer. */
export interface TimelineFacts {
  /** The customer, when the event names it. */
  customerId?: string;
  /** The billing account to find the customer through, when the event names only that. */
  billingAccountId?: string;
  summary: string;
  resource: TimelineResource;
}

interface TimelineRule<TData> {
  /** The customer the event is about, or, for an event that may not name it, its billing account. */
  about(data: TData): { customerId: string } | { billingAccountId: string } | undefined;
  summary(data: TData): string;
  resource(data: TData): TimelineResource;
}

export interface TimelineEventType {
  type: EventType<z.ZodMiniType>;
  describe(data: unknown): TimelineFacts | undefined;
}

function onTimeline<TSchema extends z.ZodMiniType>(type: EventType<TSchema>, rule: TimelineRule<z.infer<TSchema>>): TimelineEventType {
  return {
    type: type as unknown as EventType<z.ZodMiniType>,
    describe(data) {
      const about = rule.about(data as z.infer<TSchema>);
      if (about === undefined) return undefined;
      return { ...about, summary: rule.summary(data as z.infer<TSchema>), resource: rule.resource(data as z.infer<TSchema>) };
    },
  };
}

// --- How things are written: short, locale-free, bounded. ---

/** "25.00 EUR", as bills write amounts (domain/documents/document-formats.ts). */
function amount(value: TmfMoney): string {
  try {
    return formatMoney(value);
  } catch {
    // An amount finer than its currency's minor unit: as the event wrote it, rather than no line at all.
    return `${value.value} ${value.unit}`;
  }
}

/** A reason or a name typed by someone, cut to a length a line can take. */
function clipped(text: string, length = 120): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length <= length ? trimmed : `${trimmed.slice(0, length - 1)}…`;
}

/** "inProgress" → "in progress", "PaymentReminderSent" → "payment reminder sent", "SMSQuotaReached" → "SMS quota reached". */
export function words(camelCase: string): string {
  return camelCase
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(' ')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()))
    .join(' ');
}

/** "name, contactMedium and 2 more". */
function listed(items: readonly string[], shown = 4): string {
  if (items.length <= shown) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

const withReason = (text: string, reason: string | undefined): string => (reason === undefined || reason.trim() === '' ? text : `${text}: ${clipped(reason)}`);
const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
const isZero = (value: TmfMoney): boolean => value.value === 0;

/** The line of an event no rule tells: its detail type in words ("Payment reminder sent"). */
export function genericTimelineSummary(detailType: string): string {
  const text = words(detailType);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- Where an entry links to. ---

const customerHref = (id: string) => `${tmfResourcePath('customerManagement', 'customer')}/${id}`;
const billingAccountHref = (id: string) => `${tmfResourcePath('accountManagement', 'billingAccount')}/${id}`;
const troubleTicketHref = (id: string) => `${tmfResourcePath('troubleTicket', 'troubleTicket')}/${id}`;

const customerResource = (id: string, href = customerHref(id)): TimelineResource => ({ type: 'Customer', id, href });
const billingAccountResource = (id: string, href = billingAccountHref(id)): TimelineResource => ({ type: 'BillingAccount', id, href });
const billResource = (id: string, href = `${customerBillPath}/${id}`): TimelineResource => ({ type: 'CustomerBill', id, href });
const orderResource = (id: string): TimelineResource => ({ type: 'ProductOrder', id, href: `${productOrderPath}/${id}` });
/** Onboardings are served, but under a path whose module builds request schemas: linked by id. */
const onboardingResource = (id: string): TimelineResource => ({ type: 'Onboarding', id });

const customer = (customerId: string) => ({ customerId });

const paymentChannels: Record<string, string> = { card: 'by card', bankTransfer: 'by bank transfer', cash: 'in cash' };
const failureReasons: Record<string, string> = {
  card_declined: 'card declined',
  insufficient_funds: 'insufficient funds',
  unknown_payment_method: 'no payment method to charge',
};

function jurisdiction(value: { country: string; stateOrProvince?: string } | undefined): string {
  if (value === undefined) return 'none';
  return value.stateOrProvince === undefined ? value.country : `${value.country}-${value.stateOrProvince}`;
}

/** The calendar day (UTC) of an instant an event states, such as the end of a pause: "2027-03-01". */
function day(instant: string): string {
  const at = Date.parse(instant);
  return Number.isNaN(at) ? clipped(instant, 40) : new Date(at).toISOString().slice(0, 10);
}

const caseTitle = (supportCase: { name?: string; ticketType: string }): string => clipped(supportCase.name ?? words(supportCase.ticketType), 80);
const actorWords: Record<string, string> = { customer: 'the customer', agent: 'an agent', admin: 'an admin' };

/**
 * The list: every event on a customer's timeline, in the order of a customer's life. The rule's
 * pattern, the summaries and the tests all read it.
 */
export const timelineEvents: readonly TimelineEventType[] = [
  // Customers and their accounts (bss.customers).
  onTimeline(CustomerCreated, {
    about: ({ customer: created }) => customer(created.id),
    summary: ({ customer: created }) => `Customer ${clipped(created.name, 80)} registered`,
    resource: ({ customer: created }) => customerResource(created.id, created.href),
  }),
  onTimeline(CustomerUpdated, {
    about: ({ customer: updated }) => customer(updated.id),
    summary: ({ changedAttributes }) => (changedAttributes.length === 0 ? 'Customer details changed' : `Customer details changed: ${listed(changedAttributes)}`),
    resource: ({ customer: updated }) => customerResource(updated.id, updated.href),
  }),
  onTimeline(CustomerStatusChanged, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ from, to, reason }) => withReason(`Customer status changed from ${from} to ${to}`, reason),
    resource: ({ customerId }) => customerResource(customerId),
  }),
  onTimeline(CustomerErased, {
    about: ({ customerId }) => customer(customerId),
    // The only entry its timeline keeps: the indexer removes the earlier ones, which may name it (docs/api.md, "Closing a customer and erasing its data").
    summary: ({ erasedByRole, closedBillingAccountIds }) =>
      `Customer closed and personal data erased at the request of ${actorWords[erasedByRole] ?? erasedByRole}${closedBillingAccountIds.length === 0 ? '' : `; ${closedBillingAccountIds.length} billing account${closedBillingAccountIds.length === 1 ? '' : 's'} closed`}`,
    resource: ({ customerId }) => customerResource(customerId),
  }),
  onTimeline(CustomerTaxJurisdictionChanged, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ from, to }) => `Tax jurisdiction changed from ${jurisdiction(from)} to ${jurisdiction(to)}`,
    resource: ({ customerId }) => customerResource(customerId),
  }),
  onTimeline(CommunicationPreferencesChanged, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ changedKinds, changedByRole }) =>
      `Communication preferences changed${changedKinds.length === 0 ? '' : ` (${listed(changedKinds.map(words))})`} by ${actorWords[changedByRole] ?? changedByRole}`,
    resource: ({ customerId }) => customerResource(customerId),
  }),
  // An organization's account (no customerId) is on no customer's timeline.
  onTimeline(BillingAccountCreated, {
    about: ({ billingAccount }) => (billingAccount.customerId === undefined ? undefined : customer(billingAccount.customerId)),
    summary: ({ billingAccount }) => `Billing account ${clipped(billingAccount.name, 80)} opened${billingAccount.isDefault ? ' (default)' : ''}, in ${billingAccount.currency}`,
    resource: ({ billingAccount }) => billingAccountResource(billingAccount.id, billingAccount.href),
  }),
  onTimeline(BillingAccountUpdated, {
    about: ({ billingAccount }) => (billingAccount.customerId === undefined ? undefined : customer(billingAccount.customerId)),
    summary: ({ billingAccount, changedAttributes }) =>
      changedAttributes.length === 0 ? `Billing account ${clipped(billingAccount.name, 80)} changed` : `Billing account ${clipped(billingAccount.name, 80)} changed: ${listed(changedAttributes)}`,
    resource: ({ billingAccount }) => billingAccountResource(billingAccount.id, billingAccount.href),
  }),
  onTimeline(BillingAccountStateChanged, {
    about: ({ customerId }) => (customerId === undefined ? undefined : customer(customerId)),
    summary: ({ from, to }) => `Billing account state changed from ${from} to ${to}`,
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),

  // Onboarding (bss.onboarding).
  onTimeline(OnboardingRejected, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ reason }) => withReason('Onboarding rejected', reason),
    resource: ({ onboardingId }) => onboardingResource(onboardingId),
  }),
  onTimeline(OnboardingFailed, {
    // A failure before the customer was registered is about no customer yet: not on any timeline.
    about: ({ customerId }) => (customerId === undefined ? undefined : customer(customerId)),
    summary: ({ failedStep, reason }) => withReason(failedStep === undefined ? 'Onboarding failed' : `Onboarding failed at ${words(failedStep)}`, reason),
    resource: ({ onboardingId }) => onboardingResource(onboardingId),
  }),
  onTimeline(OnboardingCompleted, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ creditLimit, productOrderId }) => `Onboarding completed, credit limit ${amount(creditLimit)}${productOrderId === undefined ? '' : ', first order placed'}`,
    resource: ({ onboardingId }) => onboardingResource(onboardingId),
  }),
  onTimeline(CustomerWelcomed, {
    about: ({ customer: welcomed }) => customer(welcomed.id),
    summary: () => 'Welcome message sent',
    resource: ({ onboardingId }) => onboardingResource(onboardingId),
  }),

  // Orders (bss.orders).
  onTimeline(ProductOrderCreated, {
    about: ({ order }) => customer(order.customerId),
    summary: ({ order }) => `Order placed: ${plural(order.items.length, 'item')}${isZero(order.upfrontAmount) ? '' : `, ${amount(order.upfrontAmount)} upfront`}`,
    resource: ({ order }) => ({ type: 'ProductOrder', id: order.id, href: order.href }),
  }),
  onTimeline(OrderCompleted, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ completedItems }) => `Order completed: ${plural(completedItems.length, 'item')}`,
    resource: ({ orderId }) => orderResource(orderId),
  }),
  onTimeline(OrderPartiallyCompleted, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ completedItems, failedItems, reason }) => withReason(`Order partially completed: ${completedItems.length} of ${plural(completedItems.length + failedItems.length, 'item')}`, reason),
    resource: ({ orderId }) => orderResource(orderId),
  }),
  onTimeline(OrderFailed, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ reason }) => withReason('Order failed', reason),
    resource: ({ orderId }) => orderResource(orderId),
  }),
  onTimeline(OrderCancelled, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ reason }) => withReason('Order cancelled', reason),
    resource: ({ orderId }) => orderResource(orderId),
  }),
  onTimeline(OrderCancellationRequested, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ reason }) => withReason('Order cancellation requested', reason),
    resource: ({ orderId }) => orderResource(orderId),
  }),

  // Payments of orders, refunds (bss.payments).
  onTimeline(PaymentCaptured, {
    about: ({ payment }) => customer(payment.customerId),
    summary: ({ payment }) => `Order payment of ${amount(payment.totalAmount)} captured`,
    resource: ({ payment }) => ({ type: 'Payment', id: payment.id, href: payment.href }),
  }),
  onTimeline(PaymentAuthorizationVoided, {
    // Its account and customer are optional in the event: the account names the customer when the customer is left out.
    about: ({ customerId, billingAccountId }) => (customerId !== undefined ? customer(customerId) : billingAccountId !== undefined ? { billingAccountId } : undefined),
    summary: ({ amount: held }) => `Card authorization of ${amount(held)} released`,
    resource: ({ orderId }) => orderResource(orderId),
  }),
  onTimeline(RefundIssued, {
    about: ({ refund }) => customer(refund.customerId),
    summary: ({ refund }) => withReason(`Refund of ${amount(refund.totalAmount)} issued`, refund.reason),
    resource: ({ refund }) => ({ type: 'Refund', id: refund.id, href: refund.href }),
  }),

  // Products (bss.products).
  onTimeline(ProductActivated, {
    about: ({ product }) => customer(product.customerId),
    summary: ({ product }) => `Product ${clipped(product.name, 80)} activated`,
    resource: ({ product }) => ({ type: 'Product', id: product.id, href: product.href }),
  }),
  onTimeline(ProductChanged, {
    about: ({ product }) => customer(product.customerId),
    summary: ({ product }) => `Plan changed to ${clipped(product.name, 80)}`,
    resource: ({ product }) => ({ type: 'Product', id: product.id, href: product.href }),
  }),
  onTimeline(ProductTerminated, {
    about: ({ product }) => customer(product.customerId),
    summary: ({ product, reason }) => withReason(`Product ${clipped(product.name, 80)} terminated`, reason),
    resource: ({ product }) => ({ type: 'Product', id: product.id, href: product.href }),
  }),

  // Bills (bss.billing).
  onTimeline(CustomerBillIssued, {
    about: ({ bill }) => customer(bill.customerId),
    summary: ({ bill }) => `Bill ${bill.billNo} issued, ${amount(bill.amountDue)}`,
    resource: ({ bill }) => billResource(bill.id, bill.href),
  }),
  onTimeline(CustomerBillStateChanged, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ billNo, to }) => (to === 'onHold' ? `Bill ${billNo} put on hold` : `Bill ${billNo} released from hold, ${to}`),
    resource: ({ billId, href }) => billResource(billId, href),
  }),

  // Collections and dunning (bss.collections).
  onTimeline(PaymentReceived, {
    about: ({ payment }) => customer(payment.customerId),
    summary: ({ payment }) =>
      `Payment of ${amount(payment.totalAmount)} received ${paymentChannels[payment.channel] ?? words(payment.channel)}${isZero(payment.unappliedAmount) ? '' : `, ${amount(payment.unappliedAmount)} kept as credit`}`,
    resource: ({ payment }) => ({ type: 'Payment', id: payment.id, href: payment.href }),
  }),
  onTimeline(AccountCreditApplied, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ bill }) => `Account credit of ${amount(bill.appliedAmount)} applied to a bill`,
    resource: ({ bill }) => billResource(bill.id),
  }),
  onTimeline(CreditNoteIssued, {
    about: ({ creditNote }) => customer(creditNote.customerId),
    summary: ({ creditNote }) => withReason(`Credit note ${creditNote.creditNoteNo} issued, ${amount(creditNote.taxIncludedAmount)}`, creditNote.reason),
    resource: ({ creditNote }) => ({ type: 'CreditNote', id: creditNote.id, href: creditNote.href }),
  }),
  onTimeline(GoodwillCreditGranted, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ amount: granted, reason }) => withReason(`Goodwill credit of ${amount(granted)} granted`, reason),
    resource: ({ id, href }) => ({ type: 'GoodwillCredit', id, href }),
  }),
  onTimeline(PaymentFailed, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ amount: owed, attempt, reason }) => `Payment of ${amount(owed)} failed (attempt ${attempt}): ${failureReasons[reason] ?? words(reason)}`,
    resource: ({ billId }) => billResource(billId),
  }),
  onTimeline(PaymentReminderSent, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ kind, overdueAmount }) => `${kind === 'finalNotice' ? 'Final notice' : 'Payment reminder'} sent, ${amount(overdueAmount)} overdue`,
    resource: ({ communicationMessageId, billingAccountId }) =>
      communicationMessageId === undefined
        ? billingAccountResource(billingAccountId)
        : { type: 'CommunicationMessage', id: communicationMessageId, href: `${communicationMessagePath}/${communicationMessageId}` },
  }),
  onTimeline(AccountSuspended, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ overdueAmount, productIds }) => `Service suspended (${plural(productIds.length, 'product')}), ${amount(overdueAmount)} overdue`,
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(AccountRestored, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ wasSuspended, productIds }) =>
      wasSuspended ? `Service restored (${plural(productIds.length, 'product')}): the overdue amount was paid` : 'Dunning stopped: the overdue amount was paid',
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(DunningPaused, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ pausedUntil, pausedBy, reason }) => withReason(`Dunning paused until ${day(pausedUntil)} by ${actorWords[pausedBy.role] ?? pausedBy.role}`, reason),
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(DunningResumed, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ resumedBy, reason }) => withReason(`Dunning resumed by ${actorWords[resumedBy.role] ?? resumedBy.role}`, reason),
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(ServiceRestored, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ pausedUntil, productIds, restoredBy, reason }) =>
      withReason(`Service restored (${plural(productIds.length, 'product')}) by ${actorWords[restoredBy.role] ?? restoredBy.role} on a promise to pay by ${day(pausedUntil)}`, reason),
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(DunningStopped, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ stoppedBy, wasSuspended, reason }) =>
      withReason(`Dunning stopped by ${actorWords[stoppedBy.role] ?? stoppedBy.role}, the debt still owed${wasSuspended ? ', service restored' : ''}`, reason),
    resource: ({ billingAccountId }) => billingAccountResource(billingAccountId),
  }),
  onTimeline(BillWrittenOff, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ writtenOffAmount }) => `Bill written off: ${amount(writtenOffAmount)} unpaid`,
    resource: ({ billId }) => billResource(billId),
  }),

  // Support cases (bss.support-cases).
  onTimeline(SupportCaseOpened, {
    about: ({ supportCase }) => customer(supportCase.customerId),
    summary: ({ supportCase, openedBy }) => `Support case opened by ${actorWords[openedBy.role] ?? openedBy.role}: ${caseTitle(supportCase)}`,
    resource: ({ supportCase }) => ({ type: 'TroubleTicket', id: supportCase.id, href: supportCase.href }),
  }),
  onTimeline(SupportCaseStatusChanged, {
    about: ({ supportCase }) => customer(supportCase.customerId),
    summary: ({ supportCase, from, to, reason }) => withReason(`Support case ${caseTitle(supportCase)} moved from ${words(from)} to ${words(to)}`, reason),
    resource: ({ supportCase }) => ({ type: 'TroubleTicket', id: supportCase.id, href: supportCase.href }),
  }),
  onTimeline(SupportCaseNoteAdded, {
    about: ({ customerId }) => customer(customerId),
    summary: ({ addedBy }) => `Note added to a support case by ${actorWords[addedBy.role] ?? addedBy.role}`,
    resource: ({ supportCaseId }) => ({ type: 'TroubleTicket', id: supportCaseId, href: troubleTicketHref(supportCaseId) }),
  }),
  onTimeline(SupportCaseUpdated, {
    about: ({ supportCase }) => customer(supportCase.customerId),
    summary: ({ supportCase, changedAttributes }) => `Support case ${caseTitle(supportCase)} changed: ${listed(changedAttributes)}`,
    resource: ({ supportCase }) => ({ type: 'TroubleTicket', id: supportCase.id, href: supportCase.href }),
  }),
];

const byDetailType = new Map(timelineEvents.map((entry) => [entry.type.detailType, entry]));

/** The detail types on the timeline, each once. */
export const timelineDetailTypes: readonly string[] = timelineEvents.map((entry) => entry.type.detailType);

/** The EventBridge pattern of the rule that feeds the timeline: the sources and detail types of the list. */
export const timelineEventPattern = {
  source: [...new Set(timelineEvents.map((entry) => entry.type.source))],
  'detail-type': [...timelineDetailTypes],
};

/** The event type on the timeline with this source and detail type, if it is one. */
export function timelineEventType(source: string | undefined, detailType: string | undefined): TimelineEventType | undefined {
  const entry = detailType === undefined ? undefined : byDetailType.get(detailType);
  return entry !== undefined && entry.type.source === source ? entry : undefined;
}

/**
 * What the timeline says of an event of a type it does not tell (one the rule would not send
 * today, e.g. replayed from the archive after a type left the list): its detail type in words,
 * on the timeline of the customer its data names as `customerId`, if it names one.
 */
export function genericTimelineFacts(detailType: string, data: unknown): TimelineFacts | undefined {
  const customerId = typeof data === 'object' && data !== null ? (data as { customerId?: unknown }).customerId : undefined;
  if (typeof customerId !== 'string' || customerId === '') return undefined;
  return { customerId, summary: genericTimelineSummary(detailType), resource: customerResource(customerId) };
}

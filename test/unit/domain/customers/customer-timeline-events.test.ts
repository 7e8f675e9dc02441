import { describe, expect, it } from 'vitest';
import {
  genericTimelineFacts,
  genericTimelineSummary,
  offTimeline,
  timelineDetailTypes,
  timelineEventPattern,
  timelineEventType,
  timelineEvents,
  type TimelineFacts,
} from '../../../../domain/customers/customer-timeline-events.js';
import { eventCatalog } from '../../../../domain/events/event-catalog.js';
import { customers } from '../../../../infra/topology/customers.js';

/**
 * The customer timeline's list of events and their lines (domain/customers/customer-timeline-events.ts):
 * one sample of each detail type on the list, valid against the event's own schema, with the
 * line and the link it gives; the rule's pattern is the list's.
 */
const eur = (value: number) => ({ unit: 'EUR', value });
const customerHref = (id: string) => `/tmf-api/customerManagement/v4/customer/${id}`;
const accountHref = (id: string) => `/tmf-api/accountManagement/v4/billingAccount/${id}`;
const billHref = (id: string) => `/tmf-api/customerBillManagement/v4/customerBill/${id}`;
const orderHref = (id: string) => `/tmf-api/productOrderingManagement/v4/productOrder/${id}`;
const caseHref = (id: string) => `/tmf-api/troubleTicket/v4/troubleTicket/${id}`;

const snapshot = { id: 'cust-1', href: customerHref('cust-1'), name: 'Ada Lovelace', status: 'Validated', email: 'ada@example.com', preferences: {} };
const account = {
  id: 'ba-1',
  href: accountHref('ba-1'),
  name: 'Ada household',
  state: 'Active',
  customerId: 'cust-1',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  billingCycleDay: 1,
  isDefault: true,
};
const order = {
  id: 'order-1',
  href: orderHref('order-1'),
  state: 'acknowledged',
  orderDate: '2027-01-16T09:00:00.000Z',
  customerId: 'cust-1',
  billingAccountId: 'ba-1',
  items: [
    { id: '1', action: 'add', productOfferingId: 'po-mobile-m', productId: 'prod-1', quantity: 1 },
    { id: '2', action: 'add', productOfferingId: 'po-phone', productId: 'prod-2', quantity: 1 },
  ],
  upfrontAmount: eur(15),
};
const closing = { orderId: 'order-1', customerId: 'cust-1', billingAccountId: 'ba-1', completedItems: ['1', '2'], failedItems: [] };
const product = {
  id: 'prod-1',
  href: '/tmf-api/productInventory/v4/product/prod-1',
  name: 'Mobile M',
  status: 'active',
  productOfferingId: 'po-mobile-m',
  billingAccountId: 'ba-1',
  customerId: 'cust-1',
  productOrderId: 'order-1',
  orderItemId: '1',
  quantity: 1,
  productPrice: [],
  realizingServiceIds: [],
};
const dunning = { billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: '2027-02-15T00:00:00.000Z' };
const agent = { role: 'agent', subject: 'agent-7' } as const;
const supportCase = {
  id: 'case-1',
  href: caseHref('case-1'),
  customerId: 'cust-1',
  customerName: 'Ada Lovelace',
  name: 'Charged twice',
  status: 'acknowledged',
  ticketType: 'complaint',
  severity: 'Major',
  priority: 'High',
  channel: 'portal',
  creationDate: '2027-01-16T09:00:00.000Z',
  relatedEntity: [{ id: 'bill-1', '@referredType': 'CustomerBill' }],
};

/** Per detail type on the list: an event's data, the line it gives, and the resource it links to. */
const samples: Record<string, { data: unknown; summary: string; resource: TimelineFacts['resource']; about?: Partial<TimelineFacts> }> = {
  CustomerCreated: { data: { customer: snapshot }, summary: 'Customer Ada Lovelace registered', resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') } },
  CustomerUpdated: {
    data: { customer: snapshot, changedAttributes: ['name', 'contactMedium', 'characteristic', 'paymentMethod', 'status', 'engagedParty'] },
    summary: 'Customer details changed: name, contactMedium, characteristic, paymentMethod and 2 more',
    resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') },
  },
  CustomerStatusChanged: {
    data: { customerId: 'cust-1', from: 'Initialized', to: 'Validated', reason: 'credit approved' },
    summary: 'Customer status changed from Initialized to Validated: credit approved',
    resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') },
  },
  CustomerErased: {
    data: { customerId: 'cust-1', erasedAt: '2027-03-01T10:00:00.000Z', closedBillingAccountIds: ['ba-1', 'ba-2'], erasedByRole: 'customer', auditEntryId: 'audit-1' },
    summary: 'Customer closed and personal data erased at the request of the customer; 2 billing accounts closed',
    resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') },
  },
  CustomerTaxJurisdictionChanged: {
    data: { customerId: 'cust-1', from: { country: 'FR' }, to: { country: 'US', stateOrProvince: 'CA' }, changedByRole: 'agent', auditEntryId: 'audit-1' },
    summary: 'Tax jurisdiction changed from FR to US-CA',
    resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') },
  },
  CommunicationPreferencesChanged: {
    data: { customerId: 'cust-1', preferences: [{ kind: 'paymentReminder', email: true, sms: false }], changedKinds: ['paymentReminder'], changedByRole: 'customer' },
    summary: 'Communication preferences changed (payment reminder) by the customer',
    resource: { type: 'Customer', id: 'cust-1', href: customerHref('cust-1') },
  },
  BillingAccountCreated: {
    data: { billingAccount: account },
    summary: 'Billing account Ada household opened (default), in EUR',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  BillingAccountUpdated: {
    data: { billingAccount: account, changedAttributes: ['creditLimit'] },
    summary: 'Billing account Ada household changed: creditLimit',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  BillingAccountStateChanged: {
    data: { billingAccountId: 'ba-1', customerId: 'cust-1', from: 'Active', to: 'Suspended' },
    summary: 'Billing account state changed from Active to Suspended',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  OnboardingRejected: { data: { onboardingId: 'onb-1', customerId: 'cust-1', reason: 'credit score too low' }, summary: 'Onboarding rejected: credit score too low', resource: { type: 'Onboarding', id: 'onb-1' } },
  OnboardingFailed: {
    data: { onboardingId: 'onb-1', customerId: 'cust-1', failedStep: 'placeFirstOrder', reason: 'the offering is retired' },
    summary: 'Onboarding failed at place first order: the offering is retired',
    resource: { type: 'Onboarding', id: 'onb-1' },
  },
  OnboardingCompleted: {
    data: { onboardingId: 'onb-1', customerId: 'cust-1', billingAccountId: 'ba-1', creditLimit: eur(500), productOrderId: 'order-1' },
    summary: 'Onboarding completed, credit limit 500.00 EUR, first order placed',
    resource: { type: 'Onboarding', id: 'onb-1' },
  },
  CustomerWelcomed: {
    data: { onboardingId: 'onb-1', customer: { id: 'cust-1', name: 'Ada Lovelace', email: 'ada@example.com' }, billingAccount: { id: 'ba-1', name: 'Ada household' } },
    summary: 'Welcome message sent',
    resource: { type: 'Onboarding', id: 'onb-1' },
  },
  ProductOrderCreated: { data: { order }, summary: 'Order placed: 2 items, 15.00 EUR upfront', resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') } },
  OrderCompleted: { data: closing, summary: 'Order completed: 2 items', resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') } },
  OrderPartiallyCompleted: {
    data: { ...closing, completedItems: ['1'], failedItems: ['2'], reason: 'the phone is out of stock' },
    summary: 'Order partially completed: 1 of 2 items: the phone is out of stock',
    resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') },
  },
  OrderFailed: {
    data: { ...closing, completedItems: [], failedItems: ['1', '2'], reason: 'payment declined' },
    summary: 'Order failed: payment declined',
    resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') },
  },
  OrderCancelled: { data: { ...closing, completedItems: [], reason: 'asked by the customer' }, summary: 'Order cancelled: asked by the customer', resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') } },
  OrderCancellationRequested: {
    data: { orderId: 'order-1', customerId: 'cust-1', cancelProductOrderId: 'cancel-1', reason: 'changed my mind' },
    summary: 'Order cancellation requested: changed my mind',
    resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') },
  },
  PaymentCaptured: {
    data: {
      payment: {
        id: 'pay-1',
        href: '/tmf-api/paymentManagement/v4/payment/pay-1',
        status: 'succeeded',
        paymentDate: '2027-01-16T09:00:00.000Z',
        orderId: 'order-1',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        amount: eur(12.5),
        totalAmount: eur(15),
      },
    },
    summary: 'Order payment of 15.00 EUR captured',
    resource: { type: 'Payment', id: 'pay-1', href: '/tmf-api/paymentManagement/v4/payment/pay-1' },
  },
  PaymentAuthorizationVoided: {
    data: { orderId: 'order-1', authorizationId: 'auth-1', amount: eur(15), billingAccountId: 'ba-1', customerId: 'cust-1', reason: 'the order did not go through' },
    summary: 'Card authorization of 15.00 EUR released',
    resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') },
  },
  RefundIssued: {
    data: {
      refund: {
        id: 'ref-1',
        href: '/tmf-api/paymentManagement/v4/refund/ref-1',
        status: 'succeeded',
        refundDate: '2027-03-02T09:00:00.000Z',
        paymentId: 'pay-1',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        amount: eur(10),
        totalAmount: eur(10),
        reason: 'overpaid',
        channel: 'cash',
      },
    },
    summary: 'Refund of 10.00 EUR issued: overpaid',
    resource: { type: 'Refund', id: 'ref-1', href: '/tmf-api/paymentManagement/v4/refund/ref-1' },
  },
  ProductActivated: { data: { product }, summary: 'Product Mobile M activated', resource: { type: 'Product', id: 'prod-1', href: product.href } },
  ProductChanged: {
    data: { product: { ...product, name: 'Mobile L' }, previousProductOfferingId: 'po-mobile-m', productOrderId: 'order-2', effectiveDate: '2027-03-01T00:00:00.000Z' },
    summary: 'Plan changed to Mobile L',
    resource: { type: 'Product', id: 'prod-1', href: product.href },
  },
  ProductTerminated: {
    data: { product: { ...product, status: 'terminated' }, reason: 'the customer left' },
    summary: 'Product Mobile M terminated: the customer left',
    resource: { type: 'Product', id: 'prod-1', href: product.href },
  },
  CustomerBillIssued: {
    data: {
      bill: {
        id: 'ba-1-2027-02-01',
        href: billHref('ba-1-2027-02-01'),
        billNo: '2027-000123',
        billDate: '2027-02-01T00:00:00.000Z',
        paymentDueDate: '2027-02-15T00:00:00.000Z',
        runType: 'onCycle',
        state: 'new',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        amountDue: eur(25),
        taxExcludedAmount: eur(20.83),
        taxIncludedAmount: eur(25),
      },
    },
    summary: 'Bill 2027-000123 issued, 25.00 EUR',
    resource: { type: 'CustomerBill', id: 'ba-1-2027-02-01', href: billHref('ba-1-2027-02-01') },
  },
  CustomerBillStateChanged: {
    data: { billId: 'ba-1-2027-02-01', href: billHref('ba-1-2027-02-01'), billNo: '2027-000123', billingAccountId: 'ba-1', customerId: 'cust-1', from: 'sent', to: 'onHold' },
    summary: 'Bill 2027-000123 put on hold',
    resource: { type: 'CustomerBill', id: 'ba-1-2027-02-01', href: billHref('ba-1-2027-02-01') },
  },
  PaymentReceived: {
    data: {
      payment: {
        id: 'pay-2',
        href: '/tmf-api/paymentManagement/v4/payment/pay-2',
        paymentDate: '2027-03-01T09:00:00.000Z',
        channel: 'bankTransfer',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        totalAmount: eur(1250),
        unappliedAmount: eur(5),
      },
      bills: [{ id: 'ba-1-2027-02-01', appliedAmount: eur(1245), remainingAmount: eur(0), state: 'settled' }],
    },
    summary: 'Payment of 1,250.00 EUR received by bank transfer, 5.00 EUR kept as credit',
    resource: { type: 'Payment', id: 'pay-2', href: '/tmf-api/paymentManagement/v4/payment/pay-2' },
  },
  AccountCreditApplied: {
    data: { billingAccountId: 'ba-1', customerId: 'cust-1', bill: { id: 'ba-1-2027-03-01', appliedAmount: eur(5), remainingAmount: eur(20), state: 'partiallyPaid' }, paymentIds: ['pay-2'] },
    summary: 'Account credit of 5.00 EUR applied to a bill',
    resource: { type: 'CustomerBill', id: 'ba-1-2027-03-01', href: billHref('ba-1-2027-03-01') },
  },
  CreditNoteIssued: {
    data: {
      creditNote: {
        id: 'cn-1',
        href: '/collections/v1/creditNote/cn-1',
        creditNoteNo: 'CN-2027-000001',
        date: '2027-03-02T09:00:00.000Z',
        reason: 'plan charged twice',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        taxIncludedAmount: eur(10),
        appliedToBill: eur(10),
        toAccountCredit: eur(0),
      },
      bill: { id: 'ba-1-2027-03-01', remainingAmount: eur(10), state: 'partiallyPaid' },
    },
    summary: 'Credit note CN-2027-000001 issued, 10.00 EUR: plan charged twice',
    resource: { type: 'CreditNote', id: 'cn-1', href: '/collections/v1/creditNote/cn-1' },
  },
  GoodwillCreditGranted: {
    data: { id: 'gw-1', href: '/collections/v1/goodwillCredit/gw-1', date: '2027-03-02T09:00:00.000Z', reason: 'network outage', billingAccountId: 'ba-1', customerId: 'cust-1', amount: eur(5) },
    summary: 'Goodwill credit of 5.00 EUR granted: network outage',
    resource: { type: 'GoodwillCredit', id: 'gw-1', href: '/collections/v1/goodwillCredit/gw-1' },
  },
  PaymentFailed: {
    data: { billingAccountId: 'ba-1', customerId: 'cust-1', billId: 'ba-1-2027-02-01', amount: eur(25), attempt: 2, reason: 'card_declined', message: 'Your card was declined.' },
    summary: 'Payment of 25.00 EUR failed (attempt 2): card declined',
    resource: { type: 'CustomerBill', id: 'ba-1-2027-02-01', href: billHref('ba-1-2027-02-01') },
  },
  PaymentReminderSent: {
    data: { ...dunning, kind: 'reminder', day: 7, overdueAmount: eur(25), communicationMessageId: 'cm-1' },
    summary: 'Payment reminder sent, 25.00 EUR overdue',
    resource: { type: 'CommunicationMessage', id: 'cm-1', href: '/tmf-api/communicationManagement/v4/communicationMessage/cm-1' },
  },
  AccountSuspended: {
    data: { ...dunning, day: 14, overdueAmount: eur(25), productIds: ['prod-1'] },
    summary: 'Service suspended (1 product), 25.00 EUR overdue',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  AccountRestored: {
    data: { ...dunning, wasSuspended: true, productIds: ['prod-1', 'prod-2'] },
    summary: 'Service restored (2 products): the overdue amount was paid',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  BillWrittenOff: {
    data: { ...dunning, billId: 'ba-1-2027-02-01', writtenOffAmount: eur(25) },
    summary: 'Bill written off: 25.00 EUR unpaid',
    resource: { type: 'CustomerBill', id: 'ba-1-2027-02-01', href: billHref('ba-1-2027-02-01') },
  },
  DunningPaused: {
    data: { ...dunning, pausedAt: '2027-02-20T09:00:00.000Z', pausedUntil: '2027-03-05T23:00:00.000Z', reason: 'promised to pay on payday', pausedBy: agent },
    summary: 'Dunning paused until 2027-03-05 by an agent: promised to pay on payday',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  DunningResumed: {
    data: { ...dunning, resumedAt: '2027-02-22T09:00:00.000Z', reason: 'the promise was withdrawn', resumedBy: agent },
    summary: 'Dunning resumed by an agent: the promise was withdrawn',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  ServiceRestored: {
    data: { ...dunning, restoredAt: '2027-03-01T09:00:00.000Z', pausedUntil: '2027-03-10T00:00:00.000Z', reason: 'hospital stay', restoredBy: { role: 'admin', subject: 'admin-1' }, productIds: ['prod-1'] },
    summary: 'Service restored (1 product) by an admin on a promise to pay by 2027-03-10: hospital stay',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  DunningStopped: {
    data: { ...dunning, stoppedAt: '2027-03-01T09:00:00.000Z', reason: 'disputed bill', stoppedBy: { role: 'admin', subject: 'admin-1' }, wasSuspended: true, productIds: ['prod-1'] },
    summary: 'Dunning stopped by an admin, the debt still owed, service restored: disputed bill',
    resource: { type: 'BillingAccount', id: 'ba-1', href: accountHref('ba-1') },
  },
  SupportCaseOpened: {
    data: { supportCase: { ...supportCase, status: 'submitted' }, openedBy: { role: 'customer', subject: 'user-of-cust-1' } },
    summary: 'Support case opened by the customer: Charged twice',
    resource: { type: 'TroubleTicket', id: 'case-1', href: caseHref('case-1') },
  },
  SupportCaseStatusChanged: {
    data: { supportCase: { ...supportCase, status: 'inProgress' }, from: 'acknowledged', to: 'inProgress', changedAt: '2027-01-17T09:00:00.000Z', changedBy: agent },
    summary: 'Support case Charged twice moved from acknowledged to in progress',
    resource: { type: 'TroubleTicket', id: 'case-1', href: caseHref('case-1') },
  },
  SupportCaseNoteAdded: {
    data: { supportCaseId: 'case-1', customerId: 'cust-1', noteId: 'note-1', authorRole: 'agent', date: '2027-01-17T09:00:00.000Z', addedBy: agent },
    summary: 'Note added to a support case by an agent',
    resource: { type: 'TroubleTicket', id: 'case-1', href: caseHref('case-1') },
  },
  SupportCaseUpdated: {
    data: { supportCase: { ...supportCase, name: undefined, ticketType: 'billingIssue' }, changedAttributes: ['severity', 'priority'], changedBy: agent },
    summary: 'Support case billing issue changed: severity and priority',
    resource: { type: 'TroubleTicket', id: 'case-1', href: caseHref('case-1') },
  },
};

const origin = { eventId: 'evt-1', occurredAt: '2027-01-16T09:00:00.000Z', correlationId: 'corr-1' };

describe('the events on the timeline', () => {
  it('are each an event of the catalog, listed once', () => {
    const catalog = new Map(eventCatalog.map((type) => [`${type.source}/${type.detailType}`, type]));
    for (const { type } of timelineEvents) expect(catalog.get(`${type.source}/${type.detailType}`), type.detailType).toBe(type);
    expect(new Set(timelineDetailTypes).size).toBe(timelineDetailTypes.length);
  });

  it('and the events left off it, each with its reason, are the whole catalog', () => {
    const onTimeline = new Set(timelineDetailTypes);
    const unclassified = eventCatalog.map((type) => type.detailType).filter((detailType) => !onTimeline.has(detailType) && offTimeline[detailType] === undefined);
    expect(unclassified, 'a new event goes on the timeline (timelineEvents) or off it (offTimeline), with why').toEqual([]);
    for (const detailType of Object.keys(offTimeline)) {
      expect(onTimeline.has(detailType), detailType).toBe(false);
      expect(eventCatalog.some((type) => type.detailType === detailType), `${detailType} is in the catalog`).toBe(true);
    }
  });

  it('feed the rule: its pattern is their sources and detail types, within what EventBridge takes', () => {
    const rule = customers.eventRules.find((candidate) => candidate.target.kind === 'function' && candidate.target.name === 'index-customer-timeline')!;
    expect(rule.pattern).toBe(timelineEventPattern);
    expect(timelineEventPattern['detail-type']).toEqual(timelineDetailTypes);
    expect(new Set(timelineEventPattern.source)).toEqual(new Set(timelineEvents.map(({ type }) => type.source)));
    // PutRule takes an event pattern of at most 4,096 characters.
    expect(JSON.stringify(timelineEventPattern).length).toBeLessThan(4096);
  });

  it('have a sample here each, and nothing else does', () => {
    expect(Object.keys(samples).sort()).toEqual([...timelineDetailTypes].sort());
  });

  it.each(timelineEvents.map((entry) => [entry.type.detailType, entry] as const))('%s: its own line and link, about its customer', (detailType, entry) => {
    const sample = samples[detailType]!;
    // Through the event's own schema: the sample is an event the BSS could publish.
    const { detail } = entry.type.create(sample.data as never, origin);
    const facts = entry.describe(detail.data);
    expect(facts).toEqual({ customerId: 'cust-1', summary: sample.summary, resource: sample.resource });
    expect(facts!.summary).not.toBe(genericTimelineSummary(detailType));
    expect(facts!.summary.length).toBeLessThanOrEqual(300);
  });
});

describe('who an event is about', () => {
  it('an onboarding that failed before registering its customer is about nobody', () => {
    const entry = timelineEventType('bss.onboarding', 'OnboardingFailed')!;
    expect(entry.describe({ onboardingId: 'onb-1', failedStep: 'registerCustomer', reason: 'email taken' })).toBeUndefined();
  });

  it('a voided authorization without its customer is found through its billing account; without either, it is about nobody', () => {
    const entry = timelineEventType('bss.payments', 'PaymentAuthorizationVoided')!;
    expect(entry.describe({ orderId: 'order-1', authorizationId: 'auth-1', amount: eur(15), billingAccountId: 'ba-1' })).toEqual({
      billingAccountId: 'ba-1',
      summary: 'Card authorization of 15.00 EUR released',
      resource: { type: 'ProductOrder', id: 'order-1', href: orderHref('order-1') },
    });
    expect(entry.describe({ orderId: 'order-1', authorizationId: 'auth-1', amount: eur(15) })).toBeUndefined();
  });

  it('a detail type is found only with its own source', () => {
    expect(timelineEventType('bss.billing', 'CustomerBillIssued')?.type.detailType).toBe('CustomerBillIssued');
    expect(timelineEventType('bss.partner', 'CustomerBillIssued')).toBeUndefined();
    expect(timelineEventType('bss.orders', 'OrderStateChanged')).toBeUndefined();
    expect(timelineEventType(undefined, undefined)).toBeUndefined();
  });
});

describe('the line of an event the list does not tell', () => {
  it('is its detail type in words, on the timeline of the customer it names', () => {
    expect(genericTimelineSummary('PaymentReminderSent')).toBe('Payment reminder sent');
    expect(genericTimelineSummary('SMSQuotaReached')).toBe('SMS quota reached');
    expect(genericTimelineFacts('LoyaltyPointsGranted', { customerId: 'cust-9', points: 100 })).toEqual({
      customerId: 'cust-9',
      summary: 'Loyalty points granted',
      resource: { type: 'Customer', id: 'cust-9', href: customerHref('cust-9') },
    });
  });

  it('is on no timeline when its data names no customer', () => {
    expect(genericTimelineFacts('ZoneTableCreated', { zoneTable: { id: 'zt-1' } })).toBeUndefined();
    expect(genericTimelineFacts('Odd', null)).toBeUndefined();
    expect(genericTimelineFacts('Odd', { customerId: 42 })).toBeUndefined();
  });
});

describe('lines stay short and readable', () => {
  it('a long reason is cut, and spaces folded', () => {
    const entry = timelineEventType('bss.orders', 'OrderFailed')!;
    const facts = entry.describe({ ...closing, completedItems: [], failedItems: ['1'], reason: `payment\n\n declined ${'x'.repeat(300)}` })!;
    expect(facts.summary).toMatch(/^Order failed: payment declined x+…$/);
    expect(facts.summary.length).toBe('Order failed: '.length + 120);
  });

  it('an amount finer than its currency is written as the event has it, not dropped', () => {
    const entry = timelineEventType('bss.billing', 'CustomerBillIssued')!;
    const data = (samples.CustomerBillIssued!.data as { bill: Record<string, unknown> }).bill;
    expect(entry.describe({ bill: { ...data, amountDue: { unit: 'EUR', value: 1.005 } } })!.summary).toBe('Bill 2027-000123 issued, 1.005 EUR');
  });

  it('a payment that left no credit says nothing of credit; an order with nothing upfront says nothing of it', () => {
    const payment = (samples.PaymentReceived!.data as { payment: Record<string, unknown> }).payment;
    expect(timelineEventType('bss.collections', 'PaymentReceived')!.describe({ payment: { ...payment, channel: 'card', totalAmount: eur(25), unappliedAmount: eur(0) }, bills: [] })!.summary).toBe(
      'Payment of 25.00 EUR received by card',
    );
    expect(timelineEventType('bss.orders', 'ProductOrderCreated')!.describe({ order: { ...order, items: [order.items[0]], upfrontAmount: eur(0) } })!.summary).toBe('Order placed: 1 item');
  });
});

import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/** Events of collections (bill payments, account credit, failed collections), source bss.collections. */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

/** Money was received for an account (collected from its card, or recorded by staff) and spread over its bills; the rest became credit. */
export const PaymentReceived = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'PaymentReceived',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    payment: z.object({
      id: z.string(),
      href: z.string(),
      paymentDate: z.string(),
      channel: z.enum(['card', 'bankTransfer', 'cash']),
      billingAccountId: z.string(),
      customerId: z.string(),
      totalAmount: money,
      /** What no bill took: account credit. */
      unappliedAmount: money,
      testClockId: z.optional(z.string()),
    }),
    /** Each bill paid, with what it still owes and its state after the payment. */
    bills: z.array(z.object({ id: z.string(), appliedAmount: money, remainingAmount: money, state: z.string() })),
  })),
});

/** The account's credit paid (part of) a bill: no money moved, the credit went down by as much. */
export const AccountCreditApplied = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'AccountCreditApplied',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    billingAccountId: z.string(),
    customerId: z.string(),
    bill: z.object({ id: z.string(), appliedAmount: money, remainingAmount: money, state: z.string() }),
    /** The payments the credit came from. */
    paymentIds: z.array(z.string()),
    /** The credit notes it came from (bills credited after they were paid). */
    creditNoteIds: z.optional(z.array(z.string())),
    /** The goodwill credits it came from. */
    goodwillCreditIds: z.optional(z.array(z.string())),
    testClockId: z.optional(z.string()),
  })),
});

/** Staff credited (part of) a bill: what it took off the bill, and what became account credit. */
export const CreditNoteIssued = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'CreditNoteIssued',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    creditNote: z.object({
      id: z.string(),
      href: z.string(),
      creditNoteNo: z.string(),
      date: z.string(),
      reason: z.string(),
      billingAccountId: z.string(),
      customerId: z.string(),
      taxIncludedAmount: money,
      appliedToBill: money,
      toAccountCredit: money,
      testClockId: z.optional(z.string()),
    }),
    /** The bill credited, with what it still owes and its state after. */
    bill: z.object({ id: z.string(), remainingAmount: money, state: z.string() }),
  })),
});

/** Staff gave an account credit without a bill (a goodwill credit): the balance went down by its amount. */
export const GoodwillCreditGranted = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'GoodwillCreditGranted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    id: z.string(),
    href: z.string(),
    date: z.string(),
    reason: z.string(),
    billingAccountId: z.string(),
    customerId: z.string(),
    amount: money,
    testClockId: z.optional(z.string()),
  })),
});

/** Collecting a bill from the account's payment method failed: declined, or no method to charge. */
export const PaymentFailed = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'PaymentFailed',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    billingAccountId: z.string(),
    customerId: z.string(),
    billId: z.string(),
    amount: money,
    attempt: z.int().check(z.positive()),
    reason: z.enum(['card_declined', 'insufficient_funds', 'unknown_payment_method']),
    message: z.string(),
    testClockId: z.optional(z.string()),
  })),
});

const dunningSubject = /* @__PURE__ */ shapeOnFirstUse(() => ({
  billingAccountId: z.string(),
  customerId: z.string(),
  /** The due date dunning counts its days from. */
  dunningSince: z.string(),
  testClockId: z.optional(z.string()),
}));

/** Dunning reminded the customer of what is overdue (a reminder, or the final notice before write-off). */
export const PaymentReminderSent = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'PaymentReminderSent',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), kind: z.enum(['reminder', 'finalNotice']), day: z.int(), overdueAmount: money, communicationMessageId: z.optional(z.string()) })),
});

/** Dunning suspended the account's service: the account is Suspended, its active products suspended. */
export const AccountSuspended = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'AccountSuspended',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), day: z.int(), overdueAmount: money, productIds: z.array(z.string()) })),
});

/** A payment cleared what was overdue: dunning stopped, and a suspended service is back (account Active, products active). */
export const AccountRestored = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'AccountRestored',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), wasSuspended: z.boolean(), productIds: z.array(z.string()) })),
});

/** Dunning ended without payment: what the bill still owed is written off (bad debt), the account closed. */
export const BillWrittenOff = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'BillWrittenOff',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), billId: z.string(), writtenOffAmount: money })),
});

/** Who acted on a dunning by hand: the token's subject and the role it acted in. */
const dunningActor = /* @__PURE__ */ z.lazy(() => z.object({ subject: z.string(), role: z.enum(['admin', 'agent']) }));

/** Staff paused the account's dunning: no step before `pausedUntil`, every step not yet performed postponed by the pause. */
export const DunningPaused = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'DunningPaused',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), pausedAt: z.string(), pausedUntil: z.string(), reason: z.string(), pausedBy: dunningActor, nextStepAt: z.optional(z.string()) })),
});

/** Staff ended a pause of the account's dunning early: its steps go on from `nextStepAt`. */
export const DunningResumed = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'DunningResumed',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), resumedAt: z.string(), reason: z.string(), resumedBy: dunningActor, nextStepAt: z.optional(z.string()) })),
});

/** An admin stopped the account's dunning without write-off: the debt stays owed, a suspension was lifted (`productIds`). */
export const DunningStopped = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'DunningStopped',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), stoppedAt: z.string(), reason: z.string(), stoppedBy: dunningActor, wasSuspended: z.boolean(), productIds: z.array(z.string()) })),
});

/** An admin restored the service dunning suspended, on a promise to pay by `pausedUntil`: dunning paused until then (account Active, products active). */
export const ServiceRestored = /* @__PURE__ */ defineEvent({
  source: 'bss.collections',
  detailType: 'ServiceRestored',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ ...dunningSubject(), restoredAt: z.string(), pausedUntil: z.string(), reason: z.string(), restoredBy: dunningActor, productIds: z.array(z.string()) })),
});

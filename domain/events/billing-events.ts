import * as z from '../shared/zod.js';
import type { CustomerBill } from '../billing/customer-bill.js';
import { defineEvent } from './domain-event.js';

/** Events of the billing context (TMF678 bills, billing runs, test clocks), source bss.billing. */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

/** A bill was issued (numbered): collections and the customer's notification start from it. */
export const CustomerBillIssued = /* @__PURE__ */ defineEvent({
  source: 'bss.billing',
  detailType: 'CustomerBillIssued',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    bill: z.object({
      id: z.string(),
      href: z.string(),
      billNo: z.string(),
      billDate: z.string(),
      paymentDueDate: z.string(),
      runType: z.enum(['onCycle', 'offCycle']),
      state: z.string(),
      billingAccountId: z.string(),
      customerId: z.string(),
      amountDue: money,
      taxExcludedAmount: money,
      taxIncludedAmount: money,
      /** Set when the customer lives on a test clock: reports leave such bills out. */
      testClockId: z.optional(z.string()),
    }),
  })),
});

/**
 * A bill was put on hold (disputed) or released (docs/collections.md, "Bills on hold"), by staff,
 * at the customer's time: `from` and `to` are TMF678 states, one of them `onHold`.
 */
export const CustomerBillStateChanged = /* @__PURE__ */ defineEvent({
  source: 'bss.billing',
  detailType: 'CustomerBillStateChanged',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    billId: z.string(),
    href: z.string(),
    billNo: z.string(),
    billingAccountId: z.string(),
    customerId: z.string(),
    from: z.string(),
    to: z.string(),
    /** Set when the customer lives on a test clock. */
    testClockId: z.optional(z.string()),
  })),
});

/** A billing run ended; its counts say what it did and how many accounts failed (the next run retries them). */
export const BillRunCompleted = /* @__PURE__ */ defineEvent({
  source: 'bss.billing',
  detailType: 'BillRunCompleted',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    billRunId: z.string(),
    state: z.enum(['completed', 'completedWithErrors']),
    asOf: z.string(),
    trigger: z.enum(['schedule', 'request', 'testClock']),
    counts: z.object({ due: z.int(), billed: z.int(), skipped: z.int(), failed: z.int(), bills: z.int() }),
    testClockId: z.optional(z.string()),
  })),
});

/** What CustomerBillIssued says of an issued bill (numbered) and the customer it is for. */
export function issuedBillSnapshot(bill: CustomerBill, customerId: string): z.infer<typeof CustomerBillIssued.dataSchema>['bill'] {
  return {
    id: bill.id,
    href: bill.href,
    billNo: bill.billNo!,
    billDate: bill.billDate,
    paymentDueDate: bill.paymentDueDate,
    runType: bill.runType,
    state: bill.state,
    billingAccountId: bill.billingAccount.id,
    customerId,
    amountDue: bill.amountDue,
    taxExcludedAmount: bill.taxExcludedAmount,
    taxIncludedAmount: bill.taxIncludedAmount,
    ...(bill.testClock ? { testClockId: bill.testClock.id } : {}),
  };
}

/** A billing run was asked for (by staff, or by a test clock's advance): the billing-run state machine starts on it. */
export const BillRunRequested = /* @__PURE__ */ defineEvent({
  source: 'bss.billing',
  detailType: 'BillRunRequested',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ billRunId: z.string(), asOf: z.string(), trigger: z.enum(['request', 'testClock']), testClockId: z.optional(z.string()) })),
});

/** A test clock moved forward; its billing run follows. */
export const TestClockAdvanced = /* @__PURE__ */ defineEvent({
  source: 'bss.billing',
  detailType: 'TestClockAdvanced',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ testClockId: z.string(), from: z.string(), to: z.string(), billRunId: z.string() })),
});

import * as z from 'zod';
import { defineEvent } from './domain-event.js';

/** Events of collections (bill payments, account credit, failed collections), source bss.collections. */
const money = z.object({ unit: z.string(), value: z.number() });

/** Money was received for an account (collected from its card, or recorded by staff) and spread over its bills; the rest became credit. */
export const PaymentReceived = defineEvent({
  source: 'bss.collections',
  detailType: 'PaymentReceived',
  schemaVersion: '1.0',
  dataSchema: z.object({
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
      testClockId: z.string().optional(),
    }),
    /** Each bill paid, with what it still owes and its state after the payment. */
    bills: z.array(z.object({ id: z.string(), appliedAmount: money, remainingAmount: money, state: z.string() })),
  }),
});

/** The account's credit paid (part of) a bill: no money moved, the credit went down by as much. */
export const AccountCreditApplied = defineEvent({
  source: 'bss.collections',
  detailType: 'AccountCreditApplied',
  schemaVersion: '1.0',
  dataSchema: z.object({
    billingAccountId: z.string(),
    customerId: z.string(),
    bill: z.object({ id: z.string(), appliedAmount: money, remainingAmount: money, state: z.string() }),
    /** The payments the credit came from. */
    paymentIds: z.array(z.string()),
    testClockId: z.string().optional(),
  }),
});

/** Collecting a bill from the account's payment method failed: declined, or no method to charge. */
export const PaymentFailed = defineEvent({
  source: 'bss.collections',
  detailType: 'PaymentFailed',
  schemaVersion: '1.0',
  dataSchema: z.object({
    billingAccountId: z.string(),
    customerId: z.string(),
    billId: z.string(),
    amount: money,
    attempt: z.number().int().positive(),
    reason: z.enum(['card_declined', 'insufficient_funds', 'unknown_payment_method']),
    message: z.string(),
    testClockId: z.string().optional(),
  }),
});

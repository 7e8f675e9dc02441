import * as z from '../shared/zod.js';
import { defineEvent } from './domain-event.js';

/** Events of payments (TMF676 payments and refunds, gateway authorizations), source bss.payments. */
const money = /* @__PURE__ */ z.lazy(() => z.object({ unit: z.string(), value: z.number() }));

export const paymentSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  status: z.string(),
  paymentDate: z.string(),
  orderId: z.string(),
  billingAccountId: z.string(),
  customerId: z.string(),
  amount: money,
  taxAmount: z.optional(money),
  totalAmount: money,
}));
export type PaymentSnapshot = z.infer<typeof paymentSnapshotSchema>;

export const refundSnapshotSchema = /* @__PURE__ */ z.lazy(() => z.object({
  id: z.string(),
  href: z.string(),
  status: z.string(),
  refundDate: z.string(),
  paymentId: z.string(),
  /** The order whose payment was refunded; absent for a refund of a bill payment. */
  orderId: z.optional(z.string()),
  billingAccountId: z.string(),
  customerId: z.string(),
  amount: money,
  taxAmount: z.optional(money),
  totalAmount: money,
  reason: z.string(),
  /** A bill payment's refund: how the money went back (`card` through the gateway, else paid back by staff). */
  channel: z.optional(z.enum(['card', 'bankTransfer', 'cash'])),
  /** A bill payment's refund: what came out of the credit the payment had left. */
  creditTakenBack: z.optional(money),
  /** A bill payment's refund: each bill reopened, with what it owes again and its state after. */
  bills: z.optional(z.array(z.object({ id: z.string(), reopenedAmount: money, remainingAmount: money, state: z.string() }))),
  testClockId: z.optional(z.string()),
}));
export type RefundSnapshot = z.infer<typeof refundSnapshotSchema>;

/** The gateway captured money for an order; the Payment record exists. */
export const PaymentCaptured = /* @__PURE__ */ defineEvent({
  source: 'bss.payments',
  detailType: 'PaymentCaptured',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ payment: paymentSnapshotSchema })),
});

/** Money was paid back on a payment (an order's, through the gateway; a bill payment's, through the gateway or by staff); the Refund record exists. */
export const RefundIssued = /* @__PURE__ */ defineEvent({
  source: 'bss.payments',
  detailType: 'RefundIssued',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({ refund: refundSnapshotSchema })),
});

/** An order's authorization was released without capture (the order did not go through): the hold on the card is lifted. */
export const PaymentAuthorizationVoided = /* @__PURE__ */ defineEvent({
  source: 'bss.payments',
  detailType: 'PaymentAuthorizationVoided',
  schemaVersion: '1.0',
  dataSchema: /* @__PURE__ */ z.lazy(() => z.object({
    orderId: z.string(),
    authorizationId: z.string(),
    amount: money,
    billingAccountId: z.optional(z.string()),
    customerId: z.optional(z.string()),
    reason: z.optional(z.string()),
  })),
});

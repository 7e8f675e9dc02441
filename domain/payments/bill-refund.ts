import * as z from '../shared/zod.js';
import { currencyCodeSchema } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * TMF676 refunds of bill payments (docs/collections.md, "Refunds"): staff pay back (part of) a
 * payment; the money comes back from the payment's unused credit, then from the bills it paid,
 * which owe it again. An order's payment is refunded by order-to-cash, never here.
 */
const moneySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ unit: currencyCodeSchema, value: z.number() }));

/** POST /refund (staff): TMF676 Refund_Create, narrowed to what refunding a bill payment needs. */
export const refundCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  payment: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(512))),
    '@referredType': z.optional(z.literal('Payment')),
  }),
  totalAmount: moneySchema,
  /** Why the money goes back: kept on the refund, told to the customer. */
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(1024)),
  '@type': z.optional(z.literal('Refund')),
}));
export type RefundCreate = z.infer<typeof refundCreateSchema>;

/** Only staff pay money back; every attribute they send is theirs to set. */
export const refundAccess: WriteAccess = staffWrites;

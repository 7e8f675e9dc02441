import * as z from 'zod';
import { currencyCodeSchema } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * TMF676 refunds of bill payments (docs/collections.md, "Refunds"): staff pay back (part of) a
 * payment; the money comes back from the payment's unused credit, then from the bills it paid,
 * which owe it again. An order's payment is refunded by order-to-cash, never here.
 */
const moneySchema = z.strictObject({ unit: currencyCodeSchema, value: z.number().finite() });

/** POST /refund (staff): TMF676 Refund_Create, narrowed to what refunding a bill payment needs. */
export const refundCreateSchema = z.strictObject({
  payment: z.strictObject({
    id: z.string().min(1).max(128),
    href: z.string().max(512).optional(),
    '@referredType': z.literal('Payment').optional(),
  }),
  totalAmount: moneySchema,
  /** Why the money goes back: kept on the refund, told to the customer. */
  description: z.string().trim().min(1).max(1024),
  '@type': z.literal('Refund').optional(),
});
export type RefundCreate = z.infer<typeof refundCreateSchema>;

/** Only staff pay money back; every attribute they send is theirs to set. */
export const refundAccess: WriteAccess = staffWrites;

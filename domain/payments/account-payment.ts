import * as z from '../shared/zod.js';
import { money, moneyToTmf } from '../money/money.js';
import { currencyCodeSchema } from '../shared/tmf-types.js';
import type { WriteAccess } from '../shared/write-access.js';
import type { Allocation } from '../collections/payment-allocation.js';
import { paymentChannels, paymentPath, type Payment, type PaymentChannel, type PaymentItem } from './payment.js';

/**
 * TMF676 payments of bills (docs/collections.md): money an account's customer paid, by card
 * through the gateway (automatic collection, or staff charging a card), or by bank transfer or
 * cash that staff record. `paymentItem` says where every cent went: to the bills it paid, and
 * what no bill took to the account itself, as credit for its next bills.
 */
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';
const customerPath = '/tmf-api/customerManagement/v4/customer';
const customerBillPath = '/tmf-api/customerBillManagement/v4/customerBill';

const moneySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ unit: currencyCodeSchema, value: z.number() }));

/** POST /payment (staff, or a customer paying by card): TMF676 Payment_Create, narrowed to what a bill payment needs. */
export const paymentCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  account: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(512))),
    name: z.optional(z.string().check(z.maxLength(256))),
    '@referredType': z.optional(z.literal('BillingAccount')),
  }),
  totalAmount: moneySchema,
  paymentMethod: z.strictObject({
    /** A card's gateway token (charged now), or the reference of the transfer or cash receipt. */
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    name: z.enum(paymentChannels),
    href: z.optional(z.string().check(z.maxLength(512))),
    '@referredType': z.optional(z.literal('PaymentMethod')),
  }),
  paymentItem: z.optional(
    z
      .array(
        z.strictObject({
          item: z.strictObject({
            id: z.string().check(z.minLength(1), z.maxLength(128)),
            href: z.optional(z.string().check(z.maxLength(512))),
            '@referredType': z.optional(z.literal('CustomerBill')),
          }),
          totalAmount: z.optional(moneySchema),
          '@type': z.optional(z.literal('PaymentItem')),
        }),
      )
      .check(z.minLength(1), z.maxLength(50)),
  ),
  description: z.optional(z.string().check(z.maxLength(1024))),
  '@type': z.optional(z.literal('Payment')),
}));
export type PaymentCreate = z.infer<typeof paymentCreateSchema>;

/**
 * Staff record any payment. A customer pays its own account by card (the handler checks the
 * account is its own, the method a `card`, and the token one of its own): which account, how
 * much, with which card, and which bills. The `description` (what the ledger and the receipt
 * say it was) stays staff's.
 */
export const paymentAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  customer: { account: true, totalAmount: true, paymentMethod: true, paymentItem: true, '@type': true },
  mediation: {},
};

export interface NewAccountPaymentInput {
  id: string;
  billingAccountId: string;
  customerId: string;
  channel: PaymentChannel;
  /** The card's gateway token, or the transfer's or receipt's reference. */
  paymentMethodId: string;
  amountMinor: bigint;
  currency: string;
  allocations: readonly Allocation[];
  unappliedMinor: bigint;
  now: string;
  description: string;
  correlatorId?: string;
  /** A card payment's gateway answers. */
  authorizationCode?: string;
  captureId?: string;
}

export function newAccountPayment(input: NewAccountPaymentInput): Payment {
  const total = moneyToTmf(money(input.amountMinor, input.currency));
  const item = (ref: PaymentItem['item'], minor: bigint): PaymentItem => {
    const amount = moneyToTmf(money(minor, input.currency));
    return { '@type': 'PaymentItem', item: ref, amount, totalAmount: amount };
  };
  const accountHref = `${billingAccountPath}/${input.billingAccountId}`;
  return {
    id: input.id,
    href: `${paymentPath}/${input.id}`,
    '@type': 'Payment',
    status: 'captured',
    statusDate: input.now,
    paymentDate: input.now,
    description: input.description,
    correlatorId: input.correlatorId ?? input.id,
    ...(input.authorizationCode ? { authorizationCode: input.authorizationCode } : {}),
    account: { id: input.billingAccountId, href: accountHref, '@referredType': 'BillingAccount' },
    paymentMethod: { id: input.paymentMethodId, name: input.channel, '@referredType': 'PaymentMethod' },
    payer: { id: input.customerId, href: `${customerPath}/${input.customerId}`, role: 'Customer', '@referredType': 'Customer' },
    amount: total,
    totalAmount: total,
    paymentItem: [
      ...input.allocations.map((allocation) => item({ id: allocation.billId, href: `${customerBillPath}/${allocation.billId}`, '@referredType': 'CustomerBill' }, allocation.amountMinor)),
      ...(input.unappliedMinor > 0n ? [item({ id: input.billingAccountId, href: accountHref, '@referredType': 'BillingAccount' }, input.unappliedMinor)] : []),
    ],
    ...(input.captureId ? { gatewayCaptureId: input.captureId } : {}),
  };
}

import { compareMoney, isNegativeMoney, isZeroMoney, moneyFromTmf, moneyToTmf, subtractMoney, type Money, type TmfMoney } from '../money/money.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';

/**
 * TMF676 Payment and Refund, as the BSS records them (docs/product-inventory-and-payments.md).
 * Both are records of money that already moved at the payment gateway: a Payment is written
 * when an authorization is captured, a Refund when the gateway has paid money back. Neither is
 * created nor changed through the API.
 *
 * Amounts: `totalAmount` is what the gateway moved (taxes included). When the caller knows the
 * tax share, `taxAmount` carries it and `amount` is the net; otherwise `amount` equals
 * `totalAmount` and `taxAmount` is absent.
 *
 * Extension attributes (allowed by the TMF676 schema): `gatewayCaptureId` on a Payment and
 * `gatewayRefundId` on a Refund (the gateway's ids, which a later refund or reconciliation
 * needs; absent for cash and bank transfers, which staff pay back themselves), and
 * `relatedParty` on a Refund (the customer who paid, whom the money goes back to).
 */
export const paymentPath = '/tmf-api/paymentManagement/v4/payment';
export const refundPath = '/tmf-api/paymentManagement/v4/refund';
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';
const customerPath = '/tmf-api/customerManagement/v4/customer';
const productOrderPath = '/tmf-api/productOrderingManagement/v4/productOrder';

/**
 * TMF676 status is free text (PaymentStatusExampleType lists examples). We use `captured`: the
 * gateway captured the money. A payment stays `captured` when refunded; its refunds say so.
 */
export type PaymentStatus = 'captured';
/** TMF676 RefundStatusExampleType `done`: the gateway has paid the money back. */
export type RefundStatus = 'done';

export interface AccountRef {
  id: string;
  href: string;
  '@referredType': 'BillingAccount';
}

export interface PaymentMethodRef {
  /** The gateway's token for the customer's card (never a card number), or the reference of a transfer or cash receipt. */
  id: string;
  /** How the money came: `card`, `bankTransfer` or `cash` (bill payments; order payments are cards). */
  name?: PaymentChannel;
  '@referredType': 'PaymentMethod';
}

export const paymentChannels = ['card', 'bankTransfer', 'cash'] as const;
export type PaymentChannel = (typeof paymentChannels)[number];

export interface CustomerParty {
  id: string;
  href: string;
  role: 'Customer';
  '@referredType': 'Customer';
}

export interface PaymentItem {
  '@type': 'PaymentItem';
  /** What the money paid: an order (order-to-cash), a bill, or the account itself (credit for later bills). */
  item: { id: string; href: string; '@referredType': 'ProductOrder' | 'CustomerBill' | 'BillingAccount' };
  amount: TmfMoney;
  taxAmount?: TmfMoney;
  totalAmount: TmfMoney;
}

export interface Payment {
  id: string;
  href: string;
  '@type': 'Payment';
  status: PaymentStatus;
  statusDate: string;
  paymentDate: string;
  description: string;
  /** The order the payment settles; for a bill payment, the bill collected or the payment itself. */
  correlatorId: string;
  /** The gateway's code for a card payment; absent for cash and bank transfers. */
  authorizationCode?: string;
  account: AccountRef;
  paymentMethod: PaymentMethodRef;
  payer: CustomerParty;
  amount: TmfMoney;
  taxAmount?: TmfMoney;
  totalAmount: TmfMoney;
  paymentItem: PaymentItem[];
  /** Extension: the gateway's capture id, which refunds name; absent for cash and bank transfers. */
  gatewayCaptureId?: string;
}

export interface Refund {
  id: string;
  href: string;
  '@type': 'Refund';
  status: RefundStatus;
  statusDate: string;
  refundDate: string;
  /** Why the money went back. */
  description: string;
  /** The refunded payment's `correlatorId`: its order, or for a bill payment the bill collected or the payment itself. */
  correlatorId: string;
  account: AccountRef;
  paymentMethod: PaymentMethodRef;
  payment: { id: string; href: string; '@referredType': 'Payment' };
  /** Extension: the customer who paid. */
  relatedParty: CustomerParty[];
  amount: TmfMoney;
  taxAmount?: TmfMoney;
  totalAmount: TmfMoney;
  /** Extension: the gateway's refund id; absent when staff paid the money back (cash, bank transfer). */
  gatewayRefundId?: string;
}

export interface NewPaymentInput {
  id: string;
  orderId: string;
  billingAccountId: string;
  customerId: string;
  paymentMethodToken: string;
  /** What the gateway captured, taxes included. */
  amount: Money;
  /** The tax share of `amount`, when known. */
  taxAmount?: Money;
  authorizationCode: string;
  captureId: string;
  now: string;
  description: string;
}

export interface NewRefundInput {
  id: string;
  payment: Payment;
  /** What the gateway paid back, taxes included. */
  amount: Money;
  /** The tax share of `amount`, when known. */
  taxAmount?: Money;
  /** What earlier refunds of the same payment already paid back; the sum never exceeds the payment. */
  refundedBefore?: Money;
  reason: string;
  /** The gateway's refund id; absent when the money did not go back through the gateway. */
  refundId?: string;
  now: string;
}

function requireText(fields: Record<string, string>, what: string): void {
  const missing = Object.entries(fields).filter(([, value]) => value.trim() === '');
  if (missing.length > 0) {
    throw new InvalidInputError(`${what} needs ${missing.map(([field]) => field).join(', ')}`, missing.map(([field]) => ({ field, problem: 'must not be empty' })));
  }
}

/** The TMF amount triple of a gateway amount and its optional tax share. */
function amounts(total: Money, tax: Money | undefined, what: string): Pick<Payment, 'amount' | 'taxAmount' | 'totalAmount'> {
  if (isNegativeMoney(total) || isZeroMoney(total)) {
    throw new InvalidInputError(`${what} amount must be positive, not ${moneyToTmf(total).value} ${total.currency}`, [{ field: 'amount', problem: 'must be positive' }]);
  }
  if (tax === undefined) return { amount: moneyToTmf(total), totalAmount: moneyToTmf(total) };
  if (tax.currency !== total.currency) {
    throw new InvalidInputError(`${what} tax is in ${tax.currency}, the amount in ${total.currency}`, [{ field: 'taxAmount', problem: `must be in ${total.currency}` }]);
  }
  if (isNegativeMoney(tax) || compareMoney(tax, total) > 0) {
    throw new InvalidInputError(`${what} tax must be between 0 and the amount`, [{ field: 'taxAmount', problem: 'must be between 0 and the amount' }]);
  }
  return { amount: moneyToTmf(subtractMoney(total, tax)), taxAmount: moneyToTmf(tax), totalAmount: moneyToTmf(total) };
}

/** The record of a captured payment for an order. */
export function newPayment(input: NewPaymentInput): Payment {
  requireText(
    {
      id: input.id,
      orderId: input.orderId,
      billingAccountId: input.billingAccountId,
      customerId: input.customerId,
      paymentMethodToken: input.paymentMethodToken,
      authorizationCode: input.authorizationCode,
      captureId: input.captureId,
    },
    'a payment',
  );
  const { amount, taxAmount, totalAmount } = amounts(input.amount, input.taxAmount, 'a payment');
  const item: PaymentItem = {
    '@type': 'PaymentItem',
    item: { id: input.orderId, href: `${productOrderPath}/${input.orderId}`, '@referredType': 'ProductOrder' },
    amount,
    ...(taxAmount ? { taxAmount } : {}),
    totalAmount,
  };
  return {
    id: input.id,
    href: `${paymentPath}/${input.id}`,
    '@type': 'Payment',
    status: 'captured',
    statusDate: input.now,
    paymentDate: input.now,
    description: input.description,
    correlatorId: input.orderId,
    authorizationCode: input.authorizationCode,
    account: { id: input.billingAccountId, href: `${billingAccountPath}/${input.billingAccountId}`, '@referredType': 'BillingAccount' },
    paymentMethod: { id: input.paymentMethodToken, '@referredType': 'PaymentMethod' },
    payer: { id: input.customerId, href: `${customerPath}/${input.customerId}`, role: 'Customer', '@referredType': 'Customer' },
    amount,
    ...(taxAmount ? { taxAmount } : {}),
    totalAmount,
    paymentItem: [item],
    gatewayCaptureId: input.captureId,
  };
}

/** What is left to refund of a payment after `refundedBefore`. */
export function refundableAmount(payment: Pick<Payment, 'totalAmount'>, refundedBefore?: Money): Money {
  const paid = moneyFromTmf(payment.totalAmount);
  if (refundedBefore === undefined) return paid;
  if (refundedBefore.currency !== paid.currency) {
    throw new InvalidInputError(`earlier refunds are in ${refundedBefore.currency}, the payment in ${paid.currency}`, [
      { field: 'refundedBefore', problem: `must be in ${paid.currency}` },
    ]);
  }
  return subtractMoney(paid, refundedBefore);
}

/**
 * The record of money paid back on a payment. The refund, with every earlier refund of the
 * payment, never exceeds what was paid (RuleViolationError `refund-exceeds-payment`).
 */
export function newRefund(input: NewRefundInput): Refund {
  const { payment } = input;
  requireText({ id: input.id, reason: input.reason, ...(input.refundId !== undefined ? { refundId: input.refundId } : {}) }, 'a refund');
  if (input.amount.currency !== payment.totalAmount.unit) {
    throw new InvalidInputError(`the refund is in ${input.amount.currency}, payment ${payment.id} in ${payment.totalAmount.unit}`, [
      { field: 'amount', problem: `must be in ${payment.totalAmount.unit}` },
    ]);
  }
  const { amount, taxAmount, totalAmount } = amounts(input.amount, input.taxAmount, 'a refund');
  const left = refundableAmount(payment, input.refundedBefore);
  if (compareMoney(input.amount, left) > 0) {
    const paid = payment.totalAmount;
    throw new RuleViolationError(
      'refund-exceeds-payment',
      `a refund of ${totalAmount.value} ${totalAmount.unit} exceeds what is left of payment ${payment.id} (${moneyToTmf(left).value} of ${paid.value} ${paid.unit})`,
    );
  }
  return {
    id: input.id,
    href: `${refundPath}/${input.id}`,
    '@type': 'Refund',
    status: 'done',
    statusDate: input.now,
    refundDate: input.now,
    description: input.reason,
    correlatorId: payment.correlatorId,
    account: { ...payment.account },
    paymentMethod: { ...payment.paymentMethod },
    payment: { id: payment.id, href: payment.href, '@referredType': 'Payment' },
    relatedParty: [{ ...payment.payer }],
    amount,
    ...(taxAmount ? { taxAmount } : {}),
    totalAmount,
    ...(input.refundId !== undefined ? { gatewayRefundId: input.refundId } : {}),
  };
}

/** The customer a payment belongs to. */
export const ownerCustomerIdOfPayment = (payment: Pick<Payment, 'payer'>): string => payment.payer.id;

/** The customer a refund belongs to: the payer of the refunded payment. */
export function ownerCustomerIdOfRefund(refund: Pick<Refund, 'id' | 'relatedParty'>): string {
  const owner = refund.relatedParty.find((party) => party['@referredType'] === 'Customer');
  if (!owner) throw new Error(`invariant broken: refund ${refund.id} has no Customer party`);
  return owner.id;
}

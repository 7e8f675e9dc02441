import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';
import { PaymentAuthorizationVoided, PaymentCaptured, RefundIssued, type PaymentSnapshot, type RefundSnapshot } from '../../domain/events/payment-events.js';
import { moneyToTmf, type Money } from '../../domain/money/money.js';
import { ownerCustomerIdOfPayment, ownerCustomerIdOfRefund, type Payment, type Refund } from '../../domain/payments/payment.js';

/** What payment events carry about the payment. */
export function paymentSnapshot(payment: Payment): PaymentSnapshot {
  return {
    id: payment.id,
    href: payment.href,
    status: payment.status,
    paymentDate: payment.paymentDate,
    orderId: payment.correlatorId,
    billingAccountId: payment.account.id,
    customerId: ownerCustomerIdOfPayment(payment),
    amount: payment.amount,
    ...(payment.taxAmount ? { taxAmount: payment.taxAmount } : {}),
    totalAmount: payment.totalAmount,
  };
}

/** What refund events carry about any refund; an order's refund adds its order (refundSnapshot). */
export function refundBaseSnapshot(refund: Refund): RefundSnapshot {
  return {
    id: refund.id,
    href: refund.href,
    status: refund.status,
    refundDate: refund.refundDate,
    paymentId: refund.payment.id,
    billingAccountId: refund.account.id,
    customerId: ownerCustomerIdOfRefund(refund),
    amount: refund.amount,
    ...(refund.taxAmount ? { taxAmount: refund.taxAmount } : {}),
    totalAmount: refund.totalAmount,
    reason: refund.description,
  };
}

/** What refund events carry about the refund of an order's payment. */
export const refundSnapshot = (refund: Refund): RefundSnapshot => ({ ...refundBaseSnapshot(refund), orderId: refund.correlatorId });

export const paymentCapturedEvent = (payment: Payment, origin: EventOrigin): DomainEvent =>
  PaymentCaptured.create({ payment: paymentSnapshot(payment) }, origin);

export const refundIssuedEvent = (refund: Refund, origin: EventOrigin): DomainEvent =>
  RefundIssued.create({ refund: refundSnapshot(refund) }, origin);

export function paymentAuthorizationVoidedEvent(
  voided: { orderId: string; authorizationId: string; amount: Money; billingAccountId?: string; customerId?: string; reason?: string },
  origin: EventOrigin,
): DomainEvent {
  const { amount, ...rest } = voided;
  return PaymentAuthorizationVoided.create({ ...rest, amount: moneyToTmf(amount) }, origin);
}

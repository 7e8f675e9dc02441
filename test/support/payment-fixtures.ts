import { money } from '../../domain/money/money.js';
import { newPayment, newRefund, type NewPaymentInput, type NewRefundInput, type Payment, type Refund } from '../../domain/payments/payment.js';

/** Payments and refunds as order-to-cash records them, and their table items as payment-store writes them. */
export function newPaymentInput(overrides: Partial<NewPaymentInput> = {}): NewPaymentInput {
  return {
    id: 'pay-1',
    orderId: 'order-1',
    billingAccountId: 'ba-1',
    customerId: 'cust-1',
    paymentMethodToken: 'tok_visa_4242',
    amount: money(5998n, 'EUR'),
    taxAmount: money(1000n, 'EUR'),
    authorizationCode: 'AUTH-123456',
    captureId: 'cap-1',
    now: '2026-01-15T10:05:00.000Z',
    description: 'Order order-1: upfront charges',
    ...overrides,
  };
}

export const paymentResource = (overrides: Partial<NewPaymentInput> = {}): Payment => newPayment(newPaymentInput(overrides));

export function refundResource(overrides: Partial<NewRefundInput> = {}): Refund {
  return newRefund({
    id: 'ref-1',
    payment: paymentResource(),
    amount: money(2999n, 'EUR'),
    reason: 'Order item 2 could not be provisioned',
    refundId: 'gw-ref-1',
    now: '2026-01-15T10:06:00.000Z',
    ...overrides,
  });
}

export function paymentItem(payment: Payment, version = 1) {
  return {
    pk: `PAYMENT#${payment.id}`,
    sk: 'PAYMENT',
    gsi1pk: 'TYPE#Payment',
    gsi1sk: `${payment.paymentDate}#${payment.id}`,
    gsi2pk: `CUSTOMER#${payment.payer.id}`,
    gsi2sk: `Payment#${payment.paymentDate}#${payment.id}`,
    entityType: 'Payment',
    version,
    resource: payment,
  };
}

export function refundItem(refund: Refund, version = 1) {
  const owner = refund.relatedParty[0]!.id;
  return {
    pk: `REFUND#${refund.id}`,
    sk: 'REFUND',
    gsi1pk: 'TYPE#Refund',
    gsi1sk: `${refund.refundDate}#${refund.id}`,
    gsi2pk: `CUSTOMER#${owner}`,
    gsi2sk: `Refund#${refund.refundDate}#${refund.id}`,
    entityType: 'Refund',
    version,
    resource: refund,
  };
}

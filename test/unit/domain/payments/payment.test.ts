import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, type Money } from '../../../../domain/money/money.js';
import { newPayment, newRefund, ownerCustomerIdOfPayment, ownerCustomerIdOfRefund, refundableAmount } from '../../../../domain/payments/payment.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { newPaymentInput, paymentResource, refundResource } from '../../../support/payment-fixtures.js';
import { expectValidTmf, tmf676 } from '../../../support/tmf-schema.js';

const eur = (cents: bigint): Money => money(cents, 'EUR');

describe('newPayment', () => {
  it('records a captured payment for the order, valid against TMF676 Payment', () => {
    const payment = paymentResource();
    expect(payment).toEqual({
      id: 'pay-1',
      href: '/tmf-api/paymentManagement/v4/payment/pay-1',
      '@type': 'Payment',
      status: 'captured',
      statusDate: '2026-01-15T10:05:00.000Z',
      paymentDate: '2026-01-15T10:05:00.000Z',
      description: 'Order order-1: upfront charges',
      correlatorId: 'order-1',
      authorizationCode: 'AUTH-123456',
      account: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
      paymentMethod: { id: 'tok_visa_4242', '@referredType': 'PaymentMethod' },
      payer: { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' },
      amount: { unit: 'EUR', value: 49.98 },
      taxAmount: { unit: 'EUR', value: 10 },
      totalAmount: { unit: 'EUR', value: 59.98 },
      paymentItem: [
        {
          '@type': 'PaymentItem',
          item: { id: 'order-1', href: '/tmf-api/productOrderingManagement/v4/productOrder/order-1', '@referredType': 'ProductOrder' },
          amount: { unit: 'EUR', value: 49.98 },
          taxAmount: { unit: 'EUR', value: 10 },
          totalAmount: { unit: 'EUR', value: 59.98 },
        },
      ],
      gatewayCaptureId: 'cap-1',
    });
    expectValidTmf(tmf676, 'Payment', payment);
  });

  it('without a tax split, amount is the total and taxAmount is absent', () => {
    const { taxAmount: _none, ...input } = newPaymentInput();
    const payment = newPayment(input);
    expect(payment.amount).toEqual({ unit: 'EUR', value: 59.98 });
    expect(payment.totalAmount).toEqual({ unit: 'EUR', value: 59.98 });
    expect(payment).not.toHaveProperty('taxAmount');
    expect(payment.paymentItem[0]).not.toHaveProperty('taxAmount');
    expectValidTmf(tmf676, 'Payment', payment);
  });

  it('writes amounts in the minor units of their currency (JPY has none)', () => {
    const payment = newPayment(newPaymentInput({ amount: money(1200n, 'JPY'), taxAmount: money(109n, 'JPY') }));
    expect(payment.totalAmount).toEqual({ unit: 'JPY', value: 1200 });
    expect(payment.amount).toEqual({ unit: 'JPY', value: 1091 });
  });

  it.each([
    ['a zero amount', { amount: eur(0n), taxAmount: eur(0n) }, /amount must be positive/],
    ['a negative amount', { amount: eur(-100n), taxAmount: eur(0n) }, /amount must be positive/],
    ['a tax above the amount', { amount: eur(100n), taxAmount: eur(101n) }, /tax must be between 0 and the amount/],
    ['a negative tax', { amount: eur(100n), taxAmount: eur(-1n) }, /tax must be between 0 and the amount/],
    ['a tax in another currency', { amount: eur(100n), taxAmount: money(10n, 'USD') }, /tax is in USD, the amount in EUR/],
    ['an empty capture id', { captureId: '' }, /a payment needs captureId/],
    ['no payment method', { paymentMethodToken: ' ' }, /a payment needs paymentMethodToken/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => newPayment(newPaymentInput(change))).toThrow(InvalidInputError);
    expect(() => newPayment(newPaymentInput(change))).toThrow(message);
  });

  it('belongs to its payer', () => {
    expect(ownerCustomerIdOfPayment(paymentResource({ customerId: 'cust-7' }))).toBe('cust-7');
  });
});

describe('newRefund', () => {
  it('records money paid back on a payment, valid against TMF676 Refund', () => {
    const refund = refundResource();
    expect(refund).toEqual({
      id: 'ref-1',
      href: '/tmf-api/paymentManagement/v4/refund/ref-1',
      '@type': 'Refund',
      status: 'done',
      statusDate: '2026-01-15T10:06:00.000Z',
      refundDate: '2026-01-15T10:06:00.000Z',
      description: 'Order item 2 could not be provisioned',
      correlatorId: 'order-1',
      account: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
      paymentMethod: { id: 'tok_visa_4242', '@referredType': 'PaymentMethod' },
      payment: { id: 'pay-1', href: '/tmf-api/paymentManagement/v4/payment/pay-1', '@referredType': 'Payment' },
      relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' }],
      amount: { unit: 'EUR', value: 29.99 },
      totalAmount: { unit: 'EUR', value: 29.99 },
      gatewayRefundId: 'gw-ref-1',
    });
    expectValidTmf(tmf676, 'Refund', refund);
    expect(ownerCustomerIdOfRefund(refund)).toBe('cust-1');
  });

  it('splits out the tax when given', () => {
    const refund = refundResource({ amount: eur(1200n), taxAmount: eur(200n) });
    expect(refund).toMatchObject({ amount: { unit: 'EUR', value: 10 }, taxAmount: { unit: 'EUR', value: 2 }, totalAmount: { unit: 'EUR', value: 12 } });
  });

  it('may refund the whole payment, not a cent more', () => {
    expect(refundResource({ amount: eur(5998n) }).totalAmount).toEqual({ unit: 'EUR', value: 59.98 });
    expect(() => refundResource({ amount: eur(5999n) })).toThrow(RuleViolationError);
    expect(() => refundResource({ amount: eur(5999n) })).toThrow('a refund of 59.99 EUR exceeds what is left of payment pay-1 (59.98 of 59.98 EUR)');
  });

  it('counts earlier refunds of the same payment', () => {
    expect(refundResource({ amount: eur(998n), refundedBefore: eur(5000n) }).totalAmount).toEqual({ unit: 'EUR', value: 9.98 });
    try {
      refundResource({ amount: eur(999n), refundedBefore: eur(5000n) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolationError);
      expect((error as RuleViolationError).rule).toBe('refund-exceeds-payment');
      expect((error as Error).message).toMatch(/left of payment pay-1 \(9\.98 of 59\.98 EUR\)/);
    }
  });

  it.each([
    ['a refund in another currency', { amount: money(100n, 'USD') }, /the refund is in USD, payment pay-1 in EUR/],
    ['earlier refunds in another currency', { refundedBefore: money(100n, 'USD') }, /earlier refunds are in USD, the payment in EUR/],
    ['a zero refund', { amount: eur(0n) }, /amount must be positive/],
    ['no reason', { reason: '' }, /a refund needs reason/],
    ['no gateway refund id', { refundId: '' }, /a refund needs refundId/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => refundResource(change)).toThrow(InvalidInputError);
    expect(() => refundResource(change)).toThrow(message);
  });

  it('property: a sequence of refunds is accepted exactly while their sum stays within the payment', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.array(fc.bigInt({ min: 1n, max: 5_000_000n }), { maxLength: 12 }), (paid, attempts) => {
        const payment = newPayment(newPaymentInput({ amount: eur(paid), taxAmount: eur(0n) }));
        let refunded = eur(0n);
        for (const attempt of attempts) {
          const fits = refunded.amount + attempt <= paid;
          if (fits) {
            const refund = newRefund({ id: 'r', payment, amount: eur(attempt), refundedBefore: refunded, reason: 'r', refundId: 'g', now: '2026-01-01T00:00:00.000Z' });
            expect(refund.totalAmount).toEqual({ unit: 'EUR', value: Number(attempt) / 100 });
            refunded = eur(refunded.amount + attempt);
          } else {
            expect(() =>
              newRefund({ id: 'r', payment, amount: eur(attempt), refundedBefore: refunded, reason: 'r', refundId: 'g', now: '2026-01-01T00:00:00.000Z' }),
            ).toThrow(RuleViolationError);
          }
          expect(refundableAmount(payment, refunded)).toEqual(eur(paid - refunded.amount));
        }
      }),
    );
  });
});

import { isBillPayment } from '../../domain/collections/payment-refund.js';
import { moneyFromTmf, type Money } from '../../domain/money/money.js';
import { refundAccess, refundCreateSchema, type RefundCreate } from '../../domain/payments/bill-refund.js';
import { PaymentGatewayRejectedError } from '../../domain/payments/payment-gateway.js';
import type { Payment } from '../../domain/payments/payment.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { headerOf, parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { idFrom, newId } from '../lib/ids.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findPayment, findRefund } from '../lib/store/payment-store.js';
import { checkBillRefund, recordBillRefund } from './bill-refunds.js';

/**
 * TMF676 POST /refund (staff): pays back (part of) a bill payment, never more than it paid
 * minus earlier refunds. The money comes back from the payment's unused credit, then from the
 * bills it paid, most recent first, which owe it again (docs/collections.md, "Refunds"). A card
 * payment is refunded through the gateway, only once the refund is checked, under a key derived
 * from the refund's id; cash and transfers are recorded as paid back by staff. With
 * `Idempotency-Key` the refund's id derives from the caller and the key, so a retry, even after
 * a lost answer, refunds and records once.
 */
async function createRefund({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'refund payments');
  const input = parseBody(event, 'create', refundCreateSchema);
  requireWritable(principal, refundAccess, input, 'refund');
  const key = headerOf(event, 'idempotency-key');
  const refundId = key === undefined ? newId() : idFrom(`refund:${principal.subject}:${key}`);
  const earlier = await findRefund(refundId, { consistentRead: true });
  if (earlier) {
    if (earlier.refund.payment.id !== input.payment.id || earlier.refund.totalAmount.value !== input.totalAmount.value || earlier.refund.totalAmount.unit !== input.totalAmount.unit) {
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'Unprocessable Entity', 'this Idempotency-Key was already used for another refund');
    }
    return jsonResponse(201, earlier.refund, { Location: earlier.refund.href });
  }

  const stored = await findPayment(input.payment.id, { consistentRead: true });
  if (!stored) throw ApiError.badRequest(`payment ${input.payment.id} does not exist`, [{ field: 'payment.id', problem: 'unknown payment' }]);
  const { payment } = stored;
  if (!isBillPayment(payment)) {
    throw ApiError.conflict('ORDER_PAYMENT_REFUNDED_BY_ORDER', `payment ${payment.id} paid order ${payment.correlatorId}: an order's payment is refunded by its order, not here`);
  }
  const amount = amountOf(input, payment);
  const storedAccount = await findBillingAccount(payment.account.id);
  if (!storedAccount) throw new Error(`invariant broken: billing account ${payment.account.id} of payment ${payment.id} does not exist`);
  const { account } = storedAccount;
  const common = { refundId, payment, account, amountMinor: amount.amount, reason: input.description, now: await customerNow(account.testClock?.id), correlationId };

  try {
    if (payment.paymentMethod.name !== 'card') {
      const { refund } = await recordBillRefund(common);
      return jsonResponse(201, refund, { Location: refund.href });
    }
    if (!payment.gatewayCaptureId) throw new Error(`invariant broken: card payment ${payment.id} has no gatewayCaptureId`);
    // Checked before the gateway pays back: a refund that would be refused moves no money.
    await checkBillRefund(common);
    const { refundId: gatewayRefundId } = await simulatedPaymentGateway.refund({ captureId: payment.gatewayCaptureId, amount, idempotencyKey: `refund-${refundId}` });
    const { refund } = await recordBillRefund({ ...common, gatewayRefundId });
    return jsonResponse(201, refund, { Location: refund.href });
  } catch (error) {
    throw exceedsPayment(error) ?? error;
  }
}

/** The refund's amount, in the payment's currency (positive: planRefund refuses the rest). */
function amountOf(input: RefundCreate, payment: Payment): Money {
  if (input.totalAmount.unit !== payment.totalAmount.unit) {
    throw ApiError.badRequest(`a refund of payment ${payment.id} is in its currency, ${payment.totalAmount.unit}`, [{ field: 'totalAmount.unit', problem: `must be the payment's currency, ${payment.totalAmount.unit}` }]);
  }
  const amount = moneyFromTmf(input.totalAmount, 'totalAmount');
  if (amount.amount <= 0n) throw ApiError.badRequest('a refund must be positive', [{ field: 'totalAmount.value', problem: 'must be positive' }]);
  return amount;
}

/** A refund above what is left of the payment, by our records or the gateway's: 409 naming the amount. */
function exceedsPayment(error: unknown): ApiError | undefined {
  const ours = error instanceof RuleViolationError && error.rule === 'refund-exceeds-payment';
  const gateways = error instanceof PaymentGatewayRejectedError && error.reason === 'amount_exceeds_captured';
  if (!ours && !gateways) return undefined;
  return new ApiError(409, 'REFUND_EXCEEDS_PAYMENT', 'Conflict', error.message, [{ field: 'totalAmount.value', problem: 'exceeds what is left to refund of the payment' }]);
}

export const handler = apiHandler(idempotentOnKey('create-refund', createRefund));

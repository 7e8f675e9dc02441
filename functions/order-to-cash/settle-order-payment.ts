import type { DomainEvent } from '../../domain/events/domain-event.js';
import { PaymentCaptured, RefundIssued } from '../../domain/events/payment-events.js';
import { isZeroMoney, sumMoney } from '../../domain/money/money.js';
import { loadMoney, storeMoney } from '../../domain/orders/order-fulfilment.js';
import { newPayment, newRefund } from '../../domain/payments/payment.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { customerNow } from '../lib/clock.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { paymentPut, refundPut } from '../lib/store/payment-store.js';
import { updateProductOrder, type TransactItem } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { paymentSnapshot, refundSnapshot } from '../payments/payment-events.js';
import { eventOrigin, loadOrder, type OrderStepInput } from './order-step.js';
import { paymentKeys } from './payment-keys.js';

/**
 * Order-to-cash, after the products: captures the authorization and records it as a TMF676
 * payment; the upfront share of the items that failed is refunded at once and recorded as a
 * TMF676 refund (docs/decisions.md: capture whole, refund the failed share, so the customer
 * sees both documents). Gateway calls carry keys derived from the order, and the records have
 * ids derived from it, so a retry repeats nothing.
 */
export function settleOrderPaymentWith(gateway: PaymentGateway) {
  return async (input: OrderStepInput) => {
    const stored = await loadOrder(input.orderId);
    const { order, fulfilment, saga } = stored;
    if (!saga.authorization || saga.payment) return { captured: saga.payment !== undefined };
    const now = await customerNow(fulfilment.testClockId);
    const amount = loadMoney(saga.authorization.amount);
    const { captureId } = await gateway.capture({ authorizationId: saga.authorization.authorizationId, amount, idempotencyKey: paymentKeys.capture(order.id) });
    const payment = newPayment({
      id: `${order.id}-payment`,
      orderId: order.id,
      billingAccountId: fulfilment.billingAccountId,
      customerId: fulfilment.customerId,
      paymentMethodToken: fulfilment.paymentMethodToken ?? '',
      amount,
      authorizationCode: saga.authorization.authorizationCode,
      captureId,
      now,
      description: `Order ${order.id}: upfront charges`,
    });
    const origin = eventOrigin(input, now);
    const writes: TransactItem[] = [paymentPut(payment)];
    const events: DomainEvent[] = [PaymentCaptured.create({ payment: paymentSnapshot(payment) }, origin())];

    const failed = order.productOrderItem.filter((item) => item.state === 'failed').map((item) => item.id);
    const refundAmount = sumMoney(amount.currency, fulfilment.items.filter((item) => failed.includes(item.itemId)).map((item) => loadMoney(item.upfront)));
    let refund: { refundId: string; amount: ReturnType<typeof storeMoney> } | undefined;
    if (!isZeroMoney(refundAmount)) {
      const { refundId } = await gateway.refund({ captureId, amount: refundAmount, idempotencyKey: paymentKeys.refund(order.id) });
      const record = newRefund({
        id: `${order.id}-refund`,
        payment,
        amount: refundAmount,
        reason: `items ${failed.join(', ')} of order ${order.id} could not be provisioned`,
        refundId,
        now,
      });
      writes.push(refundPut(record));
      events.push(RefundIssued.create({ refund: refundSnapshot(record) }, origin()));
      refund = { refundId: record.id, amount: storeMoney(refundAmount) };
    }
    await updateProductOrder({
      order,
      expectedVersion: stored.version,
      saga: { ...saga, payment: { paymentId: payment.id, captureId }, ...(refund ? { refund } : {}) },
      also: writes,
      events,
    });
    return { captured: true, paymentId: payment.id, ...(refund ? { refundId: refund.refundId } : {}) };
  };
}

export const handler = stateMachineTask('orderId', settleOrderPaymentWith(simulatedPaymentGateway));

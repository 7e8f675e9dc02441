import { PaymentAuthorizationVoided } from '../../domain/events/payment-events.js';
import { isNegativeMoney, isZeroMoney, moneyToTmf, subtractMoney, zeroMoney, type Money } from '../../domain/money/money.js';
import { loadMoney, storeMoney } from '../../domain/orders/order-fulfilment.js';
import type { GatewayAuthorization, PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { customerNow } from '../lib/clock.js';
import { logger } from '../lib/observability/telemetry.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { updateProductOrder } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { eventOrigin, loadOrder, type OrderStepInput } from './order-step.js';
import { paymentKeys } from './payment-keys.js';

/**
 * Order-to-cash compensation: voids the order's authorization so no money stays held. The
 * gateway is asked by the order's key too, since an authorize that timed out may have made one
 * the saga never heard of. A capture the saga could not record is refunded. Nothing authorized,
 * or already voided, is fine.
 */
export function voidOrderPaymentWith(gateway: PaymentGateway) {
  return async (input: OrderStepInput) => {
    const stored = await loadOrder(input.orderId);
    const { saga, fulfilment } = stored;
    // Nothing upfront was never authorized, and a voided authorization stays voided: no gateway call for either.
    if (saga.authorization?.voided || isZeroMoney(loadMoney(fulfilment.upfront))) return { voided: false };
    const held = await gateway.findAuthorization(paymentKeys.authorization(input.orderId));
    if (held?.status === 'captured' && !saga.payment) return { voided: false, reversed: await reverseUnrecordedCapture(gateway, input.orderId, held) };
    if (!held || held.status !== 'authorized') return { voided: false };
    await gateway.voidAuthorization({ authorizationId: held.authorizationId });
    const now = await customerNow(fulfilment.testClockId);
    await updateProductOrder({
      order: stored.order,
      expectedVersion: stored.version,
      saga: {
        ...saga,
        authorization: { authorizationId: held.authorizationId, authorizationCode: saga.authorization?.authorizationCode ?? '', amount: storeMoney(held.amount), voided: true },
      },
      events: [
        PaymentAuthorizationVoided.create(
          {
            orderId: input.orderId,
            authorizationId: held.authorizationId,
            amount: moneyToTmf(held.amount),
            billingAccountId: fulfilment.billingAccountId,
            customerId: fulfilment.customerId,
            reason: 'the order did not go through',
          },
          eventOrigin(input, now)(),
        ),
      ],
    });
    return { voided: true };
  };
}

/**
 * Settlement failed after the gateway captured: the order fails, so the customer gets the money
 * back. The capture is asked again under its key (the gateway answers with the same capture) and
 * what is still held is refunded under a key of its own.
 */
async function reverseUnrecordedCapture(gateway: PaymentGateway, orderId: string, held: GatewayAuthorization): Promise<boolean> {
  const captured = held.capturedAmount ?? held.amount;
  const remaining = subtractMoney(captured, held.refundedAmount ?? zeroMoney(captured.currency));
  if (!isPositiveMoney(remaining)) return false;
  const { captureId } = await gateway.capture({ authorizationId: held.authorizationId, amount: captured, idempotencyKey: paymentKeys.capture(orderId) });
  await gateway.refund({ captureId, amount: remaining, idempotencyKey: paymentKeys.reversal(orderId) });
  logger.warn('captured payment reversed: the order failed before its payment was recorded', { orderId, authorizationId: held.authorizationId });
  return true;
}

const isPositiveMoney = (value: Money): boolean => !isZeroMoney(value) && !isNegativeMoney(value);

export const handler = stateMachineTask('orderId', voidOrderPaymentWith(simulatedPaymentGateway));

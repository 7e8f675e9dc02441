import { PaymentAuthorizationVoided } from '../../domain/events/payment-events.js';
import { moneyToTmf } from '../../domain/money/money.js';
import { storeMoney } from '../../domain/orders/order-fulfilment.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { systemClock } from '../lib/clock.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { updateProductOrder } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { eventOrigin, loadOrder, type OrderStepInput } from './order-step.js';
import { paymentKeys } from './payment-keys.js';

/**
 * Order-to-cash compensation: voids the order's authorization so no money stays held. The
 * gateway is asked by the order's key too, since an authorize that timed out may have made one
 * the saga never heard of. Nothing authorized, or already voided or captured, is fine.
 */
export function voidOrderPaymentWith(gateway: PaymentGateway) {
  return async (input: OrderStepInput) => {
    const stored = await loadOrder(input.orderId);
    const { saga, fulfilment } = stored;
    if (saga.authorization?.voided) return { voided: false };
    const held = await gateway.findAuthorization(paymentKeys.authorization(input.orderId));
    if (!held || held.status !== 'authorized') return { voided: false };
    await gateway.voidAuthorization({ authorizationId: held.authorizationId });
    const now = systemClock.now();
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

export const handler = stateMachineTask('orderId', voidOrderPaymentWith(simulatedPaymentGateway));

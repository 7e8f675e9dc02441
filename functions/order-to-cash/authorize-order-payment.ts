import { isZeroMoney, moneyToTmf } from '../../domain/money/money.js';
import { loadMoney, storeMoney } from '../../domain/orders/order-fulfilment.js';
import type { PaymentGateway } from '../../domain/payments/payment-gateway.js';
import { simulatedPaymentGateway } from '../lib/providers/simulated-payment-gateway.js';
import { updateProductOrder } from '../lib/store/product-order-store.js';
import { StepOutcomeError, stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';
import { paymentKeys } from './payment-keys.js';

const declineReasons = {
  card_declined: 'the card was declined',
  insufficient_funds: 'the card has insufficient funds',
  unknown_payment_method: 'the payment method is not known to the payment gateway',
} as const;

/**
 * Order-to-cash: authorizes the upfront one-time amount (tax included) on the billing
 * account's payment method, under a key derived from the order, so a retry never authorizes
 * twice. A decline fails the order with PaymentDeclined and the reason; the gateway's
 * PaymentGatewayUnavailable and PaymentGatewayTimeout reach the state machine, which retries.
 */
export function authorizeOrderPaymentWith(gateway: PaymentGateway) {
  return async (input: OrderStepInput) => {
    const stored = await loadOrder(input.orderId);
    const { fulfilment, saga } = stored;
    const amount = loadMoney(fulfilment.upfront);
    if (isZeroMoney(amount)) return { authorized: false };
    if (saga.authorization) return { authorized: true, authorizationId: saga.authorization.authorizationId };

    const outcome = await gateway.authorize({
      idempotencyKey: paymentKeys.authorization(input.orderId),
      paymentMethodToken: fulfilment.paymentMethodToken ?? '',
      amount,
      description: `Order ${input.orderId}: upfront charges`,
    });
    if (outcome.outcome === 'declined') {
      throw new StepOutcomeError('PaymentDeclined', `${declineReasons[outcome.declineCode]} (${moneyToTmf(amount).value.toFixed(2)} ${amount.currency}): ${outcome.message}`);
    }
    await updateProductOrder({
      order: stored.order,
      expectedVersion: stored.version,
      saga: { ...saga, authorization: { authorizationId: outcome.authorizationId, authorizationCode: outcome.authorizationCode, amount: storeMoney(amount) } },
    });
    return { authorized: true, authorizationId: outcome.authorizationId };
  };
}

export const handler = stateMachineTask('orderId', authorizeOrderPaymentWith(simulatedPaymentGateway));

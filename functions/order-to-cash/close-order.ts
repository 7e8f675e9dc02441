import type { DomainEvent } from '../../domain/events/domain-event.js';
import { OrderCancelled, OrderCompleted, OrderFailed, OrderPartiallyCompleted } from '../../domain/events/order-events.js';
import { closeOrder, type FinalOrderState } from '../../domain/orders/order-lifecycle.js';
import { orderCustomerId } from '../../domain/orders/product-order.js';
import { customerNow } from '../lib/clock.js';
import { creditHoldRelease, findCreditHold } from '../lib/store/credit-hold-store.js';
import { cancelProductOrderUpdate, findCancelProductOrder, updateProductOrder, type TransactItem } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { eventOrigin, loadOrder, stateChangeEvents, type OrderStepInput } from './order-step.js';

/** How the saga ends: the state, and either the reason or the failed step's error and cause. */
export interface Closing {
  state: FinalOrderState;
  reason?: string;
  error?: string;
  cause?: string;
}

const closingEvents = { completed: OrderCompleted, partial: OrderPartiallyCompleted, failed: OrderFailed, cancelled: OrderCancelled } as const;

/**
 * Order-to-cash, last step on every path: the order's final TMF622 state with its reason,
 * OrderStateChanged and the closing event (OrderCompleted, OrderPartiallyCompleted, OrderFailed,
 * OrderCancelled), the release of the credit the order held against its account's limit, and
 * the cancellation request's outcome when there is one, in one transaction. Closing an order
 * already closed that way changes nothing.
 */
export async function closeOrderStep(input: OrderStepInput & { closing: Closing }) {
  const stored = await loadOrder(input.orderId);
  const { order, saga, fulfilment } = stored;
  const now = await customerNow(fulfilment.testClockId);
  const state = input.closing.state;
  if (order.state === state) return { state };
  const reason = reasonOf(input.closing);
  const closed = closeOrder(order, state, reason, now);
  const origin = eventOrigin(input, now);
  const items = closed.productOrderItem;
  const events: DomainEvent[] = [
    ...stateChangeEvents(order, closed, origin),
    closingEvents[state].create(
      {
        orderId: order.id,
        customerId: orderCustomerId(order),
        billingAccountId: fulfilment.billingAccountId,
        ...(reason ? { reason } : {}),
        completedItems: items.filter((item) => item.state === 'completed').map((item) => item.id),
        failedItems: items.filter((item) => item.state === 'failed').map((item) => item.id),
      },
      origin(),
    ),
  ];
  // The credit the order held against the account's limit goes with it: its products, if any, are active and counted as such now.
  const hold = await findCreditHold(fulfilment.billingAccountId, order.id);
  const also: TransactItem[] = hold ? creditHoldRelease(fulfilment.billingAccountId, order.id, hold.amountMinor) : [];
  const request = saga.cancelProductOrderId ? await findCancelProductOrder(saga.cancelProductOrderId) : undefined;
  if (request && request.state === 'inProgress') {
    also.push(
      cancelProductOrderUpdate(
        state === 'cancelled'
          ? { ...request, state: 'done', effectiveCancellationDate: now }
          : { ...request, state: 'terminatedWithError', stateReason: `the order ended ${state}${reason ? `: ${reason}` : ''}` },
      ),
    );
  }
  await updateProductOrder({ order: closed, expectedVersion: stored.version, also, events });
  return { state };
}

/** The failed step's message, as the task threw it (a Lambda error Cause is JSON with errorMessage). */
function reasonOf(closing: Closing): string | undefined {
  if (closing.reason) return closing.reason;
  if (!closing.cause) return closing.error;
  try {
    const parsed = JSON.parse(closing.cause) as { errorMessage?: string };
    return parsed.errorMessage ?? closing.cause;
  } catch {
    return closing.cause;
  }
}

export const handler = stateMachineTask('orderId', closeOrderStep);

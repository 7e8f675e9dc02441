import { startOrder } from '../../domain/orders/order-lifecycle.js';
import { isFinalOrderState } from '../../domain/orders/product-order.js';
import { customerNow } from '../lib/clock.js';
import { logger } from '../lib/observability/telemetry.js';
import { updateProductOrder } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { eventOrigin, loadOrder, stateChangeEvents, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash, first step: the execution claims the order (acknowledged → inProgress) and
 * records itself as its owner. A second execution for the same order (ProductOrderCreated
 * delivered twice) finds another owner and ends quietly; a retry of this step finds itself.
 * An order cancelled before the saga started goes straight to cancellation.
 */
export async function beginOrder(input: OrderStepInput & { executionId: string }) {
  const stored = await loadOrder(input.orderId);
  const { order, saga, fulfilment } = stored;
  const now = await customerNow(fulfilment.testClockId);
  const answer = (outcome: 'proceed' | 'cancelled' | 'duplicate') => ({
    outcome,
    orderId: order.id,
    correlationId: input.correlationId,
    items: stored.fulfilment.items.map((item) => ({ itemId: item.itemId })),
    // The Wait state before provisioning runs only for a requested start still to come. A test clock
    // does not move by itself, and a Wait counts real seconds: its customers' orders start at once.
    startsLater: fulfilment.testClockId === undefined && order.requestedStartDate !== undefined && Date.parse(order.requestedStartDate) > Date.parse(now),
    provisionAfter: order.requestedStartDate ? new Date(order.requestedStartDate).toISOString() : now,
    provisioningTimeoutSeconds: Number(process.env.BSS_PROVISIONING_TIMEOUT_SECONDS ?? 3600),
  });

  if (saga.executionId !== undefined && saga.executionId !== input.executionId) {
    logger.info('order already owned by another execution; duplicate start ignored', { owner: saga.executionId });
    return answer('duplicate');
  }
  if (isFinalOrderState(order.state)) return answer('duplicate');
  if (saga.executionId === input.executionId) return answer(order.state === 'pendingCancellation' ? 'cancelled' : 'proceed');

  const claimed = order.state === 'acknowledged' ? startOrder(order, now) : order;
  await updateProductOrder({
    order: claimed,
    expectedVersion: stored.version,
    saga: { ...saga, executionId: input.executionId },
    events: stateChangeEvents(order, claimed, eventOrigin(input, now)),
  });
  return answer(claimed.state === 'pendingCancellation' ? 'cancelled' : 'proceed');
}

export const handler = stateMachineTask('orderId', beginOrder);

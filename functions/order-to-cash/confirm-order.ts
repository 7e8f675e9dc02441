import { canStartProvisioning } from '../../domain/orders/order-lifecycle.js';
import { updateProductOrder } from '../lib/store/product-order-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash, the cancellation gate: an order still inProgress is marked as gone to
 * provisioning, after which cancelProductOrder is refused; an order a cancellation reached
 * first (pendingCancellation) turns back. Both writes check the order's version, so the gate
 * and a cancellation never both win.
 */
export async function confirmOrder(input: OrderStepInput) {
  const stored = await loadOrder(input.orderId);
  if (stored.saga.provisioningStarted) return { outcome: 'confirmed' };
  if (!canStartProvisioning(stored.order)) return { outcome: 'cancelled' };
  await updateProductOrder({ order: stored.order, expectedVersion: stored.version, saga: { ...stored.saga, provisioningStarted: true } });
  return { outcome: 'confirmed' };
}

export const handler = stateMachineTask('orderId', confirmOrder);

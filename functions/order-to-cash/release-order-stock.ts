import { systemClock } from '../lib/clock.js';
import { releaseStock } from '../lib/store/stock-store.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import type { OrderStepInput } from './order-step.js';

/** Order-to-cash compensation: gives the order's reserved stock back; nothing reserved, or already settled, is fine. */
export async function releaseOrderStock(input: OrderStepInput) {
  return { released: await releaseStock(input.orderId, systemClock.now()) };
}

export const handler = stateMachineTask('orderId', releaseOrderStock);

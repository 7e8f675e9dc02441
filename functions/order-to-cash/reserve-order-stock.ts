import { reservationExpiry, reservationLines } from '../../domain/inventory/stock-reservation.js';
import { systemClock } from '../lib/clock.js';
import { reserveStock } from '../lib/store/stock-store.js';
import { StepOutcomeError, stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash: reserves the physical items' stock, all SKUs or none, until the saga commits
 * or releases it (or, should it never, until the reservation expires). Short stock fails the
 * order with OutOfStock naming the item; a retry finds its reservation and reserves nothing more.
 */
export async function reserveOrderStock(input: OrderStepInput) {
  const { fulfilment } = await loadOrder(input.orderId);
  const physical = fulfilment.items.flatMap((item) => (item.sku ? [{ sku: item.sku, quantity: item.quantity }] : []));
  if (physical.length === 0) return { reserved: false };
  const now = systemClock.now();
  const minutes = Number(process.env.BSS_STOCK_RESERVATION_MINUTES ?? 60);
  const outcome = await reserveStock({ orderId: input.orderId, lines: reservationLines(physical), now, expiresAt: reservationExpiry(now, minutes) });
  if (outcome.outcome === 'insufficient') {
    const name = fulfilment.items.find((item) => item.sku === outcome.sku)?.productOffering?.name ?? outcome.sku;
    throw new StepOutcomeError('OutOfStock', `${name} is out of stock: ${outcome.requested} asked for, ${outcome.available} available`);
  }
  return { reserved: true, expiresAt: outcome.expiresAt };
}

export const handler = stateMachineTask('orderId', reserveOrderStock);

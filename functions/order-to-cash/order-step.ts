import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';
import { OrderStateChanged } from '../../domain/events/order-events.js';
import { orderCustomerId, type ProductOrder } from '../../domain/orders/product-order.js';
import { newId } from '../lib/ids.js';
import { findProductOrder, type StoredProductOrder } from '../lib/store/product-order-store.js';

/** What every order-to-cash task receives: the order, and the correlation id of the request that placed it. */
export interface OrderStepInput {
  orderId: string;
  correlationId: string;
}

/** The order as the saga reads it: always consistently, since the previous step just wrote it. */
export async function loadOrder(orderId: string): Promise<StoredProductOrder> {
  const stored = await findProductOrder(orderId, { consistent: true });
  if (!stored) throw new Error(`order ${orderId} does not exist`);
  return stored;
}

export function eventOrigin(input: OrderStepInput, now: string): () => EventOrigin {
  return () => ({ eventId: newId(), occurredAt: now, correlationId: input.correlationId });
}

/** OrderStateChanged for a move, or nothing when the state stayed. */
export function stateChangeEvents(before: ProductOrder, after: ProductOrder, origin: () => EventOrigin): DomainEvent[] {
  if (before.state === after.state) return [];
  return [
    OrderStateChanged.create(
      { orderId: after.id, customerId: orderCustomerId(after), from: before.state, to: after.state, ...(after.stateReason ? { reason: after.stateReason } : {}) },
      origin(),
    ),
  ];
}

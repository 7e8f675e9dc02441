import { useEffect, useRef } from 'preact/hooks';
import type { OrderState, ProductOrder } from './api-types.js';
import type { RequestState } from './use-request.js';

const finalStates: readonly OrderState[] = ['cancelled', 'completed', 'partial', 'failed'];
/** How often a page asks again while an order is still moving. */
export const ordersRefreshMs = 5000;

/** An order order-to-cash is still working on (acknowledged, in progress). */
export const someOrderMoving = (orders: readonly Pick<ProductOrder, 'state'>[]): boolean => orders.some((order) => !finalStates.includes(order.state));

/**
 * Reads the orders again every few seconds, in place, while one is still moving; `onSettled`
 * runs once they all stopped, so what an order changed (products, bills) can be read again.
 */
export function useLiveOrders(request: RequestState<unknown>, orders: readonly Pick<ProductOrder, 'state'>[] | undefined, onSettled?: () => void): boolean {
  const moving = orders !== undefined && someOrderMoving(orders);
  const wasMoving = useRef(false);
  useEffect(() => {
    if (wasMoving.current && !moving && orders !== undefined) onSettled?.();
    wasMoving.current = moving;
    if (!moving || request.status !== 'done') return;
    const timer = setTimeout(request.reload, ordersRefreshMs);
    return () => clearTimeout(timer);
  }, [request]);
  return moving;
}

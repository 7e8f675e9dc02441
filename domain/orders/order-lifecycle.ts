import { RuleViolationError } from '../shared/domain-errors.js';
import { applyMergePatch } from '../shared/merge-patch.js';
import { isFinalOrderState, type OrderItemState, type OrderState, type ProductOrder } from './product-order.js';

/**
 * The state changes of a TMF622 order (diagram in product-order.ts). Each function returns the
 * changed order and leaves the input untouched; a change the lifecycle forbids throws
 * RuleViolationError naming the state it found.
 */

/** The saga claims the order: acknowledged → inProgress, every item with it. */
export function startOrder(order: ProductOrder, now: string): ProductOrder {
  if (order.state !== 'acknowledged') throw forbidden(order, 'start');
  return withItems({ ...order, state: 'inProgress', lastUpdate: now }, 'inProgress');
}

/** What has happened to the order that decides whether it can still be cancelled. */
export interface OrderProgress {
  provisioningStarted: boolean;
}

/**
 * A cancellation is accepted while nothing has been provisioned: the order goes to
 * pendingCancellation, and the saga, at its next gate, unwinds it and cancels it.
 */
export function requestCancellation(order: ProductOrder, progress: OrderProgress, reason: string | undefined, now: string): ProductOrder {
  if (isFinalOrderState(order.state)) {
    throw new RuleViolationError('order-closed', `order ${order.id} is already ${order.state} and can no longer be cancelled`);
  }
  if (order.state === 'pendingCancellation') {
    throw new RuleViolationError('cancellation-pending', `order ${order.id} is already being cancelled`);
  }
  if (progress.provisioningStarted) {
    throw new RuleViolationError(
      'provisioning-started',
      `order ${order.id} can no longer be cancelled: its items have gone to provisioning; disconnect the products with a new order instead`,
    );
  }
  return withItems(
    { ...order, state: 'pendingCancellation', lastUpdate: now, ...(reason ? { cancellationReason: reason } : {}) },
    'pendingCancellation',
  );
}

/** The saga's point of no return: an order still inProgress goes to provisioning. */
export function canStartProvisioning(order: ProductOrder): boolean {
  return order.state === 'inProgress';
}

export interface ItemOutcome {
  itemId: string;
  state: 'completed' | 'failed';
  reason?: string;
}

/** Provisioning has answered (or timed out) for every item: each item completed or failed. */
export function settleItems(order: ProductOrder, outcomes: readonly ItemOutcome[], now: string): ProductOrder {
  const byItem = new Map(outcomes.map((outcome) => [outcome.itemId, outcome]));
  return {
    ...order,
    lastUpdate: now,
    productOrderItem: order.productOrderItem.map((item) => {
      const outcome = byItem.get(item.id);
      if (!outcome) return item;
      return { ...item, state: outcome.state, ...(outcome.reason ? { stateReason: outcome.reason } : {}) };
    }),
  };
}

/** All items completed → completed; some → partial; none → failed. */
export function outcomeOfItems(outcomes: readonly ItemOutcome[]): 'completed' | 'partial' | 'failed' {
  const completed = outcomes.filter((outcome) => outcome.state === 'completed').length;
  if (completed === outcomes.length) return 'completed';
  return completed === 0 ? 'failed' : 'partial';
}

export type FinalOrderState = 'completed' | 'partial' | 'failed' | 'cancelled';

/**
 * Puts the order in its final state. Items not yet settled follow the order: cancelled with a
 * cancelled order, failed with a failed one. Closing an order already in that state again
 * changes nothing (a retried saga step); closing it into another final state is forbidden.
 */
export function closeOrder(order: ProductOrder, state: FinalOrderState, reason: string | undefined, now: string): ProductOrder {
  if (order.state === state) return order;
  if (isFinalOrderState(order.state)) throw forbidden(order, `close as ${state}`);
  if (state === 'cancelled' && order.state !== 'pendingCancellation') throw forbidden(order, 'cancel');
  const unsettled: OrderItemState = state === 'cancelled' ? 'cancelled' : 'failed';
  return {
    ...order,
    state,
    lastUpdate: now,
    ...(reason ? { stateReason: reason } : {}),
    ...(state === 'cancelled' ? { cancellationDate: now } : { completionDate: now }),
    productOrderItem: order.productOrderItem.map((item) =>
      item.state === 'completed' || item.state === 'failed'
        ? item
        : { ...item, state: unsettled, ...(reason && unsettled === 'failed' ? { stateReason: reason } : {}) },
    ),
  };
}

function withItems(order: ProductOrder, state: OrderItemState): ProductOrder {
  return { ...order, productOrderItem: order.productOrderItem.map((item) => ({ ...item, state })) };
}

function forbidden(order: ProductOrder, action: string): RuleViolationError {
  return new RuleViolationError('order-state', `order ${order.id} is ${order.state}: cannot ${action} it`);
}

export type { OrderState };

/** A client's change to an order: only while it is acknowledged, before the saga acts on it. */
export function applyOrderPatch(order: ProductOrder, patch: Record<string, unknown>, now: string): ProductOrder {
  if (order.state !== 'acknowledged') {
    throw new RuleViolationError('order-in-progress', `order ${order.id} is ${order.state}: it can be changed only while acknowledged`);
  }
  return { ...applyMergePatch(order, patch), lastUpdate: now };
}

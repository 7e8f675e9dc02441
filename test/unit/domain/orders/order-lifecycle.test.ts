import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOrderPatch,
  canStartProvisioning,
  closeOrder,
  outcomeOfItems,
  requestCancellation,
  settleItems,
  startOrder,
  type FinalOrderState,
  type ItemOutcome,
} from '../../../../domain/orders/order-lifecycle.js';
import { orderStates, type OrderState } from '../../../../domain/orders/product-order.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { orderItemResource, productOrderResource } from '../../../support/order-fixtures.js';

const now = '2026-02-01T10:05:00.000Z';
const notStarted = { provisioningStarted: false };
const itemStates = (order: { productOrderItem: { state: string }[] }) => order.productOrderItem.map((item) => item.state);

function ruleOf(action: () => unknown): { rule: string; message: string } {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolationError);
    return { rule: (error as RuleViolationError).rule, message: (error as Error).message };
  }
  throw new Error('expected a RuleViolationError, nothing was thrown');
}

describe('startOrder', () => {
  it('moves an acknowledged order and every item to inProgress, leaving the input untouched', () => {
    const order = productOrderResource();
    const started = startOrder(order, now);
    expect(started).toMatchObject({ state: 'inProgress', lastUpdate: now });
    expect(itemStates(started)).toEqual(['inProgress', 'inProgress']);
    expect(order.state).toBe('acknowledged');
    expect(itemStates(order)).toEqual(['acknowledged', 'acknowledged']);
  });

  it.each(orderStates.filter((state) => state !== 'acknowledged'))('refuses an order that is %s', (state) => {
    const { rule, message } = ruleOf(() => startOrder(productOrderResource({ state }), now));
    expect(rule).toBe('order-state');
    expect(message).toContain(state);
  });
});

describe('requestCancellation', () => {
  it.each(['acknowledged', 'inProgress'] as const)('accepts an order %s before provisioning: it and its items go to pendingCancellation with the reason', (state) => {
    const cancelled = requestCancellation(productOrderResource({ state }), notStarted, 'changed my mind', now);
    expect(cancelled).toMatchObject({ state: 'pendingCancellation', cancellationReason: 'changed my mind', lastUpdate: now });
    expect(itemStates(cancelled)).toEqual(['pendingCancellation', 'pendingCancellation']);
  });

  it('keeps no cancellationReason when none is given', () => {
    expect(requestCancellation(productOrderResource(), notStarted, undefined, now)).not.toHaveProperty('cancellationReason');
  });

  it('refuses once provisioning started, saying why and what to do instead', () => {
    const { rule, message } = ruleOf(() => requestCancellation(productOrderResource({ state: 'inProgress' }), { provisioningStarted: true }, undefined, now));
    expect(rule).toBe('provisioning-started');
    expect(message).toContain('order-1');
    expect(message).toMatch(/provisioning/);
    expect(message).toMatch(/new order/);
  });

  it.each(['completed', 'partial', 'failed', 'cancelled'] as const)('refuses an order already %s', (state) => {
    const { rule, message } = ruleOf(() => requestCancellation(productOrderResource({ state }), notStarted, undefined, now));
    expect(rule).toBe('order-closed');
    expect(message).toContain(state);
  });

  it('refuses an order already pendingCancellation', () => {
    expect(ruleOf(() => requestCancellation(productOrderResource({ state: 'pendingCancellation' }), notStarted, undefined, now)).rule).toBe(
      'cancellation-pending',
    );
  });
});

describe('canStartProvisioning', () => {
  it.each(orderStates.map((state) => [state, state === 'inProgress'] as const))('%s → %s', (state, expected) => {
    expect(canStartProvisioning(productOrderResource({ state }))).toBe(expected);
  });
});

describe('settleItems', () => {
  it('sets each answered item to its outcome, with the reason of a failure; unanswered items keep their state', () => {
    const order = productOrderResource({
      state: 'inProgress',
      productOrderItem: ['1', '2', '3'].map((id) => orderItemResource({ id, state: 'inProgress' })),
    });
    const settled = settleItems(
      order,
      [
        { itemId: '1', state: 'completed' },
        { itemId: '2', state: 'failed', reason: 'no coverage at the address' },
      ],
      now,
    );
    expect(settled.lastUpdate).toBe(now);
    expect(settled.state).toBe('inProgress');
    expect(settled.productOrderItem.map(({ id, state, stateReason }) => ({ id, state, stateReason }))).toEqual([
      { id: '1', state: 'completed', stateReason: undefined },
      { id: '2', state: 'failed', stateReason: 'no coverage at the address' },
      { id: '3', state: 'inProgress', stateReason: undefined },
    ]);
    expect(itemStates(order)).toEqual(['inProgress', 'inProgress', 'inProgress']);
  });

  it('ignores an outcome for an item the order does not have', () => {
    const order = productOrderResource({ state: 'inProgress' });
    expect(settleItems(order, [{ itemId: '9', state: 'failed' }], now).productOrderItem).toEqual(order.productOrderItem);
  });
});

describe('outcomeOfItems', () => {
  const outcomes = fc.array(
    fc.record({ itemId: fc.string(), state: fc.constantFrom<'completed' | 'failed'>('completed', 'failed') }),
    { minLength: 1, maxLength: 20 },
  );

  it('completed iff every item completed, failed iff none did, partial otherwise', () => {
    fc.assert(
      fc.property(outcomes, (items: ItemOutcome[]) => {
        const completed = items.filter((item) => item.state === 'completed').length;
        const expected = completed === items.length ? 'completed' : completed === 0 ? 'failed' : 'partial';
        expect(outcomeOfItems(items)).toBe(expected);
      }),
    );
  });

  it('examples', () => {
    expect(outcomeOfItems([{ itemId: '1', state: 'completed' }, { itemId: '2', state: 'completed' }])).toBe('completed');
    expect(outcomeOfItems([{ itemId: '1', state: 'failed' }, { itemId: '2', state: 'failed' }])).toBe('failed');
    expect(outcomeOfItems([{ itemId: '1', state: 'completed' }, { itemId: '2', state: 'failed' }])).toBe('partial');
  });
});

describe('closeOrder', () => {
  const inProgress = (items: ProductOrderItemStates) =>
    productOrderResource({ state: 'inProgress', productOrderItem: items.map((state, index) => orderItemResource({ id: String(index + 1), state })) });
  type ProductOrderItemStates = ('inProgress' | 'completed' | 'failed' | 'pendingCancellation')[];

  it('completes an order: completionDate, state reason, settled items kept', () => {
    const closed = closeOrder(inProgress(['completed', 'completed']), 'completed', undefined, now);
    expect(closed).toMatchObject({ state: 'completed', completionDate: now, lastUpdate: now });
    expect(closed).not.toHaveProperty('cancellationDate');
    expect(closed).not.toHaveProperty('stateReason');
    expect(itemStates(closed)).toEqual(['completed', 'completed']);
  });

  it('a failed order fails its unsettled items with the reason; settled ones keep theirs', () => {
    const closed = closeOrder(inProgress(['completed', 'inProgress']), 'failed', 'payment declined', now);
    expect(closed).toMatchObject({ state: 'failed', stateReason: 'payment declined', completionDate: now });
    expect(closed.productOrderItem.map(({ state, stateReason }) => ({ state, stateReason }))).toEqual([
      { state: 'completed', stateReason: undefined },
      { state: 'failed', stateReason: 'payment declined' },
    ]);
  });

  it('a cancelled order cancels its unsettled items (without an item reason) and records cancellationDate', () => {
    const pending = productOrderResource({
      state: 'pendingCancellation',
      productOrderItem: [orderItemResource({ id: '1', state: 'pendingCancellation' }), orderItemResource({ id: '2', state: 'failed' })],
    });
    const closed = closeOrder(pending, 'cancelled', 'customer asked', now);
    expect(closed).toMatchObject({ state: 'cancelled', cancellationDate: now, stateReason: 'customer asked' });
    expect(closed).not.toHaveProperty('completionDate');
    expect(closed.productOrderItem.map(({ state, stateReason }) => ({ state, stateReason }))).toEqual([
      { state: 'cancelled', stateReason: undefined },
      { state: 'failed', stateReason: undefined },
    ]);
  });

  it.each(['completed', 'partial', 'failed', 'cancelled'] as const)('closing an order already %s as %s again returns it unchanged (a retried step)', (state) => {
    const closed = productOrderResource({ state, lastUpdate: '2026-02-01T10:01:00.000Z' });
    expect(closeOrder(closed, state, 'again', now)).toBe(closed);
  });

  it('forbids closing a final order into another final state', () => {
    const finals: FinalOrderState[] = ['completed', 'partial', 'failed', 'cancelled'];
    for (const from of finals) {
      for (const to of finals.filter((state) => state !== from)) {
        const { rule, message } = ruleOf(() => closeOrder(productOrderResource({ state: from }), to, undefined, now));
        expect(rule).toBe('order-state');
        expect(message).toContain(from);
      }
    }
  });

  it.each(['acknowledged', 'inProgress'] as const)('cancels only from pendingCancellation, not from %s', (state) => {
    expect(ruleOf(() => closeOrder(productOrderResource({ state }), 'cancelled', undefined, now)).message).toContain('cannot cancel');
  });
});

describe('applyOrderPatch', () => {
  it('merges the patch into an acknowledged order (null removes) and stamps lastUpdate', () => {
    const order = productOrderResource({ description: 'old', priority: '1' });
    const patched = applyOrderPatch(order, { description: 'new', priority: null }, now);
    expect(patched).toMatchObject({ description: 'new', lastUpdate: now, state: 'acknowledged' });
    expect(patched).not.toHaveProperty('priority');
    expect(order.description).toBe('old');
  });

  it.each(orderStates.filter((state): state is Exclude<OrderState, 'acknowledged'> => state !== 'acknowledged'))('refuses once the order is %s', (state) => {
    const { rule, message } = ruleOf(() => applyOrderPatch(productOrderResource({ state }), { description: 'x' }, now));
    expect(rule).toBe('order-in-progress');
    expect(message).toContain(state);
  });
});

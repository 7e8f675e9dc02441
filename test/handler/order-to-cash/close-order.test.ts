import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderCancelled, OrderCompleted, OrderFailed, OrderPartiallyCompleted, OrderStateChanged } from '../../../domain/events/order-events.js';
import { newCancelProductOrder, type CancelProductOrder } from '../../../domain/orders/cancel-product-order.js';
import type { OrderItemState, OrderState } from '../../../domain/orders/product-order.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { handler, type Closing } from '../../../functions/order-to-cash/close-order.js';
import { lambdaContext } from '../../support/lambda-context.js';
import {
  cancellationTableItem,
  correlationId,
  fakeTable,
  now,
  orderUpdate,
  otherWrites,
  outboxEvents,
  sagaOrder,
  stepInput,
  transactItems,
} from '../../support/order-saga-fixtures.js';
import { expectValidTmf, tmf622 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const close = (closing: Closing) => handler(stepInput({ closing }), lambdaContext('close-order'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);
let table: ReturnType<typeof fakeTable>;

const storeOrder = (state: OrderState, itemStates: OrderItemState[], saga: OrderSaga = { executionId: 'exec-1' }) =>
  table.putOrder(sagaOrder(state, { itemStates }), { version: 7, saga });
const cancellation = (state: CancelProductOrder['state'] = 'inProgress'): CancelProductOrder => ({
  ...newCancelProductOrder({ productOrder: { id: 'order-1' }, cancellationReason: 'found a better offer' }, { id: 'cpo-1', now: '2026-02-01T10:02:00.000Z', customerId: 'cust-1' }),
  state,
});
/** A Lambda error as Step Functions hands it to a Catch: the Cause is the runtime's JSON. */
const lambdaCause = (errorType: string, errorMessage: string) => JSON.stringify({ errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`, '    at reserveOrderStock (file:///var/task/index.mjs:1:1)'] });

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('close-order', () => {
  it('completed: the order completed under its version, OrderStateChanged then OrderCompleted listing the items', async () => {
    storeOrder('inProgress', ['completed', 'completed']);
    await expect(close({ state: 'completed', reason: '' })).resolves.toEqual({ state: 'completed' });

    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 7, next: 8 });
    expect(update.order).toMatchObject({ state: 'completed', completionDate: now, lastUpdate: now });
    expect(update.order).not.toHaveProperty('stateReason');
    expectValidTmf(tmf622, 'ProductOrder', update.order);

    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['OrderStateChanged', 'OrderCompleted']);
    expect(OrderStateChanged.parseDetail(events[0]!.detail).data).toEqual({ orderId: 'order-1', customerId: 'cust-1', from: 'inProgress', to: 'completed' });
    const closed = OrderCompleted.parseDetail(events[1]!.detail);
    expect(closed.data).toEqual({ orderId: 'order-1', customerId: 'cust-1', billingAccountId: 'ba-1', completedItems: ['1', '2'], failedItems: [] });
    expect(closed.metadata).toMatchObject({ correlationId, occurredAt: now });
  });

  it.each(['completed', 'failed', 'cancelled'] as const)('%s: the credit the order held is released in the closing transaction', async (state) => {
    if (state === 'cancelled') storeOrder('pendingCancellation', ['pendingCancellation', 'pendingCancellation']);
    else storeOrder('inProgress', state === 'completed' ? ['completed', 'completed'] : ['failed', 'failed']);
    table.put({ pk: 'BILLING_ACCOUNT#ba-1', sk: 'CREDIT_HOLD#order-1', amountMinor: 4000 });
    await close({ state, reason: state === 'completed' ? '' : 'the customer changed their mind' });
    expect(otherWrites(documentMock)).toEqual([
      { Delete: { TableName: 'bss-test', Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'CREDIT_HOLD#order-1' }, ConditionExpression: 'attribute_exists(pk)' } },
      {
        Update: expect.objectContaining({
          Key: { pk: 'BILLING_ACCOUNT#ba-1', sk: 'CREDIT_HOLDS' },
          UpdateExpression: 'ADD #held :released, #version :one',
          ExpressionAttributeValues: { ':released': -4000, ':one': 1 },
        }),
      },
    ]);
  });

  it('an order that held no credit (no limit, or it ended before its credit check) releases nothing', async () => {
    storeOrder('inProgress', ['completed', 'completed']);
    await close({ state: 'completed', reason: '' });
    expect(otherWrites(documentMock)).toEqual([]);
  });

  it('partial: the reason from activation on the order and on both events, items as activation settled them', async () => {
    storeOrder('inProgress', ['completed', 'failed']);
    const reason = 'item 2 (Router X): provisioning did not answer within 3600 s';
    await close({ state: 'partial', reason });
    expect(orderUpdate(documentMock).order).toMatchObject({ state: 'partial', stateReason: reason });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['OrderStateChanged', 'OrderPartiallyCompleted']);
    expect(OrderStateChanged.parseDetail(events[0]!.detail).data).toMatchObject({ to: 'partial', reason });
    expect(OrderPartiallyCompleted.parseDetail(events[1]!.detail).data).toMatchObject({ reason, completedItems: ['1'], failedItems: ['2'] });
  });

  it('failed by a step: the reason is the errorMessage of the Lambda error Cause, never its trace; unsettled items fail with it', async () => {
    storeOrder('inProgress', ['inProgress', 'inProgress']);
    await close({ state: 'failed', error: 'OutOfStock', cause: lambdaCause('OutOfStock', 'Router X is out of stock: 3 asked for, 1 available') });
    const order = orderUpdate(documentMock).order;
    expect(order).toMatchObject({ state: 'failed', stateReason: 'Router X is out of stock: 3 asked for, 1 available', completionDate: now });
    expect(order.productOrderItem.map((item) => [item.state, item.stateReason])).toEqual([
      ['failed', 'Router X is out of stock: 3 asked for, 1 available'],
      ['failed', 'Router X is out of stock: 3 asked for, 1 available'],
    ]);
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['OrderStateChanged', 'OrderFailed']);
    expect(OrderFailed.parseDetail(events[1]!.detail).data).toMatchObject({
      reason: 'Router X is out of stock: 3 asked for, 1 available',
      completedItems: [],
      failedItems: ['1', '2'],
    });
    expect(JSON.stringify(transactItems(documentMock))).not.toContain('index.mjs');
  });

  it('failed by a Cause that is not JSON: the Cause as it is; by an error alone: its name', async () => {
    storeOrder('inProgress', ['inProgress', 'inProgress']);
    await close({ state: 'failed', error: 'States.Timeout', cause: 'Task timed out after 30 seconds' });
    expect(orderUpdate(documentMock).order.stateReason).toBe('Task timed out after 30 seconds');

    documentMock.resetHistory();
    await close({ state: 'failed', error: 'States.Runtime' });
    expect(orderUpdate(documentMock).order.stateReason).toBe('States.Runtime');
  });

  it('nothing provisioned: the failed state carries activation’s reason and keeps the items’ own reasons', async () => {
    table.putOrder(
      sagaOrder('inProgress', {
        productOrderItem: sagaOrder('failed').productOrderItem.map((item) => ({ ...item, stateReason: `item ${item.id} reason` })),
      }),
      { version: 7 },
    );
    await close({ state: 'failed', reason: 'item 1 …; item 2 …' });
    const order = orderUpdate(documentMock).order;
    expect(order.stateReason).toBe('item 1 …; item 2 …');
    expect(order.productOrderItem.map((item) => item.stateReason)).toEqual(['item 1 reason', 'item 2 reason']);
  });

  it('cancelled: the order cancelled, OrderCancelled, and the cancellation request done, all in one transaction', async () => {
    storeOrder('pendingCancellation', ['pendingCancellation', 'pendingCancellation'], { executionId: 'exec-1', cancelProductOrderId: 'cpo-1' });
    table.put(cancellationTableItem(cancellation()));
    await expect(close({ state: 'cancelled' })).resolves.toEqual({ state: 'cancelled' });

    const order = orderUpdate(documentMock).order;
    expect(order).toMatchObject({ state: 'cancelled', cancellationDate: now });
    expect(order.productOrderItem.map((item) => item.state)).toEqual(['cancelled', 'cancelled']);
    expect(outboxEvents(documentMock).map((event) => event.detailType)).toEqual(['OrderStateChanged', 'OrderCancelled']);
    expect(OrderCancelled.parseDetail(outboxEvents(documentMock)[1]!.detail).data).toMatchObject({ completedItems: [], failedItems: [] });

    const [requestWrite] = otherWrites(documentMock);
    expect(requestWrite!.Update).toMatchObject({ Key: { pk: 'CANCEL_PRODUCT_ORDER#cpo-1', sk: 'CANCEL_PRODUCT_ORDER' }, ConditionExpression: 'attribute_exists(pk)' });
    const request = requestWrite!.Update!.ExpressionAttributeValues![':resource'] as CancelProductOrder;
    expect(request).toMatchObject({ id: 'cpo-1', state: 'done', effectiveCancellationDate: now });
    expectValidTmf(tmf622, 'CancelProductOrder', request);
  });

  it('a cancellation request the order outran (it failed instead) ends terminatedWithError saying how the order ended', async () => {
    storeOrder('pendingCancellation', ['pendingCancellation', 'pendingCancellation'], { executionId: 'exec-1', cancelProductOrderId: 'cpo-1' });
    table.put(cancellationTableItem(cancellation()));
    await close({ state: 'failed', error: 'PaymentDeclined', cause: lambdaCause('PaymentDeclined', 'the card was declined (49.98 EUR): Declined') });
    const request = otherWrites(documentMock)[0]!.Update!.ExpressionAttributeValues![':resource'] as CancelProductOrder;
    expect(request).toMatchObject({ state: 'terminatedWithError', stateReason: 'the order ended failed: the card was declined (49.98 EUR): Declined' });
    expect(request).not.toHaveProperty('effectiveCancellationDate');
  });

  it('a cancellation request already settled is not written again', async () => {
    storeOrder('pendingCancellation', ['pendingCancellation', 'pendingCancellation'], { executionId: 'exec-1', cancelProductOrderId: 'cpo-1' });
    table.put(cancellationTableItem(cancellation('done')));
    await close({ state: 'cancelled' });
    expect(otherWrites(documentMock)).toEqual([]);
  });

  it.each([
    ['completed', ['completed', 'completed']],
    ['partial', ['completed', 'failed']],
    ['failed', ['failed', 'failed']],
    ['cancelled', ['cancelled', 'cancelled']],
  ] as const)('closing an order already %s into the same state again writes nothing', async (state, itemStates) => {
    storeOrder(state, [...itemStates], { executionId: 'exec-1', cancelProductOrderId: 'cpo-1' });
    table.put(cancellationTableItem(cancellation()));
    await expect(close({ state, reason: 'again' })).resolves.toEqual({ state });
    expect(writes()).toHaveLength(0);
  });

  it('closing an order already closed into another state is refused, not overwritten', async () => {
    storeOrder('completed', ['completed', 'completed']);
    await expect(close({ state: 'failed', reason: 'late' })).rejects.toMatchObject({ name: 'RuleViolationError' });
    expect(writes()).toHaveLength(0);
  });
});

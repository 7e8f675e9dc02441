import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderStateChanged } from '../../../domain/events/order-events.js';
import type { OrderState } from '../../../domain/orders/product-order.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { handler } from '../../../functions/order-to-cash/begin-order.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { cancelledTransaction, correlationId, fakeTable, now, orderUpdate, outboxEvents, sagaOrder, stepInput, transactItems } from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const executionId = 'arn:aws:states:us-east-1:123456789012:execution:order-to-cash:exec-1';
const begin = (execution = executionId) => handler(stepInput({ executionId: execution }), lambdaContext('begin-order'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

let table: ReturnType<typeof fakeTable>;
const storeOrder = (state: OrderState, saga: OrderSaga = {}, extra: Parameters<typeof sagaOrder>[1] = {}) => table.putOrder(sagaOrder(state, extra), { version: 1, saga });

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  documentMock.on(TransactWriteCommand).resolves({});
  storeOrder('acknowledged');
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('begin-order (claims the order for one execution)', () => {
  it('claims an acknowledged order: inProgress under a version condition, the execution recorded, OrderStateChanged in the same transaction', async () => {
    const answer = await begin();
    expect(answer).toMatchObject({ outcome: 'proceed', orderId: 'order-1', correlationId, items: [{ itemId: '1' }, { itemId: '2' }] });

    expect(writes()).toHaveLength(1);
    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ key: { pk: 'PRODUCT_ORDER#order-1', sk: 'PRODUCT_ORDER' }, condition: '#version = :expected', expected: 1, next: 2 });
    expect(update.order.state).toBe('inProgress');
    expect(update.order.productOrderItem.map((item) => item.state)).toEqual(['inProgress', 'inProgress']);
    expect(update.saga).toEqual({ executionId });

    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['OrderStateChanged']);
    const changed = OrderStateChanged.parseDetail(events[0]!.detail);
    expect(changed.data).toEqual({ orderId: 'order-1', customerId: 'cust-1', from: 'acknowledged', to: 'inProgress' });
    expect(changed.metadata).toMatchObject({ correlationId, occurredAt: now });
    expect(transactItems(documentMock)).toHaveLength(2);
  });

  it('reads the order consistently: the claim must see the latest owner', async () => {
    await begin();
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input).toMatchObject({ Key: { pk: 'PRODUCT_ORDER#order-1' }, ConsistentRead: true });
  });

  it('a second execution for an order another one owns is a duplicate and writes nothing', async () => {
    storeOrder('inProgress', { executionId });
    await expect(begin('arn:aws:states:us-east-1:123456789012:execution:order-to-cash:exec-2')).resolves.toMatchObject({ outcome: 'duplicate' });
    expect(writes()).toHaveLength(0);
  });

  it('a retry by the owning execution proceeds without claiming again', async () => {
    storeOrder('inProgress', { executionId });
    await expect(begin()).resolves.toMatchObject({ outcome: 'proceed' });
    expect(writes()).toHaveLength(0);
  });

  it('a retry by the owning execution of an order cancelled meanwhile turns to cancellation, without writing', async () => {
    storeOrder('pendingCancellation', { executionId });
    await expect(begin()).resolves.toMatchObject({ outcome: 'cancelled' });
    expect(writes()).toHaveLength(0);
  });

  it('an order cancelled before the saga started is claimed as it is (no state change, no event) and goes to cancellation', async () => {
    storeOrder('pendingCancellation', { cancelProductOrderId: 'cpo-1' });
    await expect(begin()).resolves.toMatchObject({ outcome: 'cancelled' });
    const update = orderUpdate(documentMock);
    expect(update.order.state).toBe('pendingCancellation');
    expect(update.saga).toEqual({ cancelProductOrderId: 'cpo-1', executionId });
    expect(outboxEvents(documentMock)).toEqual([]);
  });

  it.each(['completed', 'partial', 'failed', 'cancelled'] as const)('an order already %s is a duplicate and writes nothing', async (state) => {
    storeOrder(state);
    await expect(begin()).resolves.toMatchObject({ outcome: 'duplicate' });
    expect(writes()).toHaveLength(0);
  });

  it('a claim that lost the race (version moved on) surfaces as TransientStoreError, which the state machine retries', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelledTransaction('ConditionalCheckFailed', 'None'));
    await expect(begin()).rejects.toMatchObject({ name: 'TransientStoreError' });
  });

  describe('when provisioning starts', () => {
    it('startsLater only for a requested start still to come, which is when provisioning waits until', async () => {
      storeOrder('acknowledged', {}, { requestedStartDate: '2026-02-10T08:00:00.000Z' });
      await expect(begin()).resolves.toMatchObject({ startsLater: true, provisionAfter: '2026-02-10T08:00:00.000Z' });
    });

    it('a requested start already past starts now', async () => {
      storeOrder('acknowledged', {}, { requestedStartDate: '2026-01-20T08:00:00.000Z' });
      await expect(begin()).resolves.toMatchObject({ startsLater: false });
    });

    it('a requested start at this very instant does not wait', async () => {
      storeOrder('acknowledged', {}, { requestedStartDate: now });
      await expect(begin()).resolves.toMatchObject({ startsLater: false });
    });

    it('no requested start: provisioning starts now', async () => {
      await expect(begin()).resolves.toMatchObject({ startsLater: false, provisionAfter: now });
    });

    it('the provisioning timeout comes from BSS_PROVISIONING_TIMEOUT_SECONDS, an hour by default', async () => {
      await expect(begin()).resolves.toMatchObject({ provisioningTimeoutSeconds: 3600 });
      vi.stubEnv('BSS_PROVISIONING_TIMEOUT_SECONDS', '90');
      storeOrder('inProgress', { executionId });
      await expect(begin()).resolves.toMatchObject({ provisioningTimeoutSeconds: 90 });
    });
  });
});

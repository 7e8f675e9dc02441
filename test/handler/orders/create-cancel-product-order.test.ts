import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OrderCancellationRequested, OrderStateChanged } from '../../../domain/events/order-events.js';
import type { OrderState, ProductOrder } from '../../../domain/orders/product-order.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { handler } from '../../../functions/orders/create-cancel-product-order.js';
import { apiEvent, customerClaims, type ApiEventInput } from '../../support/api-event.js';
import { detailFields, expectTmfError, invoke } from '../../support/api-answer.js';
import { orderFulfilmentOf, productOrderResource } from '../../support/order-fixtures.js';
import { expectValidTmf, tmf622 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const path = '/tmf-api/productOrderingManagement/v4/cancelProductOrder';
const now = '2026-02-01T10:07:00.000Z';

function storeOrder(order: ProductOrder, saga: OrderSaga = {}, version = 3) {
  const item = { pk: `PRODUCT_ORDER#${order.id}`, sk: 'PRODUCT_ORDER', entityType: 'ProductOrder', version, resource: order, fulfilment: orderFulfilmentOf(order), saga };
  documentMock.on(GetCommand).callsFake((input: GetCommandInput) => (input.Key?.pk === item.pk ? { Item: item } : {}));
}

const inProgress = (state: OrderState = 'inProgress') =>
  productOrderResource({ state, productOrderItem: productOrderResource().productOrderItem.map((item) => ({ ...item, state: 'inProgress' as const })) });

const body = (overrides: Record<string, unknown> = {}) => ({ productOrder: { id: 'order-1' }, cancellationReason: 'found a better offer', ...overrides });
const post = (input: Partial<ApiEventInput> = {}) =>
  invoke(handler, apiEvent({ method: 'POST', path, body: body(), headers: { 'x-correlation-id': 'corr-cancel' }, ...input }));

const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  storeOrder(inProgress(), { executionId: 'exec-1' });
  documentMock.on(TransactWriteCommand).resolves({});
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('POST /cancelProductOrder (create-cancel-product-order)', () => {
  it('201 inProgress; the order goes to pendingCancellation in the same transaction, with OrderStateChanged and OrderCancellationRequested', async () => {
    const answer = await post({ claims: customerClaims('cust-1') });
    expect(answer.statusCode).toBe(201);
    const request = answer.body;
    expect(request).toMatchObject({
      '@type': 'CancelProductOrder',
      state: 'inProgress',
      productOrder: { id: 'order-1', href: '/tmf-api/productOrderingManagement/v4/productOrder/order-1', '@referredType': 'ProductOrder' },
      cancellationReason: 'found a better offer',
      requestedCancellationDate: now,
      customerId: 'cust-1',
    });
    expect(request.href).toBe(`${path}/${request.id}`);
    expect(answer.headers.location).toBe(request.href);
    expectValidTmf(tmf622, 'CancelProductOrder', request);

    expect(writes()).toHaveLength(1);
    const items = writes()[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(4);

    const update = items[0]!.Update!;
    expect(update).toMatchObject({ TableName: 'bss-test', Key: { pk: 'PRODUCT_ORDER#order-1', sk: 'PRODUCT_ORDER' }, ConditionExpression: '#version = :expected' });
    const values = update.ExpressionAttributeValues!;
    expect(values[':expected']).toBe(3);
    expect(values[':next']).toBe(4);
    expect(values[':resource']).toMatchObject({ state: 'pendingCancellation', cancellationReason: 'found a better offer', lastUpdate: now });
    expect(values[':resource'].productOrderItem.map((item: any) => item.state)).toEqual(['pendingCancellation', 'pendingCancellation']);
    // The saga keeps what it had and learns which request to close.
    expect(values[':saga']).toEqual({ executionId: 'exec-1', cancelProductOrderId: request.id });

    expect(items[1]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `CANCEL_PRODUCT_ORDER#${request.id}`, sk: 'CANCEL_PRODUCT_ORDER', gsi2pk: 'CUSTOMER#cust-1', entityType: 'CancelProductOrder', version: 1, resource: request },
    });

    expect(items.slice(2).map((item) => item.Put!.Item!.detailType)).toEqual(['OrderStateChanged', 'OrderCancellationRequested']);
    const changed = OrderStateChanged.parseDetail(JSON.parse(items[2]!.Put!.Item!.detail as string));
    expect(changed.data).toEqual({ orderId: 'order-1', customerId: 'cust-1', from: 'inProgress', to: 'pendingCancellation', reason: 'found a better offer' });
    expect(changed.metadata.correlationId).toBe('corr-cancel');
    const requested = OrderCancellationRequested.parseDetail(JSON.parse(items[3]!.Put!.Item!.detail as string));
    expect(requested.data).toEqual({ orderId: 'order-1', customerId: 'cust-1', cancelProductOrderId: request.id, reason: 'found a better offer' });
  });

  it('reads the order consistently, so a cancellation never acts on a stale state', async () => {
    await post();
    expect(documentMock.commandCalls(GetCommand)[0]!.args[0].input.ConsistentRead).toBe(true);
  });

  it('an acknowledged order the saga has not claimed yet can be cancelled too, without a reason', async () => {
    storeOrder(productOrderResource());
    const answer = await post({ body: { productOrder: { id: 'order-1' } } });
    expect(answer.statusCode).toBe(201);
    expect(answer.body).not.toHaveProperty('cancellationReason');
    const resource = writes()[0]!.args[0].input.TransactItems![0]!.Update!.ExpressionAttributeValues![':resource'];
    expect(resource.state).toBe('pendingCancellation');
    expect(resource).not.toHaveProperty('cancellationReason');
  });

  const versionMoved = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }, { Code: 'None' }],
    });

  it('reads the order again when the saga moved it between the read and the write, and cancels', async () => {
    documentMock.on(TransactWriteCommand).rejectsOnce(versionMoved()).resolves({});
    const answer = await post();
    expect(answer.statusCode).toBe(201);
    expect(writes()).toHaveLength(2);
  });

  it('409 ORDER_MOVED_ON when the order keeps changing under three attempts', async () => {
    documentMock.on(TransactWriteCommand).rejects(versionMoved());
    const answer = await post();
    expectTmfError(answer, 409, 'ORDER_MOVED_ON', tmf622);
    expect(answer.body.message).toContain('order-1');
    expect(writes()).toHaveLength(3);
  });

  describe('refusals write nothing', () => {
    beforeEach(() => () => expect(writes(), 'TransactWriteItems calls').toHaveLength(0));

    it('409 PROVISIONING_STARTED once saga.provisioningStarted is true, with the reason', async () => {
      storeOrder(inProgress(), { executionId: 'exec-1', provisioningStarted: true });
      const answer = await post();
      expectTmfError(answer, 409, 'PROVISIONING_STARTED', tmf622);
      expect(answer.body.message).toContain('provisioning');
    });

    it.each([
      ['completed', 'ORDER_CLOSED'],
      ['cancelled', 'ORDER_CLOSED'],
      ['pendingCancellation', 'CANCELLATION_PENDING'],
    ] as const)('409 for an order %s (%s)', async (state, code) => {
      storeOrder(productOrderResource({ state }));
      expectTmfError(await post(), 409, code, tmf622);
    });

    it("400 'unknown product order' for an order that does not exist, and for another customer's order", async () => {
      const foreign = await post({ claims: customerClaims('cust-2') });
      expectTmfError(foreign, 400, 'INVALID_REQUEST', tmf622);
      expect(foreign.body.details).toEqual([{ field: 'productOrder.id', problem: 'unknown product order' }]);
      const unknown = await post({ body: body({ productOrder: { id: 'order-404' } }) });
      expect(unknown.body.details).toEqual(foreign.body.details);
    });

    it('400 for a malformed body', async () => {
      const answer = await post({ body: { productOrder: { id: 'order-1' }, state: 'done' } });
      expectTmfError(answer, 400, 'INVALID_REQUEST', tmf622);
      expect(detailFields(answer)).toContain('state');
    });
  });
});

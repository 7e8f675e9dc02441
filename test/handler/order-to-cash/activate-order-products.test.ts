import { BatchGetCommand, DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProductActivated, ProductChanged, ProductTerminated } from '../../../domain/events/product-inventory-events.js';
import type { Product } from '../../../domain/product-inventory/product.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { ProvisioningOutcome } from '../../../functions/order-to-cash/activate-order-products.js';
import { lambdaContext } from '../../support/lambda-context.js';
import {
  correlationId,
  fakeTable,
  fulfilmentItem,
  monthlyOrderPrice,
  now,
  orderUpdate,
  otherWrites,
  outboxEvents,
  sagaFulfilment,
  sagaOrder,
  stepInput,
} from '../../support/order-saga-fixtures.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { expectValidTmf, tmf637 } from '../../support/tmf-schema.js';

const { commitStock } = vi.hoisted(() => ({ commitStock: vi.fn() }));
vi.mock('../../../functions/lib/store/stock-store.js', () => ({ commitStock }));

const { handler } = await import('../../../functions/order-to-cash/activate-order-products.js');

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const timeoutSeconds = 3600;
const completed = (itemId: string, serviceId?: string): ProvisioningOutcome => ({ itemId, state: 'completed', ...(serviceId ? { serviceId } : {}) });
const failed = (itemId: string, error: string, cause: string): ProvisioningOutcome => ({ itemId, state: 'failed', error, cause });
const activate = (...outcomes: ProvisioningOutcome[]) => handler(stepInput({ outcomes, timeoutSeconds }), lambdaContext('activate-order-products'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);
const putProducts = () => otherWrites(documentMock).flatMap((item) => (item.Put ? [item.Put] : []));

let table: ReturnType<typeof fakeTable>;

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'), { version: 5, saga: { executionId: 'exec-1', provisioningStarted: true } });
  documentMock.on(TransactWriteCommand).resolves({});
  documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [] } });
  commitStock.mockReset();
  commitStock.mockResolvedValue('committed');
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('activate-order-products', () => {
  it('every item completed: one transaction with the active TMF637 products, ProductActivated each and the items completed', async () => {
    await expect(activate(completed('1', 'svc-mobile-1'), completed('2', 'svc-router-2'))).resolves.toEqual({ outcome: 'completed', reason: '' });

    expect(writes()).toHaveLength(1);
    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 5, next: 6 });
    expect(update.order.productOrderItem.map((item) => [item.id, item.state])).toEqual([
      ['1', 'completed'],
      ['2', 'completed'],
    ]);
    expect(update.order.state).toBe('inProgress');

    const puts = putProducts();
    expect(puts).toHaveLength(2);
    expect(puts[0]).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: 'PRODUCT#order-1-1', sk: 'PRODUCT', entityType: 'Product', version: 1, gsi2pk: 'CUSTOMER#cust-1' },
    });
    const product = puts[0]!.Item!.resource as Product;
    expect(product).toMatchObject({
      id: 'order-1-1',
      name: 'Mobile M',
      status: 'active',
      startDate: now,
      orderDate: '2026-02-01T10:00:00.000Z',
      productOffering: { id: 'po-mobile-m', name: 'Mobile M' },
      productCharacteristic: [{ name: 'phoneNumber', value: '+33612341234' }],
      billingAccount: { id: 'ba-1' },
      relatedParty: [{ id: 'cust-1', role: 'Customer' }],
      productOrderItem: [{ orderItemId: '1', productOrderId: 'order-1', orderItemAction: 'add' }],
      realizingService: [{ id: 'svc-mobile-1', '@referredType': 'Service' }],
    });
    expect(product.productPrice).toEqual([expect.objectContaining({ '@type': 'ProductPrice', name: 'mobile-m monthly fee', priceType: 'recurring' })]);
    expectValidTmf(tmf637, 'Product', product);
    expectValidTmf(tmf637, 'Product', puts[1]!.Item!.resource);

    const events = outboxEvents(documentMock).filter((event) => event.detailType === 'ProductActivated');
    expect(events).toHaveLength(2);
    const activated = ProductActivated.parseDetail(events[0]!.detail);
    expect(activated.data.product).toMatchObject({ id: 'order-1-1', status: 'active', productOrderId: 'order-1', orderItemId: '1', realizingServiceIds: ['svc-mobile-1'] });
    expect(activated.metadata).toMatchObject({ correlationId, occurredAt: now });
  });

  it('the completed items’ stock leaves the warehouse; nothing else is committed', async () => {
    await activate(completed('1'), completed('2'));
    expect(commitStock).toHaveBeenCalledExactlyOnceWith({ orderId: 'order-1', commit: [{ sku: 'ROUTER-X', quantity: 1 }], now });
  });

  it('an item that timed out is failed with "provisioning did not answer within N s"; the order ends partial with that reason', async () => {
    const answer = await activate(completed('1', 'svc-1'), failed('2', 'States.Timeout', 'Task timed out'));
    expect(answer).toEqual({ outcome: 'partial', reason: 'item 2 (Router X): provisioning did not answer within 3600 s' });
    const items = orderUpdate(documentMock).order.productOrderItem;
    expect(items[1]).toMatchObject({ id: '2', state: 'failed', stateReason: 'provisioning did not answer within 3600 s' });
    expect(items[0]).toMatchObject({ id: '1', state: 'completed' });
    expect(items[0]).not.toHaveProperty('stateReason');
    expect(putProducts().map((put) => put.Item!.pk)).toEqual(['PRODUCT#order-1-1']);
    // The failed router's stock goes back: only what completed is committed.
    expect(commitStock).toHaveBeenCalledWith(expect.objectContaining({ commit: [] }));
  });

  it('an item provisioning refused is failed with "provisioning failed: <cause>"', async () => {
    const answer = await activate(failed('1', 'ProvisioningFailed', 'number +33612340000 is not available for porting'), completed('2'));
    expect(answer).toEqual({ outcome: 'partial', reason: 'item 1 (Mobile M): provisioning failed: number +33612340000 is not available for porting' });
    expect(orderUpdate(documentMock).order.productOrderItem[0]).toMatchObject({ state: 'failed', stateReason: 'provisioning failed: number +33612340000 is not available for porting' });
  });

  it('an item whose request could not even be made says so with the error name', async () => {
    await expect(activate(completed('1'), failed('2', 'Lambda.ServiceException', '{}'))).resolves.toMatchObject({
      reason: 'item 2 (Router X): provisioning could not be requested (Lambda.ServiceException)',
    });
  });

  it('nothing provisioned: the order’s items are failed, no product is written, the outcome is failed', async () => {
    const answer = await activate(failed('1', 'States.Timeout', ''), failed('2', 'ProvisioningFailed', 'no coverage'));
    expect(answer).toEqual({
      outcome: 'failed',
      reason: 'item 1 (Mobile M): provisioning did not answer within 3600 s; item 2 (Router X): provisioning failed: no coverage',
    });
    expect(orderUpdate(documentMock).order.productOrderItem.map((item) => item.state)).toEqual(['failed', 'failed']);
    expect(putProducts()).toEqual([]);
    expect(outboxEvents(documentMock)).toEqual([]);
  });

  it('a retry that finds the items settled writes nothing and answers the same outcome', async () => {
    table.putOrder(sagaOrder('inProgress', { itemStates: ['completed', 'failed'] }), { version: 6 });
    await expect(activate(completed('1'), failed('2', 'States.Timeout', ''))).resolves.toEqual({
      outcome: 'partial',
      reason: 'item 2 (Router X): provisioning did not answer within 3600 s',
    });
    expect(writes()).toHaveLength(0);
    expect(documentMock.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('a plan change (modify) updates the existing product under its version: new offering and prices, same id and start, no new activation', async () => {
    const current = productIn('active', { id: 'prod-1', orderItemId: '9', productOrderId: 'order-0' });
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [productItem(current, 7)] } });
    const modify = fulfilmentItem('1', {
      action: 'modify',
      productId: 'prod-1',
      productOffering: { id: 'po-mobile-l', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-mobile-l', name: 'Mobile L' },
      prices: [monthlyOrderPrice('mobile-l', 35, 29.17)],
    });
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment([modify]) });

    await expect(activate(completed('1', 'svc-9'))).resolves.toMatchObject({ outcome: 'completed' });
    const batchGet = documentMock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!['bss-test']!;
    expect(batchGet).toMatchObject({ Keys: [{ pk: 'PRODUCT#prod-1', sk: 'PRODUCT' }], ConsistentRead: true });

    const [write] = otherWrites(documentMock);
    expect(write!.Update).toMatchObject({ Key: { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' }, ConditionExpression: '#version = :expected' });
    expect(write!.Update!.ExpressionAttributeValues![':expected']).toBe(7);
    const changed = write!.Update!.ExpressionAttributeValues![':resource'] as Product;
    expect(changed).toMatchObject({ id: 'prod-1', status: 'active', startDate: current.startDate, name: 'Mobile L', productOffering: { id: 'po-mobile-l' } });
    expect(changed.productPrice.map((price) => price.name)).toEqual(['mobile-l monthly fee']);
    expect(changed.productOrderItem.map((item) => [item.productOrderId, item.orderItemAction])).toEqual([
      ['order-0', 'add'],
      ['order-1', 'modify'],
    ]);
    expectValidTmf(tmf637, 'Product', changed);
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['ProductChanged']);
    expect(ProductChanged.parseDetail(events[0]!.detail).data).toMatchObject({
      product: { id: 'prod-1', productOfferingId: 'po-mobile-l' },
      previousProductOfferingId: current.productOffering.id,
      productOrderId: 'order-1',
    });
  });

  it('a disconnection (delete) terminates the existing product with ProductTerminated naming the order', async () => {
    const current = productIn('active', { id: 'prod-1' });
    documentMock.on(BatchGetCommand).resolves({ Responses: { 'bss-test': [productItem(current, 2)] } });
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment([fulfilmentItem('1', { action: 'delete', productId: 'prod-1' })]) });

    await activate(completed('1'));
    const changed = otherWrites(documentMock)[0]!.Update!.ExpressionAttributeValues![':resource'] as Product;
    expect(changed).toMatchObject({ id: 'prod-1', status: 'terminated', terminationDate: now });
    const events = outboxEvents(documentMock).filter((event) => event.detailType === 'ProductTerminated');
    expect(events).toHaveLength(1);
    expect(ProductTerminated.parseDetail(events[0]!.detail).data).toMatchObject({ product: { id: 'prod-1', status: 'terminated' }, reason: 'order order-1' });
  });

  // docs/product-inventory-and-payments.md promises ProductStatusChanged on every status move.
  it('emits ProductStatusChanged (created → active) with each activation, as documented for every status move', async () => {
    await activate(completed('1'), completed('2'));
    const types = outboxEvents(documentMock).map((event) => event.detailType);
    expect(types.filter((type) => type === 'ProductStatusChanged')).toHaveLength(2);
  });
});

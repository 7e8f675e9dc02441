import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { fakeTable, fulfilmentItem, now, sagaFulfilment, sagaOrder, stepInput } from '../../support/order-saga-fixtures.js';

const { reserveStock } = vi.hoisted(() => ({ reserveStock: vi.fn() }));
vi.mock('../../../functions/lib/store/stock-store.js', () => ({ reserveStock }));

const { handler } = await import('../../../functions/order-to-cash/reserve-order-stock.js');

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const reserve = () => handler(stepInput(), lambdaContext('reserve-order-stock'));
let table: ReturnType<typeof fakeTable>;

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'));
  reserveStock.mockReset();
  reserveStock.mockResolvedValue({ outcome: 'reserved', expiresAt: '2026-02-01T11:05:00.000Z' });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  };
});

describe('reserve-order-stock', () => {
  it('reserves the physical items only, for the order, until BSS_STOCK_RESERVATION_MINUTES from now', async () => {
    vi.stubEnv('BSS_STOCK_RESERVATION_MINUTES', '30');
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment([fulfilmentItem('1'), fulfilmentItem('2', { quantity: 2 })]) });
    await expect(reserve()).resolves.toEqual({ reserved: true, expiresAt: '2026-02-01T11:05:00.000Z' });
    expect(reserveStock).toHaveBeenCalledExactlyOnceWith({ orderId: 'order-1', lines: [{ sku: 'ROUTER-X', quantity: 2 }], now, expiresAt: '2026-02-01T10:35:00.000Z' });
  });

  it('holds the stock an hour by default', async () => {
    await reserve();
    expect(reserveStock.mock.calls[0]![0]).toMatchObject({ expiresAt: '2026-02-01T11:05:00.000Z' });
  });

  it('an order without a physical item reserves nothing and never calls the stock store', async () => {
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment([fulfilmentItem('1'), fulfilmentItem('2', { sku: undefined })]) });
    await expect(reserve()).resolves.toEqual({ reserved: false });
    expect(reserveStock).not.toHaveBeenCalled();
  });

  it('short stock fails the step with OutOfStock naming the offering, what was asked for and what is available', async () => {
    reserveStock.mockResolvedValue({ outcome: 'insufficient', sku: 'ROUTER-X', requested: 3, available: 1 });
    const failure = await reserve().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).toMatchObject({ name: 'OutOfStock', message: 'Router X is out of stock: 3 asked for, 1 available' });
  });

  it('a short SKU no item names an offering for is named by its SKU', async () => {
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment([fulfilmentItem('2', { productOffering: undefined })]) });
    reserveStock.mockResolvedValue({ outcome: 'insufficient', sku: 'ROUTER-X', requested: 1, available: 0 });
    await expect(reserve()).rejects.toMatchObject({ name: 'OutOfStock', message: 'ROUTER-X is out of stock: 1 asked for, 0 available' });
  });

  it('writes nothing to the order itself: the reservation is the stock store’s', async () => {
    await reserve();
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

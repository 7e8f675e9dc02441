import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/order-to-cash/confirm-order.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { cancelledTransaction, fakeTable, orderUpdate, outboxEvents, sagaOrder, stepInput, transactItems } from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const confirm = () => handler(stepInput(), lambdaContext('confirm-order'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);
let table: ReturnType<typeof fakeTable>;
const authorization = { authorizationId: 'auth-1', authorizationCode: 'AUTH-1', amount: { currency: 'EUR', minor: '4998' } };

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'), { version: 4, saga: { executionId: 'exec-1', authorization } });
  documentMock.on(TransactWriteCommand).resolves({});
});

describe('confirm-order (the cancellation gate)', () => {
  it('an order still inProgress goes to provisioning: provisioningStarted recorded under the version condition, the order unchanged', async () => {
    await expect(confirm()).resolves.toEqual({ outcome: 'confirmed' });
    expect(writes()).toHaveLength(1);
    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 4, next: 5 });
    expect(update.saga).toEqual({ executionId: 'exec-1', authorization, provisioningStarted: true });
    expect(update.order).toEqual(sagaOrder('inProgress'));
    expect(outboxEvents(documentMock)).toEqual([]);
    expect(transactItems(documentMock)).toHaveLength(1);
  });

  it('an order a cancellation reached first turns back, writing nothing', async () => {
    table.putOrder(sagaOrder('pendingCancellation'), { saga: { executionId: 'exec-1', cancelProductOrderId: 'cpo-1' } });
    await expect(confirm()).resolves.toEqual({ outcome: 'cancelled' });
    expect(writes()).toHaveLength(0);
  });

  it('a retry after the gate was passed confirms again without writing (even if a cancellation arrived since)', async () => {
    table.putOrder(sagaOrder('inProgress'), { saga: { executionId: 'exec-1', provisioningStarted: true } });
    await expect(confirm()).resolves.toEqual({ outcome: 'confirmed' });
    expect(writes()).toHaveLength(0);
  });

  it('a cancellation that won the race (the order’s version moved on) surfaces as TransientStoreError, so the retry re-reads the order', async () => {
    documentMock.on(TransactWriteCommand).rejects(cancelledTransaction('ConditionalCheckFailed'));
    await expect(confirm()).rejects.toMatchObject({ name: 'TransientStoreError', message: 'order order-1 changed since version 4' });
  });

  it('any other transaction failure is not disguised as transient', async () => {
    documentMock.on(TransactWriteCommand).rejects(Object.assign(new Error('no such table'), { name: 'ResourceNotFoundException' }));
    await expect(confirm()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

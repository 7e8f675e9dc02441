import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { money } from '../../../domain/money/money.js';
import { PaymentGatewayTimeoutError, PaymentGatewayUnavailableError, type PaymentGateway } from '../../../domain/payments/payment-gateway.js';
import { stateMachineTask } from '../../../functions/lib/workflows/state-machine-task.js';
import { authorizeOrderPaymentWith } from '../../../functions/order-to-cash/authorize-order-payment.js';
import { lambdaContext } from '../../support/lambda-context.js';
import {
  cancelledTransaction,
  fakeGateway,
  fakeTable,
  fulfilmentItem,
  orderUpdate,
  sagaFulfilment,
  sagaOrder,
  stepInput,
  stored,
  transactItems,
} from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let gateway: ReturnType<typeof fakeGateway>;
let table: ReturnType<typeof fakeTable>;
/** As deployed: the use case behind the state machine task wrapper, so error names are what the ASL sees. */
const authorize = (with_: PaymentGateway = gateway) => stateMachineTask('orderId', authorizeOrderPaymentWith(with_))(stepInput(), lambdaContext('authorize-order-payment'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  table.putOrder(sagaOrder('inProgress'), { version: 3, saga: { executionId: 'exec-1' } });
  documentMock.on(TransactWriteCommand).resolves({});
  gateway = fakeGateway();
});

describe('authorize-order-payment', () => {
  it('authorizes the upfront amount on the account’s payment method under the order’s key, and records it under a version condition', async () => {
    await expect(authorize()).resolves.toEqual({ authorized: true, authorizationId: 'auth-1' });
    expect(gateway.authorize).toHaveBeenCalledExactlyOnceWith({
      idempotencyKey: 'order-order-1-authorization',
      paymentMethodToken: 'tok_visa_4242',
      amount: money(4998n, 'EUR'),
      description: 'Order order-1: upfront charges',
    });
    expect(writes()).toHaveLength(1);
    expect(transactItems(documentMock)).toHaveLength(1);
    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 3, next: 4 });
    expect(update.order.state).toBe('inProgress');
    expect(update.saga).toEqual({
      executionId: 'exec-1',
      authorization: { authorizationId: 'auth-1', authorizationCode: 'AUTH-123456', amount: stored('4998') },
    });
  });

  it('nothing upfront: no gateway call, nothing written', async () => {
    const free = [fulfilmentItem('1', { upfront: stored('0') }), fulfilmentItem('2', { upfront: stored('0') })];
    table.putOrder(sagaOrder('inProgress'), { fulfilment: sagaFulfilment(free) });
    await expect(authorize()).resolves.toEqual({ authorized: false });
    expect(gateway.authorize).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it('a decline fails the step with PaymentDeclined, the reason and the amount, and records nothing', async () => {
    gateway.authorize.mockResolvedValue({ outcome: 'declined', declineCode: 'insufficient_funds', message: 'Insufficient funds on card ending 0002' });
    await expect(authorize()).rejects.toMatchObject({
      name: 'PaymentDeclined',
      message: 'the card has insufficient funds (49.98 EUR): Insufficient funds on card ending 0002',
    });
    expect(writes()).toHaveLength(0);
  });

  it('already authorized (a retry): answers the recorded authorization without a second gateway call', async () => {
    table.putOrder(sagaOrder('inProgress'), { saga: { authorization: { authorizationId: 'auth-0', authorizationCode: 'AUTH-0', amount: stored('4998') } } });
    await expect(authorize()).resolves.toEqual({ authorized: true, authorizationId: 'auth-0' });
    expect(gateway.authorize).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['PaymentGatewayUnavailable', new PaymentGatewayUnavailableError('gateway down')],
    ['PaymentGatewayTimeout', new PaymentGatewayTimeoutError('no answer in 10 s')],
  ])('%s from the gateway reaches the state machine with that name (its own Retry)', async (name, error) => {
    gateway.authorize.mockRejectedValue(error);
    await expect(authorize()).rejects.toMatchObject({ name, message: error.message });
    expect(writes()).toHaveLength(0);
  });

  it('a record that lost the race is a TransientStoreError; the retry re-asks under the same key', async () => {
    documentMock.on(TransactWriteCommand).rejectsOnce(cancelledTransaction('ConditionalCheckFailed')).resolves({});
    await expect(authorize()).rejects.toMatchObject({ name: 'TransientStoreError' });
    await expect(authorize()).resolves.toMatchObject({ authorized: true });
    expect(gateway.authorize.mock.calls.map(([request]) => request.idempotencyKey)).toEqual(['order-order-1-authorization', 'order-order-1-authorization']);
  });
});

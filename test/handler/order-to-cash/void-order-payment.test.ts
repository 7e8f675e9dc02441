import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaymentAuthorizationVoided } from '../../../domain/events/payment-events.js';
import { money } from '../../../domain/money/money.js';
import type { GatewayAuthorization } from '../../../domain/payments/payment-gateway.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { stateMachineTask } from '../../../functions/lib/workflows/state-machine-task.js';
import { voidOrderPaymentWith } from '../../../functions/order-to-cash/void-order-payment.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { correlationId, fakeGateway, fakeTable, now, orderUpdate, outboxEvents, sagaOrder, stepInput, stored } from '../../support/order-saga-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let gateway: ReturnType<typeof fakeGateway>;
let table: ReturnType<typeof fakeTable>;
const voidPayment = () => stateMachineTask('orderId', voidOrderPaymentWith(gateway))(stepInput(), lambdaContext('void-order-payment'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

const held = (status: GatewayAuthorization['status'] = 'authorized'): GatewayAuthorization => ({
  authorizationId: 'auth-1',
  idempotencyKey: 'order-order-1-authorization',
  amount: money(4998n, 'EUR'),
  status,
});
const recorded: OrderSaga = { executionId: 'exec-1', authorization: { authorizationId: 'auth-1', authorizationCode: 'AUTH-123456', amount: stored('4998') } };
const storeOrder = (saga: OrderSaga) => table.putOrder(sagaOrder('inProgress'), { version: 4, saga });

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  storeOrder(recorded);
  documentMock.on(TransactWriteCommand).resolves({});
  gateway = fakeGateway();
  gateway.findAuthorization.mockResolvedValue(held());
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('void-order-payment (compensation)', () => {
  it('voids the authorization the gateway holds under the order’s key, records it voided with PaymentAuthorizationVoided', async () => {
    await expect(voidPayment()).resolves.toEqual({ voided: true });
    expect(gateway.findAuthorization).toHaveBeenCalledExactlyOnceWith('order-order-1-authorization');
    expect(gateway.voidAuthorization).toHaveBeenCalledExactlyOnceWith({ authorizationId: 'auth-1' });

    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 4 });
    expect(update.saga).toEqual({ executionId: 'exec-1', authorization: { authorizationId: 'auth-1', authorizationCode: 'AUTH-123456', amount: stored('4998'), voided: true } });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['PaymentAuthorizationVoided']);
    const voided = PaymentAuthorizationVoided.parseDetail(events[0]!.detail);
    expect(voided.data).toEqual({
      orderId: 'order-1',
      authorizationId: 'auth-1',
      amount: { unit: 'EUR', value: 49.98 },
      billingAccountId: 'ba-1',
      customerId: 'cust-1',
      reason: 'the order did not go through',
    });
    expect(voided.metadata.correlationId).toBe(correlationId);
  });

  it('finds and voids an authorization the saga never recorded (the authorize call timed out after the gateway made it)', async () => {
    storeOrder({ executionId: 'exec-1' });
    gateway.findAuthorization.mockResolvedValue({ ...held(), authorizationId: 'auth-lost', amount: money(1999n, 'EUR') });
    await expect(voidPayment()).resolves.toEqual({ voided: true });
    expect(gateway.voidAuthorization).toHaveBeenCalledExactlyOnceWith({ authorizationId: 'auth-lost' });
    expect(orderUpdate(documentMock).saga?.authorization).toEqual({ authorizationId: 'auth-lost', authorizationCode: '', amount: stored('1999'), voided: true });
  });

  it('nothing held by the gateway: no void, nothing written', async () => {
    storeOrder({ executionId: 'exec-1' });
    gateway.findAuthorization.mockResolvedValue(undefined);
    await expect(voidPayment()).resolves.toEqual({ voided: false });
    expect(gateway.voidAuthorization).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it('an authorization already voided at the gateway is left alone', async () => {
    gateway.findAuthorization.mockResolvedValue(held('voided'));
    await expect(voidPayment()).resolves.toEqual({ voided: false });
    expect(gateway.voidAuthorization).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it('a capture the saga recorded as its payment is left alone', async () => {
    storeOrder({ ...recorded, payment: { paymentId: 'order-1-payment', captureId: 'cap-1' } });
    gateway.findAuthorization.mockResolvedValue({ ...held('captured'), capturedAmount: money(4998n, 'EUR'), refundedAmount: money(0n, 'EUR') });
    await expect(voidPayment()).resolves.toEqual({ voided: false });
    expect(gateway.refund).not.toHaveBeenCalled();
  });

  it('a capture the saga never recorded (settlement failed after it) is refunded in full under the reversal key', async () => {
    gateway.findAuthorization.mockResolvedValue({ ...held('captured'), capturedAmount: money(4998n, 'EUR'), refundedAmount: money(0n, 'EUR') });
    gateway.capture.mockResolvedValue({ captureId: 'cap-1' });
    gateway.refund.mockResolvedValue({ refundId: 'ref-1' });
    await expect(voidPayment()).resolves.toEqual({ voided: false, reversed: true });
    expect(gateway.capture).toHaveBeenCalledExactlyOnceWith({ authorizationId: 'auth-1', amount: money(4998n, 'EUR'), idempotencyKey: 'order-order-1-capture' });
    expect(gateway.refund).toHaveBeenCalledExactlyOnceWith({ captureId: 'cap-1', amount: money(4998n, 'EUR'), idempotencyKey: 'order-order-1-reversal' });
    expect(gateway.voidAuthorization).not.toHaveBeenCalled();
  });

  it('already voided by this saga (a retry): not even asks the gateway', async () => {
    storeOrder({ ...recorded, authorization: { ...recorded.authorization!, voided: true } });
    await expect(voidPayment()).resolves.toEqual({ voided: false });
    expect(gateway.findAuthorization).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });
});

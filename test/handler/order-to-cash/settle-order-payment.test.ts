import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaymentCaptured, RefundIssued } from '../../../domain/events/payment-events.js';
import { money } from '../../../domain/money/money.js';
import type { Payment, Refund } from '../../../domain/payments/payment.js';
import { systemClock } from '../../../functions/lib/clock.js';
import type { OrderSaga } from '../../../functions/lib/store/product-order-store.js';
import { stateMachineTask } from '../../../functions/lib/workflows/state-machine-task.js';
import { settleOrderPaymentWith } from '../../../functions/order-to-cash/settle-order-payment.js';
import { lambdaContext } from '../../support/lambda-context.js';
import {
  correlationId,
  fakeGateway,
  fakeTable,
  fulfilmentItem,
  now,
  orderUpdate,
  otherWrites,
  outboxEvents,
  sagaFulfilment,
  sagaOrder,
  stepInput,
  stored,
} from '../../support/order-saga-fixtures.js';
import { expectValidTmf, tmf676 } from '../../support/tmf-schema.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let gateway: ReturnType<typeof fakeGateway>;
let table: ReturnType<typeof fakeTable>;
const settle = () => stateMachineTask('orderId', settleOrderPaymentWith(gateway))(stepInput(), lambdaContext('settle-order-payment'));
const writes = () => documentMock.commandCalls(TransactWriteCommand);

const authorized: OrderSaga = {
  executionId: 'exec-1',
  provisioningStarted: true,
  authorization: { authorizationId: 'auth-1', authorizationCode: 'AUTH-123456', amount: stored('4998') },
};
const storeOrder = (itemStates: ('completed' | 'failed')[], saga: OrderSaga = authorized, fulfilment = sagaFulfilment()) =>
  table.putOrder(sagaOrder('inProgress', { itemStates }), { version: 6, saga, fulfilment });
const writtenResource = (pk: string) => otherWrites(documentMock).find((item) => item.Put?.Item?.pk === pk)?.Put;

beforeEach(() => {
  documentMock.reset();
  table = fakeTable(documentMock);
  storeOrder(['completed', 'completed']);
  documentMock.on(TransactWriteCommand).resolves({});
  gateway = fakeGateway();
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('settle-order-payment', () => {
  it('captures the authorized amount under the order’s key and records the TMF676 payment with PaymentCaptured, in one transaction', async () => {
    await expect(settle()).resolves.toEqual({ captured: true, paymentId: 'order-1-payment' });
    expect(gateway.capture).toHaveBeenCalledExactlyOnceWith({ authorizationId: 'auth-1', amount: money(4998n, 'EUR'), idempotencyKey: 'order-order-1-capture' });
    expect(gateway.refund).not.toHaveBeenCalled();

    expect(writes()).toHaveLength(1);
    const update = orderUpdate(documentMock);
    expect(update).toMatchObject({ condition: '#version = :expected', expected: 6 });
    expect(update.saga).toEqual({ ...authorized, payment: { paymentId: 'order-1-payment', captureId: 'cap-1' } });

    const put = writtenResource('PAYMENT#order-1-payment');
    expect(put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { entityType: 'Payment', gsi2pk: 'CUSTOMER#cust-1' } });
    const payment = put!.Item!.resource as Payment;
    expect(payment).toMatchObject({
      id: 'order-1-payment',
      correlatorId: 'order-1',
      status: 'captured',
      authorizationCode: 'AUTH-123456',
      gatewayCaptureId: 'cap-1',
      totalAmount: { unit: 'EUR', value: 49.98 },
      account: { id: 'ba-1' },
      payer: { id: 'cust-1' },
      paymentMethod: { id: 'tok_visa_4242' },
    });
    expectValidTmf(tmf676, 'Payment', payment);

    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['PaymentCaptured']);
    const captured = PaymentCaptured.parseDetail(events[0]!.detail);
    expect(captured.data.payment).toMatchObject({ id: 'order-1-payment', orderId: 'order-1', totalAmount: { unit: 'EUR', value: 49.98 } });
    expect(captured.metadata.correlationId).toBe(correlationId);
  });

  it('a failed item’s upfront share, exactly, is refunded at once and recorded as a TMF676 refund with RefundIssued', async () => {
    storeOrder(['completed', 'failed']);
    await expect(settle()).resolves.toEqual({ captured: true, paymentId: 'order-1-payment', refundId: 'order-1-refund' });
    expect(gateway.capture).toHaveBeenCalledWith(expect.objectContaining({ amount: money(4998n, 'EUR') }));
    expect(gateway.refund).toHaveBeenCalledExactlyOnceWith({ captureId: 'cap-1', amount: money(1999n, 'EUR'), idempotencyKey: 'order-order-1-refund' });

    const refund = writtenResource('REFUND#order-1-refund')!.Item!.resource as Refund;
    expect(refund).toMatchObject({
      id: 'order-1-refund',
      correlatorId: 'order-1',
      payment: { id: 'order-1-payment' },
      totalAmount: { unit: 'EUR', value: 19.99 },
      gatewayRefundId: 'gw-ref-1',
      description: 'items 2 of order order-1 could not be provisioned',
    });
    expectValidTmf(tmf676, 'Refund', refund);

    expect(orderUpdate(documentMock).saga).toMatchObject({ refund: { refundId: 'order-1-refund', amount: stored('1999') } });
    const events = outboxEvents(documentMock);
    expect(events.map((event) => event.detailType)).toEqual(['PaymentCaptured', 'RefundIssued']);
    expect(RefundIssued.parseDetail(events[1]!.detail).data.refund).toMatchObject({ id: 'order-1-refund', paymentId: 'order-1-payment', totalAmount: { unit: 'EUR', value: 19.99 } });
  });

  it('the refund follows the failed item, not its position: a failed first item gives its own 29.99 back', async () => {
    storeOrder(['failed', 'completed']);
    await settle();
    expect(gateway.refund).toHaveBeenCalledWith(expect.objectContaining({ amount: money(2999n, 'EUR') }));
  });

  it('a failed item with nothing upfront is not refunded', async () => {
    storeOrder(['completed', 'failed'], authorized, sagaFulfilment([fulfilmentItem('1'), fulfilmentItem('2', { upfront: stored('0') })]));
    await expect(settle()).resolves.toEqual({ captured: true, paymentId: 'order-1-payment' });
    expect(gateway.refund).not.toHaveBeenCalled();
    expect(otherWrites(documentMock).map((item) => item.Put?.Item?.pk)).toEqual(['PAYMENT#order-1-payment']);
  });

  it('already settled (a retry after the write): no gateway call, nothing written', async () => {
    storeOrder(['completed', 'failed'], { ...authorized, payment: { paymentId: 'order-1-payment', captureId: 'cap-1' } });
    await expect(settle()).resolves.toEqual({ captured: true });
    expect(gateway.capture).not.toHaveBeenCalled();
    expect(gateway.refund).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it('nothing was authorized (nothing upfront): nothing to capture', async () => {
    storeOrder(['completed', 'completed'], { executionId: 'exec-1', provisioningStarted: true });
    await expect(settle()).resolves.toEqual({ captured: false });
    expect(gateway.capture).not.toHaveBeenCalled();
    expect(writes()).toHaveLength(0);
  });

  it('a retry after a lost write captures and refunds again under the same keys (the gateway answers the first call’s result)', async () => {
    storeOrder(['completed', 'failed']);
    documentMock.on(TransactWriteCommand).rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' })).resolves({});
    await expect(settle()).rejects.toMatchObject({ name: 'TransientStoreError' });
    await settle();
    expect(gateway.capture.mock.calls.map(([request]) => request.idempotencyKey)).toEqual(['order-order-1-capture', 'order-order-1-capture']);
    expect(gateway.refund.mock.calls.map(([request]) => request.idempotencyKey)).toEqual(['order-order-1-refund', 'order-order-1-refund']);
  });
});

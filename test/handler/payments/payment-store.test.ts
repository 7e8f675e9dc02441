import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../../functions/lib/store/dynamo-client.js';
import { findPayment, findRefund, paymentPut, refundPut } from '../../../functions/lib/store/payment-store.js';
import { paymentItem, paymentResource, refundItem, refundResource } from '../../support/payment-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());
beforeEach(() => documentMock.reset());

const payment = paymentResource();
const refund = refundResource();

describe('payment-store', () => {
  it('paymentPut and refundPut are create-only Puts, indexed by type and by the paying customer', () => {
    expect(paymentPut(payment)).toEqual({ Put: { TableName: 'bss-test', Item: paymentItem(payment), ConditionExpression: 'attribute_not_exists(pk)' } });
    expect(refundPut(refund)).toEqual({ Put: { TableName: 'bss-test', Item: refundItem(refund), ConditionExpression: 'attribute_not_exists(pk)' } });
    expect(paymentPut(payment).Put.Item).toMatchObject({ gsi2pk: 'CUSTOMER#cust-1', gsi2sk: 'Payment#2026-01-15T10:05:00.000Z#pay-1' });
    expect(refundPut(refund).Put.Item).toMatchObject({ gsi2pk: 'CUSTOMER#cust-1', gsi2sk: 'Refund#2026-01-15T10:06:00.000Z#ref-1' });
  });

  it("go into the saga's own TransactWriteItems unchanged", async () => {
    documentMock.on(TransactWriteCommand).resolves({});
    await documentClient.send(new TransactWriteCommand({ TransactItems: [paymentPut(payment), refundPut(refund)] }));
    expect(documentMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(2);
  });

  it('findPayment and findRefund return the resource with its version, or undefined', async () => {
    documentMock.on(GetCommand).resolves({});
    documentMock.on(GetCommand, { Key: { pk: 'PAYMENT#pay-1', sk: 'PAYMENT' } }).resolves({ Item: paymentItem(payment) });
    documentMock.on(GetCommand, { Key: { pk: 'REFUND#ref-1', sk: 'REFUND' } }).resolves({ Item: refundItem(refund, 2) });
    expect(await findPayment('pay-1')).toEqual({ payment, version: 1 });
    expect(await findRefund('ref-1', { consistentRead: true })).toEqual({ refund, version: 2 });
    expect(await findPayment('ref-1')).toBeUndefined();
    expect(await findRefund('pay-1')).toBeUndefined();
    expect(documentMock.commandCalls(GetCommand)[1]!.args[0].input.ConsistentRead).toBe(true);
  });
});

import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/collections/send-payment-receipt.js';
import { recordAccountPayment } from '../../../functions/collections/account-payments.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { findBillingAccount } from '../../../functions/lib/store/billing-account-store.js';
import { preferencesItem } from '../../support/fixtures.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { writeCustomerAccount, writeIssuedBill } from './collections-fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

let table: FakeBillingTable;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-20T10:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' });
  writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z' });
  return () => vi.restoreAllMocks();
});

describe('send-payment-receipt (PaymentReceived → receipt)', () => {
  it("sends the receipt to the customer's e-mail, dated at the payment, once however often delivered", async () => {
    const { account } = (await findBillingAccount('ba-1'))!;
    await recordAccountPayment({ paymentId: 'pay-1', account, channel: 'bankTransfer', paymentMethodId: 'TRF-1', amountMinor: 3000n, now: '2027-02-20T09:00:00.000Z', correlationId: 'corr-1', description: 'transfer' });
    const received = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'PaymentReceived')!;
    const event = { detail: JSON.parse(received.detail as string) };
    const first = await handler(event, lambdaContext('send-payment-receipt'));
    const again = await handler(event, lambdaContext('send-payment-receipt'));
    expect(first).toMatchObject({ sent: true });
    expect(again.messageId).toBe(first.messageId);
    const messages = table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => item.resource as Record<string, any>);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      subject: 'Payment received: 30.00 EUR',
      sendTime: '2027-02-20T09:00:00.000Z',
      messageType: 'email',
      characteristic: expect.arrayContaining([expect.objectContaining({ name: 'notificationKind', value: 'paymentReceipt' })]),
    });
    expect(messages[0]!.content).toContain('0.97 EUR is kept as credit');
  });

  it('sends no receipt to a customer who refuses receipts on every channel: nothing is recorded', async () => {
    table.put(preferencesItem('cust-1', [{ kind: 'paymentReceipt', email: false, sms: false }]));
    const { account } = (await findBillingAccount('ba-1'))!;
    await recordAccountPayment({ paymentId: 'pay-2', account, channel: 'bankTransfer', paymentMethodId: 'TRF-2', amountMinor: 1000n, now: '2027-02-20T09:00:00.000Z', correlationId: 'corr-2', description: 'transfer' });
    const received = table.itemsOf('OUTBOX#').find((item) => item.detailType === 'PaymentReceived')!;
    expect(await handler({ detail: JSON.parse(received.detail as string) }, lambdaContext('send-payment-receipt'))).toEqual({ sent: false });
    expect(table.itemsOf('COMMUNICATION_MESSAGE#')).toHaveLength(0);
  });
});

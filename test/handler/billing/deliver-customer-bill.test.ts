import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { issueCustomerBill } from '../../../domain/billing/customer-bill.js';
import type { NotificationSender } from '../../../domain/communication/notification-sender.js';
import { billDocumentKey } from '../../../domain/documents/document-store.js';
import { CustomerBillIssued, issuedBillSnapshot } from '../../../domain/events/billing-events.js';
import { deliverCustomerBill, handler } from '../../../functions/billing/deliver-customer-bill.js';
import { configuredDocumentStore } from '../../../functions/lib/documents/document-store.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { simulatedNotificationSender } from '../../../functions/lib/providers/simulated-notification-sender.js';
import { lambdaContext } from '../../support/lambda-context.js';
import { billNow, writeCustomerAccount, writeIssuedBill } from '../collections/collections-fixtures.js';
import { billItem, parisCustomer } from './billing-fixtures.js';
import { FakeBillingTable } from './billing-table.js';
import { customerItem, preferencesItem } from '../../support/fixtures.js';

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());
const store = configuredDocumentStore();

let table: FakeBillingTable;
let bill: CustomerBill;
beforeEach(() => {
  documentMock.reset();
  vi.spyOn(systemClock, 'now').mockReturnValue('2027-02-01T08:00:00.000Z');
  table = new FakeBillingTable().install(documentMock);
  writeCustomerAccount(table, { customerId: 'cust-d', accountId: 'ba-d' });
  // A fresh bill id per test: documents are kept in one folder for the whole run.
  const id = `bill-${Math.random().toString(36).slice(2, 10)}`;
  bill = writeIssuedBill(table, { id, amount: 29.03, accountId: 'ba-d', customerId: 'cust-d', paymentDueDate: '2027-02-15T00:00:00.000Z' });
  return () => vi.restoreAllMocks();
});

const issuedEvent = (issued: CustomerBill) => ({
  detail: JSON.parse(JSON.stringify(CustomerBillIssued.create({ bill: issuedBillSnapshot(issued, 'cust-d') }, { eventId: 'evt-1', occurredAt: '2027-02-01T08:00:00.000Z', correlationId: 'corr-1' }).detail)),
});

const messages = () => table.itemsOf('COMMUNICATION_MESSAGE#').map((item) => item.resource as Record<string, any>);

/** The bill's customer, with an e-mail address but preferring its phone. */
const phonePreferringCustomer = () =>
  parisCustomer('cust-d', {
    contactMedium: [
      { mediumType: 'email', characteristic: { emailAddress: 'cust-d@example.com' } },
      { mediumType: 'mobile', preferred: true, characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
    ],
  });

describe('deliver-customer-bill (CustomerBillIssued → document kept, bill sent)', () => {
  it('keeps the PDF and HTML, e-mails the PDF to the customer, and the bill is sent with its delivery recorded, once', async () => {
    const event = issuedEvent(bill);
    const first = await handler(event, lambdaContext('deliver-customer-bill'));
    const again = await handler(event, lambdaContext('deliver-customer-bill'));
    expect(first).toMatchObject({ delivered: true });
    expect(again.messageId).toBe(first.messageId);

    const pdf = await store.get(billDocumentKey(bill.id, 'pdf'));
    expect(Buffer.from(pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await store.get(billDocumentKey(bill.id, 'html'))).toBeDefined();

    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatchObject({
      messageType: 'email',
      subject: expect.stringContaining(`Your invoice ${bill.billNo}`),
      receiver: [expect.objectContaining({ email: 'cust-d@example.com' })],
      bill: { id: bill.id },
      attachment: [{ name: `${bill.billNo}.pdf`, mimeType: 'application/pdf', url: `/tmf-api/customerBillManagement/v4/customerBill/${bill.id}/document`, size: { amount: pdf!.byteLength, units: 'bytes' }, '@type': 'Attachment' }],
      characteristic: [expect.objectContaining({ value: 'billIssued' })],
    });
    expect(messages()[0]!.content).toMatch(/^Your invoice \S+ is attached \(PDF\)\. Amount due: 29\.03 EUR, by 15 February 2027\. You can also read it at \S+\.$/);
    expect(billNow(table, bill.id)).toMatchObject({
      state: 'sent',
      delivery: { channel: 'email', status: 'sent', attempts: 1, lastAttemptAt: '2027-02-01T08:00:00.000Z', communicationMessage: { id: first.messageId } },
    });
  });

  it('leaves a bill paid at issue settled, recording its delivery', async () => {
    const paid = { ...bill, state: 'settled' as const, remainingAmount: { unit: 'EUR', value: 0 } };
    table.put(billItem(paid, 'cust-d', 3));
    await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender });
    expect(billNow(table, bill.id)).toMatchObject({ state: 'settled', delivery: { status: 'sent' } });
    expect(messages()[0]!.content).toContain('Nothing is left to pay.');
  });

  it('texts a customer who prefers its phone', async () => {
    table.put(customerItem(phonePreferringCustomer()));
    await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender });
    expect(messages()).toEqual([expect.objectContaining({ messageType: 'SMS', receiver: [expect.objectContaining({ phoneNumber: '+33 6 12 34 56 78' })] })]);
    expect(messages()[0]!.content).toContain(`/customerBill/${bill.id}/document`);
    expect(billNow(table, bill.id)).toMatchObject({ state: 'sent', delivery: { channel: 'sms', status: 'sent' } });
  });

  it("follows the account's bill format and presentation media (docs/api.md, \"Account management\"): the HTML e-mailed to a phone-preferring customer", async () => {
    table.put(customerItem(phonePreferringCustomer()));
    const accountItem = table.itemsOf('BILLING_ACCOUNT#').find((item) => item.sk === 'BILLING_ACCOUNT')!;
    const account = accountItem.resource as Record<string, any>;
    table.put({
      ...accountItem,
      resource: {
        ...account,
        billStructure: {
          ...account.billStructure,
          format: { id: 'html', href: '/bf/html', name: 'HTML bill', isRef: false, documentType: 'html', '@type': 'BillFormat' },
          presentationMedia: [{ id: 'email', href: '/bpm/email', name: 'E-mail', isRef: false, channel: 'email', '@type': 'BillPresentationMedia' }],
        },
      },
    });
    await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender });
    const html = await store.get(billDocumentKey(bill.id, 'html'));
    expect(messages()).toEqual([
      expect.objectContaining({
        messageType: 'email',
        attachment: [expect.objectContaining({ name: `${bill.billNo}.html`, mimeType: 'text/html; charset=utf-8', size: { amount: html!.byteLength, units: 'bytes' } })],
      }),
    ]);
    expect(billNow(table, bill.id)).toMatchObject({ delivery: { channel: 'email', status: 'sent' } });
  });

  it("follows the customer's communication preferences: a phone-preferring customer refusing bills by SMS gets the e-mail; one refusing e-mail gets the SMS", async () => {
    const phoneFirst = phonePreferringCustomer();
    table.put(customerItem(phoneFirst));
    table.put(preferencesItem('cust-d', [{ kind: 'billIssued', email: true, sms: false }]));
    await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender });
    expect(messages()).toEqual([expect.objectContaining({ messageType: 'email', receiver: [expect.objectContaining({ email: 'cust-d@example.com' })], attachment: [expect.objectContaining({ mimeType: 'application/pdf' })] })]);
    expect(billNow(table, bill.id)).toMatchObject({ state: 'sent', delivery: { channel: 'email', status: 'sent' } });

    const other = writeIssuedBill(table, { id: `${bill.id}-b`, amount: 10, accountId: 'ba-d', customerId: 'cust-d', paymentDueDate: '2027-02-15T00:00:00.000Z' });
    table.put(customerItem({ ...phoneFirst, contactMedium: phoneFirst.contactMedium.map((medium) => ({ ...medium, preferred: medium.mediumType === 'email' })) }));
    table.put(preferencesItem('cust-d', [{ kind: 'billIssued', email: false, sms: true }]));
    await deliverCustomerBill(other.id, { store, sender: simulatedNotificationSender });
    expect(messages().find((message) => message.bill.id === other.id)).toMatchObject({ messageType: 'SMS', receiver: [expect.objectContaining({ phoneNumber: '+33 6 12 34 56 78' })] });
    expect(billNow(table, other.id)).toMatchObject({ delivery: { channel: 'sms', status: 'sent' } });
  });

  it('records a failed delivery on the bill for staff and throws, so the rule retries; the retry sends it', async () => {
    const down: NotificationSender = { send: () => Promise.reject(new Error('provider unavailable')) };
    await expect(deliverCustomerBill(bill.id, { store, sender: down })).rejects.toThrow('provider unavailable');
    expect(billNow(table, bill.id)).toMatchObject({ state: 'validated', delivery: { status: 'failed', attempts: 1, failure: 'provider unavailable' } });
    await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender });
    expect(billNow(table, bill.id)).toMatchObject({ state: 'sent', delivery: { status: 'sent', attempts: 2 } });
  });

  it('does nothing for a bill that is not issued', async () => {
    const { billNo: _number, ...draft } = bill;
    table.put(billItem({ ...draft, state: 'new' }, 'cust-d', 1));
    expect(await deliverCustomerBill(bill.id, { store, sender: simulatedNotificationSender })).toEqual({ delivered: false });
    expect(messages()).toHaveLength(0);
  });
});

describe('issued bills name their document', () => {
  it('in billDocument, served by the document route', () => {
    expect(issueCustomerBill({ ...bill, state: 'new' }, 'B-2027-000009', '2027-02-01T00:00:00.000Z').billDocument).toEqual([
      { id: `${bill.id}-document`, url: `/tmf-api/customerBillManagement/v4/customerBill/${bill.id}/document`, name: 'B-2027-000009.pdf', mimeType: 'application/pdf', '@type': 'Attachment' },
    ]);
  });
});

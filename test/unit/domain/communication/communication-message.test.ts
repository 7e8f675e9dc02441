import { describe, expect, it } from 'vitest';
import { communicationMessageOf, notificationKindOf, ownerCustomerIdOfCommunicationMessage } from '../../../../domain/communication/communication-message.js';
import { notificationKinds } from '../../../../domain/communication/notification-sender.js';
import { emailNotification, smsNotification } from '../../../support/communication-fixtures.js';
import { expectValidTmf, tmf681, validateTmf } from '../../../support/tmf-schema.js';

const sender = { id: 'bss', name: 'BSS' };

describe('communicationMessageOf', () => {
  it('records an e-mail as a completed TMF681 CommunicationMessage to the customer, about its account and bill', () => {
    const message = communicationMessageOf(emailNotification(), { id: 'cm-1', sender });
    expect(message).toEqual({
      id: 'cm-1',
      href: '/tmf-api/communicationManagement/v4/communicationMessage/cm-1',
      '@type': 'CommunicationMessage',
      messageType: 'email',
      state: 'completed',
      subject: 'Your bill is overdue',
      content: 'Bill B-2026-000042 of 59.98 EUR was due on 2026-02-15. Please pay it within 7 days.',
      sendTime: '2026-02-20T09:00:00.000Z',
      sendTimeComplete: '2026-02-20T09:00:00.000Z',
      receiver: [
        {
          id: 'cust-1',
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          party: { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' },
          '@type': 'Receiver',
        },
      ],
      sender: { id: 'bss', name: 'BSS', '@type': 'Sender' },
      characteristic: [{ name: 'notificationKind', value: 'paymentReminder', valueType: 'string', '@type': 'Characteristic' }],
      billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
      bill: { id: 'ba-1-2026-02-01', href: '/tmf-api/customerBillManagement/v4/customerBill/ba-1-2026-02-01', '@referredType': 'CustomerBill' },
    });
    expectValidTmf(tmf681, 'CommunicationMessage', message);
  });

  it('records an SMS with the phone number and no subject, name or bill when none is given', () => {
    const message = communicationMessageOf(smsNotification(), { id: 'cm-2', sender });
    expect(message).toMatchObject({ messageType: 'SMS', state: 'completed', sendTime: '2026-03-01T09:00:00.000Z' });
    expect(message.receiver).toEqual([
      {
        id: 'cust-1',
        phoneNumber: '+44 7700 900123',
        party: { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' },
        '@type': 'Receiver',
      },
    ]);
    expect(message).not.toHaveProperty('subject');
    expect(message).not.toHaveProperty('bill');
    expectValidTmf(tmf681, 'CommunicationMessage', message);
  });

  it('records a message about no account without a billingAccount reference', () => {
    const { billingAccountId: _account, ...aboutNoAccount } = emailNotification({ kind: 'supportCaseOpened' });
    const message = communicationMessageOf(aboutNoAccount, { id: 'cm-4', sender });
    expect(message).not.toHaveProperty('billingAccount');
    expectValidTmf(tmf681, 'CommunicationMessage', message);
  });

  it.each(notificationKinds)('carries the kind %s, which reads back from the record', (kind) => {
    const message = communicationMessageOf(emailNotification({ kind }), { id: 'cm-3', sender });
    expect(notificationKindOf(message)).toBe(kind);
    expect(validateTmf(tmf681, 'CommunicationMessage', message)).toEqual({ valid: true, errors: [] });
  });

  it('belongs to the customer it was sent to', () => {
    expect(ownerCustomerIdOfCommunicationMessage(communicationMessageOf(smsNotification({ customerId: 'cust-9' }), { id: 'cm-4', sender }))).toBe('cust-9');
  });

  it('the schema check catches a state TMF681 does not know', () => {
    const message = { ...communicationMessageOf(emailNotification(), { id: 'cm-5', sender }), state: 'delivered' };
    expect(validateTmf(tmf681, 'CommunicationMessage', message).errors).toEqual(['/state must be equal to one of the allowed values']);
  });
});

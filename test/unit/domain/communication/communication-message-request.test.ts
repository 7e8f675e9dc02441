import { describe, expect, it } from 'vitest';
import {
  channelOfMessageType,
  communicationMessageCreateSchema,
  completedMessage,
  inProgressMessage,
  messageDeletionAuditEntry,
  receiverReferenceOf,
  requireCustomerContact,
  subjectOf,
} from '../../../../domain/communication/communication-message-request.js';
import { communicationMessageOf } from '../../../../domain/communication/communication-message.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { emailNotification } from '../../../support/communication-fixtures.js';
import { expectValidTmf, tmf681 } from '../../../support/tmf-schema.js';

const sender = { id: 'bss', name: 'BSS' };
const sent = () => communicationMessageOf(emailNotification({ kind: 'customerCare' }), { id: 'cm-1', sender });
const later = '2026-02-20T09:00:02.000Z';

describe('a message staff send: its state as it is sent', () => {
  it('is recorded inProgress, not complete, then completed once the provider accepted it', () => {
    const sending = inProgressMessage(sent());
    expect(sending.state).toBe('inProgress');
    expect(sending.sendTimeComplete).toBeUndefined();
    expectValidTmf(tmf681, 'CommunicationMessage', sending);
    const done = completedMessage(sending, later);
    expect(done).toMatchObject({ state: 'completed', sendTime: sending.sendTime, sendTimeComplete: later });
    expectValidTmf(tmf681, 'CommunicationMessage', done);
  });

  it('a message completed already stays as it is (a retry completes nothing twice)', () => {
    const done = completedMessage(inProgressMessage(sent()), later);
    expect(completedMessage(done, '2030-01-01T00:00:00.000Z')).toBe(done);
  });
});

describe('what the POST names', () => {
  it('messageType email or SMS, in any case, is the first channel; anything else is a 400 naming it', () => {
    expect(channelOfMessageType('Email')).toBe('email');
    expect(channelOfMessageType('SMS')).toBe('sms');
    expect(channelOfMessageType(' sms ')).toBe('sms');
    expect(() => channelOfMessageType('push')).toThrow(InvalidInputError);
    try {
      channelOfMessageType('push');
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([{ field: 'messageType', problem: 'must be email or SMS' }]);
    }
  });

  it('the receiver names the customer by id (or party.id), else by its e-mail address; two different ids or none are 400s', () => {
    expect(receiverReferenceOf({ id: 'cust-1' })).toEqual({ customerId: 'cust-1' });
    expect(receiverReferenceOf({ party: { id: 'cust-1' } })).toEqual({ customerId: 'cust-1' });
    expect(receiverReferenceOf({ id: 'cust-1', party: { id: 'cust-1' } })).toEqual({ customerId: 'cust-1' });
    expect(receiverReferenceOf({ email: 'Ada@Example.com' })).toEqual({ email: 'ada@example.com' });
    expect(() => receiverReferenceOf({ id: 'cust-1', party: { id: 'cust-2' } })).toThrow(/different customers/);
    expect(() => receiverReferenceOf({ name: 'Ada' })).toThrow(/name the customer/);
  });

  it("an address the receiver gives must be the customer's", () => {
    const customer = {
      id: 'cust-1',
      contactMedium: [
        { mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } },
        { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
      ],
    };
    expect(() => requireCustomerContact({ id: 'cust-1', email: 'ADA@example.com', phoneNumber: '+33612345678' }, customer)).not.toThrow();
    expect(() => requireCustomerContact({ id: 'cust-1', email: 'eve@example.com' }, customer)).toThrow(/not an e-mail address of customer cust-1/);
    expect(() => requireCustomerContact({ id: 'cust-1', phoneNumber: '+33 7 00 00 00 00' }, customer)).toThrow(/not a phone number of customer cust-1/);
  });

  it('the subject is the one given, else names who writes', () => {
    expect(subjectOf({ subject: 'About your bill' })).toBe('About your bill');
    expect(subjectOf({ sender: { name: 'Billing team' } })).toBe('A message from Billing team');
    expect(subjectOf({})).toBe('A message from customer care');
  });

  it('the body: content, messageType and one receiver are required; nothing else but TMF681 attributes', () => {
    const body = { content: 'Hello', messageType: 'email', receiver: [{ id: 'cust-1' }] };
    expect(communicationMessageCreateSchema.safeParse(body).success).toBe(true);
    expect(communicationMessageCreateSchema.safeParse({ ...body, content: '  ' }).success).toBe(false);
    expect(communicationMessageCreateSchema.safeParse({ ...body, receiver: [] }).success).toBe(false);
    expect(communicationMessageCreateSchema.safeParse({ ...body, receiver: [{ id: 'a' }, { id: 'b' }] }).success).toBe(false);
    expect(communicationMessageCreateSchema.safeParse({ ...body, state: 'completed' }).success).toBe(false);
  });
});

describe('deleting a message', () => {
  it('the audit entry keeps that it was sent (when, how, to whom) and who deleted it, when', () => {
    const message = completedMessage(inProgressMessage(sent()), later);
    expect(messageDeletionAuditEntry(message, { id: 'a-1', at: later, actor: { subject: 'user-of-cust-1', role: 'customer' }, correlationId: 'c-1' })).toEqual({
      id: 'a-1',
      at: later,
      resource: { type: 'CommunicationMessage', id: 'cm-1' },
      action: 'communicationMessageDeleted',
      actor: { subject: 'user-of-cust-1', role: 'customer' },
      correlationId: 'c-1',
      before: { state: 'completed', messageType: 'email', sendTime: message.sendTime, receiver: 'cust-1' },
      after: { deleted: true },
    });
  });
});

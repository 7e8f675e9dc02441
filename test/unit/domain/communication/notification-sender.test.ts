import { describe, expect, it } from 'vitest';
import { requireSendable, type NotificationMessage } from '../../../../domain/communication/notification-sender.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { emailNotification, smsNotification } from '../../../support/communication-fixtures.js';

function problemFields(message: NotificationMessage, idempotencyKey = 'key-1'): string[] {
  try {
    requireSendable(message, idempotencyKey);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems.map((problem) => problem.field);
  }
}

describe('requireSendable', () => {
  it('accepts an e-mail and an SMS as the callers write them', () => {
    expect(problemFields(emailNotification())).toEqual([]);
    expect(problemFields(smsNotification())).toEqual([]);
    expect(problemFields(smsNotification({ recipient: '447700900123' }))).toEqual([]);
  });

  it('refuses an e-mail to something that is not an address, or without a subject', () => {
    expect(problemFields(emailNotification({ recipient: 'ada at example.com' }))).toEqual(['recipient']);
    expect(problemFields(emailNotification({ subject: '  ' }))).toEqual(['subject']);
  });

  it('refuses an SMS to something that is not a phone number', () => {
    expect(problemFields(smsNotification({ recipient: 'ada@example.com' }))).toEqual(['recipient']);
    expect(problemFields(smsNotification({ recipient: '+44 7700 900123 ext. 4' }))).toEqual(['recipient']);
  });

  it('names every missing reference, empty text and malformed instant at once', () => {
    const message = emailNotification({ customerId: '', billingAccountId: ' ', content: '', billId: '', sentAt: 'yesterday' });
    expect(problemFields(message, '')).toEqual(['idempotencyKey', 'customerId', 'billingAccountId', 'content', 'billId', 'sentAt']);
  });

  it('sends a message about no account (a support case about nothing billed), but not one naming an empty account', () => {
    const { billingAccountId: _account, ...aboutNoAccount } = emailNotification();
    expect(problemFields(aboutNoAccount)).toEqual([]);
    expect(problemFields(emailNotification({ billingAccountId: '' }))).toEqual(['billingAccountId']);
  });

  it('refuses a kind or a channel the port does not know', () => {
    expect(problemFields({ ...emailNotification(), kind: 'marketing' } as unknown as NotificationMessage)).toEqual(['kind']);
    expect(problemFields({ ...smsNotification(), channel: 'push' } as unknown as NotificationMessage)).toEqual(['channel']);
  });

  it("accepts the caller's instant in any offset", () => {
    expect(problemFields(emailNotification({ sentAt: '2031-07-01T10:00:00+02:00' }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { communicationMessageOf, ownerCustomerIdOfCommunicationMessage } from '../../../../domain/communication/communication-message.js';
import { requireSendable, type AddressVerificationNotification } from '../../../../domain/communication/notification-sender.js';
import { selfServiceChangeProblems } from '../../../../domain/customers/customer-write-access.js';
import {
  codeConfirms,
  completedEmailChange,
  emailChangeMessage,
  refusedEmailChange,
  requestEmailChange,
  requireConfirmable,
  withVerifiedEmail,
} from '../../../../domain/customers/email-change.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf681 } from '../../../support/tmf-schema.js';

const now = '2026-02-01T08:00:00.000Z';
const request = { customer: { id: 'cust-1' }, emailAddress: ' New@Example.COM ' };
const asked = (addressInUse: boolean) => requestEmailChange(request, { id: 'chg-1', now, code: '123456', addressInUse });

describe('e-mail change (domain)', () => {
  it('is pending for 15 minutes with 5 attempts, the address normalized; nothing served depends on whether the address is taken', () => {
    const free = asked(false);
    const taken = asked(true);
    expect(free.change).toEqual({
      id: 'chg-1',
      href: '/customer/v1/emailChange/chg-1',
      '@type': 'EmailChange',
      customer: { id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1' },
      emailAddress: 'new@example.com',
      state: 'pending',
      requestedAt: now,
      expiresAt: '2026-02-01T08:15:00.000Z',
      attemptsLeft: 5,
    });
    expect(taken.change).toEqual(free.change);
  });

  it('keeps only a hash of the code, and none at all for a taken address, so no code can confirm it', () => {
    const free = asked(false);
    expect(JSON.stringify(free)).not.toContain('123456');
    expect(codeConfirms(free.change, free.secret, '123456')).toBe(true);
    expect(codeConfirms(free.change, free.secret, '123457')).toBe(false);
    const taken = asked(true);
    expect(taken.secret).toEqual({});
    for (const code of ['123456', '000000', '999999']) expect(codeConfirms(taken.change, taken.secret, code)).toBe(false);
  });

  it('a code is bound to its change: the same code hashed for another change does not confirm this one', () => {
    const other = requestEmailChange(request, { id: 'chg-2', now, code: '123456', addressInUse: false });
    expect(codeConfirms(asked(false).change, other.secret, '123456')).toBe(false);
  });

  it('refuses confirmation of a settled, expired or used-up change, before any code is compared', () => {
    const { change } = asked(false);
    expect(() => requireConfirmable(change, '2026-02-01T08:15:00.000Z')).not.toThrow();
    expect(() => requireConfirmable(change, '2026-02-01T08:15:00.001Z')).toThrow(/expired/);
    expect(() => requireConfirmable(completedEmailChange(change, now), now)).toThrow(RuleViolationError);
    expect(() => requireConfirmable({ ...change, attemptsLeft: 0 }, now)).toThrow(/no attempts left/);
  });

  it('fails once the last attempt went on a wrong code', () => {
    const { change } = asked(false);
    expect(refusedEmailChange({ ...change, attemptsLeft: 1 }).state).toBe('pending');
    expect(refusedEmailChange({ ...change, attemptsLeft: 0 }).state).toBe('failed');
    expect(completedEmailChange(change, now)).toMatchObject({ state: 'completed', completedAt: now });
  });

  it('replaces the preferred e-mail medium only', () => {
    const media = [
      { mediumType: 'phone', characteristic: { phoneNumber: '+331' } },
      { mediumType: 'email', characteristic: { emailAddress: 'old@example.com' } },
      { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'main@example.com' } },
    ];
    expect(withVerifiedEmail(media, 'new@example.com')).toEqual([media[0], media[1], { ...media[2], characteristic: { emailAddress: 'new@example.com' } }]);
  });

  it('sends the free address its code, the taken one a notice without a code, under the same subject', () => {
    const { change } = asked(false);
    const code = emailChangeMessage(change, '123456');
    const notice = emailChangeMessage(change, undefined);
    expect(code).toMatchObject({ kind: 'emailVerification', content: expect.stringContaining('123456') });
    expect(notice.kind).toBe('emailAddressInUse');
    expect(notice.content).not.toMatch(/\d{6}/);
    expect(notice.subject).toBe(code.subject);
  });
});

describe('messages to an address being verified', () => {
  const message: AddressVerificationNotification = { channel: 'email', kind: 'emailVerification', recipient: 'new@example.com', subject: 'Confirm', content: 'code 123456', sentAt: now };

  it('are recorded with no customer: no party, no account, so only staff read them back', () => {
    const recorded = communicationMessageOf(message, { id: 'cm-1', sender: { id: 'bss', name: 'BSS' } });
    expect(ownerCustomerIdOfCommunicationMessage(recorded)).toBeUndefined();
    expect(recorded.receiver).toEqual([{ id: 'new@example.com', email: 'new@example.com', '@type': 'Receiver' }]);
    expect(recorded).not.toHaveProperty('billingAccount');
    expectValidTmf(tmf681, 'CommunicationMessage', recorded);
  });

  it('are refused when they name a customer, which would let the asker read the code', () => {
    expect(() => requireSendable(message, 'key')).not.toThrow();
    expect(() => requireSendable({ ...message, customerId: 'cust-1' } as AddressVerificationNotification, 'key')).toThrow(/customerId/);
  });
});

describe("a customer's own change of its contact media", () => {
  const email = (emailAddress: string, preferred?: boolean) => ({ mediumType: 'email', ...(preferred ? { preferred } : {}), characteristic: { emailAddress } });
  const phone = { mediumType: 'phone', characteristic: { phoneNumber: '+33 1 23' } };

  it('may change anything but its e-mail addresses (compared without case or blanks)', () => {
    expect(selfServiceChangeProblems({ contactMedium: [email('a@example.com')] }, { contactMedium: [phone, email(' A@example.com ', true)] })).toEqual([]);
  });

  it.each([
    ['another address', [email('b@example.com')]],
    ['a second address', [email('a@example.com', true), email('b@example.com')]],
    ['no address', [phone]],
  ])('may not set %s', (_name, contactMedium) => {
    expect(selfServiceChangeProblems({ contactMedium: [email('a@example.com')] }, { contactMedium })).toEqual([
      { field: 'contactMedium', problem: 'e-mail addresses change once verified: POST /customer/v1/emailChange' },
    ]);
  });
});

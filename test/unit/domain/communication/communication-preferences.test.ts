import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  communicationPreferencesOf,
  communicationPreferencesPath,
  communicationPreferencesSchema,
  communicationPreferencesUpdateSchema,
  deliveryRoute,
  isMandatoryKind,
  notificationKindRules,
  phoneNumberOf,
  replaceCommunicationPreferences,
  type CommunicationPreferences,
} from '../../../../domain/communication/communication-preferences.js';
import { notificationKinds, type CustomerNotificationKind } from '../../../../domain/communication/notification-sender.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { inputProblemsOf } from '../../../support/input-problems.js';

const now = '2027-03-01T09:30:00.000Z';
const defaults = communicationPreferencesOf('cust-1');
const reach = { email: 'ada@example.com', phoneNumber: '+33 6 12 34 56 78' };

/** The preferences with these kinds' choices changed, the rest as given. */
function choosing(choices: { kind: CustomerNotificationKind; email: boolean; sms: boolean }[], from: CommunicationPreferences = defaults): CommunicationPreferences {
  return replaceCommunicationPreferences(from, { preferences: choices }, now).preferences;
}


describe('the kinds of message and their rules', () => {
  it('declares every kind the BSS sends customers, each mandatory or not, with why', () => {
    expect(Object.keys(notificationKindRules).sort()).toEqual([...notificationKinds].sort());
    for (const kind of notificationKinds) expect(notificationKindRules[kind].why.length, kind).toBeGreaterThan(10);
  });

  it('makes mandatory the final notice, the suspension and the bill; the rest may be switched off', () => {
    expect(notificationKinds.filter(isMandatoryKind)).toEqual(['finalNotice', 'serviceSuspended', 'billIssued']);
  });
});

describe('communicationPreferencesOf', () => {
  it('gives a customer that never chose every kind on both channels (what the BSS sent before), in the kinds order, without lastUpdate', () => {
    expect(defaults).toEqual({
      customerId: 'cust-1',
      href: '/customers/v1/customer/cust-1/communicationPreferences',
      '@type': 'CommunicationPreferences',
      preferences: notificationKinds.map((kind) => ({ kind, email: true, sms: true, mandatory: isMandatoryKind(kind) })),
    });
    expect(communicationPreferencesSchema.safeParse(defaults).success).toBe(true);
    expect(communicationPreferencesPath('c-9')).toBe('/customers/v1/customer/c-9/communicationPreferences');
  });

  it('gives a kind added after the customer chose its default, and marks mandatory from the rules, not from what was stored', () => {
    const stored = { choices: [{ kind: 'paymentReminder' as const, email: false, sms: true }], lastUpdate: now };
    const preferences = communicationPreferencesOf('cust-1', stored);
    expect(preferences.lastUpdate).toBe(now);
    expect(preferences.preferences.find((each) => each.kind === 'paymentReminder')).toEqual({ kind: 'paymentReminder', email: false, sms: true, mandatory: false });
    expect(preferences.preferences.find((each) => each.kind === 'billIssued')).toEqual({ kind: 'billIssued', email: true, sms: true, mandatory: true });
  });
});

describe('replaceCommunicationPreferences', () => {
  it('replaces the choices whole: named kinds as named, the others back to their defaults; says which changed', () => {
    const first = replaceCommunicationPreferences(defaults, { preferences: [{ kind: 'paymentReceipt', email: false, sms: false }, { kind: 'billIssued', email: false, sms: true }] }, now);
    expect(first.changedKinds).toEqual(['paymentReceipt', 'billIssued']);
    expect(first.stored.choices).toHaveLength(notificationKinds.length);
    expect(first.stored.lastUpdate).toBe(now);
    expect(first.preferences.lastUpdate).toBe(now);
    const second = replaceCommunicationPreferences(first.preferences, { preferences: [{ kind: 'paymentReceipt', email: false, sms: false }] }, now);
    // billIssued not named: back to both channels.
    expect(second.changedKinds).toEqual(['billIssued']);
    expect(second.preferences.preferences.find((each) => each.kind === 'billIssued')).toMatchObject({ email: true, sms: true });
  });

  it('refuses a mandatory kind with every channel off, naming the kind and its entry', () => {
    const problems = inputProblemsOf(() =>
      replaceCommunicationPreferences(defaults, { preferences: [{ kind: 'paymentReminder', email: false, sms: false }, { kind: 'finalNotice', email: false, sms: false }] }, now),
    );
    expect(problems).toEqual([{ field: 'preferences[1]', problem: expect.stringMatching(/^finalNotice is mandatory and cannot be switched off: keep email or sms on/) }]);
    for (const kind of ['serviceSuspended', 'billIssued'] as const) {
      expect(inputProblemsOf(() => replaceCommunicationPreferences(defaults, { preferences: [{ kind, email: false, sms: false }] }, now))[0]!.problem).toContain(kind);
    }
  });

  it('accepts a mandatory kind on one channel only', () => {
    expect(choosing([{ kind: 'finalNotice', email: false, sms: true }]).preferences.find((each) => each.kind === 'finalNotice')).toMatchObject({ email: false, sms: true });
  });

  it('refuses a kind named twice', () => {
    const problems = inputProblemsOf(() => replaceCommunicationPreferences(defaults, { preferences: [{ kind: 'paymentReceipt', email: true, sms: true }, { kind: 'paymentReceipt', email: false, sms: false }] }, now));
    expect(problems).toEqual([{ field: 'preferences[1].kind', problem: 'paymentReceipt is named twice' }]);
  });

  it('property: whatever is accepted keeps every mandatory kind on at least one channel', () => {
    const choice = fc.record({ kind: fc.constantFrom(...notificationKinds), email: fc.boolean(), sms: fc.boolean() });
    fc.assert(
      fc.property(fc.uniqueArray(choice, { selector: (each) => each.kind, maxLength: notificationKinds.length }), (choices) => {
        let saved: CommunicationPreferences;
        try {
          saved = replaceCommunicationPreferences(defaults, { preferences: choices }, now).preferences;
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
          expect(choices.some((each) => isMandatoryKind(each.kind) && !each.email && !each.sms)).toBe(true);
          return;
        }
        for (const preference of saved.preferences) if (preference.mandatory) expect(preference.email || preference.sms).toBe(true);
      }),
    );
  });
});

describe('the PUT body schema', () => {
  it('takes kinds and booleans only, at most one entry per kind', () => {
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [{ kind: 'billIssued', email: true, sms: false }] }).success).toBe(true);
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [] }).success).toBe(true);
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [{ kind: 'emailVerification', email: true, sms: false }] }).success).toBe(false);
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [{ kind: 'billIssued', email: 'yes', sms: false }] }).success).toBe(false);
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [{ kind: 'billIssued', email: true, sms: false, mandatory: false }] }).success).toBe(false);
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: [], customerId: 'cust-2' }).success).toBe(false);
    const tooMany = Array.from({ length: notificationKinds.length + 1 }, () => ({ kind: 'billIssued', email: true, sms: true }));
    expect(communicationPreferencesUpdateSchema.safeParse({ preferences: tooMany }).success).toBe(false);
  });
});

describe('deliveryRoute: the one channel a message goes out on', () => {
  it('by default, the sender’s first choice: nothing changes for a customer who never chose', () => {
    for (const kind of notificationKinds) {
      expect(deliveryRoute(defaults, kind, reach)).toEqual({ channel: 'email', recipient: reach.email });
      expect(deliveryRoute(defaults, kind, reach, 'sms')).toEqual({ channel: 'sms', recipient: reach.phoneNumber });
    }
  });

  it('the other channel when the customer refuses the first one for that kind', () => {
    const smsOnly = choosing([{ kind: 'paymentReminder', email: false, sms: true }]);
    expect(deliveryRoute(smsOnly, 'paymentReminder', reach)).toEqual({ channel: 'sms', recipient: reach.phoneNumber });
    expect(deliveryRoute(smsOnly, 'paymentReceipt', reach)).toEqual({ channel: 'email', recipient: reach.email });
    const emailOnly = choosing([{ kind: 'billIssued', email: true, sms: false }]);
    expect(deliveryRoute(emailOnly, 'billIssued', reach, 'sms')).toEqual({ channel: 'email', recipient: reach.email });
  });

  it('none for a kind refused on every channel, or refused by e-mail with no phone number to text', () => {
    const none = choosing([{ kind: 'supportCaseOpened', email: false, sms: false }, { kind: 'paymentReminder', email: false, sms: true }]);
    expect(deliveryRoute(none, 'supportCaseOpened', reach)).toBeUndefined();
    expect(deliveryRoute(none, 'paymentReminder', { email: reach.email })).toBeUndefined();
  });

  it('e-mail for a mandatory kind accepted only by SMS when the customer has no phone number: it must arrive', () => {
    const smsOnly = choosing([{ kind: 'finalNotice', email: false, sms: true }]);
    expect(deliveryRoute(smsOnly, 'finalNotice', reach)).toEqual({ channel: 'sms', recipient: reach.phoneNumber });
    expect(deliveryRoute(smsOnly, 'finalNotice', { email: reach.email })).toEqual({ channel: 'email', recipient: reach.email });
  });
});

describe('phoneNumberOf', () => {
  it('the preferred phone number first, else the first one; none without a phone medium with a number', () => {
    const email = { mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } };
    const home = { mediumType: 'telephone', characteristic: { phoneNumber: '+33 1 23 45 67 89' } };
    const mobile = { mediumType: 'Mobile', preferred: true, characteristic: { phoneNumber: '+33 6 12 34 56 78' } };
    expect(phoneNumberOf([email, home, mobile])).toBe('+33 6 12 34 56 78');
    expect(phoneNumberOf([email, home])).toBe('+33 1 23 45 67 89');
    expect(phoneNumberOf([email, { mediumType: 'mobile', characteristic: {} }])).toBeUndefined();
  });
});

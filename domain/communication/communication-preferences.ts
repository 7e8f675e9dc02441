import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import type { ContactMedium } from '../shared/tmf-types.js';
import type { WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';
import { notificationKinds, type CustomerNotificationKind, type NotificationChannel } from './notification-sender.js';

/**
 * A customer's communication preferences (docs/communication.md, "Preferences"): for each kind
 * of message the BSS sends customers (`notificationKinds`, the one list), whether the customer
 * accepts it by e-mail and by SMS. Every message still goes out once, on one channel: the one
 * its sender would pick (`firstChoice`) when the customer accepts it there and can be reached
 * there, else the other one. A kind accepted on no channel is not sent at all, unless the kind
 * is mandatory.
 *
 * The defaults accept every kind on both channels, which is what the BSS did before customers
 * could choose: nothing changes for a customer until it opts out.
 */
export const communicationPreferencesPath = (customerId: string) => `/customers/v1/customer/${customerId}/communicationPreferences`;

/**
 * Why each kind may, or may not, be switched off entirely. A mandatory kind keeps at least one
 * channel: a preferences document turning all of them off is refused (400 naming the kind).
 * Declared for every kind of `notificationKinds` (the Record type makes a new kind fail to
 * compile until someone decides).
 */
export const notificationKindRules: Readonly<Record<CustomerNotificationKind, { mandatory: boolean; why: string }>> = {
  paymentReminder: { mandatory: false, why: 'a courtesy before the final notice: the final notice is what the customer must get' },
  finalNotice: { mandatory: true, why: 'the formal notice before the account is closed and the debt written off: the customer must be told' },
  serviceSuspended: { mandatory: true, why: 'a service cut for non-payment must be notified to the customer' },
  serviceRestored: { mandatory: false, why: 'good news the customer can see in its products' },
  paymentReceipt: { mandatory: false, why: 'the payment is in the account ledger and on the bills' },
  paymentFailed: { mandatory: false, why: 'dunning reminders and the final notice follow an unpaid bill' },
  billIssued: { mandatory: true, why: 'the invoice is issued to the customer (the contract and invoicing law): e-mail or SMS, not neither' },
  supportCaseOpened: { mandatory: false, why: 'the case is in the portal' },
  supportCaseStatusChanged: { mandatory: false, why: 'the case is in the portal' },
  customerCare: { mandatory: false, why: 'a message staff write to the customer (POST /communicationMessage): the customer chooses how to hear from customer care, or not at all' },
};

export const isMandatoryKind = (kind: CustomerNotificationKind): boolean => notificationKindRules[kind].mandatory;

/** One kind: accepted by e-mail, by SMS; `mandatory` is the BSS's rule, not the customer's choice. */
export interface CommunicationPreference {
  kind: CustomerNotificationKind;
  email: boolean;
  sms: boolean;
  mandatory: boolean;
}

/** The document served at communicationPreferencesPath: one entry per kind, in `notificationKinds` order. */
export interface CommunicationPreferences {
  customerId: string;
  href: string;
  '@type': 'CommunicationPreferences';
  preferences: CommunicationPreference[];
  /** When the customer (or staff for it) last changed them, in the customer's time; absent while they are the defaults. */
  lastUpdate?: string;
}

/** What is kept: the choices only. `mandatory` is read from the rules each time, so a rule change applies to every customer at once. */
export interface StoredCommunicationPreferences {
  choices: { kind: CustomerNotificationKind; email: boolean; sms: boolean }[];
  lastUpdate: string;
}

const choiceSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ kind: z.enum(notificationKinds), email: z.boolean(), sms: z.boolean() }));

/**
 * PUT body: the whole set of choices. A kind named twice is refused; a kind not named takes its
 * default (both channels), so a client written before a kind existed keeps working.
 */
export const communicationPreferencesUpdateSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({ preferences: z.array(choiceSchema).check(z.maxLength(notificationKinds.length)) })
  .check(z.meta({ examples: [{ preferences: [{ kind: 'paymentReminder', email: true, sms: false }, { kind: 'supportCaseStatusChanged', email: false, sms: false }] }] })));
export type CommunicationPreferencesUpdate = z.infer<typeof communicationPreferencesUpdateSchema>;

/** A customer chooses its own (the route answers 404 for another's); staff choose for any customer. */
export const communicationPreferencesAccess: WriteAccess = { admin: 'everything', agent: 'everything', customer: { preferences: true }, mediation: {} };

/** The served document (the API reference's answer schema). */
export const communicationPreferencesSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  customerId: z.string(),
  href: z.string(),
  '@type': z.literal('CommunicationPreferences'),
  preferences: z.array(z.strictObject({ kind: z.enum(notificationKinds), email: z.boolean(), sms: z.boolean(), mandatory: z.boolean() })),
  lastUpdate: z.optional(z.iso.datetime({ offset: true })),
}));

/** The document of a customer: its stored choices, the defaults for every kind it never chose. */
export function communicationPreferencesOf(customerId: string, stored?: StoredCommunicationPreferences): CommunicationPreferences {
  const chosen = new Map((stored?.choices ?? []).map((choice) => [choice.kind, choice]));
  return {
    customerId,
    href: communicationPreferencesPath(customerId),
    '@type': 'CommunicationPreferences',
    preferences: notificationKinds.map((kind) => ({ kind, email: chosen.get(kind)?.email ?? true, sms: chosen.get(kind)?.sms ?? true, mandatory: isMandatoryKind(kind) })),
    ...(stored ? { lastUpdate: stored.lastUpdate } : {}),
  };
}

export interface CommunicationPreferencesChange {
  stored: StoredCommunicationPreferences;
  preferences: CommunicationPreferences;
  /** The kinds whose e-mail or SMS choice differs from before, in `notificationKinds` order. */
  changedKinds: CustomerNotificationKind[];
}

/**
 * The preferences a PUT asks for, replacing the current ones whole. Refuses (400, each problem
 * naming the entry) a kind named twice and a mandatory kind with every channel off.
 */
export function replaceCommunicationPreferences(current: CommunicationPreferences, update: CommunicationPreferencesUpdate, now: string): CommunicationPreferencesChange {
  const problems: FieldProblem[] = [];
  const seen = new Set<CustomerNotificationKind>();
  update.preferences.forEach((choice, index) => {
    if (seen.has(choice.kind)) problems.push({ field: `preferences[${index}].kind`, problem: `${choice.kind} is named twice` });
    seen.add(choice.kind);
    if (!choice.email && !choice.sms && isMandatoryKind(choice.kind)) {
      problems.push({ field: `preferences[${index}]`, problem: `${choice.kind} is mandatory and cannot be switched off: keep email or sms on (${notificationKindRules[choice.kind].why})` });
    }
  });
  rejectFieldProblems(problems, 'the communication preferences cannot be saved');
  const named = new Map(update.preferences.map((choice) => [choice.kind, choice]));
  const stored: StoredCommunicationPreferences = {
    choices: notificationKinds.map((kind) => ({ kind, email: named.get(kind)?.email ?? true, sms: named.get(kind)?.sms ?? true })),
    lastUpdate: now,
  };
  const preferences = communicationPreferencesOf(current.customerId, stored);
  const before = new Map(current.preferences.map((preference) => [preference.kind, preference]));
  const changedKinds = preferences.preferences.filter((after) => after.email !== before.get(after.kind)?.email || after.sms !== before.get(after.kind)?.sms).map((after) => after.kind);
  return { stored, preferences, changedKinds };
}

/** Whether the customer accepts this kind on this channel. */
export const accepts = (preferences: CommunicationPreferences, kind: CustomerNotificationKind, channel: NotificationChannel): boolean =>
  preferences.preferences.find((preference) => preference.kind === kind)?.[channel] ?? true;

const phoneTypes = new Set(['mobile', 'phone', 'telephone', 'telephonenumber', 'sms']);

/** A contact medium that is a phone number one can text (`mobile`, `phone`, `telephone`, `sms`, case and separators aside). */
export const isPhoneMedium = (medium: Pick<ContactMedium, 'mediumType' | 'characteristic'>): boolean =>
  phoneTypes.has(medium.mediumType.toLowerCase().replaceAll(/[\s_-]/g, '')) && Boolean(medium.characteristic.phoneNumber);

/** Where a customer can be reached: its primary e-mail address (every customer has one) and a phone number, the preferred one first, when it has any. */
export interface CustomerReach {
  email: string;
  phoneNumber?: string;
}

export function phoneNumberOf(contactMedium: readonly ContactMedium[]): string | undefined {
  const phones = contactMedium.filter(isPhoneMedium).sort((a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false));
  return phones[0]?.characteristic.phoneNumber;
}

export type DeliveryRoute = { channel: 'email'; recipient: string } | { channel: 'sms'; recipient: string };

/**
 * The one channel a message goes out on, or none (withheld by the customer's choice):
 *
 * 1. the sender's first choice, when the customer accepts the kind there and can be reached there;
 * 2. else the other channel, on the same terms;
 * 3. else, for a mandatory kind, e-mail: the customer accepts it only by SMS and has no phone
 *    number, and a message the customer must get goes where it surely arrives;
 * 4. else none.
 */
export function deliveryRoute(preferences: CommunicationPreferences, kind: CustomerNotificationKind, reach: CustomerReach, firstChoice: NotificationChannel = 'email'): DeliveryRoute | undefined {
  const order = firstChoice === 'sms' ? (['sms', 'email'] as const) : (['email', 'sms'] as const);
  for (const channel of order) {
    if (!accepts(preferences, kind, channel)) continue;
    if (channel === 'email') return { channel, recipient: reach.email };
    if (reach.phoneNumber !== undefined) return { channel, recipient: reach.phoneNumber };
  }
  return isMandatoryKind(kind) ? { channel: 'email', recipient: reach.email } : undefined;
}

/** The API reference's example answer. */
export const communicationPreferencesExample: CommunicationPreferences = /* @__PURE__ */ communicationPreferencesOf('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', {
  choices: [
    { kind: 'paymentReminder', email: true, sms: false },
    { kind: 'supportCaseStatusChanged', email: false, sms: false },
  ],
  lastUpdate: '2027-03-01T09:30:00.000Z',
});

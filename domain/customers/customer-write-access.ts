import type { FieldProblem } from '../shared/domain-errors.js';
import type { ContactMedium } from '../shared/tmf-types.js';
import { onlyCharacteristics, staffWrites, type WriteAccess } from '../shared/write-access.js';
import type { Customer, CustomerPatch } from './customer.js';
import { emailChangePath } from './email-change.js';
import { normalizeEmail } from './email.js';

/**
 * The customer characteristics the BSS reads, and who sets each (docs/security.md). Those that
 * change a price, a tax, the billing terms or a risk decision are staff's: `segment` gives
 * segment discounts (pricing-profile.ts), and `preferredCurrency`, `timeZone` and
 * `billingCycleDay` open the default billing account (billingPreferencesOf). A characteristic
 * not listed here is staff's too, so a name a later context starts reading is never the
 * customer's by accident.
 */
export const customerCharacteristicWriters = {
  segment: 'staff',
  preferredCurrency: 'staff',
  timeZone: 'staff',
  billingCycleDay: 'staff',
  /** The language the customer wants to be written to in (BCP 47, e.g. fr-FR). */
  preferredLanguage: 'customer',
  /** Whether the customer accepts marketing messages. */
  marketingOptIn: 'customer',
} as const satisfies Record<string, 'staff' | 'customer'>;

export const selfServiceCharacteristicNames: readonly string[] = Object.entries(customerCharacteristicWriters)
  .filter(([, writer]) => writer === 'customer')
  .map(([name]) => name);

/** POST /customer: staff register customers (a customer's own sign-up goes through onboarding, also staff's). */
export const customerCreateAccess: WriteAccess = staffWrites;

/**
 * PATCH /customer/{id}: staff change anything; a customer changes its name, its contact media
 * (but not its e-mail addresses, which change only once verified: selfServiceChangeProblems;
 * an address that moves the tax jurisdiction is the customer's to state, and audited), its payment methods (its own card tokens) and its self-service
 * characteristics. The lifecycle, the engaged party and the related parties are staff's.
 */
export const customerPatchAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: {
    name: true,
    contactMedium: true,
    paymentMethod: true,
    characteristic: onlyCharacteristics(selfServiceCharacteristicNames),
  },
};

/**
 * A customer's `characteristic` list is its own characteristics only: a merge patch replaces
 * the list whole, so the staff-set ones are carried over instead of being dropped with it.
 */
export function selfServiceCustomerPatch(current: Customer, patch: CustomerPatch): CustomerPatch {
  if (patch.characteristic === undefined) return patch;
  const kept = (current.characteristic ?? []).filter((characteristic) => !selfServiceCharacteristicNames.includes(characteristic.name));
  const characteristic = [...kept, ...(patch.characteristic ?? [])];
  return { ...patch, characteristic: characteristic.length > 0 ? characteristic : null };
}

/**
 * The e-mail change routes (email-change.ts): a customer asks for and confirms its own change
 * (the route checks the customer is the caller), staff do it for any customer; a machine client nothing.
 */
export const emailChangeAccess: WriteAccess = { admin: 'everything', agent: 'everything', customer: 'everything', mediation: {} };

const emailAddressesOf = (contactMedium: readonly ContactMedium[]): string[] =>
  [...new Set(contactMedium.filter((medium) => medium.mediumType.toLowerCase() === 'email' && medium.characteristic.emailAddress).map((medium) => normalizeEmail(medium.characteristic.emailAddress!)))].sort();

/**
 * What a customer's own patch may not change, judged on the result rather than the body (a
 * merge patch replaces the contact media whole, so an unchanged e-mail is sent back with every
 * phone number change): its e-mail addresses. A new one is proven first, through the e-mail
 * change, so a customer can neither claim an address it does not hold nor learn from a
 * refusal that an address is taken. The refusal is the same whatever the address.
 */
export function selfServiceChangeProblems(current: Pick<Customer, 'contactMedium'>, next: Pick<Customer, 'contactMedium'>): FieldProblem[] {
  const before = emailAddressesOf(current.contactMedium);
  const after = emailAddressesOf(next.contactMedium);
  if (before.length === after.length && before.every((address, index) => address === after[index])) return [];
  return [{ field: 'contactMedium', problem: `e-mail addresses change once verified: POST ${emailChangePath}` }];
}

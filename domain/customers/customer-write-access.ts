import { onlyCharacteristics, staffWrites, type WriteAccess } from '../shared/write-access.js';
import type { Customer, CustomerPatch } from './customer.js';

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
 * (an e-mail change is still unique; an address that moves the tax jurisdiction is the
 * customer's to state), its payment methods (its own card tokens) and its self-service
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

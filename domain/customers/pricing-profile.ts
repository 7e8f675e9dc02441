import type { Customer } from './customer.js';
import { postalAddressOf } from './postal-address.js';

/**
 * What pricing needs to know about a customer (docs/pricing.md, "Quoting a cart"): where it
 * is taxed, from its postal address, and its market segment, from its `segment`
 * characteristic. Quotes read it now; orders and billing price with the same profile.
 */
export interface PricingProfile {
  /** Absent when the customer has no postal address with a country. */
  taxLocation?: { country: string; stateOrProvince?: string };
  segment?: string;
}

export function pricingProfileOf(customer: Pick<Customer, 'contactMedium' | 'characteristic'>): PricingProfile {
  const address = postalAddressOf(customer.contactMedium);
  const country = address?.country?.trim();
  const stateOrProvince = address?.stateOrProvince?.trim();
  const segment = customer.characteristic?.find((characteristic) => characteristic.name === 'segment')?.value;
  return {
    ...(country ? { taxLocation: { country, ...(stateOrProvince ? { stateOrProvince } : {}) } } : {}),
    ...(segment !== undefined && String(segment).trim() !== '' ? { segment: String(segment).trim() } : {}),
  };
}

import type { Customer } from './customer.js';

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

/** TMF629 writes the medium type freely: `postalAddress`, `PostalAddress`, `postal address`. */
const isPostal = (mediumType: string): boolean => mediumType.replaceAll(/[\s_-]/g, '').toLowerCase().startsWith('postal');

export function pricingProfileOf(customer: Pick<Customer, 'contactMedium' | 'characteristic'>): PricingProfile {
  const addresses = customer.contactMedium.filter((medium) => isPostal(medium.mediumType) && medium.characteristic.country?.trim());
  // The preferred address decides when a customer has several (home and holiday home).
  const address = addresses.find((medium) => medium.preferred) ?? addresses[0];
  const country = address?.characteristic.country?.trim();
  const stateOrProvince = address?.characteristic.stateOrProvince?.trim();
  const segment = customer.characteristic?.find((characteristic) => characteristic.name === 'segment')?.value;
  return {
    ...(country ? { taxLocation: { country, ...(stateOrProvince ? { stateOrProvince } : {}) } } : {}),
    ...(segment !== undefined && String(segment).trim() !== '' ? { segment: String(segment).trim() } : {}),
  };
}

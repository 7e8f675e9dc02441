import type { ContactMedium } from '../shared/tmf-types.js';

/** TMF629 writes the medium type freely: `postalAddress`, `PostalAddress`, `postal address`. */
export const isPostalMedium = (mediumType: string): boolean => mediumType.replaceAll(/[\s_-]/g, '').toLowerCase().startsWith('postal');

/**
 * The customer's postal address: the one its taxes follow (docs/pricing.md) and its bills are
 * addressed to (docs/bill-documents.md), so both always name the same. An address with a country
 * first, the preferred one when there are several (home and holiday home); else any postal address.
 */
export function postalAddressOf(contactMedium: readonly ContactMedium[]): ContactMedium['characteristic'] | undefined {
  const postal = contactMedium.filter((medium) => isPostalMedium(medium.mediumType));
  const withCountry = postal.filter((medium) => medium.characteristic.country?.trim());
  const candidates = withCountry.length > 0 ? withCountry : postal;
  return (candidates.find((medium) => medium.preferred) ?? candidates[0])?.characteristic;
}

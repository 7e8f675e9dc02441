import type { Customer } from '../shared/api-types.js';

type ContactMedium = Customer['contactMedium'][number];

/** What the profile page edits of a customer's contact media; the e-mail changes only through a verified change. */
export interface ContactDetails {
  name: string;
  phoneNumber: string;
  street1: string;
  street2: string;
  postCode: string;
  city: string;
  country: string;
}

const isPhone = (medium: ContactMedium) => ['phone', 'mobile', 'telephonenumber', 'phonenumber'].includes(medium.mediumType.replaceAll(/[\s_-]/g, '').toLowerCase());
// The same reading of a postal medium as the server's (domain/customers/postal-address.ts).
const isPostal = (medium: ContactMedium) => medium.mediumType.replaceAll(/[\s_-]/g, '').toLowerCase().startsWith('postal');
const isEmail = (medium: ContactMedium) => medium.mediumType.toLowerCase() === 'email';

/** The customer's e-mail address: the preferred e-mail medium's, else the first. */
export function emailOf(customer: Pick<Customer, 'contactMedium'>): string | undefined {
  const emails = customer.contactMedium.filter((medium) => isEmail(medium) && medium.characteristic.emailAddress);
  return (emails.find((medium) => medium.preferred) ?? emails[0])?.characteristic.emailAddress;
}

/** The form's starting values: the first phone and the first postal address the customer has. */
export function contactDetailsOf(customer: Pick<Customer, 'name' | 'contactMedium'>): ContactDetails {
  const phone = customer.contactMedium.find(isPhone)?.characteristic;
  const postal = customer.contactMedium.find(isPostal)?.characteristic;
  return {
    name: customer.name ?? '',
    phoneNumber: phone?.phoneNumber ?? '',
    street1: postal?.street1 ?? '',
    street2: postal?.street2 ?? '',
    postCode: postal?.postCode ?? '',
    city: postal?.city ?? '',
    country: postal?.country ?? '',
  };
}

/**
 * The merge patch of the edited details. `contactMedium` is replaced whole, so every medium the
 * form does not edit (the e-mail addresses, a second phone) is carried over as it was; the
 * edited phone and address take the place of the first of their kind, and an emptied one is
 * removed. Untouched values send nothing, so a save never rewrites what did not change.
 */
export function contactDetailsPatch(customer: Pick<Customer, 'name' | 'contactMedium'>, edited: ContactDetails): { name?: string; contactMedium?: ContactMedium[] } {
  const trimmed = Object.fromEntries(Object.entries(edited).map(([key, value]) => [key, value.trim()])) as unknown as ContactDetails;
  const before = contactDetailsOf(customer);
  const patch: { name?: string; contactMedium?: ContactMedium[] } = {};
  if (trimmed.name && trimmed.name !== before.name) patch.name = trimmed.name;
  const phoneChanged = trimmed.phoneNumber !== before.phoneNumber;
  const postalChanged = (['street1', 'street2', 'postCode', 'city', 'country'] as const).some((field) => trimmed[field] !== before[field]);
  if (!phoneChanged && !postalChanged) return patch;

  const media: ContactMedium[] = [];
  let phoneDone = false;
  let postalDone = false;
  const phone = (): ContactMedium[] => (trimmed.phoneNumber ? [{ mediumType: 'phone', characteristic: { phoneNumber: trimmed.phoneNumber } }] : []);
  const postal = (): ContactMedium[] => {
    const address = Object.fromEntries((['street1', 'street2', 'postCode', 'city', 'country'] as const).filter((field) => trimmed[field]).map((field) => [field, trimmed[field]]));
    return Object.keys(address).length > 0 ? [{ mediumType: 'postalAddress', characteristic: address }] : [];
  };
  for (const medium of customer.contactMedium) {
    if (!phoneDone && isPhone(medium)) {
      phoneDone = true;
      media.push(...(phoneChanged ? phone().map((edit) => ({ ...medium, characteristic: { ...medium.characteristic, ...edit.characteristic } })) : [medium]));
    } else if (!postalDone && isPostal(medium)) {
      postalDone = true;
      media.push(...(postalChanged ? postal().map((edit) => ({ ...medium, characteristic: edit.characteristic })) : [medium]));
    } else media.push(medium);
  }
  if (!phoneDone) media.push(...phone());
  if (!postalDone) media.push(...postal());
  patch.contactMedium = media;
  return patch;
}

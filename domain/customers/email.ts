import { InvalidInputError } from '../shared/domain-errors.js';
import type { ContactMedium } from '../shared/tmf-types.js';

/** Emails compare case-insensitively and without surrounding blanks: the form the uniqueness guard stores. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The one email a customer is known by, normalized for the uniqueness check. */
export function primaryEmail(contactMedium: readonly ContactMedium[]): string {
  const emails = contactMedium
    .filter((medium) => medium.mediumType.toLowerCase() === 'email' && medium.characteristic.emailAddress)
    .sort((a, b) => Number(b.preferred ?? false) - Number(a.preferred ?? false));
  const email = emails[0]?.characteristic.emailAddress;
  if (!email) {
    throw new InvalidInputError('a customer needs an email contact medium', [
      { field: 'contactMedium', problem: 'add { "mediumType": "email", "characteristic": { "emailAddress": "..." } }' },
    ]);
  }
  return normalizeEmail(email);
}

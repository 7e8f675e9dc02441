import { describe, expect, it } from 'vitest';
import { contactDetailsOf, contactDetailsPatch, emailOf } from '../portal/contact-details.js';

const customer = {
  name: 'Léa Martin',
  contactMedium: [
    { mediumType: 'email', characteristic: { emailAddress: 'old@example.com' } },
    { mediumType: 'email', preferred: true, characteristic: { emailAddress: 'lea@example.com' } },
    { mediumType: 'postalAddress', characteristic: { street1: '12 rue de la Paix', postCode: '75002', city: 'Paris', country: 'FR' } },
  ],
};

describe('contact details', () => {
  it('reads the preferred e-mail, and the first phone and postal address', () => {
    expect(emailOf(customer)).toBe('lea@example.com');
    expect(contactDetailsOf(customer)).toEqual({ name: 'Léa Martin', phoneNumber: '', street1: '12 rue de la Paix', street2: '', postCode: '75002', city: 'Paris', country: 'FR' });
  });

  it('sends nothing when nothing changed, and only the name when only the name changed', () => {
    expect(contactDetailsPatch(customer, contactDetailsOf(customer))).toEqual({});
    expect(contactDetailsPatch(customer, { ...contactDetailsOf(customer), name: '  Léa Dubois ' })).toEqual({ name: 'Léa Dubois' });
  });

  it('adds a phone, keeping the e-mail addresses and the address as they were, in their order', () => {
    const patch = contactDetailsPatch(customer, { ...contactDetailsOf(customer), phoneNumber: '+33 6 12 34 56 78' });
    expect(patch.contactMedium).toEqual([...customer.contactMedium, { mediumType: 'phone', characteristic: { phoneNumber: '+33 6 12 34 56 78' } }]);
  });

  it('moves the address in place, and removes an emptied phone', () => {
    const withPhone = { ...customer, contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '0612345678' } }, ...customer.contactMedium] };
    const patch = contactDetailsPatch(withPhone, { ...contactDetailsOf(withPhone), phoneNumber: ' ', street1: '3 place Bellecour', postCode: '69002', city: 'Lyon' });
    expect(patch.contactMedium).toEqual([
      customer.contactMedium[0],
      customer.contactMedium[1],
      { mediumType: 'postalAddress', characteristic: { street1: '3 place Bellecour', postCode: '69002', city: 'Lyon', country: 'FR' } },
    ]);
  });
});

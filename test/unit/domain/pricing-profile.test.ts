import { describe, expect, it } from 'vitest';
import { pricingProfileOf } from '../../../domain/customers/pricing-profile.js';

const email = { mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } };

describe('pricingProfileOf (the tax location and segment a customer is priced with)', () => {
  it('takes the country and state of the postal address and the segment characteristic', () => {
    const profile = pricingProfileOf({
      contactMedium: [email, { mediumType: 'postalAddress', characteristic: { city: 'New York', stateOrProvince: ' NY ', country: 'US' } }],
      characteristic: [{ name: 'preferredCurrency', value: 'USD' }, { name: 'segment', value: 'student' }],
    });
    expect(profile).toEqual({ taxLocation: { country: 'US', stateOrProvince: 'NY' }, segment: 'student' });
  });

  it('prefers the preferred postal address, whatever the spelling of its medium type', () => {
    const profile = pricingProfileOf({
      contactMedium: [
        { mediumType: 'PostalAddress', characteristic: { country: 'DE' } },
        { mediumType: 'postal address', preferred: true, characteristic: { country: 'FR' } },
      ],
    });
    expect(profile).toEqual({ taxLocation: { country: 'FR' } });
  });

  it('has no tax location without a postal address that names a country, and no segment unless given', () => {
    expect(pricingProfileOf({ contactMedium: [email, { mediumType: 'postalAddress', characteristic: { city: 'Paris', country: ' ' } }] })).toEqual({});
    expect(pricingProfileOf({ contactMedium: [{ mediumType: 'telephone', characteristic: { phoneNumber: '+33 1 23 45 67 89', country: 'FR' } }] })).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { expectValidTmf, tmf629, tmf635, tmf666, validateTmf } from '../support/tmf-schema.js';

const validCustomer = {
  id: 'c-1',
  href: '/tmf-api/customerManagement/v4/customer/c-1',
  name: 'Ada Lovelace',
  status: 'Initialized',
  engagedParty: { id: 'p-1', name: 'Ada Lovelace', '@referredType': 'Individual' },
  contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: 'ada@example.com' } }],
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
  '@type': 'Customer',
};

describe('validateTmf against the TM Forum swagger 2.0 definitions', () => {
  it('accepts a valid TMF629 Customer', () => {
    expect(validateTmf(tmf629, 'Customer', validCustomer)).toEqual({ valid: true, errors: [] });
    expect(() => expectValidTmf(tmf629, 'Customer', validCustomer)).not.toThrow();
  });

  it('rejects a Customer without its required engagedParty', () => {
    const { engagedParty: _omitted, ...withoutParty } = validCustomer;
    const result = validateTmf(tmf629, 'Customer', withoutParty);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/engagedParty/);
  });

  it('follows #/definitions refs into nested definitions (RelatedParty needs @referredType)', () => {
    const result = validateTmf(tmf629, 'Customer', { ...validCustomer, engagedParty: { id: 'p-1' } });
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/\/engagedParty .*@referredType/);
  });

  it('checks types and formats of referenced definitions (TimePeriod date-time, ContactMedium array)', () => {
    const result = validateTmf(tmf629, 'Customer', {
      ...validCustomer,
      validFor: { startDateTime: 'yesterday' },
      contactMedium: { mediumType: 'email' },
    });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/validFor\/startDateTime must match format "date-time"/), expect.stringMatching(/^\/contactMedium must be array/)]),
    );
  });

  it('expectValidTmf throws with readable errors naming the path', () => {
    expect(() => expectValidTmf(tmf629, 'Error', { code: 'X' })).toThrow(/not a valid TMF Error[\s\S]*\(root\) must have required property 'reason'/);
  });

  it('validates definitions of another file independently (TMF666 RelatedParty requires name)', () => {
    const party = { id: 'c-1', '@referredType': 'Customer' };
    expect(validateTmf(tmf629, 'RelatedParty', party).valid).toBe(true);
    expect(validateTmf(tmf666, 'RelatedParty', party).valid).toBe(false);
  });

  it('reads the format "uri" of TMF635 hrefs as a URI reference: the relative hrefs the API answers pass, text that is no URI does not', () => {
    expect(validateTmf(tmf635, 'Usage', { href: '/tmf-api/usageManagement/v4/usage/u1' })).toEqual({ valid: true, errors: [] });
    expect(validateTmf(tmf635, 'Usage', { href: 'not a uri' }).errors).toEqual(['/href must match format "uri"']);
  });

  it('refuses a definition the file does not have', () => {
    expect(() => validateTmf(tmf629, 'NoSuchThing', {})).toThrow(/has no definition NoSuchThing/);
  });
});

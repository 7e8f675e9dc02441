import { describe, expect, it } from 'vitest';
import { customerPatchAccess, selfServiceCustomerPatch } from '../../../../domain/customers/customer-write-access.js';
import type { Customer } from '../../../../domain/customers/customer.js';
import { forbiddenWrites, onlyAttributes, onlyCharacteristics, type WriteAccess } from '../../../../domain/shared/write-access.js';

const access: WriteAccess = {
  admin: 'everything',
  agent: { note: true },
  mediation: {},
  customer: {
    name: true,
    item: onlyAttributes({ id: true, quantity: true }),
    characteristic: onlyCharacteristics(['preferredLanguage']),
  },
};

describe('forbiddenWrites (what a role may not write in a body)', () => {
  it('a role with everything may write anything', () => {
    expect(forbiddenWrites({ anything: 1, item: [{ pinnedPrice: [] }] }, access, 'admin')).toEqual([]);
  });

  it('names each attribute the declaration leaves out, nested ones by their path, in body order', () => {
    const body = { name: 'A', status: 'Closed', item: [{ id: '1', quantity: 2 }, { id: '2', pinnedPrice: [{ id: 'p' }] }] };
    expect(forbiddenWrites(body, access, 'customer')).toEqual(['status', 'item[1].pinnedPrice']);
    expect(forbiddenWrites(body, access, 'agent')).toEqual(['name', 'status', 'item']);
  });

  it('a characteristic list is judged by name: only the declared names', () => {
    const body = { characteristic: [{ name: 'preferredLanguage', value: 'fr' }, { name: 'segment', value: 'student' }, { value: 'x' }] };
    expect(forbiddenWrites(body, access, 'customer')).toEqual(['characteristic[name=segment]', 'characteristic[name=undefined]']);
  });

  it('null (a merge patch removing an attribute) is a write of that attribute', () => {
    expect(forbiddenWrites({ status: null, characteristic: null }, access, 'customer')).toEqual(['status']);
  });

  it('an inherited name is not a declaration', () => {
    expect(forbiddenWrites({ toString: 'x', constructor: 'y' }, access, 'customer')).toEqual(['toString', 'constructor']);
  });
});

describe('a customer patching its own characteristics', () => {
  const customer = {
    characteristic: [
      { name: 'segment', value: 'business' },
      { name: 'preferredLanguage', value: 'en' },
      { name: 'billingCycleDay', value: 5 },
    ],
  } as Customer;

  it('may set only self-service characteristics', () => {
    expect(forbiddenWrites({ characteristic: [{ name: 'segment', value: 'student' }] }, customerPatchAccess, 'customer')).toEqual(['characteristic[name=segment]']);
    expect(forbiddenWrites({ characteristic: [{ name: 'marketingOptIn', value: true }] }, customerPatchAccess, 'customer')).toEqual([]);
  });

  it('replaces its own characteristics and keeps the staff-set ones', () => {
    const patch = selfServiceCustomerPatch(customer, { characteristic: [{ name: 'preferredLanguage', value: 'fr' }] });
    expect(patch.characteristic).toEqual([
      { name: 'segment', value: 'business' },
      { name: 'billingCycleDay', value: 5 },
      { name: 'preferredLanguage', value: 'fr' },
    ]);
  });

  it('removing its characteristics (null) removes only its own', () => {
    expect(selfServiceCustomerPatch(customer, { characteristic: null }).characteristic).toEqual([
      { name: 'segment', value: 'business' },
      { name: 'billingCycleDay', value: 5 },
    ]);
    expect(selfServiceCustomerPatch({ characteristic: [{ name: 'marketingOptIn', value: true }] } as Customer, { characteristic: null }).characteristic).toBeNull();
  });

  it('a patch without characteristics is left alone', () => {
    const patch = { name: 'Ada' };
    expect(selfServiceCustomerPatch(customer, patch)).toBe(patch);
  });
});

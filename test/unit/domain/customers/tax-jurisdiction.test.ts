import { describe, expect, it } from 'vitest';
import { taxJurisdictionAuditEntry, taxJurisdictionMove } from '../../../../domain/customers/tax-jurisdiction.js';

const living = (characteristic: Record<string, string>) => ({ contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'a@example.com' } }, { mediumType: 'postalAddress', characteristic }] });

describe('tax jurisdiction moves', () => {
  it('a move within the same country and state is none: street, town and post code do not tax', () => {
    expect(taxJurisdictionMove(living({ street1: '1 rue A', city: 'Paris', country: 'FR' }), living({ street1: '9 cours B', city: 'Lyon', country: 'fr' }))).toBeUndefined();
  });

  it('another country, or another state, is a move', () => {
    expect(taxJurisdictionMove(living({ city: 'Paris', country: 'FR' }), living({ city: 'Berlin', country: 'DE' }))).toEqual({ from: { country: 'FR' }, to: { country: 'DE' } });
    expect(taxJurisdictionMove(living({ country: 'US', stateOrProvince: 'OR' }), living({ country: 'US', stateOrProvince: 'CA' }))).toEqual({
      from: { country: 'US', stateOrProvince: 'OR' },
      to: { country: 'US', stateOrProvince: 'CA' },
    });
  });

  it('gaining or losing a taxing address is a move', () => {
    const none = { contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'a@example.com' } }] };
    expect(taxJurisdictionMove(none, living({ country: 'FR' }))).toEqual({ to: { country: 'FR' } });
    expect(taxJurisdictionMove(living({ country: 'FR' }), none)).toEqual({ from: { country: 'FR' } });
  });

  it('is recorded with who made it, before and after', () => {
    const entry = taxJurisdictionAuditEntry('cust-1', { to: { country: 'DE' } }, { id: 'a-1', at: '2026-02-01T08:00:00.000Z', actor: { subject: 'u-1', role: 'customer' }, correlationId: 'c-1' });
    expect(entry).toEqual({
      id: 'a-1',
      at: '2026-02-01T08:00:00.000Z',
      resource: { type: 'Customer', id: 'cust-1' },
      action: 'taxJurisdictionChanged',
      actor: { subject: 'u-1', role: 'customer' },
      correlationId: 'c-1',
      before: null,
      after: { country: 'DE' },
    });
  });
});

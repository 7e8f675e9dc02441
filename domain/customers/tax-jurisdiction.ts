import type { AuditEntry } from '../shared/audit-entry.js';
import type { Customer } from './customer.js';
import { pricingProfileOf } from './pricing-profile.js';

/**
 * Where a customer is taxed: the country, and the state or province where taxes differ by it,
 * of its postal address (pricing-profile.ts). Street, town and post code do not move it.
 */
export interface TaxJurisdiction {
  country: string;
  stateOrProvince?: string;
}

const jurisdictionOf = (customer: Pick<Customer, 'contactMedium' | 'characteristic'>): TaxJurisdiction | undefined => {
  const location = pricingProfileOf(customer).taxLocation;
  if (!location) return undefined;
  return { country: location.country.toUpperCase(), ...(location.stateOrProvince ? { stateOrProvince: location.stateOrProvince.toUpperCase() } : {}) };
};

const same = (a: TaxJurisdiction | undefined, b: TaxJurisdiction | undefined): boolean => a?.country === b?.country && a?.stateOrProvince === b?.stateOrProvince;

/**
 * The move of a customer's tax jurisdiction a change makes, if it makes one: an address change
 * within the same country and state is none; gaining, losing or changing the taxing address is.
 */
export function taxJurisdictionMove(before: Pick<Customer, 'contactMedium' | 'characteristic'>, after: Pick<Customer, 'contactMedium' | 'characteristic'>): { from?: TaxJurisdiction; to?: TaxJurisdiction } | undefined {
  const from = jurisdictionOf(before);
  const to = jurisdictionOf(after);
  if (same(from, to)) return undefined;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function taxJurisdictionAuditEntry(
  customerId: string,
  move: { from?: TaxJurisdiction; to?: TaxJurisdiction },
  context: { id: string; at: string; actor: AuditEntry['actor']; correlationId: string },
): AuditEntry {
  return {
    id: context.id,
    at: context.at,
    resource: { type: 'Customer', id: customerId },
    action: 'taxJurisdictionChanged',
    actor: context.actor,
    correlationId: context.correlationId,
    before: move.from ?? null,
    after: move.to ?? null,
  };
}

import { RuleViolationError } from '../shared/domain-errors.js';
import type { RelatedParty } from '../shared/tmf-types.js';

/**
 * Who owns a billing account: its one relatedParty of type Customer or, for an account with
 * none, its one of type Organization (docs/api.md, "Organization-owned billing accounts").
 * Kept apart from billing-account.ts so read-only handlers do not load the request schemas.
 *
 * An organization is referenced, not looked up (there is no TMF632 party registry): its
 * account is a managed record that nothing bills, since products, orders, payments and
 * usage all belong to customers and name a customer's account.
 */
export type BillingAccountOwner = { kind: 'Customer'; id: string } | { kind: 'Organization'; id: string };

export function billingAccountOwner(account: { relatedParty: readonly RelatedParty[] }): BillingAccountOwner {
  const customer = account.relatedParty.find((party) => party['@referredType'] === 'Customer');
  if (customer) return { kind: 'Customer', id: customer.id };
  const organization = account.relatedParty.find((party) => party['@referredType'] === 'Organization');
  if (organization) return { kind: 'Organization', id: organization.id };
  throw new Error('invariant broken: billing account without a Customer or Organization party');
}

/** The customer that owns the account; undefined for an organization's. */
export function ownerCustomerIdOf(account: { relatedParty: readonly RelatedParty[] }): string | undefined {
  const owner = billingAccountOwner(account);
  return owner.kind === 'Customer' ? owner.id : undefined;
}

/**
 * The customer that owns the account, for what only a customer's account can do (order,
 * pay, rate usage, bill): an organization's account is refused with a 409 naming its owner.
 */
export function ownerCustomerId(account: { relatedParty: readonly RelatedParty[] }): string {
  const owner = billingAccountOwner(account);
  if (owner.kind === 'Customer') return owner.id;
  throw new RuleViolationError('account-without-customer', `the billing account is owned by organization ${owner.id}, not by a customer: only a customer's account can be used here`);
}

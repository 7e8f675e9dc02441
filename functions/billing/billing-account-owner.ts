import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { isStaff, type Principal } from '../lib/auth/principal.js';
import type { CollectionQuery } from '../lib/http/collection-query.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';

export const customerFilter = 'relatedParty.id';
export const accountFilter = 'billingAccount.id';

/**
 * Billing resources are indexed by customer. A `billingAccount.id` filter therefore reads the
 * account's owner (the account filter then narrows within it): an unknown account, or another
 * customer's, gives nothing, exactly as an account with nothing billed. Staff who name neither
 * list everyone's, from the lists' all-bills index (never a scan).
 */
export async function narrowToBilledCustomers(query: CollectionQuery, principal: Principal): Promise<void> {
  const accounts = query.filters.get(accountFilter)?.values;
  if (accounts !== undefined && !query.filters.has(customerFilter)) {
    const owners = await Promise.all(
      accounts.map(async (id) => {
        const stored = await findBillingAccount(id);
        return stored ? ownerCustomerId(stored.account) : undefined;
      }),
    );
    const visible = owners.flatMap((owner) => (owner !== undefined && (isStaff(principal) || owner === principal.customerId) ? [owner] : []));
    query.filters.set(customerFilter, { path: customerFilter.split('.'), values: [...new Set(visible)] });
  }
}

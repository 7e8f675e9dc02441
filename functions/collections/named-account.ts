import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess, type Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import type { CollectionQuery } from '../lib/http/collection-query.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';

/**
 * The one billing account a collections list names (`billingAccount.id=<id>`), readable by the
 * caller: staff, or its owner; another customer's answers 404 exactly like an unknown one.
 */
export async function namedAccountOf(query: CollectionQuery, principal: Principal): Promise<{ account: BillingAccount; customerId: string }> {
  const accounts = query.filters.get('billingAccount.id')?.values ?? [];
  if (accounts.length !== 1) throw ApiError.badRequest('name one billing account: billingAccount.id=<id>', [{ field: 'billingAccount.id', problem: 'exactly one account is required' }]);
  const accountId = accounts[0]!;
  const stored = await findBillingAccount(accountId);
  if (!stored) throw ApiError.notFound('billingAccount', accountId);
  const customerId = ownerCustomerId(stored.account);
  requireCustomerAccess(principal, customerId, 'billingAccount', accountId);
  return { account: stored.account, customerId };
}

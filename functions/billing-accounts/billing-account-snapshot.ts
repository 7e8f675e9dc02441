import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { billingAccountOwner } from '../../domain/customers/billing-account-owner.js';

/** What billing account events carry about the account: its owner is a customer or, with no customer, an organization. */
export function billingAccountSnapshot(account: BillingAccount) {
  const owner = billingAccountOwner(account);
  return {
    id: account.id,
    href: account.href,
    name: account.name,
    state: account.state,
    ...(owner.kind === 'Customer' ? { customerId: owner.id } : { organizationId: owner.id }),
    currency: account.currency,
    timeZone: account.timeZone,
    billingCycleDay: account.billingCycleDay,
    isDefault: account.isDefault,
    ...(account.creditLimit ? { creditLimit: account.creditLimit } : {}),
    ...(account.testClock ? { testClockId: account.testClock.id } : {}),
  };
}

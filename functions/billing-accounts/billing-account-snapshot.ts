import type { BillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';

/** What billing account events carry about the account. */
export function billingAccountSnapshot(account: BillingAccount) {
  return {
    id: account.id,
    href: account.href,
    name: account.name,
    state: account.state,
    customerId: ownerCustomerId(account),
    currency: account.currency,
    timeZone: account.timeZone,
    billingCycleDay: account.billingCycleDay,
    isDefault: account.isDefault,
    ...(account.creditLimit ? { creditLimit: account.creditLimit } : {}),
    ...(account.testClock ? { testClockId: account.testClock.id } : {}),
  };
}

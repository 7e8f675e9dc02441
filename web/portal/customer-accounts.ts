import type { ApiClient } from '../shared/api-client.js';
import { apiPaths, type BillingAccount } from '../shared/api-types.js';

/**
 * The customer's billing accounts, read once per page load and shared by the pages: every
 * amount and date is shown in its account's currency and time zone, and the accounts rarely
 * change while someone reads their bills. A failed read is not kept, so a retry asks again.
 * What shows a balance or a payment status asks `fresh`: those move with every payment.
 */
let accounts: Promise<BillingAccount[]> | undefined;

export function customerAccounts(api: ApiClient, customerId: string, { fresh = false } = {}): Promise<BillingAccount[]> {
  if (fresh) accounts = undefined;
  accounts ??= api.list<BillingAccount>(apiPaths.billingAccount, { 'relatedParty.id': customerId }).then(
    (page) => page.items,
    (error: unknown) => {
      accounts = undefined;
      throw error;
    },
  );
  return accounts;
}

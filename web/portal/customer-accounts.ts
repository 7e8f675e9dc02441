import type { ApiClient } from '../shared/api-client.js';
import { apiPaths, type BillingAccount } from '../shared/api-types.js';

/**
 * The customer's billing accounts, read once per page load and shared by the pages: every
 * amount and date is shown in its account's currency and time zone, and the accounts rarely
 * change while someone reads their bills. A failed read is not kept, so a retry asks again.
 */
let accounts: Promise<BillingAccount[]> | undefined;

export function customerAccounts(api: ApiClient, customerId: string): Promise<BillingAccount[]> {
  accounts ??= api.list<BillingAccount>(apiPaths.billingAccount, { 'relatedParty.id': customerId }).then(
    (page) => page.items,
    (error: unknown) => {
      accounts = undefined;
      throw error;
    },
  );
  return accounts;
}

/**
 * The time zone an instant about an account is read in: that account's, else the customer's
 * first account's (a message about no account), else the reader's (a customer with no account).
 */
export function timeZoneOf(accountsRead: BillingAccount[], accountId: string | undefined): string {
  return (accountsRead.find((account) => account.id === accountId) ?? accountsRead[0])?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

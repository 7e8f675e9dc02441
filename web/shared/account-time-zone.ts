import type { BillingAccount } from './api-types.js';

/**
 * The time zone an instant about an account is read in: that account's, else the customer's
 * first account's (a message about no account), else the reader's (a customer with no account).
 */
export function timeZoneOf(accountsRead: BillingAccount[], accountId: string | undefined): string {
  return (accountsRead.find((account) => account.id === accountId) ?? accountsRead[0])?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

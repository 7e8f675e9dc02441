import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import { systemClock } from '../../../functions/lib/clock.js';
import { FakeIdempotencyTable } from '../../support/idempotency-table.js';
import type { CustomerBill } from '../../../domain/billing/customer-bill.js';
import { ledgerEntry } from '../../../domain/collections/account-ledger.js';
import { moneyFromTmf } from '../../../domain/money/money.js';
import { ledgerEntryActions } from '../../../functions/lib/store/account-ledger-store.js';
import { openBillIndexKeys } from '../../../functions/lib/store/bill-store.js';
import { billingAccountItem } from '../../support/fixtures.js';
import { openBill } from '../../unit/domain/collections/collections-fixtures.js';
import { billItem, parisAccount, parisCustomer } from '../billing/billing-fixtures.js';
import { FakeBillingTable } from '../billing/billing-table.js';
import { customerItem } from '../../support/fixtures.js';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';

export const paymentPath = '/tmf-api/paymentManagement/v4/payment';

/** A customer and its account, with nothing billed yet. */
export function writeCustomerAccount(table: FakeBillingTable, ids: { customerId: string; accountId: string }, account: Partial<BillingAccount> = {}): void {
  table.put(customerItem(parisCustomer(ids.customerId)));
  table.put(billingAccountItem(parisAccount(ids.accountId, ids.customerId, account)));
}

/**
 * An issued bill of the account (in EUR unless `currency` says otherwise), in the open-bills
 * index and entered in its ledger as issuing does both.
 */
export function writeIssuedBill(
  table: FakeBillingTable,
  input: { id: string; amount: number; accountId: string; customerId: string; paymentDueDate: string; billDate?: string; currency?: string; testClockId?: string },
): CustomerBill {
  const bill = openBill(input.id, input.amount, { paymentDueDate: input.paymentDueDate, ...(input.billDate ? { billDate: input.billDate } : {}) });
  const amount = { unit: input.currency ?? 'EUR', value: input.amount };
  const owned: CustomerBill = {
    ...bill,
    amountDue: amount,
    remainingAmount: amount,
    taxExcludedAmount: amount,
    taxIncludedAmount: amount,
    billingAccount: { ...bill.billingAccount, id: input.accountId, href: `/tmf-api/accountManagement/v4/billingAccount/${input.accountId}`, name: `Account ${input.accountId}` },
    relatedParty: [{ ...bill.relatedParty[0]!, id: input.customerId, href: `/tmf-api/customerManagement/v4/customer/${input.customerId}` }],
    ...(input.testClockId ? { testClock: { id: input.testClockId } } : {}),
  };
  table.put({ ...billItem(owned, input.customerId), ...openBillIndexKeys(owned) });
  const due = moneyFromTmf(owned.amountDue);
  for (const action of ledgerEntryActions(
    ledgerEntry({ billingAccountId: input.accountId, kind: 'bill', amountMinor: due.amount, currency: due.currency, recordedAt: owned.billDate, reference: { id: owned.id, href: owned.href, '@referredType': 'CustomerBill' }, description: `bill ${owned.billNo}` }),
  )) {
    table.apply(action);
  }
  return owned;
}

export const billNow = (table: FakeBillingTable, id: string) => table.get({ pk: `BILL#${id}`, sk: 'BILL' })!.resource as CustomerBill;
export const balanceOf = (table: FakeBillingTable, accountId: string) => table.get({ pk: `BILLING_ACCOUNT#${accountId}`, sk: 'BILLING_ACCOUNT' })!.balanceMinor as number;
export const ledgerOfAccount = (table: FakeBillingTable, accountId: string) =>
  table
    .itemsOf(`BILLING_ACCOUNT#${accountId}`)
    .filter((item) => String(item.sk).startsWith('LEDGER#'))
    .map((item) => item.resource as { kind: string; amount: { value: number }; reference: { id: string } });
export const creditOf = (table: FakeBillingTable, accountId: string) =>
  ((table.get({ pk: `BILLING_ACCOUNT#${accountId}`, sk: 'ACCOUNT_CREDIT' })?.sources ?? []) as { paymentId: string; amountMinor: string }[]).map((source) => [source.paymentId, source.amountMinor]);

/**
 * The start of every staff POST test of collections: the mocked clients reset, Powertools'
 * idempotency records in memory, the system clock at `now`, and a table holding customer
 * `cust-1` with its account `ba-1`.
 */
export function installCollectionsTable(mocks: { documentMock: AwsClientStub<DynamoDBDocumentClient>; dynamoMock: AwsClientStub<DynamoDBClient> }, now: string): FakeBillingTable {
  mocks.documentMock.reset();
  mocks.dynamoMock.reset();
  new FakeIdempotencyTable().install(mocks.dynamoMock);
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  const table = new FakeBillingTable().install(mocks.documentMock);
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' });
  return table;
}

/** Two open bills of `ba-1`: February's 29.03 due 15 Feb, March's 25.00 due 15 March. */
export function writeFebruaryAndMarchBills(table: FakeBillingTable): void {
  writeIssuedBill(table, { id: 'feb', amount: 29.03, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-02-15T00:00:00.000Z', billDate: '2027-02-01T00:00:00.000Z' });
  writeIssuedBill(table, { id: 'mar', amount: 25, accountId: 'ba-1', customerId: 'cust-1', paymentDueDate: '2027-03-15T00:00:00.000Z', billDate: '2027-03-01T00:00:00.000Z' });
}

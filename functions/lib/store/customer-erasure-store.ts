import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import type { Customer } from '../../../domain/customers/customer.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { AuditEntry } from '../../../domain/shared/audit-entry.js';
import { auditEntryPut } from './audit-trail.js';
import { communicationPreferencesKey } from './communication-preferences-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { queryAllItems } from './query-all.js';
import { ConcurrentTransactionError, StaleVersionError, failedConditions } from './store-errors.js';
import { keys, versionedResourceUpdate } from './table-items.js';

/**
 * The erasure of a customer (docs/api.md, "Closing a customer and erasing its data"), all or
 * nothing in one TransactWriteItems, so a crash leaves the customer either as it was or closed
 * and erased, never half of it:
 * 0. the customer, erased and Closed, if nobody changed it since `expectedVersion`;
 * 1. its e-mail guard deleted (if it is still the customer's), so the address can be registered again;
 * 2. its communication preferences deleted;
 * 3… each billing account closed and erased, if unchanged since read and its balance still zero
 *    (a bill issued or a payment entered meanwhile moves the balance: the erasure is refused);
 * then the events (outbox) and the audit entry. The read models kept from events (search index,
 * timeline) erase their part when CustomerErased reaches them.
 */
export interface CustomerErasure {
  customer: Customer;
  expectedVersion: number;
  /** The e-mail its guard was claimed under, normalized; absent when it had none. */
  email?: string;
  accounts: readonly { account: BillingAccount; expectedVersion: number }[];
  events: readonly DomainEvent[];
  audit: AuditEntry;
}

export async function eraseCustomerRecords(erasure: CustomerErasure): Promise<void> {
  const table = tableName();
  const customerId = erasure.customer.id;
  const actions: Record<string, unknown>[] = [
    versionedResourceUpdate(table, keys.customer(customerId), erasure.customer, erasure.expectedVersion),
    erasure.email === undefined
      ? { ConditionCheck: { TableName: table, Key: keys.customer(customerId), ConditionExpression: 'attribute_exists(pk)' } }
      : {
          Delete: {
            TableName: table,
            Key: keys.customerEmail(erasure.email),
            // The guard is this customer's (its primary e-mail's): never delete another's.
            ConditionExpression: 'attribute_not_exists(pk) OR customerId = :customerId',
            ExpressionAttributeValues: { ':customerId': customerId },
          },
        },
    { Delete: { TableName: table, Key: communicationPreferencesKey(customerId) } },
    ...erasure.accounts.map(({ account, expectedVersion }) => {
      const { Update } = versionedResourceUpdate(table, keys.billingAccount(account.id), account, expectedVersion);
      return {
        Update: {
          ...Update,
          ConditionExpression: `${Update.ConditionExpression} AND (attribute_not_exists(#balance) OR #balance = :zero)`,
          ExpressionAttributeNames: { ...Update.ExpressionAttributeNames, '#balance': 'balanceMinor' },
          ExpressionAttributeValues: { ...Update.ExpressionAttributeValues, ':zero': 0 },
        },
      };
    }),
    ...erasure.events.map((event) => outboxPut(table, event)),
    auditEntryPut(table, erasure.audit),
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw new StaleVersionError(`customer ${customerId} changed since version ${erasure.expectedVersion}`);
    if (failed?.includes(1)) throw new ConcurrentTransactionError(`customer ${customerId}'s e-mail guard changed meanwhile`);
    if (failed?.some((index) => index >= 3 && index < 3 + erasure.accounts.length)) {
      throw new StaleVersionError(`a billing account of customer ${customerId} changed (or its balance moved) since it was read`);
    }
    throw error;
  }
}

/**
 * The customer's billing accounts as stored (the resource without its served balance), each with
 * its version and its ledger's running sum: one Query of the customer's range of gsi2, never a Scan.
 */
export async function billingAccountsToClose(customerId: string): Promise<{ account: BillingAccount; version: number; balanceMinor: bigint }[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'BillingAccount#' },
  });
  return items.map((item) => ({ account: item.resource as BillingAccount, version: item.version as number, balanceMinor: BigInt((item.balanceMinor as number | undefined) ?? 0) }));
}

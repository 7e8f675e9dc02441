import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { Customer } from '../../../domain/customers/customer.js';
import type { AuditEntry } from '../../../domain/shared/audit-entry.js';
import { auditEntryPut } from './audit-trail.js';
import { batchGetItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { DuplicateKeyError, StaleVersionError, failedConditions } from './store-errors.js';
import { byType, keys, versionedResourceUpdate, type EntityItem } from './table-items.js';

export interface StoredCustomer {
  customer: Customer;
  version: number;
  /**
   * How many times the default payment method of one of the customer's billing accounts changed
   * (the item's `accountDefaultsVersion`, counted by billing-account-store.ts; 0 before the
   * first). A change of the customer's cards that removes one is written conditional on it.
   */
  accountDefaultsVersion?: number;
}

export const duplicateEmail = (email: string) =>
  new DuplicateKeyError('email', `a customer with email ${email} already exists`);

/**
 * The two puts that register a customer: the customer and its email guard, both conditional on
 * not existing yet. A transaction that includes them fails on the guard (the second) when the
 * email is taken. Shared with onboarding, which registers customers in its own transaction.
 */
export function customerRegistrationPuts(table: string, customer: Customer, email: string) {
  const item: EntityItem<Customer> = {
    ...keys.customer(customer.id),
    ...byType('Customer', customer.createdAt, customer.id),
    entityType: 'Customer',
    version: 1,
    resource: customer,
  };
  return [
    { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: table,
        Item: { ...keys.customerEmail(email), entityType: 'CustomerEmail', version: 1, customerId: customer.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

/**
 * Creates the customer, claims its email and records CustomerCreated, all or nothing.
 * The email guard item makes the uniqueness check part of the same transaction.
 */
export async function insertCustomer(customer: Customer, email: string, event: DomainEvent): Promise<void> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [...customerRegistrationPuts(table, customer, email), outboxPut(table, event)],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(1)) throw duplicateEmail(email);
    throw error;
  }
}

export async function findCustomer(id: string): Promise<StoredCustomer | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customer(id) }));
  if (!Item) return undefined;
  return { customer: Item.resource as Customer, version: Item.version as number, accountDefaultsVersion: (Item.accountDefaultsVersion as number | undefined) ?? 0 };
}

/** Customers by id, in one BatchGetItem per 100; ids with no customer are left out. */
export async function findCustomers(ids: readonly string[]): Promise<Map<string, StoredCustomer>> {
  const items = await batchGetItems([...new Set(ids)].map((id) => keys.customer(id)), { what: 'customer' });
  return new Map(items.map((item) => [(item.resource as Customer).id, { customer: item.resource as Customer, version: item.version as number }]));
}

export async function findCustomerIdByEmail(email: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customerEmail(email) }));
  return Item?.customerId as string | undefined;
}

export function listCustomers(page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<Customer>> {
  return listResources<Customer>({ index: 'gsi1', partitionKey: 'TYPE#Customer', ...page });
}

/**
 * The customer's update (customerUpdateItems' first action), also conditional on no default
 * payment method of its accounts having changed since `accountDefaultsVersion` was read: a card
 * removed from the record was checked against the accounts' defaults as they were then.
 */
function withUnchangedAccountDefaults({ Update }: ReturnType<typeof versionedResourceUpdate>, accountDefaultsVersion: number) {
  const unchanged = accountDefaultsVersion === 0 ? 'attribute_not_exists(#accountDefaults)' : '#accountDefaults = :accountDefaults';
  const names: Record<string, string> = { ...Update.ExpressionAttributeNames, '#accountDefaults': 'accountDefaultsVersion' };
  const values: Record<string, unknown> = { ...Update.ExpressionAttributeValues, ...(accountDefaultsVersion === 0 ? {} : { ':accountDefaults': accountDefaultsVersion }) };
  return { Update: { ...Update, ConditionExpression: `${Update.ConditionExpression} AND ${unchanged}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } };
}

/**
 * The actions that write a changed customer if nobody changed it since `expectedVersion`, and
 * move its email guard when the email changed: the customer's update first (a failure there is
 * index 0), the new guard second (a failure there: the email is taken). Shared with the e-mail
 * change, which settles its own record in the same transaction.
 */
export function customerUpdateItems(table: string, change: { customer: Customer; previousEmail: string; email: string }, expectedVersion: number, accountDefaultsVersion?: number) {
  const { customer } = change;
  const versioned = versionedResourceUpdate(table, keys.customer(customer.id), customer, expectedVersion);
  const update = accountDefaultsVersion === undefined ? versioned : withUnchangedAccountDefaults(versioned, accountDefaultsVersion);
  if (change.previousEmail === change.email) return [update];
  return [
    update,
    {
      Put: {
        TableName: table,
        Item: { ...keys.customerEmail(change.email), entityType: 'CustomerEmail', version: 1, customerId: customer.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Delete: {
        TableName: table,
        Key: keys.customerEmail(change.previousEmail),
        ConditionExpression: 'customerId = :customerId',
        ExpressionAttributeValues: { ':customerId': customer.id },
      },
    },
  ];
}

/** What a refused customer update transaction means, by the index of the refused action (customerUpdateItems' order). */
export function customerUpdateFailure(error: unknown, change: { customer: Customer; previousEmail: string; email: string }, expectedVersion: number): Error | undefined {
  const failed = failedConditions(error);
  if (failed?.includes(0)) return new StaleVersionError(`customer ${change.customer.id} changed since version ${expectedVersion}`);
  if (change.previousEmail !== change.email && failed?.includes(1)) return duplicateEmail(change.email);
  return undefined;
}

/**
 * Writes a changed customer if nobody changed it since `expectedVersion`; moves the email
 * guard when the email changed; records the events and the audit entries. All in one transaction.
 * With `accountDefaultsVersion` (a change that removes a card), also only if no account's default
 * payment method changed since it was read.
 */
export async function updateCustomer(
  change: { customer: Customer; previousEmail: string; email: string },
  expectedVersion: number,
  events: DomainEvent[],
  audit: AuditEntry[] = [],
  guard: { accountDefaultsVersion?: number } = {},
): Promise<number> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...customerUpdateItems(table, change, expectedVersion, guard.accountDefaultsVersion),
          ...events.map((event) => outboxPut(table, event)),
          ...audit.map((entry) => auditEntryPut(table, entry)),
        ],
      }),
    );
  } catch (error) {
    const failure = customerUpdateFailure(error, change, expectedVersion);
    if (failure instanceof StaleVersionError && guard.accountDefaultsVersion !== undefined) {
      throw new StaleVersionError(`customer ${change.customer.id}, or the default payment method of one of its billing accounts, changed since it was read`);
    }
    throw failure ?? error;
  }
  return expectedVersion + 1;
}

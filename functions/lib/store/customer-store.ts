import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { Customer } from '../../../domain/customers/customer.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { DuplicateKeyError, StaleVersionError, failedConditions } from './store-errors.js';
import { byType, keys, versionedResourceUpdate, type EntityItem } from './table-items.js';

export interface StoredCustomer {
  customer: Customer;
  version: number;
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
  return { customer: Item.resource as Customer, version: Item.version as number };
}

export async function findCustomerIdByEmail(email: string): Promise<string | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customerEmail(email) }));
  return Item?.customerId as string | undefined;
}

export function listCustomers(page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<Customer>> {
  return listResources<Customer>({ index: 'gsi1', partitionKey: 'TYPE#Customer', ...page });
}

/**
 * Writes a changed customer if nobody changed it since `expectedVersion`; moves the email
 * guard when the email changed; records the events. All in one transaction.
 */
export async function updateCustomer(
  change: { customer: Customer; previousEmail: string; email: string },
  expectedVersion: number,
  events: DomainEvent[],
): Promise<number> {
  const table = tableName();
  const { customer } = change;
  const emailMoves = change.previousEmail !== change.email;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          versionedResourceUpdate(table, keys.customer(customer.id), customer, expectedVersion),
          ...(emailMoves
            ? [
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
              ]
            : []),
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.includes(0)) throw new StaleVersionError(`customer ${customer.id} changed since version ${expectedVersion}`);
    if (emailMoves && failed?.includes(1)) throw duplicateEmail(change.email);
    throw error;
  }
  return expectedVersion + 1;
}

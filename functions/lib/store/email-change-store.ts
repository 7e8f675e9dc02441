import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../../domain/customers/customer.js';
import type { EmailChange, EmailChangeSecret } from '../../../domain/customers/email-change.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { customerUpdateFailure, customerUpdateItems } from './customer-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { versionedResourceUpdate, type EntityItem } from './table-items.js';

/**
 * E-mail changes (EMAIL_CHANGE#<id>/EMAIL_CHANGE): the change as served, and beside it the
 * code's hash, never served. DynamoDB's TTL removes the item a day after the code expired.
 */
export interface StoredEmailChange {
  change: EmailChange;
  secret: EmailChangeSecret;
  version: number;
}

export const emailChangeKey = (id: string) => ({ pk: `EMAIL_CHANGE#${id}`, sk: 'EMAIL_CHANGE' });

const keptAfterExpirySeconds = 24 * 3600;

type EmailChangeItem = EntityItem<EmailChange> & EmailChangeSecret & { expiresAt: number };

export async function insertEmailChange(change: EmailChange, secret: EmailChangeSecret): Promise<void> {
  const item: EmailChangeItem = {
    ...emailChangeKey(change.id),
    entityType: 'EmailChange',
    version: 1,
    resource: change,
    ...secret,
    expiresAt: Math.floor(Date.parse(change.expiresAt) / 1000) + keptAfterExpirySeconds,
  };
  await documentClient.send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function findEmailChange(id: string): Promise<StoredEmailChange | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: emailChangeKey(id) }));
  return Item ? storedOf(Item) : undefined;
}

const storedOf = (item: Record<string, unknown>): StoredEmailChange => ({
  change: item.resource as EmailChange,
  secret: item.codeHash !== undefined ? { codeHash: item.codeHash as string } : {},
  version: item.version as number,
});

const staleChange = (id: string, version: number) => new StaleVersionError(`e-mail change ${id} changed since version ${version}`);

/**
 * Counts one attempt before the code is compared, in one conditional update: concurrent
 * guesses each spend one, so no burst of requests tries more codes than the change allows.
 * Answers the change as it now is, or undefined when it is no longer pending or has no
 * attempt left.
 */
export async function spendAttempt(id: string): Promise<StoredEmailChange | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: emailChangeKey(id),
        UpdateExpression: 'SET #resource.#attemptsLeft = #resource.#attemptsLeft - :one, #version = #version + :one',
        ConditionExpression: '#resource.#state = :pending AND #resource.#attemptsLeft > :zero',
        ExpressionAttributeNames: { '#resource': 'resource', '#attemptsLeft': 'attemptsLeft', '#state': 'state', '#version': 'version' },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':pending': 'pending' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return storedOf(Attributes!);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Records a change settled by a wrong code (failed, no attempt left), unless something settled it first. */
export async function recordFailedChange(change: EmailChange, expectedVersion: number): Promise<void> {
  const { Update } = versionedResourceUpdate(tableName(), emailChangeKey(change.id), change, expectedVersion);
  await documentClient.send(new UpdateCommand(Update)).catch((error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  });
}

/**
 * Applies a verified change in one transaction: the customer with its new e-mail (and the
 * e-mail guard moved, refused when the address was taken since the code was sent), the change
 * completed if nobody settled it first, and the events.
 */
export async function applyEmailChange(
  customerChange: { customer: Customer; previousEmail: string; email: string },
  customerVersion: number,
  change: EmailChange,
  changeVersion: number,
  events: DomainEvent[],
): Promise<void> {
  const table = tableName();
  const customerItems = customerUpdateItems(table, customerChange, customerVersion);
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          ...customerItems,
          versionedResourceUpdate(table, emailChangeKey(change.id), change, changeVersion),
          ...events.map((event) => outboxPut(table, event)),
        ],
      }),
    );
  } catch (error) {
    const customerFailure = customerUpdateFailure(error, customerChange, customerVersion);
    if (customerFailure) throw customerFailure;
    if (failedConditions(error)?.includes(customerItems.length)) throw staleChange(change.id, changeVersion);
    throw error;
  }
}

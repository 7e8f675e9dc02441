import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ownerCustomerIdOfCommunicationMessage, type CommunicationMessage } from '../../../domain/communication/communication-message.js';
import type { AuditEntry } from '../../../domain/shared/audit-entry.js';
import { auditEntryItem } from './audit-trail.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { failedConditions, isConditionFailure, StaleVersionError } from './store-errors.js';
import { byCustomer, byType, type EntityItem } from './table-items.js';

/**
 * TMF681 communication messages (COMMUNICATION_MESSAGE#<id>/COMMUNICATION_MESSAGE), listed by
 * type (gsi1) and by receiving customer (gsi2). A message is a record of a send: only a message
 * staff send changes, from `inProgress` to `completed`. The idempotency key it was sent under is
 * kept beside it, never served. A deleted message keeps its item (the record of the send), with
 * `deletedAt` and `deletedBy` and without its index keys: no list finds it, and
 * findCommunicationMessage answers none; its audit trail says who deleted it, when.
 */
export interface StoredCommunicationMessage {
  message: CommunicationMessage;
  version: number;
  idempotencyKey: string;
  /** When it was deleted, if it was (findCommunicationMessage answers none then; a put refused hands it back). */
  deletedAt?: string;
}

type CommunicationMessageItem = EntityItem<CommunicationMessage> & { idempotencyKey: string };

export const communicationMessageKey = (id: string) => ({ pk: `COMMUNICATION_MESSAGE#${id}`, sk: 'COMMUNICATION_MESSAGE' });

const entityType = 'CommunicationMessage';

const storedOf = (item: Record<string, unknown>): StoredCommunicationMessage => ({
  message: item.resource as CommunicationMessage,
  version: item.version as number,
  idempotencyKey: item.idempotencyKey as string,
  ...(item.deletedAt !== undefined ? { deletedAt: item.deletedAt as string } : {}),
});

/**
 * Records a message unless one is already recorded under its id, in one round trip: the
 * condition makes the first put the only one, and a refused put hands back what it found.
 */
export async function putCommunicationMessage(
  message: CommunicationMessage,
  idempotencyKey: string,
): Promise<{ recorded: true } | { recorded: false; existing: StoredCommunicationMessage }> {
  // A message without an owner (to an address being verified) stays off every customer's list.
  const owner = ownerCustomerIdOfCommunicationMessage(message);
  const item: CommunicationMessageItem = {
    ...communicationMessageKey(message.id),
    ...byType(entityType, message.sendTime, message.id),
    ...(owner !== undefined ? byCustomer(owner, entityType, message.sendTime, message.id) : {}),
    entityType,
    version: 1,
    resource: message,
    idempotencyKey,
  };
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    );
    return { recorded: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const found = error.Item as Record<string, AttributeValue> | undefined;
    if (!found) throw new Error(`invariant broken: communication message ${message.id} exists but DynamoDB returned no item`);
    return { recorded: false, existing: storedOf(unmarshall(found)) };
  }
}

/** The message, unless there is none or it was deleted. */
export async function findCommunicationMessage(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredCommunicationMessage | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: communicationMessageKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item && Item.deletedAt === undefined ? storedOf(Item) : undefined;
}

/**
 * The message as the provider accepted it (`completed`), if it is still `inProgress`: a retry that
 * finds it completed (or deleted) already writes nothing. Answers the version it is at.
 */
export async function completeCommunicationMessage(message: CommunicationMessage): Promise<number | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: communicationMessageKey(message.id),
        UpdateExpression: 'SET #resource = :resource, #version = #version + :one',
        ConditionExpression: '#resource.#state = :inProgress AND attribute_not_exists(deletedAt)',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#state': 'state' },
        ExpressionAttributeValues: { ':resource': message, ':one': 1, ':inProgress': 'inProgress' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Attributes?.version as number | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Deletes the message from the lists and from GET (see above), with its audit entry, in one
 * transaction conditional on the version read (StaleVersionError when it changed or was deleted meanwhile).
 */
export async function deleteCommunicationMessage(id: string, expectedVersion: number, deletion: { at: string; by: AuditEntry['actor'] }, audit: AuditEntry): Promise<void> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: communicationMessageKey(id),
              UpdateExpression: 'SET #version = :next, deletedAt = :at, deletedBy = :by REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk',
              ConditionExpression: '#version = :expected AND attribute_not_exists(deletedAt)',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion, ':next': expectedVersion + 1, ':at': deletion.at, ':by': deletion.by },
            },
          },
          // Under the message's own partition (COMMUNICATION_MESSAGE#<id>), which this module writes.
          { Put: { TableName: table, Item: auditEntryItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`communication message ${id} changed since version ${expectedVersion}`);
    throw error;
  }
}

/** One page of messages: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export function listCommunicationMessages(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CommunicationMessage>> {
  const { customerId, ...rest } = page;
  return customerId !== undefined
    ? listResources<CommunicationMessage>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: `${entityType}#`, ...rest })
    : listResources<CommunicationMessage>({ index: 'gsi1', partitionKey: `TYPE#${entityType}`, ...rest });
}

import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ownerCustomerIdOfCommunicationMessage, type CommunicationMessage } from '../../../domain/communication/communication-message.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { byCustomer, byType, type EntityItem } from './table-items.js';

/**
 * TMF681 communication messages (COMMUNICATION_MESSAGE#<id>/COMMUNICATION_MESSAGE), listed by
 * type (gsi1) and by receiving customer (gsi2). A message is a record of a send and never
 * changes; the idempotency key it was sent under is kept beside it, never served.
 */
export interface StoredCommunicationMessage {
  message: CommunicationMessage;
  version: number;
  idempotencyKey: string;
}

type CommunicationMessageItem = EntityItem<CommunicationMessage> & { idempotencyKey: string };

export const communicationMessageKey = (id: string) => ({ pk: `COMMUNICATION_MESSAGE#${id}`, sk: 'COMMUNICATION_MESSAGE' });

const entityType = 'CommunicationMessage';

const storedOf = (item: Record<string, unknown>): StoredCommunicationMessage => ({
  message: item.resource as CommunicationMessage,
  version: item.version as number,
  idempotencyKey: item.idempotencyKey as string,
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

export async function findCommunicationMessage(id: string): Promise<StoredCommunicationMessage | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: communicationMessageKey(id) }));
  return Item ? storedOf(Item) : undefined;
}

/** One page of messages: a customer's (gsi2) or everyone's (gsi1), oldest first. */
export function listCommunicationMessages(page: { customerId?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CommunicationMessage>> {
  const { customerId, ...rest } = page;
  return customerId !== undefined
    ? listResources<CommunicationMessage>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: `${entityType}#`, ...rest })
    : listResources<CommunicationMessage>({ index: 'gsi1', partitionKey: `TYPE#${entityType}`, ...rest });
}

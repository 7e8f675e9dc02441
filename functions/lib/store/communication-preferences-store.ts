import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredCommunicationPreferences } from '../../../domain/communication/communication-preferences.js';
import { documentClient, tableName } from './dynamo-client.js';
import { StaleVersionError, failedConditions } from './store-errors.js';

/**
 * A customer's communication preferences (docs/communication.md, "Preferences"): one item under
 * the customer's partition, CUSTOMER#<id> / COMMUNICATION_PREFERENCES, holding its choices. No
 * item: the customer never chose, every default applies (version 0, so the first write is a
 * create). Every sender of customer notifications reads it (functions/lib/communication), so this
 * module imports no other writing module: reading preferences grants no write.
 */
export const communicationPreferencesKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'COMMUNICATION_PREFERENCES' });

export interface StoredPreferencesItem {
  /** Undefined while the customer never chose. */
  stored: StoredCommunicationPreferences | undefined;
  /** 0 while there is no item. */
  version: number;
}

export async function findCommunicationPreferences(customerId: string): Promise<StoredPreferencesItem> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: communicationPreferencesKey(customerId) }));
  if (!Item) return { stored: undefined, version: 0 };
  return { stored: Item.resource as StoredCommunicationPreferences, version: Item.version as number };
}

/**
 * Writes the choices if nobody wrote them since `expectedVersion` (0: nobody ever did), with
 * `alongside` (the outbox puts of its events) in the same transaction; the preferences' write
 * is the first action, so its refusal is a StaleVersionError. Answers the new version.
 */
export async function saveCommunicationPreferences(customerId: string, stored: StoredCommunicationPreferences, expectedVersion: number, alongside: readonly Record<string, unknown>[]): Promise<number> {
  const table = tableName();
  const version = expectedVersion + 1;
  const item = { ...communicationPreferencesKey(customerId), entityType: 'CommunicationPreferences', version, resource: stored };
  const write =
    expectedVersion === 0
      ? { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }
      : { Put: { TableName: table, Item: item, ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } } };
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [write, ...alongside] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`the communication preferences of customer ${customerId} changed since version ${expectedVersion}`);
    throw error;
  }
  return version;
}

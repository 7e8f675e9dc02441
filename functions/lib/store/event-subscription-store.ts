import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HubSubscription } from '../../../domain/event-subscriptions/event-subscription.js';
import { documentClient, tableName } from './dynamo-client.js';
import { countItems, queryAllItems } from './query-all.js';
import { isConditionFailure } from './store-errors.js';

/**
 * Hub subscriptions (docs/events.md, "Hub subscriptions"; docs/data-model.md).
 *
 * A subscription is HUB_SUBSCRIPTION#<id>/HUB_SUBSCRIPTION, with its secret and its owner beside
 * the resource (never in it: the secret is answered once, at creation). Deliveries find the
 * subscriptions an event may go to with one Query per owner on gsi2, `HUB#<api>#<owner>`: the
 * event's customer's and staff's, never a scan of every subscription. gsi2 projects every
 * attribute, so the Query brings the secrets the deliveries sign with.
 */
export interface StoredSubscription {
  subscription: HubSubscription;
  api: string;
  /** ownerKeyOf(owner): `staff` or `customer:<id>`. */
  owner: string;
  secret: string;
  createdAt: string;
}

const subscriptionType = 'HubSubscription';
const subscriptionKey = (id: string) => ({ pk: `HUB_SUBSCRIPTION#${id}`, sk: 'HUB_SUBSCRIPTION' });
const subscribers = (api: string, owner: string) => `HUB#${api}#${owner}`;

const storedOf = (item: Record<string, unknown>): StoredSubscription => ({
  subscription: item.resource as HubSubscription,
  api: item.api as string,
  owner: item.owner as string,
  secret: item.secret as string,
  createdAt: item.createdAt as string,
});

export async function insertSubscription(stored: StoredSubscription): Promise<void> {
  const { subscription } = stored;
  await documentClient.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...subscriptionKey(subscription.id),
        gsi2pk: subscribers(stored.api, stored.owner),
        gsi2sk: `${stored.createdAt}#${subscription.id}`,
        entityType: subscriptionType,
        version: 1,
        resource: subscription,
        api: stored.api,
        owner: stored.owner,
        secret: stored.secret,
        createdAt: stored.createdAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function findSubscription(id: string): Promise<StoredSubscription | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: subscriptionKey(id) }));
  return Item ? storedOf(Item) : undefined;
}

/** Removes a subscription; false when there was none. Its dead letters stay, for the record. */
export async function deleteSubscription(id: string): Promise<boolean> {
  try {
    await documentClient.send(new DeleteCommand({ TableName: tableName(), Key: subscriptionKey(id), ConditionExpression: 'attribute_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** How many subscriptions an owner holds on an API's hub: one Query (COUNT). */
export function countSubscriptions(api: string, owner: string): Promise<number> {
  return countItems({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': subscribers(api, owner) } });
}

/** The subscriptions of an API held by these owners: one Query each. */
export async function subscriptionsOf(api: string, owners: readonly string[]): Promise<StoredSubscription[]> {
  const found = await Promise.all(
    owners.map((owner) =>
      queryAllItems({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': subscribers(api, owner) } }),
    ),
  );
  return found.flat().map(storedOf);
}

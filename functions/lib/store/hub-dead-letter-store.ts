import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HubDeadLetter } from '../../../domain/event-subscriptions/dead-letter.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type ListPage } from './list-resources.js';
import { isConditionFailure } from './store-errors.js';
import { byType } from './table-items.js';

/**
 * Dead letters of hub deliveries (docs/events.md, "Hub subscriptions"; docs/data-model.md):
 * HUB_DEAD_LETTER#<id>/HUB_DEAD_LETTER, the id derived from the subscription and the event, so
 * an event that fails again is one dead letter; listed by age on gsi1 (all) and on gsi2
 * (`HUB_DEAD_LETTERS#<subscription id>`).
 */
const entityType = 'HubDeadLetter';
const deadLetterKey = (id: string) => ({ pk: `HUB_DEAD_LETTER#${id}`, sk: 'HUB_DEAD_LETTER' });
const deadLettersOf = (subscriptionId: string) => `HUB_DEAD_LETTERS#${subscriptionId}`;

/** Records an event a subscription never took; a second failure of the same event leaves the first record. */
export async function recordDeadLetter(deadLetter: HubDeadLetter): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...deadLetterKey(deadLetter.id),
          ...byType(entityType, deadLetter.failedAt, deadLetter.id),
          gsi2pk: deadLettersOf(deadLetter.subscription.id),
          gsi2sk: `${deadLetter.failedAt}#${deadLetter.id}`,
          entityType,
          version: 1,
          resource: deadLetter,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function findDeadLetter(id: string): Promise<HubDeadLetter | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: deadLetterKey(id) }));
  return Item ? (Item.resource as HubDeadLetter) : undefined;
}

/**
 * Takes the dead letter's replay for `holder` until `until` (epoch ms), so that two replays asked
 * for at once do not both send the event: only a dead letter still `deadLettered`, and whose last
 * replay has answered or run out of its time, can be taken. Answers the dead letter as it is now,
 * or undefined when it could not be taken (unknown, replayed, or another replay is sending it).
 */
export async function claimDeadLetterReplay(id: string, holder: string, now: number, until: number): Promise<HubDeadLetter | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deadLetterKey(id),
        UpdateExpression: 'SET #holder = :holder, #until = :until',
        ConditionExpression: 'attribute_exists(pk) AND #resource.#state = :deadLettered AND (attribute_not_exists(#until) OR #until < :now)',
        ExpressionAttributeNames: { '#holder': 'replayHolder', '#until': 'replayUntil', '#resource': 'resource', '#state': 'state' },
        ExpressionAttributeValues: { ':holder': holder, ':until': until, ':now': now, ':deadLettered': 'deadLettered' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.resource as HubDeadLetter | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Writes what the replay `holder` took did to the dead letter (replayed, or one more failed
 * attempt) and gives the replay back; false when the replay was no longer the holder's.
 */
export async function recordReplay(deadLetter: HubDeadLetter, holder: string): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: deadLetterKey(deadLetter.id),
        UpdateExpression: 'SET #resource = :resource, #version = #version + :one REMOVE #holder, #until',
        ConditionExpression: '#holder = :holder',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#holder': 'replayHolder', '#until': 'replayUntil' },
        ExpressionAttributeValues: { ':resource': deadLetter, ':one': 1, ':holder': holder },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Dead letters by age: a subscription's (gsi2), or all (gsi1). */
export function listDeadLetters(request: { subscriptionId?: string; state?: string[]; offset: number; limit: number }): Promise<ListPage<HubDeadLetter>> {
  const filters = request.state ? [{ path: ['state'], values: request.state }] : [];
  return listResources<HubDeadLetter>({
    ...(request.subscriptionId !== undefined ? { index: 'gsi2', partitionKey: deadLettersOf(request.subscriptionId) } : { index: 'gsi1', partitionKey: `TYPE#${entityType}` }),
    filters,
    offset: request.offset,
    limit: request.limit,
  });
}

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dueShardOf } from '../../../domain/billing/billing-schedule.js';
import type { Dunning } from '../../../domain/collections/dunning.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { AuditEntry } from '../../../domain/shared/audit-entry.js';
import { auditEntryPut } from './audit-trail.js';
import { dueShards } from './billing-schedule-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { queryAllItems } from './query-all.js';
import { failedConditions, StaleVersionError } from './store-errors.js';
import { keys } from './table-items.js';

/**
 * An account's dunning (docs/collections.md, "Dunning"): BILLING_ACCOUNT#<id>/DUNNING, its
 * state and history. While a step is waiting it is in the sparse gsi3 under
 * `DUNNING_DUE#<shard>` (`CLOCK_DUNNING_DUE#<clock>` for a test clock's account), sorted by
 * `<nextStepAt>#<account>`, so the collections run finds what fell due without a scan. The
 * account item carries `overdueSince` while dunning is active: its `paymentStatus` is `overdue`.
 */
const dunningKey = (billingAccountId: string) => ({ pk: keys.billingAccount(billingAccountId).pk, sk: 'DUNNING' });

export interface StoredDunning {
  dunning: Dunning;
  version: number;
}

function dueIndexPartition(dunning: Pick<Dunning, 'billingAccountId' | 'testClockId'>): string {
  return dunning.testClockId ? `CLOCK_DUNNING_DUE#${dunning.testClockId}` : `DUNNING_DUE#${dueShardOf(dunning.billingAccountId, dueShards())}`;
}

/** The gsi3 partitions due dunning steps are found in: the shards, or one test clock's. */
export function dunningPartitions(testClockId?: string): string[] {
  return testClockId === undefined ? Array.from({ length: dueShards() }, (_, shard) => `DUNNING_DUE#${shard}`) : [`CLOCK_DUNNING_DUE#${testClockId}`];
}

export async function findDunning(billingAccountId: string): Promise<StoredDunning | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: dunningKey(billingAccountId), ConsistentRead: true }));
  return Item ? { dunning: Item.dunning as Dunning, version: Item.version as number } : undefined;
}

/**
 * The actions that write the account's dunning, if nobody changed it since `expectedVersion`
 * (0: none yet, or only an ended one may be there), with the account's `overdueSince` kept in
 * step: set while it is active, removed once it ended.
 */
export function dunningWrites(dunning: Dunning, expectedVersion: number | 'startingAnew'): Record<string, unknown>[] {
  const table = tableName();
  const waiting = dunning.status === 'active' && dunning.nextStepAt !== undefined;
  const condition =
    expectedVersion === 'startingAnew'
      ? { ConditionExpression: 'attribute_not_exists(pk) OR #dunning.#status <> :active', ExpressionAttributeNames: { '#dunning': 'dunning', '#status': 'status' }, ExpressionAttributeValues: { ':active': 'active' } }
      : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } };
  const version = expectedVersion === 'startingAnew' ? 1 : expectedVersion + 1;
  return [
    {
      Put: {
        TableName: table,
        Item: {
          ...dunningKey(dunning.billingAccountId),
          entityType: 'Dunning',
          // A dunning that starts anew after an ended one keeps counting versions from 1: its condition is on the status, not the version.
          version,
          dunning,
          ...(waiting ? { gsi3pk: dueIndexPartition(dunning), gsi3sk: `${dunning.nextStepAt}#${dunning.billingAccountId}` } : {}),
        },
        ...condition,
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.billingAccount(dunning.billingAccountId),
        UpdateExpression: dunning.status === 'active' ? 'SET #overdueSince = :since' : 'REMOVE #overdueSince',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#overdueSince': 'overdueSince' },
        ...(dunning.status === 'active' ? { ExpressionAttributeValues: { ':since': dunning.since } } : {}),
      },
    },
  ];
}

/**
 * Writes a dunning staff changed (paused, resumed, stopped, its service restored) with its audit
 * entry (under the account: BILLING_ACCOUNT#<id> / AUDIT#<at>#<id>) and its events, in one
 * transaction, if nobody changed it since `expectedVersion`: else StaleVersionError and nothing
 * written. Answers the version it is at now.
 */
export async function updateDunning(dunning: Dunning, expectedVersion: number, audit: AuditEntry, events: readonly DomainEvent[]): Promise<number> {
  const table = tableName();
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [...dunningWrites(dunning, expectedVersion), auditEntryPut(table, audit), ...events.map((event) => outboxPut(table, event))] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`the dunning of billing account ${dunning.billingAccountId} changed since version ${expectedVersion}`);
    throw error;
  }
  return expectedVersion + 1;
}

/** Accounts whose next dunning step is due at or before `asOf`, in one partition. */
export async function dueDunnings(partition: string, asOf: string): Promise<string[]> {
  const items = await queryAllItems({
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :asOf',
    ExpressionAttributeValues: { ':pk': partition, ':asOf': `${asOf}#\uffff` },
  });
  return items.map((item) => (item.dunning as Dunning).billingAccountId);
}

import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { failureListLimit, progressOf, type BillRun, type BillRunCounts, type BillRunFailure } from '../../../domain/billing/bill-run.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { batchWriteItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { listResources, type ListPage } from './list-resources.js';
import { outboxPut } from './outbox.js';
import { failedConditions } from './store-errors.js';
import { byType } from './table-items.js';

/**
 * Billing runs: BILL_RUN#<id>/BILL_RUN, listed by type (gsi1). Its counters are top-level
 * numbers that every batch of the run adds to atomically (several batches run at once); each
 * failed account is its own item BILL_RUN#<id>/FAILURE#<account>, so failures are never lost to
 * an item size limit. The run's resource is put together from both when read.
 */
export const billRunKey = (id: string) => ({ pk: `BILL_RUN#${id}`, sk: 'BILL_RUN' });

/** The put of a new run (create-only), for a transaction of its own or of the fact that starts it. */
export function billRunPut(run: BillRun) {
  const { counts, failures: _failures, progress: _progress, ...resource } = run;
  return {
    Put: {
      TableName: tableName(),
      Item: { ...billRunKey(run.id), ...byType('BillRun', run.startedAt, run.id), entityType: 'BillRun', version: 1, resource, ...counts },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function insertBillRun(run: BillRun): Promise<void> {
  await documentClient.send(new PutCommand(billRunPut(run).Put));
}

function countsOf(item: Record<string, unknown>): BillRunCounts {
  const count = (name: string) => (item[name] as number | undefined) ?? 0;
  return { due: count('due'), billed: count('billed'), skipped: count('skipped'), failed: count('failed'), bills: count('bills') };
}

function runOf(item: Record<string, unknown>, failures: BillRunFailure[]): BillRun {
  const counts = countsOf(item);
  return { ...(item.resource as Omit<BillRun, 'counts' | 'failures' | 'progress'>), counts, progress: progressOf(counts), failures, ...(typeof item.firstBillAt === 'string' ? { firstBillAt: item.firstBillAt } : {}) };
}

export async function findBillRun(id: string): Promise<BillRun | undefined> {
  const [{ Item }, failures] = await Promise.all([
    documentClient.send(new GetCommand({ TableName: tableName(), Key: billRunKey(id), ConsistentRead: true })),
    documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `BILL_RUN#${id}`, ':prefix': 'FAILURE#' },
        Limit: failureListLimit,
      }),
    ),
  ]);
  if (!Item) return undefined;
  return runOf(Item, (failures.Items ?? []).map((item) => item.failure as BillRunFailure));
}

/** Runs, oldest first; their failures are read only one run at a time (GET by id). */
export async function listBillRuns(page: { offset: number; limit: number }): Promise<ListPage<BillRun>> {
  const listed = await listResources<Record<string, unknown>>({ index: 'gsi1', partitionKey: 'TYPE#BillRun', filters: [], ...page, whole: true });
  return { items: listed.items.map((item) => runOf(item, [])), total: listed.total };
}

export async function setDueCount(id: string, due: number): Promise<void> {
  await documentClient.send(
    new UpdateCommand({ TableName: tableName(), Key: billRunKey(id), UpdateExpression: 'SET #due = :due', ExpressionAttributeNames: { '#due': 'due' }, ExpressionAttributeValues: { ':due': due } }),
  );
}

/** What one batch of the run did: added to the run's counters, its failures recorded, the first bill's instant kept. */
export async function recordBatchOutcome(id: string, outcome: { billed: number; skipped: number; bills: number; failures: BillRunFailure[]; firstBillAt?: string | undefined }): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: billRunKey(id),
      UpdateExpression: `ADD #billed :billed, #skipped :skipped, #failed :failed, #bills :bills${outcome.firstBillAt ? ' SET #first = if_not_exists(#first, :first)' : ''}`,
      ExpressionAttributeNames: { '#billed': 'billed', '#skipped': 'skipped', '#failed': 'failed', '#bills': 'bills', ...(outcome.firstBillAt ? { '#first': 'firstBillAt' } : {}) },
      ExpressionAttributeValues: {
        ':billed': outcome.billed,
        ':skipped': outcome.skipped,
        ':failed': outcome.failures.length,
        ':bills': outcome.bills,
        ...(outcome.firstBillAt ? { ':first': outcome.firstBillAt } : {}),
      },
    }),
  );
  if (outcome.failures.length > 0) {
    await batchWriteItems(outcome.failures.map((failure) => ({ put: { pk: `BILL_RUN#${id}`, sk: `FAILURE#${failure.billingAccountId}`, entityType: 'BillRunFailure', version: 1, failure } })));
  }
}

/** The run's end: its state and completion time, with BillRunCompleted, once. */
export async function completeBillRunRecord(run: BillRun, event: DomainEvent): Promise<void> {
  const table = tableName();
  const { counts: _counts, failures: _failures, progress: _progress, firstBillAt: _first, ...resource } = run;
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: billRunKey(run.id),
              UpdateExpression: 'SET #resource = :resource',
              ConditionExpression: '#resource.#state = :inProgress',
              ExpressionAttributeNames: { '#resource': 'resource', '#state': 'state' },
              ExpressionAttributeValues: { ':resource': resource, ':inProgress': 'inProgress' },
            },
          },
          outboxPut(table, event),
        ],
      }),
    );
  } catch (error) {
    // Already completed by an earlier attempt of the same step. Any other cancellation (a
    // conflict with a page still adding to the counters) throws, so the step is retried.
    if (failedConditions(error)?.includes(0)) return;
    throw error;
  }
}

import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { billingAccountPath } from '../../../domain/customers/billing-account.js';
import { dueShardOf } from '../../../domain/billing/billing-schedule.js';
import type { OpenBillFact } from '../../../domain/collections/receivables.js';
import type { BillRunFacts, BillRunHistoryEntry } from '../../../domain/reports/bill-run-history.js';
import { billRunEntryOf } from '../../../domain/reports/bill-run-history.js';
import { openMinorOf, openReceivableOf, type IssuedReceivable, type ReceivableState, type ReportLedger } from '../../../domain/reports/receivables-read-model.js';
import { dueShards } from './billing-schedule-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';

/**
 * The reports' read models (docs/reports.md, docs/data-model.md), kept by their consumers from
 * the events, apart from the operational items they describe:
 * - a bill's receivable: RECEIVABLE#<bill>/RECEIVABLE, what it was issued for and every movement
 *   counted (by event id); while it owes something, in the sparse gsi3 under
 *   `RECEIVABLES_REPORT#live#<shard>` (shard of its account, as the open-bills index) or
 *   `RECEIVABLES_REPORT#test-clock-<clock>`, sorted by due date: the report's one Query per partition;
 * - a billing run's entry: BILL_RUN_HISTORY#<ledger>/<asOf>#<run>, the history's one Query.
 */
const receivableKey = (billId: string) => ({ pk: `RECEIVABLE#${billId}`, sk: 'RECEIVABLE' });

export function receivablesReportPartitions(ledger: ReportLedger): string[] {
  return ledger === 'live' ? Array.from({ length: dueShards() }, (_, shard) => `RECEIVABLES_REPORT#live#${shard}`) : [`RECEIVABLES_REPORT#${ledger}`];
}

function receivablesReportPartition(ledger: ReportLedger, billingAccountId: string): string {
  return ledger === 'live' ? `RECEIVABLES_REPORT#live#${dueShardOf(billingAccountId, dueShards())}` : `RECEIVABLES_REPORT#${ledger}`;
}

interface StoredIssuedReceivable extends Omit<IssuedReceivable, 'owedAtIssueMinor'> {
  owedAtIssueMinor: string;
}

export interface StoredReceivable {
  state: ReceivableState;
  version: number;
}

export async function findReceivable(billId: string): Promise<StoredReceivable | undefined> {
  const { Item: item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: receivableKey(billId), ConsistentRead: true }));
  if (!item) return undefined;
  const issued = item.issued as StoredIssuedReceivable | undefined;
  return {
    version: item.version as number,
    state: {
      ledger: item.ledger as ReportLedger,
      movements: item.movements as Record<string, string>,
      ...(issued ? { issued: { ...issued, owedAtIssueMinor: BigInt(issued.owedAtIssueMinor) } } : {}),
    },
  };
}

/** A bill's receivable as stored at `version`: its index keys follow what it owes (the bench seeds the report with it). */
export function receivableItem(billId: string, state: ReceivableState, version: number): Record<string, unknown> {
  const open = openReceivableOf(state);
  return {
    ...receivableKey(billId),
    entityType: 'ReceivableReadModel',
    version,
    ledger: state.ledger,
    movements: state.movements,
    openMinor: openMinorOf(state).toString(),
    ...(state.issued ? { issued: { ...state.issued, owedAtIssueMinor: state.issued.owedAtIssueMinor.toString() } } : {}),
    ...(open && state.issued ? { gsi3pk: receivablesReportPartition(state.ledger, state.issued.billingAccountId), gsi3sk: `${state.issued.paymentDueDate}#${billId}` } : {}),
  };
}

/**
 * Writes a bill's receivable if it is still at `expectedVersion` (absent when 0): `false` when
 * another delivery wrote it first (read again and apply anew).
 */
export async function putReceivable(billId: string, state: ReceivableState, expectedVersion: number): Promise<boolean> {
  const item = receivableItem(billId, state, expectedVersion + 1);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * The open bills of a ledger as the aging rules take them: one Query per partition (16 live,
 * one for a test clock), all at once, each to its last page. The items are small (a few hundred
 * bytes: no bill, no lines), and only the two attributes the report needs come back.
 */
export async function openReceivables(ledger: ReportLedger): Promise<OpenBillFact[]> {
  const pages = await Promise.all(
    receivablesReportPartitions(ledger).map((partition) =>
      queryAllItems({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'issued, openMinor',
      }),
    ),
  );
  return pages.flat().map((item) => {
    const issued = item.issued as StoredIssuedReceivable;
    return {
      billingAccount: { id: issued.billingAccountId, href: `${billingAccountPath}/${issued.billingAccountId}`, name: '' },
      customerId: issued.customerId,
      currency: issued.currency,
      remainingMinor: BigInt(item.openMinor as string),
      paymentDueDate: issued.paymentDueDate,
    };
  });
}

const billRunHistoryPartition = (ledger: ReportLedger) => `BILL_RUN_HISTORY#${ledger}`;
const billRunHistoryKey = (facts: Pick<BillRunFacts, 'ledger' | 'asOf' | 'billRunId'>) => ({ pk: billRunHistoryPartition(facts.ledger), sk: `${facts.asOf}#${facts.billRunId}` });

/** A run's entry with every fact at once, as the two events leave it (the bench seeds the history with it). */
export function billRunHistoryItem(facts: BillRunFacts): Record<string, unknown> {
  return { ...billRunHistoryKey(facts), entityType: 'BillRunHistoryEntry', ...facts };
}

/**
 * Sets what one event says of a run on its entry: SET of that event's own attributes only
 * (the shared ones are equal in both), so either event first, or twice, leaves the same item.
 */
export async function recordBillRunFacts(facts: BillRunFacts): Promise<void> {
  const values: Record<string, unknown> = { ':type': 'BillRunHistoryEntry', ':run': facts.billRunId, ':ledger': facts.ledger, ':asOf': facts.asOf, ':trigger': facts.trigger };
  const sets = ['entityType = :type', 'billRunId = :run', 'ledger = :ledger', 'asOf = :asOf', '#trigger = :trigger'];
  if (facts.testClockId) {
    sets.push('testClockId = :clock');
    values[':clock'] = facts.testClockId;
  }
  if (facts.requestedAt) {
    sets.push('requestedAt = :requestedAt');
    values[':requestedAt'] = facts.requestedAt;
  }
  if (facts.completed) {
    sets.push('completed = :completed');
    values[':completed'] = facts.completed;
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: billRunHistoryKey(facts),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: { '#trigger': 'trigger' },
      ExpressionAttributeValues: values,
    }),
  );
}

/** A ledger's runs whose `asOf` is in [from, to), oldest first: one Query (paged past 1 MB, some thousands of runs). */
export async function billRunHistory(ledger: ReportLedger, range: { from: string; to: string }): Promise<BillRunHistoryEntry[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    // `to` is exclusive: a run at `to` has the key `<to>#<id>`, just above the bound `<to>` (instants are all ISO, same length).
    ExpressionAttributeValues: { ':pk': billRunHistoryPartition(ledger), ':from': range.from, ':to': range.to },
  });
  return items.map((item) =>
    billRunEntryOf([
      {
        billRunId: item.billRunId as string,
        ledger: item.ledger as ReportLedger,
        asOf: item.asOf as string,
        trigger: item.trigger as BillRunFacts['trigger'],
        ...(item.testClockId ? { testClockId: item.testClockId as string } : {}),
        ...(item.requestedAt ? { requestedAt: item.requestedAt as string } : {}),
        ...(item.completed ? { completed: item.completed as NonNullable<BillRunFacts['completed']> } : {}),
      },
    ]),
  );
}

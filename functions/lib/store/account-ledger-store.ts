import type { LedgerEntry } from '../../../domain/collections/account-ledger.js';
import { entryMinor } from '../../../domain/collections/account-ledger.js';
import { tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
import { keys } from './table-items.js';

/**
 * A billing account's ledger (docs/collections.md, docs/data-model.md): its entries are
 * BILLING_ACCOUNT#<id>/LEDGER#<recordedAt>#<entry id>, in the account's partition so that the
 * whole ledger is one Query, oldest first; the account item keeps their running sum in the
 * top-level attribute `balanceMinor`. Both are written by the transaction that makes the fact,
 * the entry create-only, the sum by ADD, so the balance is always the sum of the entries.
 */
const ledgerSortKey = (entry: Pick<LedgerEntry, 'recordedAt' | 'id'>) => `LEDGER#${entry.recordedAt}#${entry.id}`;

/**
 * The transaction actions that enter facts in an account's ledger: each entry, create-only, and
 * one update of the account's running sum by their total (a transaction may touch an item once).
 */
export function ledgerEntryActions(...entries: LedgerEntry[]): Record<string, unknown>[] {
  const table = tableName();
  const accounts = new Map<string, bigint>();
  for (const entry of entries) accounts.set(entry.billingAccount.id, (accounts.get(entry.billingAccount.id) ?? 0n) + entryMinor(entry));
  return [
    ...entries.map((entry) => ({
      Put: {
        TableName: table,
        Item: { pk: keys.billingAccount(entry.billingAccount.id).pk, sk: ledgerSortKey(entry), entityType: 'LedgerEntry', version: 1, resource: entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    ...[...accounts].map(([accountId, total]) => ({
      Update: {
        TableName: table,
        Key: keys.billingAccount(accountId),
        UpdateExpression: 'ADD #balance :amount',
        // ADD would create a stray item for an account that does not exist.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#balance': 'balanceMinor' },
        ExpressionAttributeValues: { ':amount': Number(total) },
      },
    })),
  ];
}

/** Every entry of an account's ledger, oldest first. */
export async function ledgerOf(billingAccountId: string): Promise<LedgerEntry[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.billingAccount(billingAccountId).pk, ':prefix': 'LEDGER#' },
    ConsistentRead: true,
  });
  return items.map((item) => item.resource as LedgerEntry);
}

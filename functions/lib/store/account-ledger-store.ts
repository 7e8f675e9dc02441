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

/** The two transaction actions that enter a fact in the account's ledger. */
export function ledgerEntryActions(entry: LedgerEntry): Record<string, unknown>[] {
  const table = tableName();
  return [
    {
      Put: {
        TableName: table,
        Item: { pk: keys.billingAccount(entry.billingAccount.id).pk, sk: ledgerSortKey(entry), entityType: 'LedgerEntry', version: 1, resource: entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table,
        Key: keys.billingAccount(entry.billingAccount.id),
        UpdateExpression: 'ADD #balance :amount',
        // ADD would create a stray item for an account that does not exist.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#balance': 'balanceMinor' },
        ExpressionAttributeValues: { ':amount': Number(entryMinor(entry)) },
      },
    },
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

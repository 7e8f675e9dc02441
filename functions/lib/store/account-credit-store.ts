import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CreditSource } from '../../../domain/collections/account-credit.js';
import { documentClient, tableName } from './dynamo-client.js';
import { keys } from './table-items.js';

/**
 * An account's credit (docs/collections.md, "Account credit"): BILLING_ACCOUNT#<id>/ACCOUNT_CREDIT,
 * its sources (the payments, credit notes and goodwill credits the money came from) with what is left of each. Every change is
 * conditional on the version read, so two payments or two bills can never spend the same credit.
 */
const creditKey = (billingAccountId: string) => ({ pk: keys.billingAccount(billingAccountId).pk, sk: 'ACCOUNT_CREDIT' });

export interface StoredAccountCredit {
  sources: CreditSource[];
  /** 0 when the account never had credit (no item yet). */
  version: number;
}

export async function findAccountCredit(billingAccountId: string): Promise<StoredAccountCredit> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: creditKey(billingAccountId), ConsistentRead: true }));
  if (!Item) return { sources: [], version: 0 };
  const sources = (Item.sources as (Omit<CreditSource, 'amountMinor'> & { amountMinor: string })[]).map((source) => ({ ...source, amountMinor: BigInt(source.amountMinor) }));
  return { sources, version: Item.version as number };
}

/** The transaction action that replaces the account's credit, if nobody changed it since `expectedVersion`. */
export function accountCreditPut(billingAccountId: string, sources: readonly CreditSource[], expectedVersion: number) {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...creditKey(billingAccountId),
        entityType: 'AccountCredit',
        version: expectedVersion + 1,
        sources: sources.map((source) => ({ ...source, amountMinor: source.amountMinor.toString() })),
      },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  };
}

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamo-client.js';
import { transactionCancellation } from './store-errors.js';

/**
 * Credit exposure reserved by orders in flight (docs/orders.md, "Credit limit"):
 *
 * - `BILLING_ACCOUNT#<id>` / `CREDIT_HOLDS`: `heldMinor`, the monthly amount (minor units) the
 *   account's orders in flight hold against its credit limit, and `version`, moved by every hold
 *   and release, so a credit decision is made against exactly what it read;
 * - `BILLING_ACCOUNT#<id>` / `CREDIT_HOLD#<orderId>`: one order's hold, `amountMinor`.
 *
 * A hold is placed with the order's credit check and released in the transaction that closes
 * the order, whatever its outcome: by then its products are active (and counted as such) or
 * there are none.
 */
const holdsKey = (billingAccountId: string) => ({ pk: `BILLING_ACCOUNT#${billingAccountId}`, sk: 'CREDIT_HOLDS' });
const holdKey = (billingAccountId: string, orderId: string) => ({ pk: `BILLING_ACCOUNT#${billingAccountId}`, sk: `CREDIT_HOLD#${orderId}` });

export interface CreditHolds {
  /** What the account's orders in flight hold, a month, in minor units of the account's currency. */
  heldMinor: number;
  version: number;
}

export async function readCreditHolds(billingAccountId: string): Promise<CreditHolds> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: holdsKey(billingAccountId), ConsistentRead: true }));
  return { heldMinor: (Item?.heldMinor as number | undefined) ?? 0, version: (Item?.version as number | undefined) ?? 0 };
}

/** This order's hold, when its credit check placed one. */
export async function findCreditHold(billingAccountId: string, orderId: string): Promise<{ amountMinor: number } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: holdKey(billingAccountId, orderId), ConsistentRead: true }));
  return Item ? { amountMinor: Item.amountMinor as number } : undefined;
}

/**
 * Holds `amountMinor` for the order if the account's holds are still at the version read: false
 * when another order held or released meanwhile (decide again on what is held now).
 */
export async function placeCreditHold(hold: { billingAccountId: string; orderId: string; amountMinor: number; currency: string; at: string }, read: CreditHolds): Promise<boolean> {
  const table = tableName();
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: holdsKey(hold.billingAccountId),
              UpdateExpression: 'SET #held = :held, #version = :next, #entityType = :type',
              ConditionExpression: read.version === 0 ? 'attribute_not_exists(#version)' : '#version = :read',
              ExpressionAttributeNames: { '#held': 'heldMinor', '#version': 'version', '#entityType': 'entityType' },
              ExpressionAttributeValues: { ':held': read.heldMinor + hold.amountMinor, ':next': read.version + 1, ':type': 'CreditHolds', ...(read.version === 0 ? {} : { ':read': read.version }) },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...holdKey(hold.billingAccountId, hold.orderId), entityType: 'CreditHold', orderId: hold.orderId, amountMinor: hold.amountMinor, currency: hold.currency, heldAt: hold.at },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    const cancellation = transactionCancellation(error);
    if (cancellation && (cancellation.conflict || cancellation.failed.length > 0)) return false;
    throw error;
  }
}

/** The actions that release an order's hold, for the transaction that closes the order. */
export function creditHoldRelease(billingAccountId: string, orderId: string, amountMinor: number): Record<string, unknown>[] {
  const table = tableName();
  return [
    { Delete: { TableName: table, Key: holdKey(billingAccountId, orderId), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: table,
        Key: holdsKey(billingAccountId),
        UpdateExpression: 'ADD #held :released, #version :one',
        ExpressionAttributeNames: { '#held': 'heldMinor', '#version': 'version' },
        ExpressionAttributeValues: { ':released': -amountMinor, ':one': 1 },
      },
    },
  ];
}

import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { movementCounters, stepsOfStored, storedSteps, type MrrMonth, type MrrMovement, type MrrStep } from '../../../domain/reports/mrr.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
import { StaleVersionError, failedConditions } from './store-errors.js';

/**
 * The MRR read model's items (docs/revenue-recognition.md, "MRR and ARR"; docs/data-model.md),
 * per ledger (`live`, or `test-clock-<id>`):
 * - a customer's model: MRR_CUSTOMER#<ledger>#<customer id>/MRR_CUSTOMER, each of its products'
 *   currency, monthly amount over time (steps) and the product version they were computed
 *   from, with the item's own `version` for optimistic locking;
 * - the ledger's movements: MRR#<ledger>/MONTH#<month>#<currency>, the counters of
 *   `MrrMovement` summed over customers (numbers, added to with ADD).
 * A month's report is one Query of MRR#<ledger> up to that month.
 */
export interface MrrProductRecord {
  currency: string;
  /** The product item's version the steps were computed from: an older one is never recorded over it. */
  productVersion: number;
  steps: MrrStep[];
}

export interface MrrCustomerModel {
  version: number;
  products: Map<string, MrrProductRecord>;
}

const customerKey = (ledger: string, customerId: string) => ({ pk: `MRR_CUSTOMER#${ledger}#${customerId}`, sk: 'MRR_CUSTOMER' });
const movementsPartition = (ledger: string) => `MRR#${ledger}`;
const monthKey = (ledger: string, month: MrrMonth, currency: string) => ({ pk: movementsPartition(ledger), sk: `MONTH#${month}#${currency}` });

/** A transaction holds 100 actions: the customer's item and up to 99 months that moved. */
const maxMonthsPerChange = 99;

type StoredProducts = Record<string, { currency: string; productVersion: number; steps: { from: string; minor: string }[] }>;

export async function findMrrCustomer(ledger: string, customerId: string): Promise<MrrCustomerModel | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: customerKey(ledger, customerId), ConsistentRead: true }));
  if (!Item) return undefined;
  const stored = Item.products as StoredProducts;
  return {
    version: Item.version as number,
    products: new Map(Object.entries(stored).map(([id, record]) => [id, { currency: record.currency, productVersion: record.productVersion, steps: stepsOfStored(record.steps) }])),
  };
}

const counterNumber = (value: bigint | number): number => {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`an MRR counter out of the safe integer range: ${value}`);
  return number;
};

/**
 * Writes the customer's model and adds `difference` to the ledger's months, in one
 * transaction, if the model is still at `expectedVersion` (absent: not written yet); else a
 * StaleVersionError, and the caller starts again from what is stored now.
 */
export async function saveMrrCustomer(input: { ledger: string; customerId: string; expectedVersion?: number; products: ReadonlyMap<string, MrrProductRecord>; difference: readonly MrrMovement[] }): Promise<void> {
  const { ledger, customerId, expectedVersion, difference } = input;
  if (difference.length > maxMonthsPerChange) throw new RangeError(`customer ${customerId}'s MRR moved in ${difference.length} months at once; a change is written in one transaction of at most ${maxMonthsPerChange}`);
  const products: StoredProducts = Object.fromEntries(
    [...input.products].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, record]) => [id, { currency: record.currency, productVersion: record.productVersion, steps: storedSteps(record.steps) }]),
  );
  const customerPut = {
    Put: {
      TableName: tableName(),
      Item: { ...customerKey(ledger, customerId), entityType: 'MrrCustomer', version: (expectedVersion ?? 0) + 1, ledger, customerId, products },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
    },
  };
  const monthUpdates = difference.map((movement) => ({
    Update: {
      TableName: tableName(),
      Key: monthKey(ledger, movement.month, movement.currency),
      UpdateExpression: `SET #type = :type, #month = :month, #currency = :currency ADD ${movementCounters.map((counter) => `${counter} :${counter}`).join(', ')}`,
      ExpressionAttributeNames: { '#type': 'entityType', '#month': 'month', '#currency': 'currency' },
      ExpressionAttributeValues: {
        ':type': 'MrrMonth',
        ':month': movement.month,
        ':currency': movement.currency,
        ...Object.fromEntries(movementCounters.map((counter) => [`:${counter}`, counterNumber(movement[counter])])),
      },
    },
  }));
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [customerPut, ...monthUpdates] }));
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`the MRR model of customer ${customerId} in ${ledger} changed meanwhile`);
    throw error;
  }
}

/** Every month's movements of the ledger up to `month` (one Query, a page per megabyte of months). */
export async function mrrMovementsUpTo(ledger: string, month: MrrMonth): Promise<MrrMovement[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    // Currency codes are capital letters, all before '~'.
    ExpressionAttributeValues: { ':pk': movementsPartition(ledger), ':first': 'MONTH#', ':last': `MONTH#${month}#~` },
  });
  return items.map((item) => ({
    month: item.month as string,
    currency: item.currency as string,
    newMinor: BigInt(item.newMinor as number),
    expansionMinor: BigInt(item.expansionMinor as number),
    contractionMinor: BigInt(item.contractionMinor as number),
    churnedMinor: BigInt(item.churnedMinor as number),
    customersGained: item.customersGained as number,
    customersLost: item.customersLost as number,
    productsGained: item.productsGained as number,
    productsLost: item.productsLost as number,
  }));
}

/**
 * A rebuild's writes (functions/revenue/rebuild-mrr.ts): each customer's model replaced, its
 * version moved on (a consumer that read the old one starts again), and each month's counters
 * set to the rebuilt ones; months stored but not rebuilt are set to zero.
 */
export async function replaceMrrModel(input: { ledger: string; customers: ReadonlyMap<string, ReadonlyMap<string, MrrProductRecord>>; months: readonly MrrMovement[]; zeroed: readonly MrrMovement[] }): Promise<void> {
  const { ledger } = input;
  for (const [customerId, records] of input.customers) {
    const products: StoredProducts = Object.fromEntries([...records].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, record]) => [id, { currency: record.currency, productVersion: record.productVersion, steps: storedSteps(record.steps) }]));
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: customerKey(ledger, customerId),
        UpdateExpression: 'SET #type = :type, #ledger = :ledger, #customer = :customer, #products = :products ADD #version :one',
        ExpressionAttributeNames: { '#type': 'entityType', '#ledger': 'ledger', '#customer': 'customerId', '#products': 'products', '#version': 'version' },
        ExpressionAttributeValues: { ':type': 'MrrCustomer', ':ledger': ledger, ':customer': customerId, ':products': products, ':one': 1 },
      }),
    );
  }
  const zero = (movement: MrrMovement): MrrMovement => ({ ...movement, newMinor: 0n, expansionMinor: 0n, contractionMinor: 0n, churnedMinor: 0n, customersGained: 0, customersLost: 0, productsGained: 0, productsLost: 0 });
  for (const movement of [...input.months, ...input.zeroed.map(zero)]) {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...monthKey(ledger, movement.month, movement.currency),
          entityType: 'MrrMonth',
          month: movement.month,
          currency: movement.currency,
          ...Object.fromEntries(movementCounters.map((counter) => [counter, counterNumber(movement[counter])])),
        },
      }),
    );
  }
}

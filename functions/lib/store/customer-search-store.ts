import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Customer } from '../../../domain/customers/customer.js';
import { nameMatches, namePartitionOf, phonePartitionOf, type CustomerSearchTerms } from '../../../domain/customers/customer-search.js';
import { documentClient, tableName } from './dynamo-client.js';
import { StaleVersionError, failedConditions } from './store-errors.js';
import { customerSearchPartitions, keys } from './table-items.js';

/**
 * The customer search's read model (docs/data-model.md), kept by functions/customers/index-customer-search.ts:
 * - a word of a customer's name: CUSTOMER_SEARCH#NAME#<first 2 characters>/<word>#<customer id>,
 *   with the name's words beside it, so a query of several words is checked without reading customers;
 * - a phone number: CUSTOMER_SEARCH#PHONE#<first 4 reversed digits>/<reversed digits>#<customer id>;
 * - an issued bill's number: CUSTOMER_SEARCH#BILL_NO#<number uppercased>/CUSTOMER_SEARCH;
 * - what a customer has in the index: CUSTOMER#<id>/SEARCH_ENTRIES, the keys of its name and
 *   phone entries, the name's words, the customer version they were computed from and the
 *   item's own version, so a change replaces exactly what the previous one wrote.
 */

type Key = { pk: string; sk: string };

export interface StoredSearchEntries {
  version: number;
  customerVersion: number;
  entries: Key[];
  nameWords: string[];
}

/**
 * The customer as it is now (a consistent read), the source of its entries. Read here rather
 * than through customer-store, whose module also builds the customer's outbox writes: the
 * indexing function is granted only the prefixes of what it writes.
 */
export async function findCustomerToIndex(customerId: string): Promise<{ customer: Customer; version: number } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customer(customerId), ConsistentRead: true }));
  if (!Item) return undefined;
  return { customer: Item.resource as Customer, version: Item.version as number };
}

export async function findSearchEntries(customerId: string): Promise<StoredSearchEntries | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customerSearchEntries(customerId), ConsistentRead: true }));
  if (!Item) return undefined;
  return { version: Item.version as number, customerVersion: Item.customerVersion as number, entries: Item.entries as Key[], nameWords: Item.nameWords as string[] };
}

function searchEntryItems(customerId: string, terms: CustomerSearchTerms): Record<string, unknown>[] {
  return [
    ...terms.nameWords.map((word) => ({ ...keys.customerSearchName(namePartitionOf(word), word, customerId), entityType: 'CustomerSearchName', customerId, nameWords: terms.nameWords })),
    ...terms.reversedPhoneNumbers.map((digits) => ({ ...keys.customerSearchPhone(phonePartitionOf(digits), digits, customerId), entityType: 'CustomerSearchPhone', customerId })),
  ];
}

const keyText = (key: Key): string => `${key.pk}\n${key.sk}`;
const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((word, index) => word === b[index]);

/**
 * Replaces what the customer has in the index with `terms`, computed from the customer at
 * `customerVersion`, in one transaction: the entries' list item first (conditional on the
 * version read, `previous`; absent: not written yet), then the stale entries deleted and the new
 * or changed ones put. An entry that did not change is not written. A StaleVersionError means
 * another change was written meanwhile: read again and start over.
 */
export async function replaceSearchEntries(input: { customerId: string; customerVersion: number; previous?: StoredSearchEntries; terms: CustomerSearchTerms }): Promise<{ written: number; deleted: number }> {
  const { customerId, customerVersion, previous, terms } = input;
  const table = tableName();
  const next = searchEntryItems(customerId, terms);
  const nextKeys = new Set(next.map((item) => keyText(item as Key)));
  const previousKeys = new Set((previous?.entries ?? []).map(keyText));
  const nameWordsChanged = !sameWords(previous?.nameWords ?? [], terms.nameWords);
  const stale = (previous?.entries ?? []).filter((key) => !nextKeys.has(keyText(key)));
  const changed = next.filter((item) => !previousKeys.has(keyText(item as Key)) || (item.entityType === 'CustomerSearchName' && nameWordsChanged));
  const listPut = {
    Put: {
      TableName: table,
      Item: {
        ...keys.customerSearchEntries(customerId),
        entityType: 'CustomerSearchEntries',
        version: (previous?.version ?? 0) + 1,
        customerVersion,
        entries: next.map((item) => ({ pk: item.pk, sk: item.sk })),
        nameWords: terms.nameWords,
      },
      ...(previous === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': previous.version } }),
    },
  };
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [listPut, ...stale.map((key) => ({ Delete: { TableName: table, Key: key } })), ...changed.map((item) => ({ Put: { TableName: table, Item: item } }))],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.includes(0)) throw new StaleVersionError(`customer ${customerId}'s search entries changed meanwhile`);
    throw error;
  }
  return { written: changed.length, deleted: stale.length };
}

export interface BillNumberEntry {
  billNo: string;
  billId: string;
  customerId: string;
  billingAccountId: string;
}

/** An issued bill's number, written whole each time: a number is given once, so a repeat writes the same item. */
export async function putBillNumberEntry(entry: BillNumberEntry): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName(), Item: { ...keys.customerSearchBillNo(entry.billNo), entityType: 'CustomerSearchBillNo', ...entry } }));
}

export async function findBillNumberEntry(billNo: string): Promise<BillNumberEntry | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: keys.customerSearchBillNo(billNo) }));
  if (!Item) return undefined;
  return { billNo: Item.billNo as string, billId: Item.billId as string, customerId: Item.customerId as string, billingAccountId: Item.billingAccountId as string };
}

/**
 * At most this many index entries are read for one query, however few of them match all its
 * words: a common prefix ("ma") stays a round trip or two, and the answer is then the first
 * customers found, not all of them.
 */
export const maxEntriesRead = 1000;

/** The customers of the entries that begin with `prefix` in `partition`, in index order, each once, up to `wanted`. */
async function customersUnder(partition: string, prefix: string, wanted: number, accepts: (item: Record<string, unknown>) => boolean = () => true): Promise<string[]> {
  const found = new Set<string>();
  let read = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const answer: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ProjectionExpression: 'customerId, nameWords',
        Limit: maxEntriesRead - read,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of answer.Items ?? []) {
      if (found.size >= wanted) break;
      if (accepts(item)) found.add(item.customerId as string);
    }
    read += answer.Count ?? 0;
    startKey = answer.LastEvaluatedKey;
  } while (startKey && found.size < wanted && read < maxEntriesRead);
  return [...found];
}

/** Customers with a name word beginning with `name.indexWord` whose name has every word of the query at the start of one of its words. */
export function customersByName(name: { words: readonly string[]; indexWord: string; partition: string }, wanted: number): Promise<string[]> {
  return customersUnder(customerSearchPartitions.name(name.partition), name.indexWord, wanted, (item) => nameMatches(name.words, (item.nameWords as string[] | undefined) ?? []));
}

/** Customers with a phone number ending in the query's digits. */
export function customersByPhone(phone: { reversedDigits: string; partition: string }, wanted: number): Promise<string[]> {
  return customersUnder(customerSearchPartitions.phone(phone.partition), phone.reversedDigits, wanted);
}

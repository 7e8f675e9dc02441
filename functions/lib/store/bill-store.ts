import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { BilledUsage } from '../../../domain/billing/usage-charges.js';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import { batchWriteItems } from './batch-items.js';
import { documentClient, tableName } from './dynamo-client.js';
import { queryAllItems } from './query-all.js';
import { listAcrossPartitions, listResources, type AttributeFilter, type ListPage } from './list-resources.js';
import { dueShardOf } from '../../../domain/billing/billing-schedule.js';
import { isOpenBill } from '../../../domain/collections/bill-settlement.js';
import { dueShards } from './billing-schedule-store.js';
import { outboxPut } from './outbox.js';
import { isConditionFailure, transactionCancellation } from './store-errors.js';

/**
 * TMF678 bills and their lines (docs/data-model.md):
 * - a bill: BILL#<id>/BILL, listed per customer in gsi2 (`CUSTOMER#<id>` / `CustomerBill#<billDate>#<id>`);
 * - its lines: BILL#<id>/LINE#<nnnn>, listed per customer in gsi2 too, so a customer's lines of
 *   one product or account are one Query;
 * - what each bill rated of each product's usage, for late usage: PRODUCT#<id>/USAGE_BILLED#<term>#<period>#<bill>;
 * - the number series: BILL_SERIES#<key>/BILL_SERIES, the last number given, and whose turn it
 *   is to number (see takeNumberingTurn);
 * - while an issued bill owes something, it is in the sparse gsi3 under `OPEN_BILL#<shard>`
 *   (`CLOCK_OPEN_BILL#<clock>` for a test clock's), sorted by due date: what collections and
 *   receivables read, never a scan.
 * - every bill, and every line, is also in gsi1 under one of `allBillsShards` partitions chosen by
 *   its account (`BILLS#<shard>` / `<billDate>#<id>`, `BILL_LINES#<shard>` / `<date>#<id>`): what
 *   staff list without naming a customer, newest first, one Query per shard. Bills written before
 *   these keys existed are not in it (docs/api.md, "Lists").
 * No index key is shared by all bills (the all-bills index spreads them over 16 partitions), so a
 * run writing a million bills writes no hot key.
 */
export const billKey = (id: string) => ({ pk: `BILL#${id}`, sk: 'BILL' });

/** Fixed, unlike the due shards: a bill's gsi1 partition never moves once written. */
export const allBillsShards = 16;
const allBillsShardOf = (billingAccountId: string) => dueShardOf(billingAccountId, allBillsShards);
const allShards = (prefix: string) => Array.from({ length: allBillsShards }, (_, shard) => `${prefix}#${shard}`);

/** A bill's place in the all-bills index (gsi1). */
export const allBillsIndexKeys = (bill: CustomerBill) => ({ gsi1pk: `BILLS#${allBillsShardOf(bill.billingAccount.id)}`, gsi1sk: `${bill.billDate}#${bill.id}` });

/** A line's place in the all-lines index (gsi1). */
export const allBillLinesIndexKeys = (line: AppliedCustomerBillingRate) => ({ gsi1pk: `BILL_LINES#${allBillsShardOf(line.billingAccount.id)}`, gsi1sk: `${line.date}#${line.id}` });

const lineSortKey = (lineId: string) => `LINE#${lineId.slice(-4)}`;
const seriesKey = (key: string) => ({ pk: `BILL_SERIES#${key}`, sk: 'BILL_SERIES' });

export interface StoredBill {
  bill: CustomerBill;
  version: number;
  customerId: string;
  /** Credit the bill carried forward, minor units (for the account's schedule when it is issued). */
  creditCarriedMinor: string;
}

/** The bill's place in the open-bills index while it owes something; `undefined` once it owes nothing. */
export function openBillIndexKeys(bill: CustomerBill): { gsi3pk: string; gsi3sk: string } | undefined {
  if (!isOpenBill(bill)) return undefined;
  const partition = bill.testClock ? `CLOCK_OPEN_BILL#${bill.testClock.id}` : `OPEN_BILL#${dueShardOf(bill.billingAccount.id, dueShards())}`;
  return { gsi3pk: partition, gsi3sk: `${bill.paymentDueDate}#${bill.id}` };
}

/** The gsi3 partitions open bills are found in: every shard of live bills, or one test clock's. */
export function openBillPartitions(testClockId?: string): string[] {
  return testClockId === undefined ? Array.from({ length: dueShards() }, (_, shard) => `OPEN_BILL#${shard}`) : [`CLOCK_OPEN_BILL#${testClockId}`];
}

/** The open bills of one partition due at or before `asOf` (those due before it are overdue). */
export async function openBillsDueBy(partition: string, asOf: string): Promise<{ billId: string; billingAccountId: string; customerId: string; paymentDueDate: string }[]> {
  const items = await queryAllItems({
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :asOf',
    ExpressionAttributeValues: { ':pk': partition, ':asOf': `${asOf}#\uffff` },
  });
  return items.map((item) => {
    const bill = item.resource as CustomerBill;
    return { billId: bill.id, billingAccountId: bill.billingAccount.id, customerId: item.customerId as string, paymentDueDate: bill.paymentDueDate };
  });
}

/**
 * Attempts at collecting a bill from the card on file are numbered (`collectionAttempt` beside
 * the bill, and `declinedAttempt`, the last one the gateway declined): an attempt is claimed
 * before the card is charged, and the next one only once the last was declined. So the
 * collection at issue and dunning's retries never charge in parallel, and a repeated attempt
 * (a retried delivery) goes on under the same gateway keys.
 */
export async function claimCollectionAttempt(billId: string, attempt: number): Promise<boolean> {
  const condition =
    attempt === 1
      ? 'attribute_not_exists(#attempt) OR #attempt = :attempt'
      : '#attempt = :attempt OR (#attempt = :previous AND #declined = :previous)';
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: billKey(billId),
        UpdateExpression: 'SET #attempt = :attempt',
        ConditionExpression: `attribute_exists(pk) AND (${condition})`,
        ExpressionAttributeNames: { '#attempt': 'collectionAttempt', ...(attempt === 1 ? {} : { '#declined': 'declinedAttempt' }) },
        ExpressionAttributeValues: { ':attempt': attempt, ...(attempt === 1 ? {} : { ':previous': attempt - 1 }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The gateway declined the attempt: the next may be claimed. */
export async function markCollectionDeclined(billId: string, attempt: number): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: billKey(billId),
      UpdateExpression: 'SET #declined = :attempt',
      ConditionExpression: '#attempt = :attempt',
      ExpressionAttributeNames: { '#declined': 'declinedAttempt', '#attempt': 'collectionAttempt' },
      ExpressionAttributeValues: { ':attempt': attempt },
    }),
  );
}

/** The bill's last collection attempt and whether it was declined: the next retry is the one after a declined attempt, none while one is running. */
export async function collectionAttemptOf(billId: string): Promise<{ attempt: number; declined: boolean }> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: billKey(billId), ConsistentRead: true, ProjectionExpression: 'collectionAttempt, declinedAttempt' }));
  const attempt = (Item?.collectionAttempt as number | undefined) ?? 0;
  return { attempt, declined: attempt > 0 && Item?.declinedAttempt === attempt };
}

/** The update of an issued bill's resource (a payment applied to it, its delivery recorded), if nobody changed it since `expectedVersion`; it leaves the open-bills index when it owes nothing more. */
export function billPaymentUpdate(bill: CustomerBill, expectedVersion: number) {
  const index = openBillIndexKeys(bill);
  return {
    Update: {
      TableName: tableName(),
      Key: billKey(bill.id),
      UpdateExpression: index
        ? 'SET #resource = :resource, #version = :next, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk'
        : 'SET #resource = :resource, #version = :next REMOVE gsi3pk, gsi3sk',
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version' },
      ExpressionAttributeValues: { ':resource': bill, ':expected': expectedVersion, ':next': expectedVersion + 1, ...(index ? { ':gsi3pk': index.gsi3pk, ':gsi3sk': index.gsi3sk } : {}) },
    },
  };
}

/** The issued bills of an account that still owe something, with their versions (a customer's bills are few: one Query of them). */
export async function openBillsOfAccount(customerId: string, billingAccountId: string): Promise<{ bill: CustomerBill; version: number }[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CustomerBill#' },
  });
  return items
    .map((item) => ({ bill: item.resource as CustomerBill, version: item.version as number }))
    .filter(({ bill }) => bill.billingAccount.id === billingAccountId && isOpenBill(bill));
}

/** The issued bills of an account that payment `paymentId` still pays something of (directly, or through credit it left), with their versions. */
export async function billsPaidBy(customerId: string, billingAccountId: string, paymentId: string): Promise<{ bill: CustomerBill; version: number }[]> {
  const items = await queryAllItems({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CustomerBill#' },
  });
  return items
    .map((item) => ({ bill: item.resource as CustomerBill, version: item.version as number }))
    .filter(({ bill }) => bill.billingAccount.id === billingAccountId && bill.appliedPayment.some((applied) => applied.payment.id === paymentId));
}

function billItem(bill: CustomerBill, customerId: string, creditCarriedMinor: string, version: number): Record<string, unknown> {
  return {
    ...billKey(bill.id),
    entityType: 'CustomerBill',
    version,
    resource: bill,
    billingAccountId: bill.billingAccount.id,
    customerId,
    creditCarriedMinor,
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `CustomerBill#${bill.billDate}#${bill.id}`,
    ...allBillsIndexKeys(bill),
  };
}

function lineItem(line: AppliedCustomerBillingRate, customerId: string): Record<string, unknown> {
  return {
    pk: `BILL#${line.bill.id}`,
    sk: lineSortKey(line.id),
    entityType: 'AppliedCustomerBillingRate',
    version: 1,
    resource: line,
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `AppliedCustomerBillingRate#${line.date}#${line.id}`,
    ...allBillLinesIndexKeys(line),
  };
}

function storedBillOf(item: Record<string, unknown>): StoredBill {
  return { bill: item.resource as CustomerBill, version: item.version as number, customerId: item.customerId as string, creditCarriedMinor: (item.creditCarriedMinor as string | undefined) ?? '0' };
}

export async function findBill(id: string, options: { consistentRead?: boolean } = {}): Promise<StoredBill | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: billKey(id), ...(options.consistentRead ? { ConsistentRead: true } : {}) }));
  return Item ? storedBillOf(Item) : undefined;
}

/** A line by its id (`<bill id>-<nnnn>`): one key lookup; with the customer it was billed to. */
export async function findBillLine(lineId: string): Promise<{ line: AppliedCustomerBillingRate; customerId: string } | undefined> {
  if (!/^.+-\d{4}$/.test(lineId)) return undefined;
  const billId = lineId.slice(0, -5);
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: { pk: `BILL#${billId}`, sk: lineSortKey(lineId) } }));
  return Item ? { line: Item.resource as AppliedCustomerBillingRate, customerId: (Item.gsi2pk as string).slice('CUSTOMER#'.length) } : undefined;
}

/**
 * Writes a bill being built (`new`) with its lines, unless it was issued meanwhile (then
 * nothing is written and false returned). A bill rebuilt after a failed run replaces its
 * earlier lines: those beyond the new count are deleted.
 */
export async function putBillDraft(bill: CustomerBill, lines: readonly AppliedCustomerBillingRate[], context: { customerId: string; creditCarriedMinor: string; previousLineCount?: number }): Promise<boolean> {
  const stale = Array.from({ length: Math.max(0, (context.previousLineCount ?? 0) - lines.length) }, (_, index) => ({
    delete: { pk: `BILL#${bill.id}`, sk: `LINE#${String(lines.length + index + 1).padStart(4, '0')}` },
  }));
  await batchWriteItems([...lines.map((line) => ({ put: lineItem(line, context.customerId) })), ...stale]);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName(),
        Item: billItem(bill, context.customerId, context.creditCarriedMinor, 1),
        ConditionExpression: 'attribute_not_exists(pk) OR #resource.#state = :new',
        ExpressionAttributeNames: { '#resource': 'resource', '#state': 'state' },
        ExpressionAttributeValues: { ':new': 'new' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** What one bill rated of a product's usage per term and period; idempotent (keyed by the bill). */
export async function putBilledUsage(billId: string, billed: readonly BilledUsage[]): Promise<void> {
  await batchWriteItems(
    billed.map((entry) => ({
      put: { pk: `PRODUCT#${entry.productId}`, sk: `USAGE_BILLED#${entry.termFrom}#${entry.periodStart}#${billId}`, entityType: 'BilledUsage', version: 1, billId, ...entry },
    })),
  );
}

/** What issued bills rated of a product's usage (a bill being rebuilt leaves its own earlier entries out). */
export async function billedUsageOf(productId: string, exceptBillId: string): Promise<BilledUsage[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `PRODUCT#${productId}`, ':prefix': 'USAGE_BILLED#' },
  });
  return items
    .filter((item) => item.billId !== exceptBillId)
    .map((item) => ({ productId: item.productId as string, termFrom: item.termFrom as string, periodStart: item.periodStart as string, quantities: item.quantities as BilledUsage['quantities'] }));
}

export interface BillToIssue {
  bill: CustomerBill;
  /** The series counter's key. */
  seriesKey: string;
  /** Other actions of the same fact: the account's schedule moving on, its event. */
  also: Record<string, unknown>[];
}

/**
 * What an issuing transaction came to: done, or cancelled, and then by what. `counters` are the
 * series whose counter moved since it was read (another run numbered meanwhile: read them again);
 * `bills` those whose own `state = new` condition or one of their `also` actions failed (issued by
 * another run, or their schedule moved): only those need looking at again. `conflict`: another
 * transaction held one of the items at that moment (TransactionConflict), a race to retry.
 */
export type IssueAttempt = { kind: 'issued' } | { kind: 'cancelled'; counters: string[]; bills: string[]; conflict: boolean };

/**
 * Issues bills in one transaction: their state moves from `new` to what `issued` gives (numbered),
 * each series' counter moves from the last number read to the last number given, with the other
 * actions. A counter someone else moved, a bill issued meanwhile, a schedule moved or a concurrent
 * transaction cancels it all: nothing is numbered, nothing is lost, and the answer says which
 * conditions failed so that the caller reads again only what it must before retrying.
 */
export async function issueBillsTransaction(bills: readonly BillToIssue[], counters: ReadonlyMap<string, { read: number; last: number }>, events: readonly DomainEvent[], turn?: NumberingTurn): Promise<IssueAttempt> {
  const table = tableName();
  const actions: Record<string, unknown>[] = [];
  /** Whose each action is: a series' counter, or a bill (its update and its `also`); events are nobody's. */
  const owners: ({ counter: string } | { bill: string } | undefined)[] = [];
  for (const [key, { read, last }] of counters) {
    actions.push(seriesCounterUpdate(key, read, last, turn?.holder));
    owners.push({ counter: key });
  }
  for (const { bill, also } of bills) {
    const index = openBillIndexKeys(bill);
    actions.push({
      Update: {
        TableName: table,
        Key: billKey(bill.id),
        UpdateExpression: `SET #resource = :resource, #version = #version + :one${index ? ', gsi3pk = :gsi3pk, gsi3sk = :gsi3sk' : ''}`,
        ConditionExpression: '#resource.#state = :new',
        ExpressionAttributeNames: { '#resource': 'resource', '#version': 'version', '#state': 'state' },
        ExpressionAttributeValues: { ':resource': bill, ':one': 1, ':new': 'new', ...(index ? { ':gsi3pk': index.gsi3pk, ':gsi3sk': index.gsi3sk } : {}) },
      },
    });
    actions.push(...also);
    owners.push(...Array.from({ length: 1 + also.length }, () => ({ bill: bill.id })));
  }
  actions.push(...events.map((event) => outboxPut(table, event)));
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
    return { kind: 'issued' };
  } catch (error) {
    const cancellation = transactionCancellation(error);
    if (!cancellation) throw error;
    const failed = cancellation.failed.map((index) => owners[index]);
    // A condition of nobody's (an event's) failing, or a cancellation with no reason at all, is no race.
    if (failed.some((owner) => owner === undefined) || (failed.length === 0 && !cancellation.conflict)) throw error;
    return {
      kind: 'cancelled',
      counters: [...new Set(failed.flatMap((owner) => (owner && 'counter' in owner ? [owner.counter] : [])))],
      bills: [...new Set(failed.flatMap((owner) => (owner && 'bill' in owner ? [owner.bill] : [])))],
      conflict: cancellation.conflict,
    };
  }
}

/**
 * Moves a series' counter from the last number read to the last given: fails if another
 * transaction numbered meanwhile, so numbers stay gapless. Given the holder of the series'
 * numbering turn, it also fails unless that holder still has the turn, and ends it.
 */
export function seriesCounterUpdate(key: string, read: number, last: number, holder?: string) {
  const unchanged = read === 0 ? 'attribute_not_exists(#last)' : '#last = :read';
  return {
    Update: {
      TableName: tableName(),
      Key: seriesKey(key),
      UpdateExpression: `SET #last = :last, #entityType = :type${holder === undefined ? '' : ' REMOVE #holder, #until'}`,
      ConditionExpression: holder === undefined ? unchanged : `${unchanged} AND #holder = :holder`,
      ExpressionAttributeNames: { '#last': 'lastNumber', '#entityType': 'entityType', ...(holder === undefined ? {} : { '#holder': 'turnHolder', '#until': 'turnUntil' }) },
      ExpressionAttributeValues: { ':last': last, ':type': 'BillSeries', ...(read === 0 ? {} : { ':read': read }), ...(holder === undefined ? {} : { ':holder': holder }) },
    },
  };
}

/** A turn at numbering some series: who holds it, and each series' last number when it was taken. */
export interface NumberingTurn {
  holder: string;
  lastNumbers: Map<string, number>;
}

/**
 * Takes the turn at numbering the series `keys` (docs/billing.md, "Numbering"), for `leaseMs` at
 * most: a one-item conditional update per series, in key order, which also answers the series'
 * last number. `undefined` when another holder has one of them (what was taken is given back).
 * Pages that issue at once take turns this way rather than racing whole issuing transactions
 * against one counter: a transaction of up to 100 actions costs DynamoDB as much cancelled as
 * made. The turn only spares that work: gapless numbers rest on the counter's own condition,
 * and a holder that dies leaves a turn that simply runs out.
 */
export async function takeNumberingTurn(keys: Iterable<string>, holder: string, leaseMs: number): Promise<NumberingTurn | undefined> {
  const taken: string[] = [];
  const lastNumbers = new Map<string, number>();
  for (const key of [...new Set(keys)].sort()) {
    const now = Date.now();
    try {
      const { Attributes } = await documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: seriesKey(key),
          UpdateExpression: 'SET #holder = :holder, #until = :until, #entityType = :type',
          ConditionExpression: 'attribute_not_exists(#holder) OR #holder = :holder OR #until < :now',
          ExpressionAttributeNames: { '#holder': 'turnHolder', '#until': 'turnUntil', '#entityType': 'entityType' },
          ExpressionAttributeValues: { ':holder': holder, ':until': now + leaseMs, ':now': now, ':type': 'BillSeries' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      taken.push(key);
      lastNumbers.set(key, (Attributes?.lastNumber as number | undefined) ?? 0);
    } catch (error) {
      await endNumberingTurn(taken, holder);
      if (!isTurnTaken(error)) throw error;
      return undefined;
    }
  }
  return { holder, lastNumbers };
}

/** Gives the turn back without numbering (an issuing transaction that numbered ends it itself); a turn already run out and taken by another is left alone. */
export async function endNumberingTurn(keys: Iterable<string>, holder: string): Promise<void> {
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      try {
        await documentClient.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: seriesKey(key),
            UpdateExpression: 'REMOVE #holder, #until',
            ConditionExpression: '#holder = :holder',
            ExpressionAttributeNames: { '#holder': 'turnHolder', '#until': 'turnUntil' },
            ExpressionAttributeValues: { ':holder': holder },
          }),
        );
      } catch (error) {
        // Nothing to give back, or an issuing transaction (a credit note's) holds the item a moment: the turn then runs out.
        if (!isTurnTaken(error)) throw error;
      }
    }),
  );
}

/**
 * Another holder has the turn, or an issuing transaction holds the counter at that moment: a
 * single write on an item that an ongoing transaction includes fails with
 * TransactionConflictException on DynamoDB, and is as much a wait as a taken turn.
 */
const isTurnTaken = (error: unknown): boolean => isConditionFailure(error) || (error as Error).name === 'TransactionConflictException';

/** The last number of each series given so far (0 for a series not begun). */
export async function lastBillNumbers(keys: Iterable<string>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: seriesKey(key), ConsistentRead: true }));
      found.set(key, (Item?.lastNumber as number | undefined) ?? 0);
    }),
  );
  return found;
}

/** A customer's bills, newest date last, within an optional bill-date window. */
export function listBills(page: { customerId: string; dateFrom?: string; dateBefore?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CustomerBill>> {
  const { customerId, dateFrom, dateBefore, ...rest } = page;
  const window = dateFrom !== undefined || dateBefore !== undefined ? { sortKeyRange: { from: `CustomerBill#${dateFrom ?? '0000'}`, to: `CustomerBill#${dateBefore ?? '9999'}` } } : { sortKeyPrefix: 'CustomerBill#' };
  return listResources<CustomerBill>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, ...window, ...rest });
}

/**
 * Everyone's bills, newest first, within an optional bill-date window: one gsi1 Query per
 * shard, each read in full so the total is exact, merged by date.
 */
export function listAllBills(page: { dateFrom?: string; dateBefore?: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<CustomerBill>> {
  const { dateFrom, dateBefore, filters, ...window } = page;
  const range = dateFrom !== undefined || dateBefore !== undefined ? { sortKeyRange: { from: dateFrom ?? '0000', to: dateBefore ?? '9999' } } : {};
  return listAcrossPartitions(
    allShards('BILLS'),
    window,
    (partitionKey, part) => listResources<CustomerBill>({ index: 'gsi1', partitionKey, ...range, filters, newestFirst: true, ...part }),
    (bill) => `${bill.billDate}#${bill.id}`,
    'newest',
  );
}

/**
 * The newest issued bill (any state but `new`) of each of the customer's accounts named, by bill
 * date: one gsi2 Query of the customer's bills read newest first, a page at a time, stopped as
 * soon as every account named has its bill. An account without an issued bill is absent.
 */
export async function newestIssuedBills(customerId: string, billingAccountIds: readonly string[]): Promise<Map<string, CustomerBill>> {
  const wanted = new Set(billingAccountIds);
  const found = new Map<string, CustomerBill>();
  let startKey: Record<string, unknown> | undefined;
  while (found.size < wanted.size) {
    const answer: QueryCommandOutput = await documentClient.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
        FilterExpression: '#resource.#state <> :new',
        ExpressionAttributeNames: { '#resource': 'resource', '#state': 'state' },
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}`, ':prefix': 'CustomerBill#', ':new': 'new' },
        ScanIndexForward: false,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of answer.Items ?? []) {
      const bill = item.resource as CustomerBill;
      if (wanted.has(bill.billingAccount.id) && !found.has(bill.billingAccount.id)) found.set(bill.billingAccount.id, bill);
    }
    startKey = answer.LastEvaluatedKey;
    if (!startKey) break;
  }
  return found;
}

/** The lines of one bill, in order. */
export async function linesOfBill(billId: string): Promise<AppliedCustomerBillingRate[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `BILL#${billId}`, ':prefix': 'LINE#' },
  });
  return items.map((item) => item.resource as AppliedCustomerBillingRate);
}

/** Everyone's bill lines, newest first: one gsi1 Query per shard, merged by date. */
export function listAllBillLines(page: { filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<AppliedCustomerBillingRate>> {
  const { filters, ...window } = page;
  return listAcrossPartitions(
    allShards('BILL_LINES'),
    window,
    (partitionKey, part) => listResources<AppliedCustomerBillingRate>({ index: 'gsi1', partitionKey, filters, newestFirst: true, ...part }),
    (line) => `${line.date}#${line.id}`,
    'newest',
  );
}

/** A customer's bill lines (of any bill), filtered by product, account or bill. */
export function listCustomerBillLines(page: { customerId: string; filters: AttributeFilter[]; offset: number; limit: number }): Promise<ListPage<AppliedCustomerBillingRate>> {
  const { customerId, ...rest } = page;
  return listResources<AppliedCustomerBillingRate>({ index: 'gsi2', partitionKey: `CUSTOMER#${customerId}`, sortKeyPrefix: 'AppliedCustomerBillingRate#', ...rest });
}

import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dueShardOf } from '../../../domain/billing/billing-schedule.js';
import type { DomainEvent } from '../../../domain/events/domain-event.js';
import type { BadDebt, JournalEntry, RevenueBalance } from '../../../domain/revenue/monthly-close.js';
import { monthsAfter, type RevenueMonth } from '../../../domain/revenue/revenue-month.js';
import type { RevenueSchedule } from '../../../domain/revenue/revenue-schedule.js';
import { batchGetItems, batchWriteItems } from './batch-items.js';
import { dueShards } from './billing-schedule-store.js';
import { documentClient, tableName } from './dynamo-client.js';
import { outboxPut } from './outbox.js';
import { countItems, queryAllItems } from './query-all.js';
import { transactionCancellation } from './store-errors.js';

/**
 * Revenue recognition's items (docs/revenue-recognition.md, docs/data-model.md):
 * - a line's schedule: REVENUE_SCHEDULE#<line id>/REVENUE_SCHEDULE, so a retry rewrites it;
 * - beside it one item per month it is booked or recognized in, REVENUE_SCHEDULE#<line id>/MONTH#<month>,
 *   with a copy of the schedule, in gsi2 under `REVENUE#<ledger>` (`REVENUE#live#<shard>` for the
 *   live ledger, so a billing run writes no hot key) / `<month>#SCHEDULE#<line id>`: a close reads
 *   its month's schedules with one Query per partition, never a scan;
 * - a write-off's bad debts: REVENUE_WRITE_OFF#<bill id>/REVENUE_WRITE_OFF, in gsi2 the same way
 *   (`<month>#WRITE_OFF#<bill id>`);
 * - the ledger: REVENUE_LEDGER#<ledger>/REVENUE_LEDGER, with `lastClosedMonth` (nothing more is
 *   booked in it or before) and `lastJournaledMonth` (its entries and balances are written);
 *   its journal entries REVENUE_LEDGER#<ledger>/JOURNAL_ENTRY#<month>#<offering>#<currency>#<kind>
 *   (the entry's id, so a re-run writes the same items) and its balances at each closed month's
 *   end REVENUE_LEDGER#<ledger>/BALANCES#<month>;
 * - for a test clock's ledger, each bill and credit note booked: REVENUE_LEDGER#<ledger>/BOOKED#<number>,
 *   so its close can wait for every document numbered in the clock's series (numbers are gapless).
 * Amounts are stored as decimal text of minor units (bigint, never a float).
 */
const scheduleKey = (lineId: string) => ({ pk: `REVENUE_SCHEDULE#${lineId}`, sk: 'REVENUE_SCHEDULE' });
const writeOffKey = (billId: string) => ({ pk: `REVENUE_WRITE_OFF#${billId}`, sk: 'REVENUE_WRITE_OFF' });
export const revenueLedgerKey = (ledger: string) => ({ pk: `REVENUE_LEDGER#${ledger}`, sk: 'REVENUE_LEDGER' });
const balancesKey = (ledger: string, month: RevenueMonth) => ({ pk: `REVENUE_LEDGER#${ledger}`, sk: `BALANCES#${month}` });
const journalPrefix = (month: RevenueMonth) => `JOURNAL_ENTRY#${month}#`;

/** The gsi2 partitions a ledger's months are found in: the live ledger's shards, or a test clock's one. */
export function revenuePartitions(ledger: string): string[] {
  return ledger === 'live' ? Array.from({ length: dueShards() }, (_, shard) => `REVENUE#live#${shard}`) : [`REVENUE#${ledger}`];
}

const partitionOf = (ledger: string, billingAccountId: string) => (ledger === 'live' ? `REVENUE#live#${dueShardOf(billingAccountId, dueShards())}` : `REVENUE#${ledger}`);

type StoredSchedule = Omit<RevenueSchedule, 'amountMinor' | 'pendingMinor' | 'serviceParts' | 'recognitionParts'> & {
  amountMinor: string;
  pendingMinor: string;
  serviceParts: { month: string; amountMinor: string }[];
  recognitionParts: { month: string; amountMinor: string }[];
};

function storedSchedule(schedule: RevenueSchedule): StoredSchedule {
  const parts = (list: RevenueSchedule['serviceParts']) => list.map((part) => ({ month: part.month, amountMinor: part.amountMinor.toString() }));
  return { ...schedule, amountMinor: schedule.amountMinor.toString(), pendingMinor: schedule.pendingMinor.toString(), serviceParts: parts(schedule.serviceParts), recognitionParts: parts(schedule.recognitionParts) };
}

function scheduleOf(stored: StoredSchedule): RevenueSchedule {
  const parts = (list: StoredSchedule['serviceParts']) => list.map((part) => ({ month: part.month, amountMinor: BigInt(part.amountMinor) }));
  return { ...stored, amountMinor: BigInt(stored.amountMinor), pendingMinor: BigInt(stored.pendingMinor), serviceParts: parts(stored.serviceParts), recognitionParts: parts(stored.recognitionParts) };
}

type StoredBadDebt = Omit<BadDebt, 'amountMinor'> & { amountMinor: string };
const badDebtOf = (stored: StoredBadDebt): BadDebt => ({ ...stored, amountMinor: BigInt(stored.amountMinor) });

/** What one document books: its main item (create-only, or the same booking again) and its index items. */
export interface RevenueBooking {
  key: { pk: string; sk: string };
  bookedIn: RevenueMonth;
  items: Record<string, unknown>[];
}

/** A schedule's booking: the schedule, and one index item per month it is booked or recognized in. */
export function scheduleBooking(ledger: string, schedule: RevenueSchedule): RevenueBooking {
  const stored = storedSchedule(schedule);
  const months = [...new Set([schedule.bookedIn, ...schedule.recognitionParts.map((part) => part.month)])].sort();
  const key = scheduleKey(schedule.id);
  const partition = partitionOf(ledger, schedule.billingAccountId);
  return {
    key,
    bookedIn: schedule.bookedIn,
    items: [
      { ...key, entityType: 'RevenueSchedule', ledger, bookedIn: schedule.bookedIn, schedule: stored },
      ...months.map((month) => ({ pk: key.pk, sk: `MONTH#${month}`, entityType: 'RevenueScheduleMonth', ledger, gsi2pk: partition, gsi2sk: `${month}#SCHEDULE#${schedule.id}`, schedule: stored })),
    ],
  };
}

/** A write-off's booking: its bad debts per offering, in the month it is booked in. */
export function writeOffBooking(ledger: string, billId: string, debts: readonly BadDebt[], bookedIn: RevenueMonth, billingAccountId: string): RevenueBooking {
  const key = writeOffKey(billId);
  return {
    key,
    bookedIn,
    items: [
      {
        ...key,
        entityType: 'RevenueWriteOff',
        ledger,
        bookedIn,
        badDebts: debts.map((debt) => ({ ...debt, amountMinor: debt.amountMinor.toString() })),
        gsi2pk: partitionOf(ledger, billingAccountId),
        gsi2sk: `${bookedIn}#WRITE_OFF#${billId}`,
      },
    ],
  };
}

export interface RevenueLedgerState {
  lastClosedMonth?: RevenueMonth;
  lastJournaledMonth?: RevenueMonth;
}

export async function findRevenueLedger(ledger: string): Promise<RevenueLedgerState> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: revenueLedgerKey(ledger), ConsistentRead: true }));
  return {
    ...(typeof Item?.lastClosedMonth === 'string' ? { lastClosedMonth: Item.lastClosedMonth } : {}),
    ...(typeof Item?.lastJournaledMonth === 'string' ? { lastJournaledMonth: Item.lastJournaledMonth } : {}),
  };
}

/** The ledger's `lastClosedMonth` is still what the booking was computed with (absent stays absent). */
function ledgerUnchanged(ledger: string, lastClosedMonth: RevenueMonth | undefined) {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: revenueLedgerKey(ledger),
      ConditionExpression: lastClosedMonth === undefined ? 'attribute_not_exists(lastClosedMonth)' : 'lastClosedMonth = :closed',
      ...(lastClosedMonth === undefined ? {} : { ExpressionAttributeValues: { ':closed': lastClosedMonth } }),
    },
  };
}

/** A transaction takes 100 actions; one is the ledger's condition. */
const actionsPerTransaction = 99;
const maxAttempts = 8;

/**
 * Books documents in a ledger: `build` is given the ledger's last closed month and returns what
 * to write; each transaction checks that month has not moved, so a document and a close of its
 * month never pass each other (a close that moved it meanwhile: read again, built again). A
 * document already booked in another month (delivered again after a close moved its month on)
 * keeps its booking: a closed month's inputs never change. Returns how many were written.
 */
export async function bookRevenue(ledger: string, build: (lastClosedMonth: RevenueMonth | undefined) => RevenueBooking[]): Promise<{ written: number; kept: number }> {
  const kept = new Set<string>();
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const { lastClosedMonth } = await findRevenueLedger(ledger);
    const bookings = build(lastClosedMonth).filter((booking) => !kept.has(booking.key.pk));
    const chunks: RevenueBooking[][] = [[]];
    let size = 0;
    for (const booking of bookings) {
      if (booking.items.length > actionsPerTransaction) throw new RangeError(`${booking.key.pk} needs ${booking.items.length} items, more than a transaction takes`);
      if (size + booking.items.length > actionsPerTransaction) {
        chunks.push([]);
        size = 0;
      }
      chunks[chunks.length - 1]!.push(booking);
      size += booking.items.length;
    }
    let moved = false;
    for (const chunk of chunks.filter((each) => each.length > 0)) {
      const owners: (RevenueBooking | undefined)[] = [undefined];
      const actions: Record<string, unknown>[] = [ledgerUnchanged(ledger, lastClosedMonth)];
      for (const booking of chunk) {
        booking.items.forEach((item, index) => {
          owners.push(index === 0 ? booking : undefined);
          actions.push({
            Put: {
              TableName: tableName(),
              Item: item,
              ...(index === 0 ? { ConditionExpression: 'attribute_not_exists(pk) OR bookedIn = :bookedIn', ExpressionAttributeValues: { ':bookedIn': booking.bookedIn } } : {}),
            },
          });
        });
      }
      try {
        await documentClient.send(new TransactWriteCommand({ TransactItems: actions }));
      } catch (error) {
        const cancellation = transactionCancellation(error);
        if (!cancellation) throw error;
        for (const index of cancellation.failed) {
          const owner = owners[index];
          if (owner) kept.add(owner.key.pk);
        }
        moved = true;
        break;
      }
    }
    if (!moved) return { written: bookings.length, kept: kept.size };
  }
  throw new Error(`revenue ledger ${ledger} kept moving while documents were booked; the event is retried`);
}

/** The schedules of lines by id (the lines a credit note credits); missing ones are absent. */
export async function findSchedules(lineIds: Iterable<string>): Promise<Map<string, RevenueSchedule>> {
  const items = await batchGetItems([...new Set(lineIds)].map(scheduleKey), { consistentRead: true, what: 'revenue schedule' });
  return new Map(items.map((item) => [(item.schedule as StoredSchedule).id, scheduleOf(item.schedule as StoredSchedule)]));
}

/** Everything booked or recognized in a month of the ledger: one Query per partition. */
export async function revenueOfMonth(ledger: string, month: RevenueMonth): Promise<{ schedules: RevenueSchedule[]; badDebts: BadDebt[] }> {
  const items = (
    await Promise.all(
      revenuePartitions(ledger).map((partition) =>
        queryAllItems({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :month)', ExpressionAttributeValues: { ':pk': partition, ':month': `${month}#` } }),
      ),
    )
  ).flat();
  return {
    schedules: items.filter((item) => item.entityType === 'RevenueScheduleMonth').map((item) => scheduleOf(item.schedule as StoredSchedule)),
    badDebts: items.filter((item) => item.entityType === 'RevenueWriteOff').flatMap((item) => (item.badDebts as StoredBadDebt[]).map(badDebtOf)),
  };
}

/** The first month anything was booked in the ledger (index months start with the booking month), or undefined. */
export async function firstBookedMonth(ledger: string): Promise<RevenueMonth | undefined> {
  const firsts = await Promise.all(
    revenuePartitions(ledger).map(async (partition) => {
      const { Items } = await documentClient.send(
        new QueryCommand({ TableName: tableName(), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': partition }, Limit: 1 }),
      );
      return Items?.[0] ? String(Items[0].gsi2sk).slice(0, 7) : undefined;
    }),
  );
  return firsts.filter((month): month is string => month !== undefined).sort()[0];
}

/**
 * Closes `month` to new documents: the ledger's `lastClosedMonth` moves from the month before
 * (absent for a ledger never closed) to it, and only once the previous close is fully journaled.
 * False when another close moved it first.
 */
export async function closeToDocuments(ledger: string, month: RevenueMonth, previous: RevenueMonth | undefined): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: revenueLedgerKey(ledger),
        UpdateExpression: 'SET lastClosedMonth = :month, entityType = :type, ledger = :ledger',
        ConditionExpression:
          previous === undefined ? 'attribute_not_exists(lastClosedMonth)' : 'lastClosedMonth = :previous AND lastJournaledMonth = :previous',
        ExpressionAttributeValues: { ':month': month, ':type': 'RevenueLedger', ':ledger': ledger, ...(previous === undefined ? {} : { ':previous': previous }) },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

type StoredBalance = { [K in keyof RevenueBalance]: RevenueBalance[K] extends bigint ? string : RevenueBalance[K] };
const storedBalance = (balance: RevenueBalance): StoredBalance => ({
  offeringId: balance.offeringId,
  currency: balance.currency,
  billedMinor: balance.billedMinor.toString(),
  creditedMinor: balance.creditedMinor.toString(),
  recognizedMinor: balance.recognizedMinor.toString(),
  deferredMinor: balance.deferredMinor.toString(),
  badDebtMinor: balance.badDebtMinor.toString(),
});
const balanceOf = (stored: StoredBalance): RevenueBalance => ({
  offeringId: stored.offeringId,
  currency: stored.currency,
  billedMinor: BigInt(stored.billedMinor),
  creditedMinor: BigInt(stored.creditedMinor),
  recognizedMinor: BigInt(stored.recognizedMinor),
  deferredMinor: BigInt(stored.deferredMinor),
  badDebtMinor: BigInt(stored.badDebtMinor),
});

/** The balances at the end of a journaled month, or undefined when it is not (yet). */
export async function balancesAtEndOf(ledger: string, month: RevenueMonth): Promise<{ balances: RevenueBalance[]; closedAt: string } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: balancesKey(ledger, month) }));
  return Item ? { balances: (Item.balances as StoredBalance[]).map(balanceOf), closedAt: Item.closedAt as string } : undefined;
}

type StoredEntry = Omit<JournalEntry, 'amountMinor'> & { amountMinor: string };

/** Writes a month's journal entries under their ids: a re-run writes the same items. */
export async function putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
  await batchWriteItems(
    entries.map((entry) => ({
      put: {
        pk: revenueLedgerKey(entry.ledger).pk,
        sk: `JOURNAL_ENTRY#${entry.id.slice(entry.ledger.length + 1)}`,
        entityType: 'JournalEntry',
        entry: { ...entry, amountMinor: entry.amountMinor.toString() } satisfies StoredEntry,
      },
    })),
  );
}

/** A month's journal entries, in id order (offering, currency, kind). */
export async function journalEntriesOf(ledger: string, month: RevenueMonth): Promise<JournalEntry[]> {
  const items = await queryAllItems({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': revenueLedgerKey(ledger).pk, ':prefix': journalPrefix(month) },
    ConsistentRead: true,
  });
  return items.map((item) => ({ ...(item.entry as StoredEntry), amountMinor: BigInt((item.entry as StoredEntry).amountMinor) }));
}

/**
 * Ends a month's close, all or nothing: its balances, the ledger's `lastJournaledMonth` moved
 * to it (the month closed to documents, the previous one journaled) and the event. False when
 * another close did it first.
 */
export async function finishClose(input: { ledger: string; month: RevenueMonth; balances: readonly RevenueBalance[]; closedAt: string; event: DomainEvent }): Promise<boolean> {
  const previous = monthsAfter(input.month, -1);
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName(),
              Key: revenueLedgerKey(input.ledger),
              UpdateExpression: 'SET lastJournaledMonth = :month',
              ConditionExpression: 'lastClosedMonth = :month AND (attribute_not_exists(lastJournaledMonth) OR lastJournaledMonth = :previous)',
              ExpressionAttributeValues: { ':month': input.month, ':previous': previous },
            },
          },
          { Put: { TableName: tableName(), Item: { ...balancesKey(input.ledger, input.month), entityType: 'RevenueBalances', ledger: input.ledger, month: input.month, closedAt: input.closedAt, balances: input.balances.map(storedBalance) } } },
          outboxPut(tableName(), input.event),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (transactionCancellation(error)) return false;
    throw error;
  }
}

/** Records that a test clock's numbered document (a bill, a credit note) is booked (a retry writes the same item). */
export async function markDocumentBooked(ledger: string, number: string): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName(), Item: { pk: revenueLedgerKey(ledger).pk, sk: `BOOKED#${number}`, entityType: 'RevenueBookedDocument', ledger, number } }));
}

/** How many documents whose number starts with `prefix` (one series) the ledger has booked. */
export function bookedDocumentCount(ledger: string, prefix: string): Promise<number> {
  return countItems({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': revenueLedgerKey(ledger).pk, ':prefix': `BOOKED#${prefix}` }, ConsistentRead: true });
}

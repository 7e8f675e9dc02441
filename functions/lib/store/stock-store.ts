import { ConditionalCheckFailedException, TransactionCanceledException, TransactionConflictException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { checkStockAdjustment, stockLevelOf, type StockLevel } from '../../../domain/inventory/stock-level.js';
import {
  canonicalInstant,
  reservationLines,
  settleReservation,
  type StockReservationLine,
  type StockReservationState,
} from '../../../domain/inventory/stock-reservation.js';
import { InvalidInputError, RuleViolationError } from '../../../domain/shared/domain-errors.js';
import { documentClient, tableName } from './dynamo-client.js';
import type { ListPage } from './list-resources.js';
import { ConcurrentTransactionError, failedConditions } from './store-errors.js';

/**
 * Stock levels and stock reservations in the single table (docs/inventory.md).
 *
 * - Stock level `STOCK#<sku>` / `STOCK`: counters `onHand`, `reserved`, `available` as
 *   top-level numbers (not under `resource`), so every change is an atomic ADD guarded by a
 *   condition on the same item, never a read-modify-write. `available` is stored only so that
 *   conditions can compare it (DynamoDB conditions have no arithmetic). gsi1 `TYPE#StockLevel`
 *   / `<sku>` lists them by SKU.
 * - Reservation `PRODUCT_ORDER#<orderId>` / `STOCK_RESERVATION`: the order's lines and state.
 * - One line item per SKU, `PRODUCT_ORDER#<orderId>` / `STOCK_RESERVATION#<sku>`, on gsi2
 *   `STOCK#<sku>` / `RESERVATION#<expiry>#<orderId>` while the reservation holds stock: a sparse
 *   index of what holds a SKU, by expiry, so the expired holdings are one Query away.
 *
 * Every function is idempotent: Step Functions may deliver a task twice.
 *
 * Stock changes publish no domain events yet: nothing subscribes to them, and order-to-cash
 * reports the outcome through the order's own events. A StockAdjusted/StockReserved event
 * would go through the outbox in the same transaction, like every other event.
 */

const stockKeys = {
  level: (sku: string) => ({ pk: `STOCK#${sku}`, sk: 'STOCK' }),
  reservation: (orderId: string) => ({ pk: `PRODUCT_ORDER#${orderId}`, sk: 'STOCK_RESERVATION' }),
  reservationLine: (orderId: string, sku: string) => ({ pk: `PRODUCT_ORDER#${orderId}`, sk: `STOCK_RESERVATION#${sku}` }),
};

const levelsByType = 'TYPE#StockLevel';
const holdersOf = (sku: string) => `STOCK#${sku}`;
const holdingSortKey = (expiresAt: string, orderId: string) => `RESERVATION#${expiresAt}#${orderId}`;

/**
 * A reservation transaction writes the reservation plus two actions per SKU (level and line),
 * and TransactWriteItems takes at most 100 actions.
 */
export const maxReservedSkus = 49;

/** Expired reservations released for one short SKU before the single retry. */
const expiredReleasedPerAttempt = 25;

export type ReserveOutcome = { outcome: 'reserved'; expiresAt: string } | { outcome: 'insufficient'; sku: string; requested: number; available: number };

export interface StoredStockReservation {
  orderId: string;
  lines: StockReservationLine[];
  state: StockReservationState;
  expiresAt: string;
  /** Set once released: by the saga's compensation, or lazily once expired. */
  releasedBecause?: 'requested' | 'expired';
}

interface ReservationItem {
  orderId: string;
  lines: StockReservationLine[];
  state: StockReservationState;
  reservedUntil: string;
  version: number;
  releasedBecause?: 'requested' | 'expired';
}

// ---------------------------------------------------------------------------------------------
// Contention: many orders reserve the same hot SKU at once. DynamoDB cancels a transaction that
// touches an item another transaction is writing (TransactionConflict) without writing anything,
// so the attempt is simply repeated after a jittered pause; past the last attempt the caller
// gets ConcurrentTransactionError (409 on the API, a retried task in the saga).
// ---------------------------------------------------------------------------------------------

const conflictAttempts = 10;

function isConflict(error: unknown): boolean {
  if (error instanceof TransactionConflictException) return true;
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
}

async function retryingConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error) || attemptNumber >= conflictAttempts) throw error;
      const ceiling = Math.min(400, 10 * 2 ** attemptNumber);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

/** The item a cancelled transaction returned for one action (ReturnValuesOnConditionCheckFailure: ALL_OLD). */
function cancelledItem(error: unknown, index: number): Record<string, unknown> | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const item = error.CancellationReasons?.[index]?.Item as Record<string, AttributeValue> | undefined;
  return item ? unmarshall(item) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Stock levels
// ---------------------------------------------------------------------------------------------

function levelOfItem(item: Record<string, unknown>): StockLevel {
  return stockLevelOf({
    sku: item.sku as string,
    onHand: item.onHand as number,
    reserved: item.reserved as number,
    updatedAt: item.updatedAt as string,
  });
}

export async function findStockLevel(sku: string): Promise<{ level: StockLevel; version: number } | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: stockKeys.level(sku) }));
  if (!Item) return undefined;
  return { level: levelOfItem(Item), version: Item.version as number };
}

/** One page of stock levels by SKU from gsi1 (never a Scan); the whole range is counted for X-Total-Count. */
export async function listStockLevels(page: { offset: number; limit: number }): Promise<ListPage<StockLevel>> {
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: 'gsi1',
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'gsi1pk' },
    ExpressionAttributeValues: { ':pk': levelsByType },
  };
  const items: StockLevel[] = [];
  let seen = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const result = await documentClient.send(new QueryCommand({ ...input, ExclusiveStartKey: exclusiveStartKey }));
    for (const item of result.Items ?? []) {
      if (seen >= page.offset && items.length < page.limit) items.push(levelOfItem(item));
      seen += 1;
    }
    exclusiveStartKey = result.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return { items, total: seen };
}

/**
 * Goods in (quantity > 0) or out (< 0) of the warehouse, as one atomic UpdateItem: the first
 * goods-in creates the level; goods out are conditional on `available` covering them, which is
 * exactly onHand + quantity >= reserved. A refusal throws the domain's 409 with the counters
 * the condition saw. The reason of the latest adjustment is kept on the item.
 */
export async function adjustStockLevel(sku: string, quantity: number, reason: string, now: string): Promise<StockLevel> {
  if (!Number.isSafeInteger(quantity) || quantity === 0) {
    throw new InvalidInputError(`an adjustment is a non-zero whole number, not ${quantity}`, [{ field: 'quantity', problem: 'not a non-zero integer' }]);
  }
  const at = canonicalInstant(now);
  const goodsOut = quantity < 0;
  try {
    const { Attributes } = await retryingConflicts(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: stockKeys.level(sku),
          UpdateExpression:
            'ADD #onHand :quantity, #available :quantity, #reserved :zero, #version :one ' +
            'SET #sku = :sku, #entityType = :entityType, #gsi1pk = :gsi1pk, #gsi1sk = :sku, ' +
            '#createdAt = if_not_exists(#createdAt, :now), #updatedAt = :now, #lastAdjustment = :adjustment',
          ...(goodsOut ? { ConditionExpression: '#available >= :needed' } : {}),
          ExpressionAttributeNames: {
            '#onHand': 'onHand',
            '#available': 'available',
            '#reserved': 'reserved',
            '#version': 'version',
            '#sku': 'sku',
            '#entityType': 'entityType',
            '#gsi1pk': 'gsi1pk',
            '#gsi1sk': 'gsi1sk',
            '#createdAt': 'createdAt',
            '#updatedAt': 'updatedAt',
            '#lastAdjustment': 'lastAdjustment',
          },
          ExpressionAttributeValues: {
            ':quantity': quantity,
            ':zero': 0,
            ':one': 1,
            ':sku': sku,
            ':entityType': 'StockLevel',
            ':gsi1pk': levelsByType,
            ':now': at,
            ':adjustment': { quantity, reason, at },
            ...(goodsOut ? { ':needed': -quantity } : {}),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return levelOfItem(Attributes!);
  } catch (error) {
    if (error instanceof TransactionConflictException) throw new ConcurrentTransactionError(`stock level ${sku} is busy with reservations; retry`);
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const before = error.Item ? unmarshall(error.Item) : (await documentClient.send(new GetCommand({ TableName: tableName(), Key: stockKeys.level(sku), ConsistentRead: true }))).Item;
    checkStockAdjustment(sku, before ? { onHand: before.onHand as number, reserved: before.reserved as number } : undefined, quantity);
    // The condition saw a level the rule accepts: only a change between the two reads explains it.
    throw new RuleViolationError('stock-below-reserved', `adjusting ${sku} by ${quantity} raced with a reservation; read the level again and retry`);
  }
}

// ---------------------------------------------------------------------------------------------
// Reservations
// ---------------------------------------------------------------------------------------------

async function readReservation(orderId: string): Promise<ReservationItem | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName(), Key: stockKeys.reservation(orderId), ConsistentRead: true }));
  return Item as ReservationItem | undefined;
}

export async function findStockReservation(orderId: string): Promise<StoredStockReservation | undefined> {
  const item = await readReservation(orderId);
  if (!item) return undefined;
  return {
    orderId: item.orderId,
    lines: item.lines,
    state: item.state,
    expiresAt: item.reservedUntil,
    ...(item.releasedBecause ? { releasedBecause: item.releasedBecause } : {}),
  };
}

type ReservationAttempt = { outcome: 'reserved'; expiresAt: string } | { outcome: 'short'; short: { sku: string; requested: number; available: number }[] };

/** One all-or-nothing TransactWriteItems: the reservation, then per SKU its level and its line. */
async function attemptReservation(orderId: string, lines: StockReservationLine[], now: string, expiresAt: string): Promise<ReservationAttempt> {
  const table = tableName();
  const reservation = {
    ...stockKeys.reservation(orderId),
    entityType: 'StockReservation',
    version: 1,
    orderId,
    lines,
    state: 'reserved',
    reservedAt: now,
    // Not `expiresAt`: that is the table's TTL attribute, and a reservation must outlive its expiry.
    reservedUntil: expiresAt,
  };
  const levelUpdates = lines.map((line) => ({
    Update: {
      TableName: table,
      Key: stockKeys.level(line.sku),
      UpdateExpression: 'ADD #available :taken, #reserved :quantity, #version :one SET #updatedAt = :now',
      // An unknown SKU has no `available`, so the comparison fails: it counts as 0 available.
      ConditionExpression: '#available >= :quantity',
      ExpressionAttributeNames: { '#available': 'available', '#reserved': 'reserved', '#version': 'version', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':taken': -line.quantity, ':quantity': line.quantity, ':one': 1, ':now': now },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  }));
  const linePuts = lines.map((line) => ({
    Put: {
      TableName: table,
      Item: {
        ...stockKeys.reservationLine(orderId, line.sku),
        gsi2pk: holdersOf(line.sku),
        gsi2sk: holdingSortKey(expiresAt, orderId),
        entityType: 'StockReservationLine',
        version: 1,
        orderId,
        sku: line.sku,
        quantity: line.quantity,
        reservedUntil: expiresAt,
      },
    },
  }));
  try {
    await retryingConflicts(() =>
      documentClient.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: reservation, ConditionExpression: 'attribute_not_exists(pk)' } }, ...levelUpdates, ...linePuts],
        }),
      ),
    );
    return { outcome: 'reserved', expiresAt };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    if (failed.includes(0)) return repeatedReservation(orderId);
    const short = lines.flatMap((line, index) => {
      if (!failed.includes(index + 1)) return [];
      const level = cancelledItem(error, index + 1);
      return [{ sku: line.sku, requested: line.quantity, available: (level?.available as number | undefined) ?? 0 }];
    });
    if (short.length === 0) throw error;
    return { outcome: 'short', short };
  }
}

/** The order already has a reservation: a retry of the same step answers as the first call did. */
async function repeatedReservation(orderId: string): Promise<ReservationAttempt> {
  const existing = await readReservation(orderId);
  if (!existing) throw new Error(`the stock reservation of order ${orderId} exists and does not: the table is inconsistent`);
  if (existing.state === 'released') {
    throw new RuleViolationError(
      'stock-reservation-released',
      `the stock reservation of order ${orderId} was already released (${existing.releasedBecause ?? 'requested'}); an order reserves once`,
    );
  }
  return { outcome: 'reserved', expiresAt: existing.reservedUntil };
}

/**
 * Reserves the lines for the order, all or nothing, until `expiresAt`. When a SKU is short,
 * the expired reservations holding it are released first and the reservation is tried once
 * more. A repeat call for an order that holds a reservation reserves nothing more and answers
 * `reserved` with the first call's expiry. An order whose reservation was already released
 * cannot reserve again (RuleViolationError).
 */
export async function reserveStock(request: { orderId: string; lines: StockReservationLine[]; now: string; expiresAt: string }): Promise<ReserveOutcome> {
  const lines = reservationLines(request.lines);
  if (lines.length > maxReservedSkus) {
    throw new InvalidInputError(`an order reserves at most ${maxReservedSkus} different SKUs, not ${lines.length}`, [{ field: 'lines', problem: 'too many SKUs' }]);
  }
  const now = canonicalInstant(request.now);
  const expiresAt = canonicalInstant(request.expiresAt, 'expiresAt');
  if (expiresAt <= now) {
    throw new InvalidInputError(`a reservation made at ${now} must expire later, not at ${expiresAt}`, [{ field: 'expiresAt', problem: 'not after now' }]);
  }

  const first = await attemptReservation(request.orderId, lines, now, expiresAt);
  if (first.outcome === 'reserved') return first;
  let freed = 0;
  for (const { sku } of first.short) freed += await releaseExpiredHoldings(sku, now);
  const final = freed > 0 ? await attemptReservation(request.orderId, lines, now, expiresAt) : first;
  if (final.outcome === 'reserved') return final;
  const [shortest] = final.short;
  return { outcome: 'insufficient', ...shortest! };
}

/** Lazy expiry: releases the reservations holding the SKU whose expiry has passed; returns how many. */
async function releaseExpiredHoldings(sku: string, now: string): Promise<number> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      // '$' sorts right after '#': every holding that expires at or before `now`, none later.
      KeyConditionExpression: 'gsi2pk = :holders AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':holders': holdersOf(sku), ':from': 'RESERVATION#', ':to': `RESERVATION#${now}$` },
      Limit: expiredReleasedPerAttempt,
    }),
  );
  let released = 0;
  // One after the other: they all update the same level item, so in parallel they would only conflict.
  for (const holding of Items) {
    const outcome = await settle(holding.orderId as string, now, { to: 'released', because: 'expired' });
    if (outcome === 'settled') released += 1;
  }
  return released;
}

/** Rounds of read-then-settle when others keep settling or changing the same reservation meanwhile. */
const settleRounds = 5;

type Settlement = { to: 'released'; because: 'requested' | 'expired' } | { to: 'committed'; commit: readonly StockReservationLine[] };
type SettleOutcome = 'settled' | 'already-so' | 'settled-otherwise' | 'nothing-reserved' | 'not-expired';

/**
 * Settles a reservation in one transaction: the reservation moves out of `reserved` (the
 * condition that makes a second call change nothing), each SKU's counters move, each line
 * leaves gsi2. Releasing because of expiry is further conditional on the expiry having passed.
 */
async function settle(orderId: string, now: string, settlement: Settlement): Promise<SettleOutcome> {
  const table = tableName();
  for (let round = 1; ; round += 1) {
    const reservation = await readReservation(orderId);
    if (!reservation) return 'nothing-reserved';
    if (reservation.state === settlement.to) return 'already-so';
    if (reservation.state !== 'reserved') return 'settled-otherwise';
    const expiryOnly = settlement.to === 'released' && settlement.because === 'expired';
    if (expiryOnly && reservation.reservedUntil > now) return 'not-expired';

    const lines = settleReservation(reservation.lines, settlement.to === 'committed' ? settlement.commit : []);
    const reservationUpdate = {
      Update: {
        TableName: table,
        Key: stockKeys.reservation(orderId),
        UpdateExpression:
          settlement.to === 'committed'
            ? 'SET #state = :to, #settledAt = :now, #committed = :committed ADD #version :one'
            : 'SET #state = :to, #settledAt = :now, #releasedBecause = :because ADD #version :one',
        ConditionExpression: `#state = :reserved AND #version = :version${expiryOnly ? ' AND #reservedUntil <= :now' : ''}`,
        ExpressionAttributeNames: {
          '#state': 'state',
          '#settledAt': 'settledAt',
          '#version': 'version',
          ...(settlement.to === 'committed' ? { '#committed': 'committed' } : { '#releasedBecause': 'releasedBecause' }),
          ...(expiryOnly ? { '#reservedUntil': 'reservedUntil' } : {}),
        },
        ExpressionAttributeValues: {
          ':to': settlement.to,
          ':reserved': 'reserved',
          ':now': now,
          ':one': 1,
          ':version': reservation.version,
          ...(settlement.to === 'committed'
            ? { ':committed': lines.filter((line) => line.committed > 0).map((line) => ({ sku: line.sku, quantity: line.committed })) }
            : { ':because': settlement.because }),
        },
      },
    };
    const levelUpdates = lines.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKeys.level(line.sku),
        // available = onHand - reserved moves by (-committed) - (-(committed + released)) = +released.
        UpdateExpression: 'ADD #onHand :leaving, #reserved :unreserved, #available :released, #version :one SET #updatedAt = :now',
        ConditionExpression: '#reserved >= :held AND #onHand >= :committed',
        ExpressionAttributeNames: { '#onHand': 'onHand', '#reserved': 'reserved', '#available': 'available', '#version': 'version', '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: {
          ':leaving': 0 - line.committed,
          ':unreserved': -(line.committed + line.released),
          ':released': line.released,
          ':held': line.committed + line.released,
          ':committed': line.committed,
          ':one': 1,
          ':now': now,
        },
      },
    }));
    const lineUpdates = lines.map((line) => ({
      Update: {
        TableName: table,
        Key: stockKeys.reservationLine(orderId, line.sku),
        UpdateExpression: 'REMOVE gsi2pk, gsi2sk SET #state = :to',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':to': settlement.to },
      },
    }));
    try {
      await retryingConflicts(() => documentClient.send(new TransactWriteCommand({ TransactItems: [reservationUpdate, ...levelUpdates, ...lineUpdates] })));
      return 'settled';
    } catch (error) {
      const failed = failedConditions(error);
      // Someone settled it between the read and the write (the levels' conditions then fail too,
      // the units having moved already): read again and answer from its state.
      if (failed?.includes(0)) {
        if (round < settleRounds) continue;
        throw new ConcurrentTransactionError(`the stock reservation of order ${orderId} keeps changing; retry`);
      }
      if (failed && failed.length > 0) {
        throw new Error(`settling the stock reservation of order ${orderId} found stock levels below what it holds (actions ${failed.join(', ')}): the table is inconsistent`);
      }
      throw error;
    }
  }
}

/**
 * Gives every reserved unit back (available += q, reserved -= q): 'released', also for a
 * repeat call; 'already-settled' when the order's stock was committed; 'nothing-reserved' when
 * the order never reserved.
 */
export async function releaseStock(orderId: string, now: string): Promise<'released' | 'nothing-reserved' | 'already-settled'> {
  const outcome = await settle(orderId, canonicalInstant(now), { to: 'released', because: 'requested' });
  if (outcome === 'nothing-reserved') return outcome;
  return outcome === 'settled-otherwise' ? 'already-settled' : 'released';
}

/**
 * The order completed, maybe partially: the `commit` lines leave the warehouse (onHand -= q,
 * reserved -= q) and the rest of the reservation goes back (available += q, reserved -= q).
 * 'committed', also for a repeat call; 'already-settled' when the reservation had been released
 * (the saga's compensation, or expiry: the stock may be gone to another order);
 * 'nothing-reserved' when the order never reserved. Committing more than is reserved is a 400.
 */
export async function commitStock(request: { orderId: string; commit: StockReservationLine[]; now: string }): Promise<'committed' | 'nothing-reserved' | 'already-settled'> {
  const outcome = await settle(request.orderId, canonicalInstant(request.now), { to: 'committed', commit: request.commit });
  if (outcome === 'nothing-reserved') return outcome;
  return outcome === 'settled-otherwise' ? 'already-settled' : 'committed';
}

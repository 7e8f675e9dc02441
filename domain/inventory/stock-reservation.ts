import { InvalidInputError, rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import { isValidSku } from './stock-level.js';

/**
 * A stock reservation holds goods for one order while order-to-cash runs: taken from
 * `available` when the order is validated, then either committed (the goods leave the
 * warehouse with the completed order) or released (the order failed or was cancelled). A
 * reservation the saga never settles expires; expired reservations are released lazily, by
 * the next order that finds the SKU short.
 */
export interface StockReservationLine {
  sku: string;
  quantity: number;
}

export type StockReservationState = 'reserved' | 'released' | 'committed';

/**
 * The lines to reserve for an order's physical items: one line per SKU with the summed
 * quantity, sorted by SKU, so the same items in any order give the same reservation (and the
 * same transaction, which keeps retries identical). Throws the 400 naming each bad item.
 */
export function reservationLines(items: readonly { sku: string; quantity: number }[]): StockReservationLine[] {
  const problems: FieldProblem[] = [];
  const totals = new Map<string, number>();
  items.forEach((item, index) => {
    if (!isValidSku(item.sku)) problems.push({ field: `lines.${index}.sku`, problem: `"${item.sku}" is not a stock keeping unit` });
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      problems.push({ field: `lines.${index}.quantity`, problem: `a whole number of at least 1, not ${item.quantity}` });
    }
    totals.set(item.sku, (totals.get(item.sku) ?? 0) + item.quantity);
  });
  rejectFieldProblems(problems, 'the stock reservation is invalid');
  return [...totals.entries()].map(([sku, quantity]) => ({ sku, quantity })).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** The canonical form of an instant (ISO 8601, UTC, milliseconds), which sorts as text in time order. */
export function canonicalInstant(instant: string, field = 'now'): string {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new InvalidInputError(`${field} "${instant}" is not an ISO 8601 instant`, [{ field, problem: 'not an instant' }]);
  return new Date(millis).toISOString();
}

/** When a reservation made at `now` expires (the saga passes BSS_STOCK_RESERVATION_MINUTES). */
export function reservationExpiry(now: string, minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InvalidInputError(`a reservation lasts a positive number of minutes, not ${minutes}`, [{ field: 'minutes', problem: 'not positive' }]);
  }
  return new Date(Date.parse(canonicalInstant(now)) + Math.round(minutes * 60_000)).toISOString();
}

/** Expired from its expiry instant on: a reservation expiring at 10:00 no longer holds stock at 10:00. */
export function isExpired(reservation: { expiresAt: string }, now: string): boolean {
  return Date.parse(canonicalInstant(now)) >= Date.parse(canonicalInstant(reservation.expiresAt, 'expiresAt'));
}

/** What settling a reservation does to one SKU: `committed` units leave the warehouse, `released` go back to available. */
export interface SettledLine {
  sku: string;
  committed: number;
  released: number;
}

/**
 * Splits a reservation between what a (maybe partially) completed order takes and what goes
 * back: for every reserved SKU, committed + released = the reserved quantity. Committing a
 * SKU the reservation does not hold, or more than it holds, is a 400 naming the line.
 */
export function settleReservation(reserved: readonly StockReservationLine[], commit: readonly { sku: string; quantity: number }[]): SettledLine[] {
  const committed = commit.length === 0 ? [] : reservationLines(commit);
  const held = new Map(reserved.map((line) => [line.sku, line.quantity]));
  const problems: FieldProblem[] = [];
  for (const line of committed) {
    const quantity = held.get(line.sku);
    if (quantity === undefined) problems.push({ field: `commit.${line.sku}`, problem: 'this SKU is not reserved for the order' });
    else if (line.quantity > quantity) problems.push({ field: `commit.${line.sku}`, problem: `${line.quantity} committed, only ${quantity} reserved` });
  }
  rejectFieldProblems(problems, 'cannot commit the stock reservation');
  const taken = new Map(committed.map((line) => [line.sku, line.quantity]));
  return reserved.map((line) => {
    const units = taken.get(line.sku) ?? 0;
    return { sku: line.sku, committed: units, released: line.quantity - units };
  });
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalInstant,
  isExpired,
  reservationExpiry,
  reservationLines,
  settleReservation,
  type StockReservationLine,
} from '../../../../domain/inventory/stock-reservation.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const problemsOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems.map((problem) => problem.field);
  }
  throw new Error('expected an InvalidInputError');
};

const skuArbitrary = fc.constantFrom('NOVA-X', 'SIM-NANO-5G', 'ROUTER-1', 'A', 'Z9');
const itemsArbitrary = fc.array(fc.record({ sku: skuArbitrary, quantity: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 30 });

const totalsBySku = (items: readonly { sku: string; quantity: number }[]) => {
  const totals: Record<string, number> = {};
  for (const item of items) totals[item.sku] = (totals[item.sku] ?? 0) + item.quantity;
  return totals;
};

describe('reservationLines', () => {
  it('sums the items of each SKU into one line, sorted by SKU', () => {
    expect(
      reservationLines([
        { sku: 'SIM-NANO-5G', quantity: 1 },
        { sku: 'NOVA-X', quantity: 1 },
        { sku: 'SIM-NANO-5G', quantity: 2 },
      ]),
    ).toEqual([
      { sku: 'NOVA-X', quantity: 1 },
      { sku: 'SIM-NANO-5G', quantity: 3 },
    ]);
    expect(reservationLines([])).toEqual([]);
  });

  it('names every bad SKU and quantity', () => {
    expect(
      problemsOf(() =>
        reservationLines([
          { sku: 'nova-x', quantity: 1 },
          { sku: 'NOVA-X', quantity: 0 },
          { sku: 'NOVA-X', quantity: 1.5 },
          { sku: 'SIM', quantity: -2 },
        ]),
      ),
    ).toEqual(['lines.0.sku', 'lines.1.quantity', 'lines.2.quantity', 'lines.3.quantity']);
  });

  it('preserves the total of every SKU, one line each, sorted (property)', () => {
    fc.assert(
      fc.property(itemsArbitrary, (items) => {
        const lines = reservationLines(items);
        expect(totalsBySku(lines)).toEqual(totalsBySku(items));
        const skus = lines.map((line) => line.sku);
        expect(new Set(skus).size).toBe(skus.length);
        expect(skus).toEqual([...skus].sort());
        for (const line of lines) expect(line.quantity).toBeGreaterThan(0);
      }),
    );
  });

  it('does not depend on the order of the items (property)', () => {
    fc.assert(
      fc.property(
        itemsArbitrary.chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }))),
        ([items, shuffled]) => {
          expect(reservationLines(shuffled)).toEqual(reservationLines(items));
        },
      ),
    );
  });
});

describe('reservation expiry', () => {
  it('expires the given minutes after now, in canonical UTC form', () => {
    expect(reservationExpiry('2026-03-01T10:00:00Z', 60)).toBe('2026-03-01T11:00:00.000Z');
    expect(reservationExpiry('2026-03-01T23:30:00+01:00', 45)).toBe('2026-03-01T23:15:00.000Z');
  });

  it('refuses a duration that is not positive and an instant that is not one', () => {
    expect(problemsOf(() => reservationExpiry('2026-03-01T10:00:00Z', 0))).toEqual(['minutes']);
    expect(problemsOf(() => reservationExpiry('2026-03-01T10:00:00Z', Number.NaN))).toEqual(['minutes']);
    expect(problemsOf(() => reservationExpiry('yesterday', 60))).toEqual(['now']);
  });

  it('is expired from its expiry instant on, whatever the offsets', () => {
    const reservation = { expiresAt: '2026-03-01T11:00:00.000Z' };
    expect(isExpired(reservation, '2026-03-01T10:59:59.999Z')).toBe(false);
    expect(isExpired(reservation, '2026-03-01T11:00:00.000Z')).toBe(true);
    expect(isExpired(reservation, '2026-03-01T12:00:00+01:00')).toBe(true);
    expect(isExpired(reservation, '2026-03-01T11:30:00+01:00')).toBe(false);
  });

  it('a fresh reservation is not expired until its minutes have passed (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 7 * 24 * 60 }),
        fc.integer({ min: 0, max: 7 * 24 * 60 * 60_000 }),
        (madeAt, minutes, elapsedMs) => {
          const now = madeAt.toISOString();
          const expiresAt = reservationExpiry(now, minutes);
          const later = new Date(madeAt.getTime() + elapsedMs).toISOString();
          expect(isExpired({ expiresAt }, later)).toBe(elapsedMs >= minutes * 60_000);
        },
      ),
    );
  });

  it('canonical instants sort as text in time order (the store compares them as strings)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (a, b) => {
          const [first, second] = [canonicalInstant(a.toISOString()), canonicalInstant(b.toISOString())];
          expect(first < second).toBe(a.getTime() < b.getTime());
        },
      ),
    );
  });
});

describe('settleReservation', () => {
  const reserved: StockReservationLine[] = [
    { sku: 'NOVA-X', quantity: 2 },
    { sku: 'SIM-NANO-5G', quantity: 3 },
  ];

  it('commits what the order took and releases the rest of every line', () => {
    expect(settleReservation(reserved, [{ sku: 'SIM-NANO-5G', quantity: 1 }, { sku: 'SIM-NANO-5G', quantity: 1 }])).toEqual([
      { sku: 'NOVA-X', committed: 0, released: 2 },
      { sku: 'SIM-NANO-5G', committed: 2, released: 1 },
    ]);
    expect(settleReservation(reserved, [])).toEqual([
      { sku: 'NOVA-X', committed: 0, released: 2 },
      { sku: 'SIM-NANO-5G', committed: 0, released: 3 },
    ]);
  });

  it('refuses to commit a SKU that is not reserved, or more than is reserved, naming it', () => {
    expect(problemsOf(() => settleReservation(reserved, [{ sku: 'ROUTER-1', quantity: 1 }, { sku: 'NOVA-X', quantity: 3 }]))).toEqual([
      'commit.NOVA-X',
      'commit.ROUTER-1',
    ]);
  });

  it('committed + released = reserved for every line, and nothing else moves (property)', () => {
    const reservationAndCommit = itemsArbitrary
      .filter((items) => items.length > 0)
      .map(reservationLines)
      .chain((lines) =>
        fc.tuple(
          fc.constant(lines),
          fc.tuple(...lines.map((line) => fc.integer({ min: 0, max: line.quantity }))).map((taken) =>
            lines.map((line, index) => ({ sku: line.sku, quantity: taken[index]! })).filter((line) => line.quantity > 0),
          ),
        ),
      );
    fc.assert(
      fc.property(reservationAndCommit, ([lines, commit]) => {
        const settled = settleReservation(lines, commit);
        expect(settled.map((line) => line.sku)).toEqual(lines.map((line) => line.sku));
        settled.forEach((line, index) => {
          expect(line.committed + line.released).toBe(lines[index]!.quantity);
          expect(line.committed).toBeGreaterThanOrEqual(0);
          expect(line.released).toBeGreaterThanOrEqual(0);
        });
        expect(totalsBySku(settled.map((line) => ({ sku: line.sku, quantity: line.committed })).filter((line) => line.quantity > 0))).toEqual(totalsBySku(commit));
      }),
    );
  });
});

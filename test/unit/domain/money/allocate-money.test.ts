import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateMoney, money, negateMoney, sumMoney, type Money } from '../../../../domain/money/money.js';
import { floorDiv } from './rational-reference.js';

const eur = (cents: bigint): Money => money(cents, 'EUR');
const amounts = (parts: Money[]): bigint[] => parts.map((part) => part.amount);

describe('allocateMoney', () => {
  it('splits 100.00 over three equal weights as 33.34 / 33.33 / 33.33', () => {
    expect(amounts(allocateMoney(eur(10000n), [1n, 1n, 1n]))).toEqual([3334n, 3333n, 3333n]);
  });

  it('gives the leftover cents to the largest remainders, ties to the earlier part', () => {
    // exact shares 3.333… and 6.666…: 3 + 6 leaves one cent, for the .666 remainder.
    expect(amounts(allocateMoney(eur(10n), [1n, 2n]))).toEqual([3n, 7n]);
    expect(amounts(allocateMoney(eur(10n), [2n, 1n]))).toEqual([7n, 3n]);
    expect(amounts(allocateMoney(eur(1n), [1n, 1n]))).toEqual([1n, 0n]);
    // exact shares 1.5, 0.75 and 0.75 round down to 1 + 0 + 0; of the two cents left, the 0.75
    // remainders win over the 0.5 one.
    expect(amounts(allocateMoney(eur(3n), [2n, 1n, 1n]))).toEqual([1n, 1n, 1n]);
  });

  it('splits a discount in proportion to the lines it reduces', () => {
    // 5.00 off lines of 19.99, 9.99 and 0.00
    expect(amounts(allocateMoney(eur(500n), [1999n, 999n, 0n]))).toEqual([333n, 167n, 0n]);
  });

  it('gives nothing to a zero weight and everything to the only non-zero weight', () => {
    expect(amounts(allocateMoney(eur(10000n), [0n, 1n, 1n]))).toEqual([0n, 5000n, 5000n]);
    expect(amounts(allocateMoney(eur(10001n), [0n, 7n, 0n]))).toEqual([0n, 10001n, 0n]);
  });

  it('splits negative totals symmetrically and zero into zeros', () => {
    expect(amounts(allocateMoney(eur(-10000n), [1n, 1n, 1n]))).toEqual([-3334n, -3333n, -3333n]);
    expect(amounts(allocateMoney(eur(0n), [1n, 2n]))).toEqual([0n, 0n]);
  });

  it('keeps the currency, whatever its exponent', () => {
    expect(allocateMoney(money(100n, 'JPY'), [1n, 1n, 1n])).toEqual([money(34n, 'JPY'), money(33n, 'JPY'), money(33n, 'JPY')]);
    expect(allocateMoney(money(1000n, 'BHD'), [1n, 2n])).toEqual([money(333n, 'BHD'), money(667n, 'BHD')]);
  });

  it.each([
    ['no weights', []],
    ['all zero', [0n, 0n]],
    ['a negative weight', [1n, -1n]],
    ['only a negative weight', [-1n]],
  ])('refuses %s as a programming error', (_label, weights: bigint[]) => {
    expect(() => allocateMoney(eur(100n), weights)).toThrow(/non-negative weights/);
  });

  const weights = fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 12n })), { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0n));
  const total = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });

  it('property: parts sum to the total exactly, each within one minor unit of its exact share, zero weights get zero', () => {
    fc.assert(
      fc.property(total, weights, (cents, ws) => {
        const parts = allocateMoney(eur(cents), ws);
        const sumOfWeights = ws.reduce((a, b) => a + b, 0n);
        expect(parts).toHaveLength(ws.length);
        expect(sumMoney('EUR', parts)).toEqual(eur(cents));
        parts.forEach((part, index) => {
          const weight = ws[index] ?? 0n;
          // |part - total × w / W| < 1  ⇔  |part × W - total × w| < W
          const error = part.amount * sumOfWeights - cents * weight;
          expect(error < sumOfWeights && error > -sumOfWeights).toBe(true);
          // Largest remainder: the part is the exact share rounded down or up, never further.
          const floorShare = floorDiv(cents * weight, sumOfWeights);
          expect(part.amount === floorShare || part.amount === floorShare + 1n).toBe(true);
          if (weight === 0n) expect(part.amount).toBe(0n);
          expect(part.currency).toBe('EUR');
        });
      }),
    );
  });

  it('property: allocating the negated total gives the negated parts', () => {
    fc.assert(
      fc.property(total, weights, (cents, ws) => {
        expect(allocateMoney(eur(-cents), ws)).toEqual(allocateMoney(eur(cents), ws).map(negateMoney));
      }),
    );
  });

  it('property: an allocation never exceeds a weight when the total does not exceed the weights (discounts never go below zero)', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (ws, fraction) => {
        const sumOfWeights = ws.reduce((a, b) => a + b, 0n);
        const discount = (sumOfWeights * BigInt(Math.floor(fraction * 1000))) / 1000n;
        allocateMoney(eur(discount), ws).forEach((part, index) => {
          expect(part.amount).toBeLessThanOrEqual(ws[index] ?? 0n);
          expect(part.amount).toBeGreaterThanOrEqual(0n);
        });
      }),
    );
  });
});

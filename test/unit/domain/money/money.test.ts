import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, type Decimal } from '../../../../domain/money/decimal.js';
import {
  addMoney,
  compareMoney,
  isKnownCurrency,
  isNegativeMoney,
  isZeroMoney,
  maxMoney,
  minMoney,
  minorUnitExponent,
  money,
  multiplyMoney,
  negateMoney,
  percentageOfMoney,
  scaleMoney,
  subtractMoney,
  sumMoney,
  zeroMoney,
  type Money,
} from '../../../../domain/money/money.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { pow10, referenceHalfEven } from './rational-reference.js';

const eur = (cents: bigint): Money => money(cents, 'EUR');

const currencies = ['EUR', 'JPY', 'BHD'] as const;
const amount = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
const anyMoney = fc.tuple(amount, fc.constantFrom(...currencies)).map(([value, currency]) => money(value, currency));
const factor: fc.Arbitrary<Decimal> = fc.record({
  coefficient: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  scale: fc.integer({ min: 0, max: 12 }),
});

describe('currencies', () => {
  it('knows ISO 4217 codes and their minor units', () => {
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('USD')).toBe(true);
    expect(minorUnitExponent('EUR')).toBe(2);
    expect(minorUnitExponent('GBP')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('BHD')).toBe(3);
    expect(minorUnitExponent('CLF')).toBe(4);
  });

  it('gives MGA and MRU their ISO 4217 decimal exponent, not dinero\'s base-5 one', () => {
    expect(minorUnitExponent('MGA')).toBe(2);
    expect(minorUnitExponent('MRU')).toBe(2);
  });

  it('refuses what is not an ISO 4217 code', () => {
    expect(isKnownCurrency('XYZ')).toBe(false);
    expect(isKnownCurrency('eur')).toBe(false);
    expect(isKnownCurrency('')).toBe(false);
    expect(isKnownCurrency('toString')).toBe(false);
    expect(() => minorUnitExponent('XYZ')).toThrow(InvalidInputError);
  });
});

describe('money', () => {
  it('builds amounts in minor units of a known currency', () => {
    expect(money(1299n, 'EUR')).toEqual({ amount: 1299n, currency: 'EUR' });
    expect(zeroMoney('JPY')).toEqual({ amount: 0n, currency: 'JPY' });
  });

  it('refuses an unknown currency as a 400 on `currency`', () => {
    try {
      money(1n, 'EUX');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems).toEqual([{ field: 'currency', problem: expect.stringContaining('EUX') }]);
    }
  });
});

describe('sums and comparisons', () => {
  it('adds, subtracts, negates and sums exactly', () => {
    expect(addMoney(eur(1999n), eur(1n))).toEqual(eur(2000n));
    expect(subtractMoney(eur(1000n), eur(1999n))).toEqual(eur(-999n));
    expect(negateMoney(eur(5n))).toEqual(eur(-5n));
    expect(negateMoney(eur(0n))).toEqual(eur(0n));
    expect(sumMoney('EUR', [eur(1n), eur(2n), eur(-10n)])).toEqual(eur(-7n));
    expect(sumMoney('BHD', [])).toEqual(money(0n, 'BHD'));
  });

  it('compares, and picks the smaller and the larger', () => {
    expect(compareMoney(eur(1n), eur(2n))).toBe(-1);
    expect(compareMoney(eur(2n), eur(2n))).toBe(0);
    expect(compareMoney(eur(3n), eur(-2n))).toBe(1);
    expect(minMoney(eur(3n), eur(-2n))).toEqual(eur(-2n));
    expect(maxMoney(eur(3n), eur(-2n))).toEqual(eur(3n));
    expect(isZeroMoney(eur(0n))).toBe(true);
    expect(isZeroMoney(eur(1n))).toBe(false);
    expect(isNegativeMoney(eur(-1n))).toBe(true);
    expect(isNegativeMoney(eur(0n))).toBe(false);
  });

  it('treats mixing currencies as a programming error, not a 400', () => {
    const yen = money(1n, 'JPY');
    for (const operation of [addMoney, subtractMoney, compareMoney, minMoney, maxMoney]) {
      expect(() => operation(eur(1n), yen)).toThrow(/EUR and JPY/);
      expect(() => operation(eur(1n), yen)).not.toThrow(InvalidInputError);
    }
    expect(() => sumMoney('EUR', [eur(1n), yen])).toThrow(/EUR and JPY/);
  });

  it('property: subtraction undoes addition; negation is an involution', () => {
    fc.assert(
      fc.property(amount, amount, fc.constantFrom(...currencies), (a, b, currency) => {
        const x = money(a, currency);
        const y = money(b, currency);
        expect(subtractMoney(addMoney(x, y), y)).toEqual(x);
        expect(addMoney(x, negateMoney(x))).toEqual(zeroMoney(currency));
        expect(negateMoney(negateMoney(x))).toEqual(x);
        expect(compareMoney(x, y)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(sumMoney(currency, [x, y, x])).toEqual(money(a + b + a, currency));
      }),
    );
  });
});

describe('multiplyMoney and percentageOfMoney', () => {
  it('round half-even to the cent', () => {
    // 0.10 × 1.25 = 0.125 → 0.12; 0.10 × 1.35 = 0.135 → 0.14
    expect(multiplyMoney(eur(10n), decimal('1.25'))).toEqual(eur(12n));
    expect(multiplyMoney(eur(10n), decimal('1.35'))).toEqual(eur(14n));
    expect(multiplyMoney(eur(-10n), decimal('1.25'))).toEqual(eur(-12n));
    expect(multiplyMoney(eur(10n), decimal('-1.35'))).toEqual(eur(-14n));
    expect(multiplyMoney(eur(1999n), decimal('3'))).toEqual(eur(5997n));
    expect(multiplyMoney(eur(1000n), decimal('0.3333'))).toEqual(eur(333n));
  });

  it('take percentages: 10 % of 1.25 is 0.125 → 0.12, of 1.35 is 0.135 → 0.14', () => {
    expect(percentageOfMoney(eur(125n), decimal('10'))).toEqual(eur(12n));
    expect(percentageOfMoney(eur(135n), decimal('10'))).toEqual(eur(14n));
    expect(percentageOfMoney(eur(1999n), decimal('12.5'))).toEqual(eur(250n)); // 2.49875 → 2.50
    expect(percentageOfMoney(eur(10000n), decimal('8.875'))).toEqual(eur(888n)); // 8.875 → 8.88
    expect(percentageOfMoney(eur(-10000n), decimal('8.875'))).toEqual(eur(-888n));
    expect(percentageOfMoney(eur(4999n), decimal('100'))).toEqual(eur(4999n));
  });

  it('respect the currency exponent: JPY has no decimals, BHD three', () => {
    expect(multiplyMoney(money(1000n, 'JPY'), decimal('0.0125'))).toEqual(money(12n, 'JPY')); // 12.5 → 12
    expect(percentageOfMoney(money(1050n, 'JPY'), decimal('10'))).toEqual(money(105n, 'JPY'));
    expect(percentageOfMoney(money(25n, 'JPY'), decimal('10'))).toEqual(money(2n, 'JPY')); // 2.5 → 2
    expect(percentageOfMoney(money(1235n, 'BHD'), decimal('10'))).toEqual(money(124n, 'BHD')); // 123.5 → 124
  });

  it('property: multiplyMoney is the rational product rounded half-even', () => {
    fc.assert(
      fc.property(anyMoney, factor, (a, f) => {
        expect(multiplyMoney(a, f)).toEqual(money(referenceHalfEven(a.amount * f.coefficient, pow10(f.scale)), a.currency));
      }),
    );
  });

  it('property: percentageOfMoney is a × p / 100 rounded half-even, and agrees with multiplying by p / 100', () => {
    fc.assert(
      fc.property(anyMoney, factor, (a, p) => {
        const expected = money(referenceHalfEven(a.amount * p.coefficient, 100n * pow10(p.scale)), a.currency);
        expect(percentageOfMoney(a, p)).toEqual(expected);
        expect(multiplyMoney(a, { coefficient: p.coefficient, scale: p.scale + 2 })).toEqual(expected);
      }),
    );
  });
});

describe('scaleMoney', () => {
  it('multiplies by a ratio and rounds half-even', () => {
    expect(scaleMoney(eur(1000n), 1n, 3n)).toEqual(eur(333n));
    expect(scaleMoney(eur(2000n), 1n, 3n)).toEqual(eur(667n));
    expect(scaleMoney(eur(1999n), 100n, 120n)).toEqual(eur(1666n)); // 16.6583 → 16.66
    expect(scaleMoney(eur(5n), 1n, 2n)).toEqual(eur(2n)); // 2.5 → 2
    expect(scaleMoney(eur(7n), 1n, 2n)).toEqual(eur(4n)); // 3.5 → 4
    expect(scaleMoney(eur(-7n), 1n, 2n)).toEqual(eur(-4n));
    expect(scaleMoney(eur(3000n), 17n, 31n)).toEqual(eur(1645n)); // proration: 17 of 31 days
  });

  it('refuses a zero denominator', () => {
    expect(() => scaleMoney(eur(1n), 1n, 0n)).toThrow(RangeError);
  });

  it('property: matches the rational reference', () => {
    fc.assert(
      fc.property(anyMoney, fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (a, n, den) => {
        expect(scaleMoney(a, n, den)).toEqual(money(referenceHalfEven(a.amount * n, den), a.currency));
      }),
    );
  });
});

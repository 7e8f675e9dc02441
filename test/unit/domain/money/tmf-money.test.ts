import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, decimalToString } from '../../../../domain/money/decimal.js';
import { minorUnitExponent, money, moneyFromTmf, moneyToTmf, multiplyUnitPrice, unitPriceFromTmf } from '../../../../domain/money/money.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { pow10, referenceHalfEven } from './rational-reference.js';

const currencies = ['EUR', 'JPY', 'BHD'] as const;

/** Amounts a double can carry exactly: up to 15 significant digits. */
const exactAmount = fc.bigInt({ min: -(10n ** 15n - 1n), max: 10n ** 15n - 1n });

function rejection(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('moneyFromTmf', () => {
  it('reads the decimal text of the value into minor units', () => {
    expect(moneyFromTmf({ unit: 'EUR', value: 12.99 })).toEqual(money(1299n, 'EUR'));
    expect(moneyFromTmf({ unit: 'EUR', value: 0.1 })).toEqual(money(10n, 'EUR'));
    expect(moneyFromTmf({ unit: 'EUR', value: 1.1 })).toEqual(money(110n, 'EUR'));
    expect(moneyFromTmf({ unit: 'EUR', value: -12.5 })).toEqual(money(-1250n, 'EUR'));
    expect(moneyFromTmf({ unit: 'EUR', value: 0 })).toEqual(money(0n, 'EUR'));
    expect(moneyFromTmf({ unit: 'JPY', value: 1500 })).toEqual(money(1500n, 'JPY'));
    expect(moneyFromTmf({ unit: 'BHD', value: 1.234 })).toEqual(money(1234n, 'BHD'));
    expect(moneyFromTmf({ unit: 'EUR', value: 1e21 })).toEqual(money(10n ** 23n, 'EUR'));
  });

  it.each([
    ['EUR', 12.999],
    ['EUR', 0.001],
    ['EUR', 1e-7],
    ['JPY', 1.5],
    ['BHD', 1.2345],
  ])('refuses %s %s: more decimals than the currency has', (unit, value) => {
    const error = rejection(() => moneyFromTmf({ unit, value }, 'item[0].price'));
    expect(error.problems).toEqual([{ field: 'item[0].price.value', problem: expect.stringContaining(`${unit} has`) }]);
  });

  it('refuses an unknown or lower-case currency, naming the unit field', () => {
    expect(rejection(() => moneyFromTmf({ unit: 'EUX', value: 1 }, 'price')).problems[0]?.field).toBe('price.unit');
    expect(rejection(() => moneyFromTmf({ unit: 'eur', value: 1 }, 'price')).problems[0]?.field).toBe('price.unit');
    expect(rejection(() => moneyFromTmf({ unit: 'EUX', value: 1 })).problems[0]?.field).toBe('unit');
  });

  it('refuses a negative zero, NaN, infinities and non-numbers', () => {
    expect(rejection(() => moneyFromTmf({ unit: 'EUR', value: -0 }, 'price')).problems[0]?.field).toBe('price.value');
    expect(rejection(() => moneyFromTmf(JSON.parse('{"unit":"EUR","value":-0.0}') as { unit: string; value: number })).problems[0]?.field).toBe('value');
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '12.99' as unknown as number]) {
      expect(rejection(() => moneyFromTmf({ unit: 'EUR', value })).problems[0]?.field).toBe('value');
    }
  });

  it('property: any value with at most the currency\'s decimals is read exactly', () => {
    fc.assert(
      fc.property(exactAmount, fc.constantFrom(...currencies), (minor, unit) => {
        const value = Number(decimalToString({ coefficient: minor, scale: minorUnitExponent(unit) }));
        expect(moneyFromTmf({ unit, value })).toEqual(money(minor, unit));
      }),
    );
  });

  it('property: a value with more decimals than the currency has is refused', () => {
    const tooFine = fc
      .tuple(fc.constantFrom(...currencies), fc.integer({ min: 1, max: 4 }), fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }))
      .filter(([, , digits]) => digits % 10n !== 0n)
      .map(([unit, extra, digits]) => ({ unit, value: Number(decimalToString({ coefficient: digits, scale: minorUnitExponent(unit) + extra })) }));
    fc.assert(
      fc.property(tooFine, (value) => {
        expect(rejection(() => moneyFromTmf(value, 'price')).problems[0]?.field).toBe('price.value');
      }),
    );
  });
});

describe('moneyToTmf', () => {
  it('writes the value from the minor units', () => {
    expect(moneyToTmf(money(1299n, 'EUR'))).toEqual({ unit: 'EUR', value: 12.99 });
    expect(moneyToTmf(money(-5n, 'EUR'))).toEqual({ unit: 'EUR', value: -0.05 });
    expect(moneyToTmf(money(1500n, 'JPY'))).toEqual({ unit: 'JPY', value: 1500 });
    expect(moneyToTmf(money(1234n, 'BHD'))).toEqual({ unit: 'BHD', value: 1.234 });
    expect(moneyToTmf(money(10n, 'EUR'))).toEqual({ unit: 'EUR', value: 0.1 });
    expect(JSON.stringify(moneyToTmf(money(1999n, 'EUR')))).toBe('{"unit":"EUR","value":19.99}');
  });

  it('never writes a negative zero', () => {
    expect(Object.is(moneyToTmf(money(0n, 'EUR')).value, 0)).toBe(true);
    expect(Object.is(moneyToTmf(money(-0n, 'EUR')).value, 0)).toBe(true);
  });

  it('refuses an amount a JSON number cannot carry exactly', () => {
    expect(() => moneyToTmf(money(10n ** 20n + 1n, 'EUR'))).toThrow(RangeError);
    expect(moneyToTmf(money(10n ** 20n, 'EUR')).value).toBe(1e18);
  });

  it('property: TMF → Money → TMF and Money → TMF → Money round-trip for EUR, JPY and BHD', () => {
    fc.assert(
      fc.property(exactAmount, fc.constantFrom(...currencies), (minor, unit) => {
        const tmf = moneyToTmf(money(minor, unit));
        expect(moneyFromTmf(tmf)).toEqual(money(minor, unit));
        expect(moneyToTmf(moneyFromTmf(tmf))).toEqual(tmf);
        expect(decimalToString(decimal(tmf.value))).toBe(decimalToString({ coefficient: minor, scale: minorUnitExponent(unit) }));
      }),
    );
  });
});

describe('unit prices', () => {
  it('keep decimals finer than the currency', () => {
    expect(unitPriceFromTmf({ unit: 'EUR', value: 0.0125 })).toEqual({ currency: 'EUR', amount: decimal('0.0125') });
    expect(unitPriceFromTmf({ unit: 'JPY', value: 0.5 })).toEqual({ currency: 'JPY', amount: decimal('0.5') });
  });

  it('refuse an unknown currency or a value that is not a number, naming the field', () => {
    expect(rejection(() => unitPriceFromTmf({ unit: 'XYZ', value: 1 }, 'price')).problems[0]?.field).toBe('price.unit');
    expect(rejection(() => unitPriceFromTmf({ unit: 'EUR', value: Number.NaN }, 'price')).problems[0]?.field).toBe('price.value');
    expect(rejection(() => unitPriceFromTmf({ unit: 'EUR', value: -0 }, 'price')).problems[0]?.field).toBe('price.value');
  });

  it('multiply by a quantity exactly and round half-even once', () => {
    const perMb = unitPriceFromTmf({ unit: 'EUR', value: 0.0125 });
    expect(multiplyUnitPrice(perMb, decimal(1500))).toEqual(money(1875n, 'EUR')); // 18.75
    expect(multiplyUnitPrice(perMb, decimal(1))).toEqual(money(1n, 'EUR')); // 0.0125 → 0.01
    expect(multiplyUnitPrice(perMb, decimal(3))).toEqual(money(4n, 'EUR')); // 0.0375 → 0.04
    expect(multiplyUnitPrice(perMb, decimal('2.5'))).toEqual(money(3n, 'EUR')); // 0.03125 → 0.03
    expect(multiplyUnitPrice({ currency: 'EUR', amount: decimal('0.125') }, decimal(1))).toEqual(money(12n, 'EUR'));
    expect(multiplyUnitPrice({ currency: 'EUR', amount: decimal('0.135') }, decimal(1))).toEqual(money(14n, 'EUR'));
    expect(multiplyUnitPrice({ currency: 'EUR', amount: decimal('1.5') }, decimal(2))).toEqual(money(300n, 'EUR'));
    expect(multiplyUnitPrice({ currency: 'JPY', amount: decimal('0.5') }, decimal(3))).toEqual(money(2n, 'JPY')); // 1.5 → 2
    expect(multiplyUnitPrice({ currency: 'JPY', amount: decimal('0.5') }, decimal(5))).toEqual(money(2n, 'JPY')); // 2.5 → 2
    expect(multiplyUnitPrice({ currency: 'BHD', amount: decimal('-0.0005') }, decimal(3))).toEqual(money(-2n, 'BHD')); // -1.5 fils → -2
  });

  it('property: the product is rounded once from the exact value, not per factor', () => {
    const price = fc.record({ coefficient: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), scale: fc.integer({ min: 0, max: 8 }) });
    const quantity = fc.record({ coefficient: fc.bigInt({ min: 0n, max: 10n ** 9n }), scale: fc.integer({ min: 0, max: 6 }) });
    fc.assert(
      fc.property(fc.constantFrom(...currencies), price, quantity, (currency, amount, q) => {
        const exponent = minorUnitExponent(currency);
        const expected = referenceHalfEven(amount.coefficient * q.coefficient * pow10(exponent), pow10(amount.scale + q.scale));
        expect(multiplyUnitPrice({ currency, amount }, q)).toEqual(money(expected, currency));
      }),
    );
  });
});

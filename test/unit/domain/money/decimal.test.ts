import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculator, halfEven } from 'dinero.js/bigint';
import {
  HUNDRED,
  ONE,
  ZERO,
  addDecimals,
  ceilDivideDecimals,
  compareDecimals,
  decimal,
  decimalToNumber,
  decimalToString,
  isNegativeDecimal,
  isZeroDecimal,
  maxDecimal,
  minDecimal,
  multiplyDecimals,
  roundHalfEven,
  subtractDecimals,
  type Decimal,
} from '../../../../domain/money/decimal.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';
import { floorDiv, pow10, referenceHalfEven } from './rational-reference.js';

const d = (coefficient: bigint, scale: number): Decimal => ({ coefficient, scale });

/** An arbitrary, possibly non-normalized decimal. */
const anyDecimal = fc.record({ coefficient: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), scale: fc.integer({ min: 0, max: 30 }) });

/** a and b denote the same rational number, whatever their scales. */
function sameValue(a: Decimal, b: Decimal): boolean {
  return a.coefficient * pow10(b.scale) === b.coefficient * pow10(a.scale);
}

function isNormalized(x: Decimal): boolean {
  return x.coefficient === 0n ? x.scale === 0 : x.scale === 0 || x.coefficient % 10n !== 0n;
}

function problemField(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems[0]?.field;
  }
  throw new Error('expected an InvalidInputError');
}

describe('decimal', () => {
  it('reads decimal text exactly', () => {
    expect(decimal('0.1')).toEqual(d(1n, 1));
    expect(decimal('12.99')).toEqual(d(1299n, 2));
    expect(decimal('-8.875')).toEqual(d(-8875n, 3));
    expect(decimal('+3')).toEqual(d(3n, 0));
    expect(decimal('.5')).toEqual(d(5n, 1));
    expect(decimal('5.')).toEqual(d(5n, 0));
    expect(decimal('007.50')).toEqual(d(75n, 1));
  });

  it('reads a JS number through its shortest text, so 0.1 is one tenth and not the double near it', () => {
    expect(decimal(0.1)).toEqual(d(1n, 1));
    expect(decimal(0.0125)).toEqual(d(125n, 4));
    expect(decimal(12.5)).toEqual(d(125n, 1));
    expect(decimal(0.1 + 0.2)).toEqual(d(30000000000000004n, 17));
  });

  it('reads exponent forms', () => {
    expect(decimal(1e-7)).toEqual(d(1n, 7));
    expect(decimal('1.5e-3')).toEqual(d(15n, 4));
    expect(decimal('2.5E+3')).toEqual(d(2500n, 0));
    expect(decimal(1e21)).toEqual(d(10n ** 21n, 0));
    expect(decimal(5e-324)).toEqual(d(5n, 324));
  });

  it('reads bigints as integers', () => {
    expect(decimal(42n)).toEqual(d(42n, 0));
    expect(decimal(-7n)).toEqual(d(-7n, 0));
  });

  it('normalizes: no trailing zeros, one zero', () => {
    expect(decimal('1.500')).toEqual(d(15n, 1));
    expect(decimal('100')).toEqual(d(100n, 0));
    expect(decimal('0.000')).toEqual(ZERO);
    expect(decimal('-0')).toEqual(ZERO);
    expect(decimal(-0)).toEqual(ZERO);
  });

  it.each([[''], ['.'], ['abc'], ['1,5'], [' 1'], ['1 '], ['1e'], ['--1'], ['1.2.3'], ['0x10'], ['e5'], ['Infinity']])(
    'rejects %j as a 400 naming the field',
    (text) => {
      expect(problemField(() => decimal(text))).toBe('value');
    },
  );

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]])('rejects the number %s', (value) => {
    expect(problemField(() => decimal(value, 'usage[0].quantity'))).toBe('usage[0].quantity');
  });

  it('rejects exponents that would build enormous numbers', () => {
    expect(problemField(() => decimal('1e1001'))).toBe('value');
    expect(problemField(() => decimal('1e-1001'))).toBe('value');
    expect(decimal('1e-1000')).toEqual(d(1n, 1000));
  });

  it('property: plain digit text (the quick reading, up to 15 digits) reads as the full reading does', () => {
    // A leading "+" is outside the quick reading's form, so decimal("+" + text) is the full reading of the same number.
    const plainText = fc
      .tuple(fc.stringMatching(/^[0-9]{0,9}$/), fc.option(fc.stringMatching(/^[0-9]{0,9}$/), { nil: undefined }))
      .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`))
      .filter((text) => /[0-9]/.test(text));
    fc.assert(
      fc.property(plainText, (text) => {
        expect(decimal(text)).toEqual(decimal(`+${text}`));
      }),
      { numRuns: 2000 },
    );
    expect(decimal('000.000')).toEqual(d(0n, 0));
    expect(decimal('999999999999999')).toEqual(d(999999999999999n, 0));
    expect(decimal('9999999999999999')).toEqual(d(9999999999999999n, 0));
    expect(decimal('0.10')).toEqual(d(1n, 1));
  });

  it('property: every result is normalized', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(isNormalized(decimal(n))).toBe(true);
      }),
    );
  });
});

describe('decimalToString', () => {
  it('prints normalized text without trailing zeros and never "-0"', () => {
    expect(decimalToString(d(1299n, 2))).toBe('12.99');
    expect(decimalToString(d(-5n, 2))).toBe('-0.05');
    expect(decimalToString(d(1500n, 3))).toBe('1.5');
    expect(decimalToString(d(100n, 2))).toBe('1');
    expect(decimalToString(d(0n, 4))).toBe('0');
    expect(decimalToString(d(-0n, 0))).toBe('0');
    expect(decimalToString(d(1n, 7))).toBe('0.0000001');
    expect(decimalToString(d(10n ** 21n, 0))).toBe('1000000000000000000000');
  });

  it('property: parse then print round-trips any decimal, and print then parse is the same value normalized', () => {
    fc.assert(
      fc.property(anyDecimal, (x) => {
        const text = decimalToString(x);
        const back = decimal(text);
        expect(sameValue(back, x)).toBe(true);
        expect(isNormalized(back)).toBe(true);
        expect(decimalToString(back)).toBe(text);
        expect(text).not.toBe('-0');
      }),
    );
  });

  it('property: canonical decimal text survives parse and print unchanged', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([negative, digits, scale]) => decimalToString(d(negative ? -digits : digits, scale)));
    fc.assert(
      fc.property(canonical, (text) => {
        expect(decimalToString(decimal(text))).toBe(text);
      }),
    );
  });
});

describe('decimalToNumber', () => {
  it('gives the nearest double to the decimal text', () => {
    expect(decimalToNumber(d(1n, 1))).toBe(0.1);
    expect(decimalToNumber(d(-8875n, 3))).toBe(-8.875);
    expect(Object.is(decimalToNumber(ZERO), 0)).toBe(true);
  });

  it('property: any finite double survives decimal and back', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(decimalToNumber(decimal(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('decimal arithmetic', () => {
  it('adds, subtracts and multiplies exactly', () => {
    expect(addDecimals(decimal('0.1'), decimal('0.2'))).toEqual(decimal('0.3'));
    expect(subtractDecimals(decimal('2.5'), decimal('0.5'))).toEqual(decimal('2'));
    expect(subtractDecimals(decimal('0.5'), decimal('2.5'))).toEqual(decimal('-2'));
    expect(multiplyDecimals(decimal('1.5'), decimal('0.2'))).toEqual(decimal('0.3'));
    expect(multiplyDecimals(decimal('12.5'), HUNDRED)).toEqual(decimal('1250'));
    expect(multiplyDecimals(decimal('-3'), decimal('0.25'))).toEqual(decimal('-0.75'));
  });

  it('compares across scales', () => {
    expect(compareDecimals(decimal('1.50'), decimal('1.5'))).toBe(0);
    expect(compareDecimals(decimal('1.05'), decimal('1.5'))).toBe(-1);
    expect(compareDecimals(decimal('10'), decimal('9.999'))).toBe(1);
    expect(compareDecimals(decimal('-1'), ZERO)).toBe(-1);
    expect(minDecimal(decimal('2.5'), decimal('2.05'))).toEqual(decimal('2.05'));
    expect(maxDecimal(decimal('2.5'), decimal('2.05'))).toEqual(decimal('2.5'));
  });

  it('tells zero and negative', () => {
    expect(isZeroDecimal(ZERO)).toBe(true);
    expect(isZeroDecimal(d(0n, 5))).toBe(true);
    expect(isZeroDecimal(ONE)).toBe(false);
    expect(isNegativeDecimal(decimal('-0.001'))).toBe(true);
    expect(isNegativeDecimal(ZERO)).toBe(false);
    expect(isNegativeDecimal(ONE)).toBe(false);
  });

  it('has the constants it names', () => {
    expect(decimalToString(ZERO)).toBe('0');
    expect(decimalToString(ONE)).toBe('1');
    expect(decimalToString(HUNDRED)).toBe('100');
  });

  it('property: subtraction undoes addition, and the results are normalized', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        const sum = addDecimals(a, b);
        expect(sameValue(subtractDecimals(sum, b), a)).toBe(true);
        expect(isNormalized(sum)).toBe(true);
        expect(addDecimals(a, b)).toEqual(addDecimals(b, a));
      }),
    );
  });

  it('property: the product is the rational product', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        const product = multiplyDecimals(a, b);
        expect(product.coefficient * pow10(a.scale + b.scale)).toBe(a.coefficient * b.coefficient * pow10(product.scale));
        expect(isNormalized(product)).toBe(true);
      }),
    );
  });

  it('property: compare agrees with cross-multiplication; min and max pick accordingly', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        const left = a.coefficient * pow10(b.scale);
        const right = b.coefficient * pow10(a.scale);
        expect(compareDecimals(a, b)).toBe(left < right ? -1 : left > right ? 1 : 0);
        expect(compareDecimals(b, a)).toBe(-compareDecimals(a, b) || 0);
        expect(sameValue(minDecimal(a, b), left <= right ? a : b)).toBe(true);
        expect(sameValue(maxDecimal(a, b), left >= right ? a : b)).toBe(true);
      }),
    );
  });
});

describe('ceilDivideDecimals', () => {
  it('counts started blocks', () => {
    expect(ceilDivideDecimals(decimal('250'), decimal('100'))).toBe(3n);
    expect(ceilDivideDecimals(decimal('200'), decimal('100'))).toBe(2n);
    expect(ceilDivideDecimals(decimal('201'), decimal('100'))).toBe(3n);
    expect(ceilDivideDecimals(ZERO, decimal('100'))).toBe(0n);
    expect(ceilDivideDecimals(decimal('2.5'), ONE)).toBe(3n);
    expect(ceilDivideDecimals(decimal('1.5'), decimal('0.5'))).toBe(3n);
    expect(ceilDivideDecimals(decimal('1.51'), decimal('0.5'))).toBe(4n);
    expect(ceilDivideDecimals(decimal('0.001'), decimal('1000'))).toBe(1n);
  });

  it('refuses a negative quantity or a block that is not positive', () => {
    expect(() => ceilDivideDecimals(decimal('-1'), ONE)).toThrow(RangeError);
    expect(() => ceilDivideDecimals(ONE, ZERO)).toThrow(RangeError);
    expect(() => ceilDivideDecimals(ONE, decimal('-2'))).toThrow(RangeError);
  });

  it('property: n blocks cover a, n - 1 do not', () => {
    const nonNegative = fc.record({ coefficient: fc.bigInt({ min: 0n, max: 10n ** 15n }), scale: fc.integer({ min: 0, max: 8 }) });
    const positive = fc.record({ coefficient: fc.bigInt({ min: 1n, max: 10n ** 15n }), scale: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(nonNegative, positive, (a, b) => {
        const n = ceilDivideDecimals(a, b);
        expect(compareDecimals(multiplyDecimals(d(n, 0), b), a)).toBeGreaterThanOrEqual(0);
        if (n > 0n) expect(compareDecimals(multiplyDecimals(d(n - 1n, 0), b), a)).toBe(-1);
      }),
    );
  });
});

describe('roundHalfEven', () => {
  it.each([
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [5n, -2n, -2n],
    [-5n, -2n, 2n],
    [-3n, 2n, -2n],
    [3n, -2n, -2n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [125n, 10n, 12n],
    [135n, 10n, 14n],
    [-125n, 10n, -12n],
    [-135n, 10n, -14n],
    [0n, 7n, 0n],
    [10n, 5n, 2n],
  ])('%d / %d rounds to %d', (numerator, denominator, expected) => {
    expect(roundHalfEven(numerator, denominator)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundHalfEven(1n, 0n)).toThrow(RangeError);
  });

  const nonZero = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).filter((x) => x !== 0n);

  it('property: matches the floor-division reference for both signs', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), nonZero, (n, den) => {
        expect(roundHalfEven(n, den)).toBe(referenceHalfEven(n, den));
      }),
    );
  });

  it('property: gives what dinero\'s halfEven gave (it used to round through it)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), nonZero, (n, den) => {
        expect(roundHalfEven(n, den)).toBe(den < 0n ? halfEven(-n, -den, calculator) : halfEven(n, den, calculator));
      }),
    );
  });

  it('property: ties go to the even neighbour, for both signs', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (k, half) => {
        // (2k + 1) / 2 is exactly halfway between k and k + 1; scaled by `half` to vary the divisor.
        const result = roundHalfEven((2n * k + 1n) * half, 2n * half);
        expect(result === k || result === k + 1n).toBe(true);
        expect(result % 2n).toBe(0n);
      }),
    );
  });

  it('property: the result is within half a unit of the exact quotient and symmetric in sign', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), nonZero, (n, den) => {
        const result = roundHalfEven(n, den);
        const error = 2n * (n - result * den);
        expect(error <= (den < 0n ? -den : den) && error >= -(den < 0n ? -den : den)).toBe(true);
        expect(roundHalfEven(-n, den)).toBe(-result);
        expect(roundHalfEven(n, -den)).toBe(-result);
        expect(floorDiv(n, den) <= result && result <= floorDiv(n, den) + 1n).toBe(true);
      }),
    );
  });
});

import { InvalidInputError } from '../shared/domain-errors.js';

/**
 * An exact decimal: quantities (2.5 GB), percentages (12.5 %), tax rates (8.875 %) and unit
 * prices finer than a currency's minor unit. Binary floats cannot hold 0.1 exactly, so every
 * such number is read from its decimal text into `coefficient / 10^scale`.
 *
 * Every function here returns the normalized form (no trailing zeros in the coefficient, zero
 * has scale 0), so two equal values are also structurally equal.
 */
export interface Decimal {
  readonly coefficient: bigint;
  readonly scale: number;
}

/** Optional sign, digits with an optional point, optional exponent: the forms String(number) and JSON produce. */
const decimalText = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Far beyond any quantity or rate a BSS sees (a double's own range ends at scale 324), and low
 * enough that "1e999999999" cannot make us build a billion-digit bigint.
 */
const maxExponent = 1000;

function normalized(coefficient: bigint, scale: number): Decimal {
  if (coefficient === 0n) return { coefficient: 0n, scale: 0 };
  let c = coefficient;
  let s = scale;
  while (s > 0 && c % 10n === 0n) {
    c /= 10n;
    s -= 1;
  }
  return { coefficient: c, scale: s };
}

/** The powers of ten scales align with, computed once: a bigint power costs more than the multiplication it feeds. */
const smallPowersOfTen: readonly bigint[] = /* @__PURE__ */ Array.from({ length: 64 }, (_, exponent) => 10n ** BigInt(exponent));

function pow10(exponent: number): bigint {
  return smallPowersOfTen[exponent] ?? 10n ** BigInt(exponent);
}

/** Both coefficients at the larger of the two scales. */
function aligned(a: Decimal, b: Decimal): { a: bigint; b: bigint; scale: number } {
  const scale = Math.max(a.scale, b.scale);
  return { a: a.coefficient * pow10(scale - a.scale), b: b.coefficient * pow10(scale - b.scale), scale };
}

function invalid(field: string, text: string, problem: string): InvalidInputError {
  return new InvalidInputError(`${field}: ${JSON.stringify(text)} ${problem}`, [{ field, problem }]);
}

/**
 * Reads a decimal from its text. A JS number goes through String(n), its shortest round-trip
 * text, so 0.1 is exactly one tenth and not the double nearest to it.
 * `field` names the input in the error (extension of the contract; defaults to "value").
 */
export function decimal(value: number | string | bigint, field = 'value'): Decimal {
  if (typeof value === 'bigint') return { coefficient: value, scale: 0 };
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw invalid(field, String(value), 'is not a finite number');
  }
  const text = String(value);
  const plain = plainDecimal(text);
  if (plain !== undefined) return plain;
  const match = decimalText.exec(text);
  const [, sign = '', integerDigits = '', fractionDigits = '', exponentText = '0'] = match ?? [];
  if (!match || integerDigits.length + fractionDigits.length === 0) {
    throw invalid(field, text, 'is not a decimal number');
  }
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > maxExponent) throw invalid(field, text, 'is out of range');
  const digits = BigInt(integerDigits + fractionDigits);
  const coefficient = sign === '-' ? -digits : digits;
  const scale = fractionDigits.length - exponent;
  return scale >= 0 ? normalized(coefficient, scale) : { coefficient: coefficient * pow10(-scale), scale: 0 };
}

/** Up to 15 digits can be summed in a double exactly (below 2^53), which is cheaper than a regular expression and bigint divisions. */
const plainDigitsMax = 15;

/**
 * The usual text (a quantity such as "2.345", a rate such as "20"): unsigned digits with at most
 * one point and at most 15 digits, read digit by digit. Anything else is left to the full reading.
 */
function plainDecimal(text: string): Decimal | undefined {
  if (text.length === 0 || text.length > plainDigitsMax + 1) return undefined;
  let digits = 0;
  let count = 0;
  let point = -1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      digits = digits * 10 + (code - 48);
      count += 1;
    } else if (code === 46 && point < 0) point = index;
    else return undefined;
  }
  if (count === 0 || count > plainDigitsMax) return undefined;
  if (digits === 0) return { coefficient: 0n, scale: 0 };
  let scale = point < 0 ? 0 : text.length - point - 1;
  while (scale > 0 && digits % 10 === 0) {
    digits /= 10;
    scale -= 1;
  }
  return { coefficient: BigInt(digits), scale };
}

export function decimalToString(d: Decimal): string {
  const { coefficient, scale } = normalized(d.coefficient, d.scale);
  const sign = coefficient < 0n ? '-' : '';
  const digits = (coefficient < 0n ? -coefficient : coefficient).toString();
  if (scale === 0) return sign + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** For JSON output only: the nearest double to the decimal text, never used for arithmetic. */
export function decimalToNumber(d: Decimal): number {
  return Number(decimalToString(d));
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const x = aligned(a, b);
  return normalized(x.a + x.b, x.scale);
}

export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  const x = aligned(a, b);
  return normalized(x.a - x.b, x.scale);
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return normalized(a.coefficient * b.coefficient, a.scale + b.scale);
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const x = aligned(a, b);
  return x.a < x.b ? -1 : x.a > x.b ? 1 : 0;
}

export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return compareDecimals(a, b) <= 0 ? a : b;
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return compareDecimals(a, b) >= 0 ? a : b;
}

export function isZeroDecimal(d: Decimal): boolean {
  return d.coefficient === 0n;
}

export function isNegativeDecimal(d: Decimal): boolean {
  return d.coefficient < 0n;
}

/**
 * The number of started blocks of size `b` in `a` (package pricing: 250 SMS in blocks of 100
 * is 3 blocks). The caller has validated its inputs, so a violation is a programming error.
 */
export function ceilDivideDecimals(a: Decimal, b: Decimal): bigint {
  if (a.coefficient < 0n || b.coefficient <= 0n) {
    throw new RangeError(`ceilDivideDecimals needs a >= 0 and b > 0, got ${decimalToString(a)} and ${decimalToString(b)}`);
  }
  const x = aligned(a, b);
  return (x.a + x.b - 1n) / x.b;
}

export const ZERO: Decimal = { coefficient: 0n, scale: 0 };
export const ONE: Decimal = { coefficient: 1n, scale: 0 };
export const HUNDRED: Decimal = { coefficient: 100n, scale: 0 };

/**
 * numerator / denominator rounded to the nearest integer, ties to the even neighbour: the only
 * rounding on the money path, so it is unbiased over many lines. Plain bigint arithmetic (it
 * used to be dinero's halfEven, which gives the same results but costs a dozen closures a call:
 * every taxed and prorated line rounds here).
 */
export function roundHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('roundHalfEven: division by zero');
  if (denominator < 0n) return roundHalfEven(-numerator, -denominator);
  // Truncated division: the quotient rounds towards zero and the remainder has the numerator's sign.
  const quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const awayFromZero = numerator < 0n ? quotient - 1n : quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  if (twiceRemainder > denominator) return awayFromZero;
  return quotient % 2n === 0n ? quotient : awayFromZero;
}

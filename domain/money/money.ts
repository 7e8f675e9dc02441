import { dinero, halfEven, multiply, toSnapshot, transformScale, type Dinero } from 'dinero.js/bigint';
import { InvalidInputError } from '../shared/domain-errors.js';
import { currencyDefinition, minorUnitExponent } from './currency.js';
import { decimal, decimalToString, roundHalfEven, type Decimal } from './decimal.js';

export { isKnownCurrency, minorUnitExponent } from './currency.js';

/**
 * An amount of money: integer minor units (cents, yen, fils) of an ISO 4217 currency. Floats
 * never touch it. Sums and differences are exact; every operation that divides rounds half-even
 * to the minor unit once, and splits are allocations that keep every minor unit.
 *
 * Sums, comparisons and allocation are plain bigint arithmetic; dinero does the currency
 * table, the scaled products and the half-even rounding, where its scale handling earns its keep.
 */
export interface Money {
  readonly amount: bigint;
  readonly currency: string;
}

/** A price per unit, which may be finer than the currency's minor unit (0.0125 EUR per MB). */
export interface UnitPrice {
  readonly currency: string;
  /** In major units (EUR, not cents). */
  readonly amount: Decimal;
}

/** The TMF Money shape on the API. */
export interface TmfMoney {
  unit: string;
  value: number;
}

export function money(amount: bigint, currency: string): Money {
  currencyDefinition(currency);
  return { amount, currency };
}

export function zeroMoney(currency: string): Money {
  return money(0n, currency);
}

/** Mixing currencies is a bug in the caller, not a user error: the currency was fixed upstream. */
function assertSameCurrency(a: Money, b: Money, operation: string): void {
  if (a.currency !== b.currency) throw new Error(`cannot ${operation} ${a.currency} and ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'add');
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtract');
  return { amount: a.amount - b.amount, currency: a.currency };
}

export function negateMoney(a: Money): Money {
  return { amount: -a.amount, currency: a.currency };
}

export function sumMoney(currency: string, items: readonly Money[]): Money {
  return items.reduce((total, item) => addMoney(total, item), zeroMoney(currency));
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compare');
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function minMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) <= 0 ? a : b;
}

export function maxMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) >= 0 ? a : b;
}

export function isZeroMoney(a: Money): boolean {
  return a.amount === 0n;
}

export function isNegativeMoney(a: Money): boolean {
  return a.amount < 0n;
}

/** `coefficient / 10^scale` major units as an unrounded dinero amount. */
function scaledDinero(currency: string, coefficient: bigint, scale: number): Dinero<bigint> {
  return dinero({ amount: coefficient, currency: currencyDefinition(currency), scale: BigInt(scale) });
}

/** Back to minor units, rounding half-even once if the amount is finer than that. */
function toMinorUnits(amount: Dinero<bigint>, currency: string): Money {
  const exponent = BigInt(minorUnitExponent(currency));
  return { amount: toSnapshot(transformScale(amount, exponent, halfEven)).amount, currency };
}

function times(amount: Dinero<bigint>, factor: Decimal, extraScale = 0): Dinero<bigint> {
  return multiply(amount, { amount: factor.coefficient, scale: BigInt(factor.scale + extraScale) });
}

function asDinero(a: Money): Dinero<bigint> {
  return scaledDinero(a.currency, a.amount, minorUnitExponent(a.currency));
}

/** a × factor, the exact product rounded half-even to the minor unit. */
export function multiplyMoney(a: Money, factor: Decimal): Money {
  return toMinorUnits(times(asDinero(a), factor), a.currency);
}

/** a × percent / 100, rounded half-even: the percent scale is two more decimals. */
export function percentageOfMoney(a: Money, percent: Decimal): Money {
  return toMinorUnits(times(asDinero(a), percent, 2), a.currency);
}

/** a × numerator / denominator, rounded half-even (tax contained in a price, proration by days). */
export function scaleMoney(a: Money, numerator: bigint, denominator: bigint): Money {
  return { amount: roundHalfEven(a.amount * numerator, denominator), currency: a.currency };
}

/**
 * Splits `total` in proportion to `weights` without losing or creating a minor unit, by largest
 * remainder: each part is its exact share rounded down, and the units left over go one each to
 * the parts with the largest fractional remainders (ties to the earlier part). So every part is
 * its exact share rounded down or up, a zero weight gets nothing, and a negative total splits
 * like its negation. (Dinero's allocate hands leftovers to the largest weights instead, which
 * can round a share the "wrong" way: 5.00 over 19.99 and 9.99 would give 3.34 and 1.66.)
 */
export function allocateMoney(total: Money, weights: readonly bigint[]): Money[] {
  if (weights.length === 0 || weights.some((weight) => weight < 0n) || weights.every((weight) => weight === 0n)) {
    throw new Error(`allocateMoney needs non-negative weights, not all zero; got [${weights.join(', ')}]`);
  }
  const sumOfWeights = weights.reduce((sum, weight) => sum + weight, 0n);
  const magnitude = total.amount < 0n ? -total.amount : total.amount;
  const shares = weights.map((weight) => (magnitude * weight) / sumOfWeights);
  const remainders = weights.map((weight) => (magnitude * weight) % sumOfWeights);
  let leftover = magnitude - shares.reduce((sum, share) => sum + share, 0n);
  // The leftover is below the number of non-zero remainders, so a zero weight never gets one.
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1n;
  }
  return shares.map((share) => ({ amount: total.amount < 0n ? -share : share, currency: total.currency }));
}

interface ReadTmf {
  currency: string;
  amount: Decimal;
  valueField: string;
}

/** The checks a TMF Money value needs whatever its use: a known unit and a real, signed number. */
function readTmf(value: { unit: string; value: number }, field: string | undefined): ReadTmf {
  const prefix = field ? `${field}.` : '';
  const unitField = `${prefix}unit`;
  const valueField = `${prefix}value`;
  currencyDefinition(value.unit, unitField);
  if (typeof value.value !== 'number' || !Number.isFinite(value.value)) {
    throw new InvalidInputError(`${valueField} must be a finite number`, [{ field: valueField, problem: 'must be a finite number' }]);
  }
  // JSON "-0" parses to a negative zero, which String() silently prints as "0": refuse it
  // rather than guess what a client sending it meant.
  if (Object.is(value.value, -0)) {
    throw new InvalidInputError(`${valueField} is a negative zero`, [{ field: valueField, problem: 'negative zero is not an amount; send 0' }]);
  }
  return { currency: value.unit, amount: decimal(value.value, valueField), valueField };
}

/**
 * Reads a TMF Money through the decimal text of its value: 12.99 is exactly 1299 cents. More
 * decimals than the currency has would need rounding the client did not ask for, so it is a 400.
 */
export function moneyFromTmf(value: { unit: string; value: number }, field?: string): Money {
  const { currency, amount, valueField } = readTmf(value, field);
  const exponent = minorUnitExponent(currency);
  if (amount.scale > exponent) {
    const problem = `${currency} has ${exponent} decimal${exponent === 1 ? '' : 's'}; ${decimalToString(amount)} has ${amount.scale}`;
    throw new InvalidInputError(`${valueField}: ${problem}`, [{ field: valueField, problem }]);
  }
  return { amount: amount.coefficient * 10n ** BigInt(exponent - amount.scale), currency };
}

/**
 * Writes a TMF Money from the decimal text of the minor units. A double holds any amount of up
 * to 15 significant digits exactly in this sense (it prints back to the same text); beyond that
 * the JSON number would silently be another amount, so that is refused as a programming error.
 */
export function moneyToTmf(value: Money): TmfMoney {
  const text = decimalToString({ coefficient: value.amount, scale: minorUnitExponent(value.currency) });
  const number = Number(text);
  if (decimalToString(decimal(number)) !== text) {
    throw new RangeError(`${text} ${value.currency} cannot be written exactly as a JSON number`);
  }
  return { unit: value.currency, value: number };
}

/** A unit price keeps every decimal it was given; it is rounded only once multiplied by a quantity. */
export function unitPriceFromTmf(value: { unit: string; value: number }, field?: string): UnitPrice {
  const { currency, amount } = readTmf(value, field);
  return { currency, amount };
}

/** unit price × quantity, exact, then rounded half-even once to the minor unit. */
export function multiplyUnitPrice(unitPrice: { currency: string; amount: Decimal }, quantity: Decimal): Money {
  const price = scaledDinero(unitPrice.currency, unitPrice.amount.coefficient, unitPrice.amount.scale);
  return toMinorUnits(times(price, quantity), unitPrice.currency);
}

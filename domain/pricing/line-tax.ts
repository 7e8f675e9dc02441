import { isNegativeDecimal, decimalToString, type Decimal } from '../money/decimal.js';
import { addMoney, percentageOfMoney, scaleMoney, subtractMoney, type Money } from '../money/money.js';

/** One line's amount split into its duty-free part and its tax; dutyFree + tax = taxIncluded to the minor unit. */
export interface TaxedAmount {
  dutyFree: Money;
  tax: Money;
  taxIncluded: Money;
  /** Percent. */
  rate: Decimal;
}

/**
 * Taxes one line, rounding half-even exactly once. An exclusive amount rounds the tax; an
 * inclusive one rounds the duty-free part and the tax is what is left, so the price the
 * customer sees is never changed by a cent. Half-even is symmetric in sign, so a discount line
 * (negative amount) is taxed as the exact negation of the same positive line.
 */
export function taxLine(amount: Money, rate: Decimal, taxIncluded: boolean): TaxedAmount {
  if (isNegativeDecimal(rate)) throw new RangeError(`a tax rate cannot be negative: ${decimalToString(rate)} %`);
  if (!taxIncluded) {
    const tax = percentageOfMoney(amount, rate);
    return { dutyFree: amount, tax, taxIncluded: addMoney(amount, tax), rate };
  }
  // amount × 100 / (100 + rate), with rate = coefficient / 10^scale, all over 10^scale.
  const hundred = 100n * 10n ** BigInt(rate.scale);
  const dutyFree = scaleMoney(amount, hundred, hundred + rate.coefficient);
  return { dutyFree, tax: subtractMoney(amount, dutyFree), taxIncluded: amount, rate };
}

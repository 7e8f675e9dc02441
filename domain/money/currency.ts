import type { DineroCurrency } from 'dinero.js/bigint';
import * as iso4217 from 'dinero.js/bigint/currencies';
import { InvalidInputError } from '../shared/domain-errors.js';

/**
 * The ISO 4217 currencies, from dinero's table. Dinero models MGA and MRU as non-decimal
 * (1 ariary = 5 iraimbilanja), but our amounts are decimal minor units and ISO 4217 itself
 * lists both with 2 decimals, so they take ISO's decimal definition here.
 */
const currencies: ReadonlyMap<string, DineroCurrency<bigint>> = new Map(
  Object.values(iso4217).map((currency): [string, DineroCurrency<bigint>] => [
    currency.code,
    currency.base === 10n ? currency : { code: currency.code, base: 10n, exponent: 2n },
  ]),
);

export function isKnownCurrency(code: string): boolean {
  return currencies.has(code);
}

/** The dinero currency for `code`; an unknown code is the caller's input error. */
export function currencyDefinition(code: string, field = 'currency'): DineroCurrency<bigint> {
  const currency = currencies.get(code);
  if (!currency) {
    throw new InvalidInputError(`unknown currency ${JSON.stringify(code)}`, [
      { field, problem: `${JSON.stringify(code)} is not an ISO 4217 currency code such as EUR` },
    ]);
  }
  return currency;
}

/** Decimals of the currency's minor unit: EUR 2, JPY 0, BHD 3. */
export function minorUnitExponent(currency: string): number {
  return Number(currencyDefinition(currency).exponent);
}

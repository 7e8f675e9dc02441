import type { DineroCurrency } from 'dinero.js/bigint';
import { InvalidInputError } from '../shared/domain-errors.js';

/**
 * The ISO 4217 currencies by the decimals of their minor unit: dinero's table, as ISO lists it
 * (a unit test holds them equal). Dinero models MGA and MRU as non-decimal (1 ariary = 5
 * iraimbilanja), but our amounts are decimal minor units and ISO 4217 itself lists both with 2
 * decimals, so they are here. Codes in a string rather than dinero's module of 166 constants:
 * building the map from that module's namespace cost every function that handles money about
 * 1.2 ms of its cold start (npm run bench -- --only=init), this about 0.1 ms.
 */
export const iso4217CodesByExponent: Readonly<Record<0 | 2 | 3 | 4, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK ' +
    'DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD ' +
    'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD ' +
    'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

const currencies: ReadonlyMap<string, DineroCurrency<bigint>> = /* @__PURE__ */ (() =>
  new Map(
    Object.entries(iso4217CodesByExponent).flatMap(([exponent, codes]) =>
      codes.split(' ').map((code): [string, DineroCurrency<bigint>] => [code, { code, base: 10n, exponent: BigInt(exponent) }]),
    ),
  ))();

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

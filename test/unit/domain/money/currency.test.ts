import * as dineroCurrencies from 'dinero.js/bigint/currencies';
import { describe, expect, it } from 'vitest';
import { currencyDefinition, isKnownCurrency, iso4217CodesByExponent, minorUnitExponent } from '../../../../domain/money/currency.js';

/** Our ISO 4217 table is dinero's, but for the two currencies dinero keeps non-decimal (domain/money/currency.ts). */
describe('the ISO 4217 currencies', () => {
  const nonDecimalInDinero = ['MGA', 'MRU'];

  it("are dinero's, each with its minor unit's decimals", () => {
    const dinero = Object.values(dineroCurrencies).map((currency) => [currency.code, nonDecimalInDinero.includes(currency.code) ? 2 : Number(currency.exponent)] as const);
    const ours = Object.entries(iso4217CodesByExponent).flatMap(([exponent, codes]) => codes.split(' ').map((code) => [code, Number(exponent)] as const));
    expect(new Map(ours)).toEqual(new Map(dinero));
    expect(ours).toHaveLength(dinero.length);
    expect(dinero.filter(([code]) => !nonDecimalInDinero.includes(code)).every(([code]) => dineroCurrencies[code as keyof typeof dineroCurrencies].base === 10n)).toBe(true);
  });

  it('are decimal, MGA and MRU with 2 decimals as ISO lists them', () => {
    expect(currencyDefinition('MGA')).toEqual({ code: 'MGA', base: 10n, exponent: 2n });
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('BHD')).toBe(3);
    expect(minorUnitExponent('CLF')).toBe(4);
    expect(minorUnitExponent('EUR')).toBe(2);
  });

  it('answer an unknown code as the input error it is', () => {
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('ABC')).toBe(false);
    expect(() => currencyDefinition('EURO', 'price.unit')).toThrow(/unknown currency "EURO"/);
  });
});

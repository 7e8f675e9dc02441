import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, type Decimal } from '../../../../domain/money/decimal.js';
import { addMoney, money, negateMoney, type Money } from '../../../../domain/money/money.js';
import { taxLine, type TaxedAmount } from '../../../../domain/pricing/line-tax.js';
import { pow10, referenceHalfEven } from '../money/rational-reference.js';

const eur = (cents: bigint): Money => money(cents, 'EUR');
const split = (t: TaxedAmount) => [t.dutyFree.amount, t.tax.amount, t.taxIncluded.amount];

const currencies = ['EUR', 'JPY', 'BHD'] as const;
const anyMoney = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom(...currencies))
  .map(([amount, currency]) => money(amount, currency));
/** Percent rates from 0 to 100 with up to 4 decimals (8.875, 5.5, 20, 0.0125, ...). */
const anyRate: fc.Arbitrary<Decimal> = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.bigInt({ min: 0n, max: 10n ** 6n }))
  .map(([scale, coefficient]) => decimal(`${(coefficient % (100n * pow10(scale) + 1n)).toString()}e-${scale}`));

describe('taxLine, exclusive prices', () => {
  it('adds the rounded tax on top', () => {
    expect(split(taxLine(eur(1666n), decimal(20), false))).toEqual([1666n, 333n, 1999n]); // 3.332 → 3.33
    expect(split(taxLine(eur(10000n), decimal('8.875'), false))).toEqual([10000n, 888n, 10888n]); // 8.875 → 8.88
    expect(split(taxLine(eur(1000n), decimal('5.5'), false))).toEqual([1000n, 55n, 1055n]);
  });

  it('rounds a half cent to even', () => {
    expect(split(taxLine(eur(50n), decimal(5), false))).toEqual([50n, 2n, 52n]); // 2.5 → 2
    expect(split(taxLine(eur(70n), decimal(5), false))).toEqual([70n, 4n, 74n]); // 3.5 → 4
  });

  it('keeps the duty-free amount and echoes the rate', () => {
    const taxed = taxLine(eur(1234n), decimal('19'), false);
    expect(taxed.dutyFree).toEqual(eur(1234n));
    expect(taxed.rate).toEqual(decimal('19'));
  });
});

describe('taxLine, inclusive prices', () => {
  it('finds the tax inside 19.99 at 20 %: 16.66 + 3.33', () => {
    expect(split(taxLine(eur(1999n), decimal(20), true))).toEqual([1666n, 333n, 1999n]);
  });

  it('rounds the duty-free part and leaves the price untouched', () => {
    expect(split(taxLine(eur(1000n), decimal('5.5'), true))).toEqual([948n, 52n, 1000n]); // 9.4787 → 9.48
    expect(split(taxLine(eur(2999n), decimal('8.875'), true))).toEqual([2755n, 244n, 2999n]); // 2754.535 cents → 27.55
    expect(split(taxLine(money(1000n, 'JPY'), decimal(10), true))).toEqual([909n, 91n, 1000n]);
    expect(split(taxLine(money(1000n, 'BHD'), decimal(10), true))).toEqual([909n, 91n, 1000n]);
  });

  it('rounds a half cent of duty-free amount to even', () => {
    // 0.03 at 20 %: 3 × 100 / 120 = 2.5 → 2; 0.09 at 20 %: 7.5 → 8.
    expect(split(taxLine(eur(3n), decimal(20), true))).toEqual([2n, 1n, 3n]);
    expect(split(taxLine(eur(9n), decimal(20), true))).toEqual([8n, 1n, 9n]);
  });
});

describe('taxLine, both modes', () => {
  it('taxes nothing at a zero rate', () => {
    expect(split(taxLine(eur(1999n), decimal(0), true))).toEqual([1999n, 0n, 1999n]);
    expect(split(taxLine(eur(1999n), decimal(0), false))).toEqual([1999n, 0n, 1999n]);
  });

  it('taxes a discount line as the negation of the same positive line', () => {
    expect(split(taxLine(eur(-1999n), decimal(20), true))).toEqual([-1666n, -333n, -1999n]);
    expect(split(taxLine(eur(-50n), decimal(5), false))).toEqual([-50n, -2n, -52n]);
  });

  it('refuses a negative rate as a programming error', () => {
    expect(() => taxLine(eur(100n), decimal(-1), false)).toThrow(RangeError);
    expect(() => taxLine(eur(100n), decimal(-100), true)).toThrow(RangeError);
  });

  it('property: dutyFree + tax = taxIncluded exactly, for all amounts, rates and both modes', () => {
    fc.assert(
      fc.property(anyMoney, anyRate, fc.boolean(), (amount, rate, included) => {
        const taxed = taxLine(amount, rate, included);
        expect(addMoney(taxed.dutyFree, taxed.tax)).toEqual(taxed.taxIncluded);
        expect(included ? taxed.taxIncluded : taxed.dutyFree).toEqual(amount);
        expect(taxed.rate).toEqual(rate);
      }),
    );
  });

  it('property: a negated amount gives the negated split', () => {
    fc.assert(
      fc.property(anyMoney, anyRate, fc.boolean(), (amount, rate, included) => {
        const taxed = taxLine(amount, rate, included);
        const negated = taxLine(negateMoney(amount), rate, included);
        expect(negated.dutyFree).toEqual(negateMoney(taxed.dutyFree));
        expect(negated.tax).toEqual(negateMoney(taxed.tax));
        expect(negated.taxIncluded).toEqual(negateMoney(taxed.taxIncluded));
      }),
    );
  });

  it('property: each mode rounds once, half-even, from the exact rational value', () => {
    fc.assert(
      fc.property(anyMoney, anyRate, (amount, rate) => {
        const hundred = 100n * pow10(rate.scale);
        expect(taxLine(amount, rate, false).tax.amount).toBe(referenceHalfEven(amount.amount * rate.coefficient, hundred));
        expect(taxLine(amount, rate, true).dutyFree.amount).toBe(referenceHalfEven(amount.amount * hundred, hundred + rate.coefficient));
      }),
    );
  });

  it('property: the tax has the sign of the amount and is never larger than it', () => {
    fc.assert(
      fc.property(anyMoney, anyRate, fc.boolean(), (amount, rate, included) => {
        const { tax } = taxLine(amount, rate, included);
        const magnitude = (x: bigint) => (x < 0n ? -x : x);
        expect(tax.amount === 0n || (tax.amount < 0n) === (amount.amount < 0n)).toBe(true);
        expect(magnitude(tax.amount) <= magnitude(amount.amount)).toBe(true);
      }),
    );
  });
});

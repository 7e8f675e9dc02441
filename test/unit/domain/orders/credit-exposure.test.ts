import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, moneyToTmf } from '../../../../domain/money/money.js';
import { checkCreditLimit, monthlyRecurringOf, type RecurringPriceLine } from '../../../../domain/orders/credit-exposure.js';

const eur = (value: number) => ({ taxIncludedAmount: { unit: 'EUR', value } });
const cents = (amount: bigint) => money(amount, 'EUR');

function line(value: number, attributes: Partial<RecurringPriceLine> = {}): RecurringPriceLine {
  return { priceType: 'recurring', recurringChargePeriod: 'month', recurringChargePeriodLength: 1, price: eur(value), ...attributes };
}

describe('monthlyRecurringOf', () => {
  it('sums monthly recurring lines, tax included', () => {
    expect(monthlyRecurringOf([line(20), line(9.99)], 'EUR')).toEqual(cents(2999n));
  });

  it('counts a monthly line without a period length as one month', () => {
    expect(monthlyRecurringOf([{ priceType: 'recurring', recurringChargePeriod: 'month', price: eur(12.5) }], 'EUR')).toEqual(cents(1250n));
  });

  it('counts a yearly line as a twelfth, rounded half-even', () => {
    expect(monthlyRecurringOf([line(120, { recurringChargePeriod: 'year' })], 'EUR')).toEqual(cents(1000n));
    // 100.00 / 12 = 8.333… → 8.33
    expect(monthlyRecurringOf([line(100, { recurringChargePeriod: 'year' })], 'EUR')).toEqual(cents(833n));
    // 0.30 / 12 = 2.5 cents → 2 (to even), 0.90 / 12 = 7.5 cents → 8 (to even): half-up would give 3 and 8
    expect(monthlyRecurringOf([line(0.3, { recurringChargePeriod: 'year' })], 'EUR')).toEqual(cents(2n));
    expect(monthlyRecurringOf([line(0.9, { recurringChargePeriod: 'year' })], 'EUR')).toEqual(cents(8n));
  });

  it('divides by the period length: every 3 months, every 2 years', () => {
    expect(monthlyRecurringOf([line(30, { recurringChargePeriodLength: 3 })], 'EUR')).toEqual(cents(1000n));
    expect(monthlyRecurringOf([line(240, { recurringChargePeriod: 'year', recurringChargePeriodLength: 2 })], 'EUR')).toEqual(cents(1000n));
  });

  it('takes discounts off, from priceAlteration (orders) and productPriceAlteration (products)', () => {
    expect(monthlyRecurringOf([line(20, { priceAlteration: [{ price: eur(-4) }] })], 'EUR')).toEqual(cents(1600n));
    expect(monthlyRecurringOf([line(30, { productPriceAlteration: [{ price: eur(-3) }, { price: eur(-2) }] })], 'EUR')).toEqual(cents(2500n));
    // A yearly line is discounted before its twelfth is taken: (120 − 12) / 12 = 9.00
    expect(monthlyRecurringOf([line(120, { recurringChargePeriod: 'year', priceAlteration: [{ price: eur(-12) }] })], 'EUR')).toEqual(cents(900n));
  });

  it('ignores one-time and usage lines and lines in another currency', () => {
    const lines = [
      line(20),
      line(699, { priceType: 'oneTime' }),
      line(5, { priceType: 'usage' }),
      { ...line(50), price: { taxIncludedAmount: { unit: 'USD', value: 50 } } },
    ];
    expect(monthlyRecurringOf(lines, 'EUR')).toEqual(cents(2000n));
    expect(monthlyRecurringOf(lines, 'USD')).toEqual(money(5000n, 'USD'));
  });

  it('is zero without recurring lines', () => {
    expect(monthlyRecurringOf([], 'EUR')).toEqual(cents(0n));
  });

  it('N identical monthly lines cost N × the amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 50 }), (minor, count) => {
        const amount = cents(BigInt(minor));
        const lines = Array.from({ length: count }, () => line(moneyToTmf(amount).value));
        expect(monthlyRecurringOf(lines, 'EUR')).toEqual(cents(BigInt(minor) * BigInt(count)));
      }),
    );
  });
});

describe('checkCreditLimit', () => {
  it('passes at exactly the limit, with the exposure', () => {
    expect(checkCreditLimit(cents(10000n), cents(8000n), cents(2000n))).toEqual({ withinLimit: true, exposure: cents(10000n) });
  });

  it('fails a cent above, with a reason naming the ordered, existing and limit amounts', () => {
    const check = checkCreditLimit(cents(10000n), cents(8000n), cents(2001n));
    expect(check).toEqual({
      withinLimit: false,
      exposure: cents(10001n),
      reason: "the order adds 20.01 EUR a month to 80.00 EUR already charged or held by orders in flight, above the billing account's credit limit of 100.00 EUR",
    });
  });

  it('passes well under the limit', () => {
    expect(checkCreditLimit(cents(10000n), cents(0n), cents(1n)).withinLimit).toBe(true);
  });
});

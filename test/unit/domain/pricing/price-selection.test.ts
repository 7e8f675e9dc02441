import { describe, expect, it } from 'vitest';
import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import { selectPrices, type PriceSelection } from '../../../../domain/pricing/price-selection.js';
import { eur, price, usd } from './pricing-fixtures.js';

const at = (instant: string) => Date.parse(instant);
const selection = (instant: string, overrides: Partial<PriceSelection> = {}): PriceSelection => ({
  at: at(instant),
  currency: 'EUR',
  pinnedPriceIds: new Set(),
  characteristics: [],
  ...overrides,
});
const ids = (prices: readonly ProductOfferingPrice[]) => prices.map((each) => each.id);

const monthly = (id: string, value: number, validFor: { startDateTime?: string; endDateTime?: string }, overrides: Partial<ProductOfferingPrice> = {}) =>
  price({ id, name: 'Monthly fee', priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(value), validFor, ...overrides });

/** Version A 20.00 until 2027-01-01, version B 25.00 from then. */
const versionA = monthly('a', 20, { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' });
const versionB = monthly('b', 25, { startDateTime: '2027-01-01T00:00:00Z' });

describe('selectPrices: versions', () => {
  it('takes the version in effect: A before the change, B after it', () => {
    expect(ids(selectPrices([versionA, versionB], selection('2026-12-15T00:00:00Z')))).toEqual(['a']);
    expect(ids(selectPrices([versionA, versionB], selection('2027-02-01T00:00:00Z')))).toEqual(['b']);
  });

  it('switches at the start instant exactly', () => {
    expect(ids(selectPrices([versionA, versionB], selection('2026-12-31T23:59:59.999Z')))).toEqual(['a']);
    expect(ids(selectPrices([versionA, versionB], selection('2027-01-01T00:00:00Z')))).toEqual(['b']);
  });

  it('takes the latest start when the older version has no end', () => {
    const openA = monthly('a', 20, { startDateTime: '2026-01-01T00:00:00Z' });
    expect(ids(selectPrices([versionB, openA], selection('2027-02-01T00:00:00Z')))).toEqual(['b']);
    expect(ids(selectPrices([versionB, openA], selection('2026-02-01T00:00:00Z')))).toEqual(['a']);
  });

  it('has no price before the first version starts or after the current one ends', () => {
    expect(selectPrices([versionA, versionB], selection('2025-06-01T00:00:00Z'))).toEqual([]);
    const endingB = monthly('b', 25, { startDateTime: '2027-01-01T00:00:00Z', endDateTime: '2027-06-01T00:00:00Z' });
    expect(selectPrices([versionA, endingB], selection('2027-07-01T00:00:00Z'))).toEqual([]);
  });

  it('ignores a version not on sale: In design is not yet, Retired no longer', () => {
    const openA = monthly('a', 20, { startDateTime: '2026-01-01T00:00:00Z' });
    expect(ids(selectPrices([openA, { ...versionB, lifecycleStatus: 'In design' }], selection('2027-02-01T00:00:00Z')))).toEqual(['a']);
    expect(ids(selectPrices([openA, { ...versionB, lifecycleStatus: 'Retired' }], selection('2027-02-01T00:00:00Z')))).toEqual(['a']);
    expect(ids(selectPrices([openA, { ...versionB, lifecycleStatus: 'Active' }], selection('2027-02-01T00:00:00Z')))).toEqual(['b']);
  });

  it('keeps prices of other names apart, in the offering’s order', () => {
    const activation = price({ id: 'activation', priceType: 'oneTime', price: eur(10) });
    expect(ids(selectPrices([activation, versionA, versionB], selection('2027-02-01T00:00:00Z')))).toEqual(['activation', 'b']);
  });
});

describe('selectPrices: pinned prices', () => {
  it('keeps a pinned version whatever its dates: A pinned after the change is still A', () => {
    expect(ids(selectPrices([versionA, versionB], selection('2027-02-01T00:00:00Z', { pinnedPriceIds: new Set(['a']) })))).toEqual(['a']);
  });

  it('keeps a pinned version whatever its lifecycle', () => {
    const retiredA = { ...versionA, lifecycleStatus: 'Retired' as const };
    expect(ids(selectPrices([retiredA, versionB], selection('2027-02-01T00:00:00Z', { pinnedPriceIds: new Set(['a']) })))).toEqual(['a']);
  });

  it('pins only its own name: other prices still take today’s version', () => {
    const oldOption = price({ id: 'option-old', name: 'Option', priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(3), validFor: { startDateTime: '2026-01-01T00:00:00Z' } });
    const newOption = price({ id: 'option-new', name: 'Option', priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(4), validFor: { startDateTime: '2027-01-01T00:00:00Z' } });
    const chosen = selectPrices([versionA, versionB, oldOption, newOption], selection('2027-02-01T00:00:00Z', { pinnedPriceIds: new Set(['a']) }));
    expect(ids(chosen)).toEqual(['a', 'option-new']);
  });
});

describe('selectPrices: currency, characteristics, segments', () => {
  it('takes only prices in the cart currency, and percentage discounts in any currency', () => {
    const dollars = monthly('usd', 22, { startDateTime: '2026-01-01T00:00:00Z' }, { price: usd(22) });
    const tenPercent = price({ id: 'ten', priceType: 'discount', percentage: 10 });
    const fiveOff = price({ id: 'five-off', priceType: 'discount', price: usd(5) });
    expect(ids(selectPrices([versionA, dollars, tenPercent, fiveOff], selection('2026-06-01T00:00:00Z')))).toEqual(['a', 'ten']);
    expect(ids(selectPrices([versionA, dollars, tenPercent, fiveOff], selection('2026-06-01T00:00:00Z', { currency: 'USD' })))).toEqual(['usd', 'ten', 'five-off']);
  });

  const goldSurcharge = price({
    id: 'gold',
    priceType: 'oneTime',
    price: eur(50),
    prodSpecCharValueUse: [{ name: 'colour', productSpecCharacteristicValue: [{ value: 'Gold' }, { value: 'Rose gold' }] }],
  });

  it('applies a characteristic price only to the values it lists', () => {
    expect(ids(selectPrices([goldSurcharge], selection('2026-06-01T00:00:00Z', { characteristics: [{ name: 'colour', value: 'Gold' }] })))).toEqual(['gold']);
    expect(ids(selectPrices([goldSurcharge], selection('2026-06-01T00:00:00Z', { characteristics: [{ name: 'colour', value: 'Rose gold' }] })))).toEqual(['gold']);
    expect(selectPrices([goldSurcharge], selection('2026-06-01T00:00:00Z', { characteristics: [{ name: 'colour', value: 'Black' }] }))).toEqual([]);
    expect(selectPrices([goldSurcharge], selection('2026-06-01T00:00:00Z'))).toEqual([]);
  });

  it('matches numeric characteristic values by their text', () => {
    const storage = price({ id: 'storage', priceType: 'oneTime', price: eur(100), prodSpecCharValueUse: [{ name: 'storage', productSpecCharacteristicValue: [{ value: 256 }] }] });
    expect(ids(selectPrices([storage], selection('2026-06-01T00:00:00Z', { characteristics: [{ name: 'storage', value: '256' }] })))).toEqual(['storage']);
  });

  it('applies a segment discount only to customers of the segment', () => {
    const student = price({ id: 'student', priceType: 'discount', percentage: 20, marketSegment: [{ id: 'student' }, { id: 'youth' }] });
    expect(ids(selectPrices([student], selection('2026-06-01T00:00:00Z', { customerSegment: 'youth' })))).toEqual(['student']);
    expect(selectPrices([student], selection('2026-06-01T00:00:00Z', { customerSegment: 'business' }))).toEqual([]);
    expect(selectPrices([student], selection('2026-06-01T00:00:00Z'))).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import type { QuoteItem, QuoteLine } from '../../../../domain/pricing/price-quote.js';
import { prepareItemQuote, quoteCart, type CartItem } from '../../../../domain/pricing/quote-cart.js';
import { discountsRelationship } from '../../../../domain/pricing/price-terms.js';
import { eur, frenchVat, offeringWith, price, snapshot } from './pricing-fixtures.js';

/**
 * prepareItemQuote is what billing rates every period with: its quote must be the one quoteCart
 * gives for the same item, period and usage, and its usage-only quote must give exactly the usage
 * lines of that whole quote, also when a discount spreads over usage and recurring lines (it then
 * quotes everything).
 */
const monthly = price({ id: 'plan-monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', taxIncluded: true, tax: [{ taxCategory: 'telecommunications' }] });
const activation = price({ id: 'plan-activation', priceType: 'oneTime', price: eur(10), taxIncluded: true });
const data = price({
  id: 'plan-data',
  priceType: 'usage',
  unitOfMeasure: { amount: 1, units: 'GB' },
  chargeModel: 'graduated',
  includedQuantity: 5,
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: eur(2) },
    { fromQuantity: 10, price: eur(1) },
  ],
  taxIncluded: true,
  tax: [{ taxCategory: 'telecommunications' }],
} as Partial<ProductOfferingPrice> as ProductOfferingPrice);
const minutes = price({ id: 'plan-minutes', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'minute' }, price: eur(0.05), minimumCharge: eur(1) } as Partial<ProductOfferingPrice> as ProductOfferingPrice);
const promotion = price({ id: 'plan-promotion', name: 'Launch 50 %', priceType: 'discount', percentage: 50, applicationDuration: 3 });
const discounting = (id: string, named: readonly ProductOfferingPrice[], terms: Partial<ProductOfferingPrice>) =>
  price({ id, priceType: 'discount', popRelationship: named.map((target) => ({ id: target.id, relationshipType: discountsRelationship })), ...terms } as Partial<ProductOfferingPrice> & Pick<ProductOfferingPrice, 'id' | 'priceType'>);
/** 3 EUR off, shared by the monthly charge and the data charge in proportion: the usage lines depend on the recurring one. */
const spread = discounting('plan-spread', [monthly, data], { price: eur(3) });
const dataOnly = discounting('plan-data-10', [data], { percentage: 10 });

const discountSets: Record<string, ProductOfferingPrice[]> = { none: [], promotion: [promotion], spread: [spread], dataOnly: [dataOnly], all: [promotion, spread, dataOnly] };

const usageArbitrary = fc.array(
  fc.record({ quantity: fc.integer({ min: 0, max: 40_000 }).map((milli) => milli / 1000), units: fc.constantFrom('GB', 'MB', 'minute', 'SMS') }),
  { maxLength: 4 },
);

const usageLines = (item: QuoteItem): QuoteLine[] => [...item.lines.filter((line) => line.priceType === 'usage'), ...item.components.flatMap(usageLines)];

describe('prepareItemQuote', () => {
  it('quotes as quoteCart does, for any period and usage; its usage lines are exactly the whole quote’s', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(discountSets)), fc.integer({ min: 1, max: 6 }), usageArbitrary, (discounts, billingPeriod, usage) => {
        const prices = [monthly, activation, data, minutes, ...discountSets[discounts]!];
        const catalog = snapshot([offeringWith('plan', prices)], prices);
        const cart = { currency: 'EUR', at: '2026-12-01T00:00:00Z' };
        const item: CartItem = { id: '1', productOffering: { id: 'plan' }, quantity: 1 };
        const prepared = prepareItemQuote(cart, item, catalog, frenchVat);
        const whole = quoteCart({ ...cart, items: [{ ...item, billingPeriod, usage }] }, catalog, frenchVat).items[0]!;

        expect(prepared.quote({ billingPeriod, usage })).toEqual(whole);
        const rated = prepared.usageLines({ billingPeriod, usage });
        expect(rated.lines.map(({ line }) => line)).toEqual(usageLines(whole));
        expect(rated.unratedUsage).toEqual(whole.unratedUsage ?? []);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes a call price on no call (remembered per price) as quoteCart does, quote after quote, discounted or not', () => {
    const calls = price({ id: 'plan-calls', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'minute' }, price: eur(0.2), minimumCharge: eur(2), rating: { increments: { first: 60, next: 60 } } } as Partial<ProductOfferingPrice> as ProductOfferingPrice);
    const callsOff = discounting('plan-calls-10', [calls], { percentage: 10, applicationDuration: 1 });
    const cart = { currency: 'EUR', at: '2026-12-01T00:00:00Z' };
    const item: CartItem = { id: '1', productOffering: { id: 'plan' }, quantity: 1 };
    for (const prices of [[monthly, calls], [monthly, calls, callsOff]]) {
      const catalog = snapshot([offeringWith('plan', prices)], prices);
      const prepared = prepareItemQuote(cart, item, catalog, frenchVat);
      const marker = [{ quantity: 0, units: 'minute' }];
      const call = [...marker, { quantity: 2.5, units: 'minute', usageDate: '2026-12-02T10:00:00Z' }];
      for (const [billingPeriod, usage] of [[2, marker], [1, marker], [2, marker], [1, call], [1, marker]] as const) {
        expect(prepared.quote({ billingPeriod, usage })).toEqual(quoteCart({ ...cart, items: [{ ...item, billingPeriod, usage }] }, catalog, frenchVat).items[0]);
      }
    }
  });

  it('gives the usage lines alone, discounted, when no discount spreads over both kinds', () => {
    const prices = [monthly, activation, data, promotion, dataOnly];
    const catalog = snapshot([offeringWith('plan', prices)], prices);
    const prepared = prepareItemQuote({ currency: 'EUR', at: '2026-12-01T00:00:00Z' }, { id: '1', productOffering: { id: 'plan' }, quantity: 1 }, catalog, frenchVat);
    const { lines } = prepared.usageLines({ billingPeriod: 1, usage: [{ quantity: 12, units: 'GB' }] });
    // 12 GB, 5 included: 7 GB in the first tier at 2.00 = 14.00, less 10 % = 12.60.
    expect(lines.map(({ line, offeringName }) => [offeringName, line.priceType, line.amount.taxIncluded.amount])).toEqual([['plan', 'usage', 1400n]]);
    expect(lines[0]!.line.alterations.map((alteration) => alteration.amount.taxIncluded.amount)).toEqual([-140n]);
  });
});

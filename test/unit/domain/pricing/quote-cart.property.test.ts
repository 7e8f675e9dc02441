import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import { decimal, type Decimal } from '../../../../domain/money/decimal.js';
import { moneyFromTmf, percentageOfMoney, type Money } from '../../../../domain/money/money.js';
import type { PricedOffering } from '../../../../domain/pricing/catalog-snapshot.js';
import { discountParts } from '../../../../domain/pricing/discount-allocation.js';
import { toTmfPriceQuote, type QuoteItem, type QuoteTotal } from '../../../../domain/pricing/price-quote.js';
import { quoteCart, type Cart } from '../../../../domain/pricing/quote-cart.js';
import { expectValidTmf, tmf622 } from '../../../support/tmf-schema.js';
import { eur, offeringWith, price, snapshot } from './pricing-fixtures.js';

const categories = ['standard', 'reduced', 'zeroRated'] as const;

/** A random catalog: plain offerings with one-time, recurring and discount prices, and bundles of them. */
const catalogArbitrary = fc
  .record({
    offerings: fc.array(
      fc.record({
        charges: fc.array(
          fc.record({
            recurring: fc.option(fc.record({ type: fc.constantFrom('month' as const, 'year' as const), length: fc.constantFrom(1, 3) }), { nil: undefined }),
            cents: fc.integer({ min: 0, max: 100_000 }),
            taxIncluded: fc.boolean(),
            category: fc.constantFrom(...categories),
            maximumCents: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        discounts: fc.array(discountArbitrary(), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    bundles: fc.array(
      fc.record({ components: fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }), discounts: fc.array(discountArbitrary(), { maxLength: 2 }) }),
      { maxLength: 2 },
    ),
    rates: fc.tuple(...categories.map(() => fc.integer({ min: 0, max: 30_000 }))),
  })
  .map(({ offerings, bundles, rates }) => {
    const prices: ProductOfferingPrice[] = [];
    const all: PricedOffering[] = [];
    offerings.forEach((spec, index) => {
      const own = spec.charges.map((charge, chargeIndex) =>
        price({
          id: `o${index}-c${chargeIndex}`,
          priceType: charge.recurring ? 'recurring' : 'oneTime',
          price: eur(charge.cents / 100),
          taxIncluded: charge.taxIncluded,
          tax: [{ taxCategory: charge.category }],
          ...(charge.recurring ? { recurringChargePeriodType: charge.recurring.type, recurringChargePeriodLength: charge.recurring.length } : {}),
          ...(charge.maximumCents !== undefined ? { maximumCharge: eur(charge.maximumCents / 100) } : {}),
        }),
      );
      const discounts = spec.discounts.map((discount, discountIndex) => discount(`o${index}-d${discountIndex}`, own));
      prices.push(...own, ...discounts);
      all.push(offeringWith(`o${index}`, [...own, ...discounts]));
    });
    bundles.forEach((spec, index) => {
      const components = spec.components.filter((component) => component < offerings.length);
      const targets = components.flatMap((component) => prices.filter((each) => each.id.startsWith(`o${component}-c`)));
      const discounts = spec.discounts.map((discount, discountIndex) => discount(`b${index}-d${discountIndex}`, targets));
      prices.push(...discounts);
      all.push(
        offeringWith(`b${index}`, discounts, {
          isBundle: true,
          bundledProductOffering: components.map((component) => ({ id: `o${component}`, bundledProductOfferingOption: { numberRelOfferLowerLimit: 0, numberRelOfferUpperLimit: 3, numberRelOfferDefault: 1 } })),
        }),
      );
    });
    const taxRates = new Map<string, Decimal>(categories.map((category, index) => [category, decimal(`${rates[index]! / 1000}`)]));
    return { catalog: snapshot(all, prices), offeringIds: all.map((offering) => offering.id), prices, taxRates };
  });

/** A percentage or fixed discount, maybe for a few periods, maybe naming one of the given prices. */
function discountArbitrary() {
  return fc
    .record({
      percentage: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
      cents: fc.integer({ min: 1, max: 50_000 }),
      duration: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      target: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(
      (spec) =>
        (id: string, targets: readonly ProductOfferingPrice[]): ProductOfferingPrice =>
          price({
            id,
            priceType: 'discount',
            ...(spec.percentage !== undefined ? { percentage: spec.percentage / 100 } : { price: eur(spec.cents / 100) }),
            ...(spec.duration !== undefined ? { applicationDuration: spec.duration } : {}),
            ...(spec.target !== undefined && targets.length > 0 ? { popRelationship: [{ id: targets[spec.target % targets.length]!.id, relationshipType: 'discounts' }] } : {}),
          }),
    );
}

const scenarioArbitrary = catalogArbitrary.chain((world) =>
  fc
    .array(fc.record({ offering: fc.constantFrom(...world.offeringIds), quantity: fc.integer({ min: 1, max: 5 }), billingPeriod: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 })
    .map((items) => {
      const cart: Cart = {
        currency: 'EUR',
        at: '2026-12-01T00:00:00Z',
        items: items.map((each, index) => ({ id: String(index + 1), productOffering: { id: each.offering }, quantity: each.quantity, billingPeriod: each.billingPeriod })),
      };
      return { ...world, cart };
    }),
);

const keyOf = (total: Pick<QuoteTotal, 'priceType' | 'recurringChargePeriod'>) => `${total.priceType} ${total.recurringChargePeriod?.length ?? ''} ${total.recurringChargePeriod?.type ?? ''}`;

/** Sums every line and alteration of the items and their components, independently of the engine's totals. */
function sumOfLines(items: readonly QuoteItem[]): Map<string, [bigint, bigint, bigint]> {
  const sums = new Map<string, [bigint, bigint, bigint]>();
  const add = (key: string, amount: { dutyFree: Money; tax: Money; taxIncluded: Money }) => {
    const sum = sums.get(key) ?? [0n, 0n, 0n];
    sums.set(key, [sum[0] + amount.dutyFree.amount, sum[1] + amount.tax.amount, sum[2] + amount.taxIncluded.amount]);
  };
  const visit = (item: QuoteItem) => {
    for (const line of item.lines) {
      add(keyOf(line), line.amount);
      for (const alteration of line.alterations) add(keyOf(alteration), alteration.amount);
    }
    item.components.forEach(visit);
  };
  items.forEach(visit);
  return sums;
}

const totalsAsMap = (totals: readonly QuoteTotal[]) => new Map(totals.map((total) => [keyOf(total), [total.dutyFree.amount, total.tax.amount, total.taxIncluded.amount]]));

function everyItem(items: readonly QuoteItem[]): QuoteItem[] {
  return items.flatMap((item) => [item, ...everyItem(item.components)]);
}

describe('quoteCart properties', () => {
  it('property: the quote’s totals are the exact sums of its lines and alterations, and so is each item’s', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ cart, catalog, taxRates }) => {
        const quote = quoteCart(cart, catalog, taxRates);
        expect(totalsAsMap(quote.totals)).toEqual(sumOfLines(quote.items));
        for (const item of everyItem(quote.items)) expect(totalsAsMap(item.totals)).toEqual(sumOfLines([item]));
      }),
    );
  });

  it('property: every line, alteration and total is duty-free + tax = tax-included', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ cart, catalog, taxRates }) => {
        const quote = quoteCart(cart, catalog, taxRates);
        const amounts = [
          ...quote.totals,
          ...everyItem(quote.items).flatMap((item) => [...item.totals, ...item.lines.flatMap((line) => [line.amount, ...line.alterations.map((alteration) => alteration.amount)])]),
        ];
        for (const amount of amounts) expect(amount.dutyFree.amount + amount.tax.amount).toBe(amount.taxIncluded.amount);
      }),
    );
  });

  it('property: discounts never take a line below zero, in the basis its price is written in', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ cart, catalog, taxRates }) => {
        const quote = quoteCart(cart, catalog, taxRates);
        for (const line of everyItem(quote.items).flatMap((item) => item.lines)) {
          const basis = catalog.prices.get(line.productOfferingPrice.id)!.taxIncluded ? 'taxIncluded' : 'dutyFree';
          const left = line.alterations.reduce((sum, alteration) => sum + alteration.amount[basis].amount, line.amount[basis].amount);
          expect(left).toBeGreaterThanOrEqual(0n);
          for (const alteration of line.alterations) expect(alteration.amount[basis].amount).toBeLessThan(0n);
        }
      }),
    );
  });

  it('property: the TMF answer’s totals validate as TMF622 OrderPrice and carry the same amounts', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ cart, catalog, taxRates }) => {
        const quote = quoteCart(cart, catalog, taxRates);
        const tmf = toTmfPriceQuote(quote);
        tmf.quoteTotalPrice.forEach((total, index) => {
          expectValidTmf(tmf622, 'OrderPrice', total);
          expect(Math.round(total.price.taxIncludedAmount.value * 100)).toBe(Number(quote.totals[index]!.taxIncluded.amount));
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('discountParts properties', () => {
  const remainingArbitrary = fc.array(fc.integer({ min: -1_000, max: 1_000_000 }), { minLength: 1, maxLength: 6 });

  it('property: a discount’s parts sum to the discount, to the cent, and none exceeds its line', () => {
    fc.assert(
      fc.property(
        remainingArbitrary,
        fc.oneof(fc.integer({ min: 1, max: 10_000 }).map((hundredths) => ({ percentage: hundredths / 100 })), fc.integer({ min: 1, max: 2_000_000 }).map((cents) => ({ cents }))),
        fc.integer({ min: 1, max: 4 }),
        (remainingCents, discount, units) => {
          const remaining = remainingCents.map((cents): Money => ({ amount: BigInt(cents), currency: 'EUR' }));
          const terms = 'percentage' in discount ? { priceType: 'discount' as const, percentage: discount.percentage } : { priceType: 'discount' as const, price: eur(discount.cents / 100) };
          const parts = discountParts(terms, BigInt(units), remaining, 'EUR');
          const open = remaining.filter((line) => line.amount > 0n).reduce((sum, line) => sum + line.amount, 0n);
          const expected =
            'percentage' in discount
              ? percentageOfMoney({ amount: open, currency: 'EUR' }, decimal(discount.percentage)).amount
              : (() => {
                  const off = moneyFromTmf(eur(discount.cents / 100)).amount * BigInt(units);
                  return off < open ? off : open;
                })();
          expect(parts.reduce((sum, part) => sum + part.amount, 0n)).toBe(expected);
          parts.forEach((part, index) => {
            expect(part.amount).toBeGreaterThanOrEqual(0n);
            expect(part.amount).toBeLessThanOrEqual(remaining[index]!.amount > 0n ? remaining[index]!.amount : 0n);
          });
        },
      ),
    );
  });
});

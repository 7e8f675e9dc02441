import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargeTermOfOrderItem, endCurrentTerm } from '../../../../domain/billing/charge-term.js';
import { promotionEndsOf, promotionPeriodAt } from '../../../../domain/billing/promotion-periods.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { toTmfPriceQuote, type TmfOrderPrice } from '../../../../domain/pricing/price-quote.js';
import { quoteCart } from '../../../../domain/pricing/quote-cart.js';
import { productPriceFromOrderPrice, type Product, type ProductPrice } from '../../../../domain/product-inventory/product.js';
import { promotionTermOf, withPromotionValidity } from '../../../../domain/product-inventory/promotion-validity.js';
import { chargeTermFrom, installationPrice, launchPromotion, monthlyPrice, productIn, promotedMonthlyPrice } from '../../../support/product-fixtures.js';
import { expectValidTmf, tmf637 } from '../../../support/tmf-schema.js';
import { catalog } from '../billing/billing-fixtures.js';
import { frenchVat } from '../pricing/pricing-fixtures.js';

/**
 * The dates a product read gives its promotions (docs/product-inventory-and-payments.md,
 * "Promotion dates"): from the term's start to the instant billing stops applying them. The
 * expected instants are worked out here from the calendar, and checked against billing's own
 * answer for prices sold the way an order sells them.
 */
const withPrices = (productPrice: ProductPrice[]): Product => ({ ...productIn('active'), productPrice });

const alterationsOf = (product: Pick<Product, 'productPrice'>) => product.productPrice.flatMap((price) => price.productPriceAlteration ?? []);

describe('withPromotionValidity', () => {
  it('dates a 3-month promotion from the term’s start to 3 calendar months later on the account’s clock, across the spring change', () => {
    // 16 Jan 2027 10:00 Paris (CET) → 16 Apr 10:00 Paris (CEST): 08:00Z, not 09:00Z.
    const term = chargeTermFrom('2027-01-16T09:00:00.000Z');
    const product = withPromotionValidity(withPrices([promotedMonthlyPrice, installationPrice]), term, 'Europe/Paris');
    expect(product.productPrice[0]!.productPriceAlteration).toEqual([{ ...launchPromotion, validFor: { startDateTime: '2027-01-16T09:00:00.000Z', endDateTime: '2027-04-16T08:00:00.000Z' } }]);
    expectValidTmf(tmf637, 'Product', product);
    expectValidTmf(tmf637, 'TimePeriod', product.productPrice[0]!.productPriceAlteration![0]!.validFor);
  });

  it('leaves discounts without applicationDuration (permanent ones) and prices without discounts as they are', () => {
    const product = withPromotionValidity(withPrices([promotedMonthlyPrice, installationPrice]), chargeTermFrom('2027-01-16T09:00:00.000Z'), 'Europe/Paris');
    expect(product.productPrice[1]).toEqual(installationPrice);
    expect(alterationsOf(product).filter((alteration) => alteration.validFor)).toHaveLength(1);
  });

  it.each([
    ['31 Jan + 1 month is the last day of February', '2027-01-31T09:00:00.000Z', 1, 'Europe/Paris', '2027-02-28T09:00:00.000Z'],
    ['in a leap year, 29 February', '2028-01-31T09:00:00.000Z', 1, 'Europe/Paris', '2028-02-29T09:00:00.000Z'],
    ['31 Aug + 1 month: 30 Sep', '2027-08-31T08:00:00.000Z', 1, 'Europe/Paris', '2027-09-30T08:00:00.000Z'],
    ['across the autumn change in New York, at the same local time', '2027-10-05T14:00:00.000Z', 2, 'America/New_York', '2027-12-05T15:00:00.000Z'],
    ['in UTC, a year', '2027-03-15T00:00:00.000Z', 12, 'UTC', '2028-03-15T00:00:00.000Z'],
    ['the calendar of the account’s zone, not UTC’s: 31 Jan in Sydney is 30 Jan in UTC', '2027-01-30T13:30:00.000Z', 1, 'Australia/Sydney', '2027-02-27T13:30:00.000Z'],
  ])('%s', (_, from, months, timeZone, end) => {
    const product = withPromotionValidity(withPrices([{ ...monthlyPrice, productPriceAlteration: [{ ...launchPromotion, applicationDuration: months }] }]), chargeTermFrom(from), timeZone);
    expect(alterationsOf(product)[0]!.validFor).toEqual({ startDateTime: from, endDateTime: end });
  });

  it('a promotion already over keeps its past end; nothing here depends on when it is read', () => {
    const product = withPromotionValidity(withPrices([promotedMonthlyPrice]), chargeTermFrom('2020-01-16T09:00:00.000Z'), 'Europe/Paris');
    expect(alterationsOf(product)[0]!.validFor).toEqual({ startDateTime: '2020-01-16T09:00:00.000Z', endDateTime: '2020-04-16T08:00:00.000Z' });
  });

  it('a product terminated before its promotion ends: the promotion ends with it; terminated after, at its own end', () => {
    const early = chargeTermFrom('2027-01-16T09:00:00.000Z', { to: '2027-02-20T11:30:00.000Z', endedBy: 'termination' });
    expect(alterationsOf(withPromotionValidity(withPrices([promotedMonthlyPrice]), early, 'Europe/Paris'))[0]!.validFor!.endDateTime).toBe('2027-02-20T11:30:00.000Z');
    const late = chargeTermFrom('2027-01-16T09:00:00.000Z', { to: '2027-06-01T00:00:00.000Z', endedBy: 'termination' });
    expect(alterationsOf(withPromotionValidity(withPrices([promotedMonthlyPrice]), late, 'Europe/Paris'))[0]!.validFor!.endDateTime).toBe('2027-04-16T08:00:00.000Z');
  });

  it('normalizes the term’s start to the UTC form every other instant is served in', () => {
    const product = withPromotionValidity(withPrices([promotedMonthlyPrice]), chargeTermFrom('2027-01-16T10:00:00+01:00'), 'Europe/Paris');
    expect(alterationsOf(product)[0]!.validFor!.startDateTime).toBe('2027-01-16T09:00:00.000Z');
  });
});

describe('promotionTermOf', () => {
  const first = chargeTermFrom('2027-01-16T09:00:00.000Z', { to: '2027-03-10T12:00:00.000Z', endedBy: 'planChange' });
  const second = chargeTermFrom('2027-03-10T12:00:00.000Z');

  it('is the last term, whose prices the product carries (a plan change replaces them), when some price has a promotion', () => {
    expect(promotionTermOf(withPrices([promotedMonthlyPrice]), [first, second])).toBe(second);
    const terminated = endCurrentTerm([first, second], '2027-04-14T22:00:00.000Z', 'termination');
    expect(promotionTermOf(withPrices([promotedMonthlyPrice]), terminated)).toBe(terminated[1]);
  });

  it('is absent without a promotion (nothing to read) or without terms (sold before billing)', () => {
    expect(promotionTermOf(withPrices([monthlyPrice, installationPrice]), [first, second])).toBeUndefined();
    expect(promotionTermOf(withPrices([promotedMonthlyPrice]), [])).toBeUndefined();
  });
});

/** The local calendar fields of an instant in a zone, read with Intl (not the code under test's date library). */
function localFields(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' }).formatToParts(instant);
  const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return { year: field('year'), month: field('month'), day: field('day'), time: `${field('hour')}:${field('minute')}:${field('second')}`, hour: field('hour') };
}
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const zones = ['Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];

describe('promotion dates, over random starts, zones and lengths', () => {
  it('end = start + N calendar months on the account’s clock: same local time, the day capped at the month’s last (DST and month ends included)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z') / 1000, max: Date.parse('2030-12-31T00:00:00Z') / 1000 }).map((seconds) => seconds * 1000),
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 36 }),
        (start, timeZone, months) => {
          const local = localFields(start, timeZone);
          // Local times in the small hours may not exist on the end's date (a DST gap): left to the examples above.
          fc.pre(local.hour >= 4);
          const from = new Date(start).toISOString();
          const product = withPromotionValidity(withPrices([{ ...monthlyPrice, productPriceAlteration: [{ ...launchPromotion, applicationDuration: months }] }]), chargeTermFrom(from), timeZone);
          const validFor = alterationsOf(product)[0]!.validFor!;
          expect(validFor.startDateTime).toBe(from);
          const monthIndex = local.month - 1 + months;
          const year = local.year + Math.floor(monthIndex / 12);
          const month = (monthIndex % 12) + 1;
          expect(localFields(Date.parse(validFor.endDateTime), timeZone)).toEqual({ year, month, day: Math.min(local.day, daysIn(year, month)), time: local.time, hour: local.hour });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the product’s prices, sold as an order sells them, say exactly when billing stops discounting: the discount applies just before the end, not at it', () => {
    fc.assert(
      fc.property(
        // Sold while the launch promotion is on sale (November 2026 to February 2027).
        fc.integer({ min: Date.parse('2026-11-01T00:00:00Z') / 1000, max: Date.parse('2027-02-28T00:00:00Z') / 1000 }).map((seconds) => new Date(seconds * 1000).toISOString()),
        fc.constantFrom(...zones),
        (soldAt, timeZone) => {
          const quote = toTmfPriceQuote(quoteCart({ currency: 'EUR', at: soldAt, items: [{ id: '1', productOffering: { id: 'mobile-m' }, quantity: 1 }] }, catalog, frenchVat));
          const prices: TmfOrderPrice[] = quote.quoteItem[0]!.itemPrice;
          const term = chargeTermOfOrderItem({ productOffering: { id: 'mobile-m', href: '/po/mobile-m', name: 'Mobile M' }, quantity: 1, characteristics: [], prices }, soldAt);
          const product = withPromotionValidity(withPrices(prices.filter((price) => price.productOfferingPrice).map(productPriceFromOrderPrice)), term, timeZone);
          const promotions = alterationsOf(product).filter((alteration) => alteration.validFor);
          expect(promotions.map((promotion) => promotion.name)).toEqual(['Launch promotion']);

          const pricer = createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat, timeZone });
          const ends = promotionEndsOf(term, pricer, timeZone);
          const end = Date.parse(promotions[0]!.validFor!.endDateTime);
          expect(ends.map((one) => one.at)).toEqual([end]);
          const discountsAt = (at: number) => pricer.lines(term, promotionPeriodAt(ends, at)).flatMap((line) => line.discounts.map((discount) => discount.name));
          expect(discountsAt(end - 1000)).toContain('Launch promotion');
          expect(discountsAt(end)).not.toContain('Launch promotion');
        },
      ),
      { numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { ProductOffering } from '../../../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import { decimal } from '../../../../domain/money/decimal.js';
import type { Money } from '../../../../domain/money/money.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import type { QuoteItem, QuoteLine, QuoteTotal } from '../../../../domain/pricing/price-quote.js';
import { toTmfPriceQuote } from '../../../../domain/pricing/price-quote.js';
import { missingCatalogIds, quoteCart, quoteTaxCategories, type Cart, type CartItem, type CatalogSnapshot, type PricedOffering } from '../../../../domain/pricing/quote-cart.js';
import { expectValidTmf, tmf622 } from '../../../support/tmf-schema.js';
import { eur, frenchVat, noTax, offering, offeringWith, price, snapshot, usd } from './pricing-fixtures.js';

/** The amounts of a taxed amount as "duty-free / tax / tax-included" text, e.g. "25.00 / 5.00 / 30.00". */
const money = (value: Money) => {
  const negative = value.amount < 0n;
  const cents = (negative ? -value.amount : value.amount).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${cents.slice(0, -2)}.${cents.slice(-2)}`;
};
const split = (amount: { dutyFree: Money; tax: Money; taxIncluded: Money }) => `${money(amount.dutyFree)} / ${money(amount.tax)} / ${money(amount.taxIncluded)}`;
const totals = (list: readonly QuoteTotal[]) =>
  Object.fromEntries(list.map((total) => [`${total.priceType}${total.recurringChargePeriod ? ` ${total.recurringChargePeriod.length} ${total.recurringChargePeriod.type}` : ''}`, split(total)]));
const lineOf = (item: QuoteItem, priceId: string): QuoteLine => {
  const line = item.lines.find((each) => each.productOfferingPrice.id === priceId);
  if (!line) throw new Error(`no line for ${priceId} in item ${item.id}`);
  return line;
};

const cartOf = (items: CartItem[], overrides: Partial<Cart> = {}): Cart => ({ currency: 'EUR', at: '2026-12-01T00:00:00Z', items, ...overrides });
const item = (offeringId: string, overrides: Partial<CartItem> = {}): CartItem => ({ id: '1', productOffering: { id: offeringId }, quantity: 1, ...overrides });

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

// ---- Home + Mobile bundle ------------------------------------------------------------------

const monthly = (id: string, value: number, overrides: Partial<ProductOfferingPrice> = {}) =>
  price({ id, name: id, priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, price: eur(value), ...overrides });

/** Consumer prices in France: VAT 20 % included. */
const broadbandMonthly = monthly('broadband-monthly', 30, { taxIncluded: true, tax: [{ taxCategory: 'telecommunications' }] });
const mobileMonthly = monthly('mobile-m-monthly', 20, { taxIncluded: true, tax: [{ taxCategory: 'telecommunications' }] });
const simActivation = price({ id: 'sim-activation', priceType: 'oneTime', price: eur(5), taxIncluded: true });
const bundleDiscount = price({ id: 'home-mobile-discount', name: 'Home + Mobile 10 %', priceType: 'discount', percentage: 10 });

const broadband = offeringWith('broadband', [broadbandMonthly]);
const mobileM = offeringWith('mobile-m', [mobileMonthly]);
const sim = offeringWith('sim', [simActivation], { isSellable: false });
const homeMobile = offeringWith('home-mobile', [bundleDiscount], {
  isBundle: true,
  bundledProductOffering: [
    { id: 'broadband', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1 } },
    { id: 'mobile-m', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } },
    { id: 'sim', bundledProductOfferingOption: { numberRelOfferLowerLimit: 0, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } },
  ],
});
const homeMobileCatalog = snapshot([homeMobile, broadband, mobileM, sim], [broadbandMonthly, mobileMonthly, simActivation, bundleDiscount]);

describe('quoteCart: the Home + Mobile bundle, French VAT 20 % included', () => {
  const quote = quoteCart(cartOf([item('home-mobile')]), homeMobileCatalog, frenchVat);
  const [bundle] = quote.items;
  const [broadbandItem, mobileItem, simItem] = bundle!.components;

  it('nests the components under the bundle, each in its default quantity', () => {
    expect(bundle!.lines).toEqual([]);
    expect(bundle!.components.map((component) => [component.id, component.productOffering.id, component.quantity])).toEqual([
      ['1.1', 'broadband', 1],
      ['1.2', 'mobile-m', 1],
      ['1.3', 'sim', 1],
    ]);
  });

  it('splits each inclusive price into duty-free and tax', () => {
    // 30.00 / 1.20 = 25.00 → tax 5.00
    expect(split(lineOf(broadbandItem!, 'broadband-monthly').amount)).toBe('25.00 / 5.00 / 30.00');
    // 20.00 / 1.20 = 16.666… → 16.67, tax 3.33
    expect(split(lineOf(mobileItem!, 'mobile-m-monthly').amount)).toBe('16.67 / 3.33 / 20.00');
    // 5.00 / 1.20 = 4.1666… → 4.17, tax 0.83
    expect(split(lineOf(simItem!, 'sim-activation').amount)).toBe('4.17 / 0.83 / 5.00');
  });

  it('spreads the 10 % bundle discount over the recurring lines in proportion: 5.00 = 3.00 + 2.00', () => {
    // 10 % × (30.00 + 20.00) = 5.00, allocated 30:20 → 3.00 and 2.00, each taxed at its line's rate
    const [broadbandDiscount] = lineOf(broadbandItem!, 'broadband-monthly').alterations;
    const [mobileDiscount] = lineOf(mobileItem!, 'mobile-m-monthly').alterations;
    expect(broadbandDiscount).toMatchObject({ name: 'Home + Mobile 10 %', priceType: 'recurring', priority: 1, recurringChargePeriod: { type: 'month', length: 1 } });
    expect(broadbandDiscount!.percentage).toEqual(decimal(10));
    // −3.00 / 1.20 = −2.50, tax −0.50
    expect(split(broadbandDiscount!.amount)).toBe('-2.50 / -0.50 / -3.00');
    // −2.00 / 1.20 = −1.666… → −1.67, tax −0.33
    expect(split(mobileDiscount!.amount)).toBe('-1.67 / -0.33 / -2.00');
    expect(lineOf(simItem!, 'sim-activation').alterations).toEqual([]);
  });

  it('totals per price type and period, to the cent', () => {
    // one-time:  4.17 / 0.83 / 5.00
    // recurring: 25.00 + 16.67 − 2.50 − 1.67 = 37.50; 5.00 + 3.33 − 0.50 − 0.33 = 7.50; 30 + 20 − 3 − 2 = 45.00
    const expected = { oneTime: '4.17 / 0.83 / 5.00', 'recurring 1 month': '37.50 / 7.50 / 45.00' };
    expect(totals(quote.totals)).toEqual(expected);
    expect(totals(bundle!.totals)).toEqual(expected);
    expect(totals(mobileItem!.totals)).toEqual({ 'recurring 1 month': '15.00 / 3.00 / 18.00' });
  });

  it('answers TMF622 OrderPrice lines, alterations and totals', () => {
    const tmf = toTmfPriceQuote(quote);
    expect(tmf).toMatchObject({ '@type': 'PriceQuote', quoteDate: '2026-12-01T00:00:00Z', currency: 'EUR' });
    const broadbandPrice = tmf.quoteItem[0]!.quoteItem![0]!.itemPrice[0]!;
    expect(broadbandPrice).toEqual({
      '@type': 'OrderPrice',
      name: 'broadband-monthly',
      priceType: 'recurring',
      recurringChargePeriod: 'month',
      recurringChargePeriodLength: 1,
      price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: 25 }, taxIncludedAmount: { unit: 'EUR', value: 30 }, taxRate: 20 },
      priceAlteration: [
        {
          '@type': 'PriceAlteration',
          name: 'Home + Mobile 10 %',
          priceType: 'recurring',
          recurringChargePeriod: 'month',
          recurringChargePeriodLength: 1,
          priority: 1,
          price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: -2.5 }, taxIncludedAmount: { unit: 'EUR', value: -3 }, taxRate: 20, percentage: 10 },
          productOfferingPrice: { id: 'home-mobile-discount', href: bundleDiscount.href, name: 'Home + Mobile 10 %', '@referredType': 'ProductOfferingPrice' },
        },
      ],
      productOfferingPrice: { id: 'broadband-monthly', href: broadbandMonthly.href, name: 'broadband-monthly', '@referredType': 'ProductOfferingPrice' },
    });
    expect(tmf.quoteTotalPrice).toEqual([
      { '@type': 'OrderPrice', name: 'Total one-time', priceType: 'oneTime', price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: 4.17 }, taxIncludedAmount: { unit: 'EUR', value: 5 } } },
      {
        '@type': 'OrderPrice',
        name: 'Total recurring per month',
        priceType: 'recurring',
        recurringChargePeriod: 'month',
        recurringChargePeriodLength: 1,
        price: { '@type': 'Price', dutyFreeAmount: { unit: 'EUR', value: 37.5 }, taxIncludedAmount: { unit: 'EUR', value: 45 } },
      },
    ]);
    const orderPrices = [
      ...tmf.quoteTotalPrice,
      ...tmf.quoteItem.flatMap(function all(quoteItem): typeof tmf.quoteTotalPrice {
        return [...quoteItem.itemPrice, ...quoteItem.itemTotalPrice, ...(quoteItem.quoteItem ?? []).flatMap(all)];
      }),
    ];
    // quote totals 2; bundle item: 0 lines, 2 totals; each of the 3 components: 1 line, 1 total
    expect(orderPrices.length).toBe(2 + 2 + 3 + 3);
    for (const orderPrice of orderPrices) expectValidTmf(tmf622, 'OrderPrice', orderPrice);
    expect(JSON.parse(JSON.stringify(tmf))).toEqual(tmf);
  });

  it('prices a chosen number of mobile lines and allocates the discount 30:40', () => {
    const twoLines = quoteCart(cartOf([item('home-mobile', { bundledItem: [{ productOffering: { id: 'mobile-m' }, quantity: 2 }] })]), homeMobileCatalog, frenchVat);
    const mobile = twoLines.items[0]!.components[1]!;
    expect(mobile.quantity).toBe(2);
    // 2 × 20.00 = 40.00; 10 % × 70.00 = 7.00 → 3.00 (30/70) and 4.00 (40/70)
    expect(split(lineOf(mobile, 'mobile-m-monthly').amount)).toBe('33.33 / 6.67 / 40.00');
    expect(money(lineOf(mobile, 'mobile-m-monthly').alterations[0]!.amount.taxIncluded)).toBe('-4.00');
    expect(money(lineOf(twoLines.items[0]!.components[0]!, 'broadband-monthly').alterations[0]!.amount.taxIncluded)).toBe('-3.00');
  });

  it('multiplies components by the item quantity', () => {
    const two = quoteCart(cartOf([item('home-mobile', { quantity: 2 })]), homeMobileCatalog, frenchVat);
    expect(two.items[0]!.components.map((component) => component.quantity)).toEqual([2, 2, 2]);
    expect(totals(two.totals)).toEqual({ oneTime: '8.33 / 1.67 / 10.00', 'recurring 1 month': '75.00 / 15.00 / 90.00' });
  });

  it('leaves out an optional component chosen 0 times', () => {
    const withoutSim = quoteCart(cartOf([item('home-mobile', { bundledItem: [{ productOffering: { id: 'sim' }, quantity: 0 }] })]), homeMobileCatalog, frenchVat);
    expect(withoutSim.items[0]!.components.map((component) => component.productOffering.id)).toEqual(['broadband', 'mobile-m']);
    expect(totals(withoutSim.totals)).toEqual({ 'recurring 1 month': '37.50 / 7.50 / 45.00' });
  });
});

describe('quoteCart: bundle choices and cardinalities', () => {
  const quote = (bundledItem: CartItem['bundledItem']) => () => quoteCart(cartOf([item('home-mobile', { bundledItem })]), homeMobileCatalog, frenchVat);

  it('refuses more of a component than its upper limit, naming the choice', () => {
    const error = thrown(quote([{ productOffering: { id: 'sim' }, quantity: 1 }, { productOffering: { id: 'mobile-m' }, quantity: 5 }]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].bundledItem[1].quantity']);
  });

  it('refuses fewer of a component than its lower limit', () => {
    const error = thrown(quote([{ productOffering: { id: 'broadband' }, quantity: 0 }]));
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].bundledItem[0].quantity']);
  });

  it('refuses a component the bundle does not have, and a component chosen twice', () => {
    const error = thrown(quote([{ productOffering: { id: 'tv' }, quantity: 1 }, { productOffering: { id: 'sim' }, quantity: 1 }, { productOffering: { id: 'sim' }, quantity: 2 }]));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].bundledItem[0].productOffering.id', 'item[0].bundledItem[2].productOffering.id']);
  });

  it('refuses components for an offering that is not a bundle', () => {
    const error = thrown(() => quoteCart(cartOf([item('broadband', { bundledItem: [{ productOffering: { id: 'sim' }, quantity: 1 }] })]), homeMobileCatalog, frenchVat));
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].bundledItem']);
  });

  it('nests a bundle in a bundle, multiplying the quantities', () => {
    const family = offeringWith('family', [], {
      isBundle: true,
      bundledProductOffering: [{ id: 'home-mobile', bundledProductOfferingOption: { numberRelOfferDefault: 2, numberRelOfferUpperLimit: 3 } }],
    });
    const catalog = snapshot([family, homeMobile, broadband, mobileM, sim], [...homeMobileCatalog.prices.values()]);
    const quote = quoteCart(cartOf([item('family', { quantity: 3 })]), catalog, frenchVat);
    const inner = quote.items[0]!.components[0]!;
    expect(inner.id).toBe('1.1');
    expect(inner.quantity).toBe(6);
    expect(inner.components.map((component) => [component.id, component.quantity])).toEqual([
      ['1.1.1', 6],
      ['1.1.2', 6],
      ['1.1.3', 6],
    ]);
    // 6 × (45.00 + 5.00)
    expect(totals(quote.totals)).toEqual({ oneTime: '25.00 / 5.00 / 30.00', 'recurring 1 month': '225.00 / 45.00 / 270.00' });
  });

  it('refuses a catalog where a bundle contains itself', () => {
    const loopA = offeringWith('loop-a', [], { isBundle: true, bundledProductOffering: [{ id: 'loop-b' }] });
    const loopB = offeringWith('loop-b', [], { isBundle: true, bundledProductOffering: [{ id: 'loop-a' }] });
    const error = thrown(() => quoteCart(cartOf([item('loop-a')]), snapshot([loopA, loopB], []), noTax));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).rule).toBe('bundle-cycle');
  });
});

describe('quoteCart: what can be sold', () => {
  const fee = price({ id: 'fee', priceType: 'recurring', recurringChargePeriodType: 'month', price: eur(10) });
  const catalogWith = (...offerings: PricedOffering[]) => snapshot(offerings, [fee]);
  const quoteOf = (catalog: CatalogSnapshot, cartItem: CartItem = item('plan')) => () => quoteCart(cartOf([cartItem]), catalog, noTax);

  it('refuses an unknown offering as a 400 naming the item', () => {
    const error = thrown(quoteOf(catalogWith(), item('nope')));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([{ field: 'item[0].productOffering.id', problem: 'no such product offering' }]);
  });

  it.each([
    ['In design', { lifecycleStatus: 'In design' as const }],
    ['Retired', { lifecycleStatus: 'Retired' as const }],
    ['not sellable alone', { isSellable: false }],
    ['not yet valid', { validFor: { startDateTime: '2027-01-01T00:00:00Z' } }],
    ['no longer valid', { validFor: { endDateTime: '2026-12-01T00:00:00Z' } }],
  ])('refuses an offering %s (409 offering-not-orderable, naming it)', (_name, overrides) => {
    const error = thrown(quoteOf(catalogWith(offeringWith('plan', [fee], { name: 'Fibre 1G', ...overrides }))));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).rule).toBe('offering-not-orderable');
    expect((error as Error).message).toContain('Fibre 1G (plan)');
  });

  it('accepts an Active offering within its validity', () => {
    const plan = offeringWith('plan', [fee], { lifecycleStatus: 'Active', validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' } });
    expect(totals(quoteCart(cartOf([item('plan')]), catalogWith(plan), noTax).totals)).toEqual({ 'recurring 1 month': '10.00 / 0.00 / 10.00' });
  });

  it('refuses a bundle with a retired component, naming the component', () => {
    const catalog = snapshot([homeMobile, broadband, { ...mobileM, lifecycleStatus: 'Retired' }, sim], [...homeMobileCatalog.prices.values()]);
    const error = thrown(() => quoteCart(cartOf([item('home-mobile')]), catalog, frenchVat));
    expect((error as RuleViolationError).rule).toBe('offering-not-orderable');
    expect((error as Error).message).toContain('(mobile-m)');
  });

  it('re-prices an existing product (its prices pinned) even once its offering is retired', () => {
    const retired = offeringWith('plan', [fee], { lifecycleStatus: 'Retired' });
    const quote = quoteCart(cartOf([item('plan', { pinnedPrice: [{ id: 'fee' }] })]), catalogWith(retired), noTax);
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '10.00 / 0.00 / 10.00' });
  });

  it('refuses an offering with prices but none in the cart currency (409 no-price-in-currency)', () => {
    const dollars = price({ id: 'fee-usd', priceType: 'recurring', recurringChargePeriodType: 'month', price: usd(12) });
    const error = thrown(() => quoteCart(cartOf([item('plan')]), snapshot([offeringWith('plan', [dollars])], [dollars]), noTax));
    expect(error).toBeInstanceOf(RuleViolationError);
    expect((error as RuleViolationError).rule).toBe('no-price-in-currency');
    expect(quoteCart(cartOf([item('plan')], { currency: 'USD' }), snapshot([offeringWith('plan', [dollars])], [dollars]), noTax).totals).toHaveLength(1);
  });

  it('prices a free offering (no prices at all) at nothing', () => {
    const quote = quoteCart(cartOf([item('free')]), snapshot([offering({ id: 'free' })], []), noTax);
    expect(quote.items[0]!.lines).toEqual([]);
    expect(quote.totals).toEqual([]);
  });

  it('refuses a pinned price that is not the item’s', () => {
    const error = thrown(quoteOf(catalogWith(offeringWith('plan', [fee])), item('plan', { pinnedPrice: [{ id: 'other' }] })));
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['item[0].pinnedPrice[0].id']);
  });

  it('refuses a malformed cart, naming every field', () => {
    const error = thrown(() =>
      quoteCart(
        cartOf(
          [
            item('plan', { quantity: 0, billingPeriod: 0, usage: [{ quantity: -1, units: 'parsec' }] }),
            item('plan', { quantity: 1.5, bundledItem: [{ productOffering: { id: 'x' }, quantity: -1 }] }),
          ],
          { currency: 'EURO', at: 'tomorrow' },
        ),
        catalogWith(offeringWith('plan', [fee])),
        noTax,
      ),
    );
    expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual([
      'currency',
      'at',
      'item[0].quantity',
      'item[0].billingPeriod',
      'item[0].usage[0].quantity',
      'item[0].usage[0].units',
      'item[1].id',
      'item[1].quantity',
      'item[1].bundledItem[0].quantity',
    ]);
  });

  it('needs a tax rate for every tax category it prices (409 no-tax-rate)', () => {
    const error = thrown(() => quoteCart(cartOf([item('plan')]), catalogWith(offeringWith('plan', [fee])), new Map()));
    expect((error as RuleViolationError).rule).toBe('no-tax-rate');
  });
});

describe('quoteCart: a promotion, 50 % off the first 3 months', () => {
  const fibreMonthly = monthly('fibre-monthly', 30);
  const welcome = price({ id: 'welcome', name: 'Welcome: 50 % for 3 months', priceType: 'discount', percentage: 50, applicationDuration: 3 });
  const catalog = snapshot([offeringWith('fibre', [fibreMonthly, welcome])], [fibreMonthly, welcome]);
  const quoteInPeriod = (billingPeriod: number) => quoteCart(cartOf([item('fibre', { billingPeriod })]), catalog, frenchVat);

  it('takes half off in billing period 1: 30.00 + 20 % VAT − 15.00 − 3.00', () => {
    const quote = quoteInPeriod(1);
    const line = lineOf(quote.items[0]!, 'fibre-monthly');
    // VAT added: 30.00 × 20 % = 6.00
    expect(split(line.amount)).toBe('30.00 / 6.00 / 36.00');
    // 50 % × 30.00 = 15.00 off, its VAT 3.00
    expect(line.alterations).toHaveLength(1);
    expect(line.alterations[0]).toMatchObject({ applicationDuration: 3, priority: 1 });
    expect(split(line.alterations[0]!.amount)).toBe('-15.00 / -3.00 / -18.00');
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '15.00 / 3.00 / 18.00' });
    const tmfAlteration = toTmfPriceQuote(quote).quoteItem[0]!.itemPrice[0]!.priceAlteration![0]!;
    expect(tmfAlteration).toMatchObject({ applicationDuration: 3, priority: 1, price: { percentage: 50 } });
    expectValidTmf(tmf622, 'PriceAlteration', tmfAlteration);
  });

  it('still applies in period 3, the last one', () => {
    expect(totals(quoteInPeriod(3).totals)).toEqual({ 'recurring 1 month': '15.00 / 3.00 / 18.00' });
  });

  it('no longer applies in billing period 4: the full 30.00 + 6.00', () => {
    const quote = quoteInPeriod(4);
    expect(lineOf(quote.items[0]!, 'fibre-monthly').alterations).toEqual([]);
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '30.00 / 6.00 / 36.00' });
    expect(quote.items[0]!.billingPeriod).toBe(4);
  });
});

describe('quoteCart: a price change, 20.00 until 2027-01-01 then 25.00', () => {
  const versionA = monthly('fee-a', 20, { name: 'Monthly fee', validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' } });
  const versionB = monthly('fee-b', 25, { name: 'Monthly fee', validFor: { startDateTime: '2027-01-01T00:00:00Z' } });
  const catalog = snapshot([offeringWith('plan', [versionA, versionB])], [versionA, versionB]);
  const priced = (at: string, pinnedPrice?: { id: string }[]) => {
    const quote = quoteCart(cartOf([item('plan', { ...(pinnedPrice ? { pinnedPrice } : {}) })], { at }), catalog, frenchVat);
    return quote.items[0]!.lines.map((line) => `${line.productOfferingPrice.id} ${split(line.amount)}`);
  };

  it('quotes version A on 2026-12-15', () => {
    expect(priced('2026-12-15T00:00:00Z')).toEqual(['fee-a 20.00 / 4.00 / 24.00']);
  });

  it('quotes version B on 2027-02-01', () => {
    expect(priced('2027-02-01T00:00:00Z')).toEqual(['fee-b 25.00 / 5.00 / 30.00']);
  });

  it('keeps version A on 2027-02-01 for a product sold at A (A pinned)', () => {
    expect(priced('2027-02-01T00:00:00Z', [{ id: 'fee-a' }])).toEqual(['fee-a 20.00 / 4.00 / 24.00']);
  });

  it('keeps discounting the price a discount names after the price changes', () => {
    const loyalty = price({ id: 'loyalty', priceType: 'discount', price: eur(2), popRelationship: [{ id: 'fee-a', relationshipType: 'discounts' }] });
    const withDiscount = snapshot([offeringWith('plan', [versionA, versionB, loyalty])], [versionA, versionB, loyalty]);
    const quote = quoteCart(cartOf([item('plan')], { at: '2027-02-01T00:00:00Z' }), withDiscount, noTax);
    // version B 25.00 − the 2.00 named on version A
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '23.00 / 0.00 / 23.00' });
  });
});

describe('quoteCart: lines', () => {
  it('prices one-time and recurring prices times the quantity, with their period', () => {
    const yearly = price({ id: 'support', priceType: 'recurring', recurringChargePeriodType: 'year', price: eur(120) });
    const quarterly = price({ id: 'maintenance', priceType: 'recurring', recurringChargePeriodType: 'month', recurringChargePeriodLength: 3, price: eur(15) });
    const setup = price({ id: 'setup', priceType: 'oneTime', price: eur(49.99) });
    const catalog = snapshot([offeringWith('pro', [setup, yearly, quarterly])], [setup, yearly, quarterly]);
    const quote = quoteCart(cartOf([item('pro', { quantity: 3 })]), catalog, noTax);
    expect(totals(quote.totals)).toEqual({
      oneTime: '149.97 / 0.00 / 149.97',
      'recurring 3 month': '45.00 / 0.00 / 45.00',
      'recurring 1 year': '360.00 / 0.00 / 360.00',
    });
    const tmfLines = toTmfPriceQuote(quote).quoteItem[0]!.itemPrice;
    expect(tmfLines.map((line) => [line.priceType, line.recurringChargePeriod, line.recurringChargePeriodLength])).toEqual([
      ['oneTime', undefined, undefined],
      ['recurring', 'year', 1],
      ['recurring', 'month', 3],
    ]);
  });

  it('applies a line’s minimum and maximum charge: 10 × 5.00 = 50.00 capped at 40.00', () => {
    const licence = price({ id: 'licence', priceType: 'oneTime', price: eur(5), minimumCharge: eur(15), maximumCharge: eur(40) });
    const catalog = snapshot([offeringWith('seats', [licence])], [licence]);
    const linesFor = (quantity: number) => money(quoteCart(cartOf([item('seats', { quantity })]), catalog, noTax).items[0]!.lines[0]!.amount.taxIncluded);
    expect(linesFor(10)).toBe('40.00');
    // 2 × 5.00 = 10.00, lifted to 15.00
    expect(linesFor(2)).toBe('15.00');
    expect(linesFor(5)).toBe('25.00');
  });

  it('adds a characteristic surcharge only for the chosen value', () => {
    const handset = price({ id: 'handset', priceType: 'oneTime', price: eur(300) });
    const gold = price({ id: 'gold', priceType: 'oneTime', price: eur(50), prodSpecCharValueUse: [{ name: 'colour', productSpecCharacteristicValue: [{ value: 'Gold' }] }] });
    const catalog = snapshot([offeringWith('phone', [handset, gold])], [handset, gold]);
    const totalFor = (colour: string) => totals(quoteCart(cartOf([item('phone', { characteristic: [{ name: 'colour', value: colour }] })]), catalog, noTax).totals);
    expect(totalFor('Gold')).toEqual({ oneTime: '350.00 / 0.00 / 350.00' });
    expect(totalFor('Black')).toEqual({ oneTime: '300.00 / 0.00 / 300.00' });
  });

  it('rates usage estimates against the item’s usage prices: 40.5 GB → 43.00', () => {
    const plan = monthly('plan-monthly', 15);
    const data = price({
      id: 'data',
      name: 'Data beyond 10 GB',
      priceType: 'usage',
      chargeModel: 'graduated',
      unitOfMeasure: { amount: 1, units: 'GB' },
      includedQuantity: 10,
      priceTier: [
        { fromQuantity: 0, toQuantity: 5, price: eur(2) },
        { fromQuantity: 5, toQuantity: 20, price: eur(1.5) },
        { fromQuantity: 20, price: eur(1) },
      ],
    });
    const catalog = snapshot([offeringWith('mobile', [plan, data])], [plan, data]);
    const withUsage = quoteCart(cartOf([item('mobile', { usage: [{ quantity: 40, units: 'GB' }, { quantity: 500, units: 'MB' }] })]), catalog, noTax);
    const usageLine = lineOf(withUsage.items[0]!, 'data');
    expect(usageLine).toMatchObject({ priceType: 'usage', unitOfMeasure: 'GB', recurringChargePeriod: { type: 'month', length: 1 } });
    expect(usageLine.description).toBe('40.5 GB used, 10 GB of 10 included, 30.5 GB charged');
    expect(money(usageLine.amount.taxIncluded)).toBe('43.00');
    expect(totals(withUsage.totals)).toEqual({ 'recurring 1 month': '15.00 / 0.00 / 15.00', 'usage 1 month': '43.00 / 0.00 / 43.00' });
    expectValidTmf(tmf622, 'OrderPrice', toTmfPriceQuote(withUsage).quoteItem[0]!.itemPrice[1]);
    // Without usage (or with usage it does not count), no usage line.
    expect(quoteCart(cartOf([item('mobile', { usage: [{ quantity: 30, units: 'minute' }] })]), catalog, noTax).items[0]!.lines.map((line) => line.priceType)).toEqual(['recurring']);
  });
});

describe('quoteCart: discounts', () => {
  const seatA = monthly('seat-a', 10);
  const seatB = monthly('seat-b', 10);
  const seatC = monthly('seat-c', 10);
  const activation = price({ id: 'activation', priceType: 'oneTime', price: eur(20) });

  it('spreads a fixed amount over several lines without losing a cent: 1.00 over 3 × 10.00', () => {
    const euroOff = price({ id: 'euro-off', priceType: 'discount', price: eur(1) });
    const catalog = snapshot([offeringWith('team', [seatA, seatB, seatC, euroOff])], [seatA, seatB, seatC, euroOff]);
    const quote = quoteCart(cartOf([item('team')]), catalog, noTax);
    const parts = quote.items[0]!.lines.map((line) => line.alterations[0]!.amount.taxIncluded.amount);
    expect([...parts].sort((a, b) => Number(a - b))).toEqual([-34n, -33n, -33n]);
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '29.00 / 0.00 / 29.00' });
  });

  it('never takes a line below zero: 50.00 off a 30.00 line takes 30.00', () => {
    const big = price({ id: 'big', priceType: 'discount', price: eur(50) });
    const fee = monthly('fee', 30);
    const quote = quoteCart(cartOf([item('plan')]), snapshot([offeringWith('plan', [fee, big])], [fee, big]), frenchVat);
    expect(split(quote.items[0]!.lines[0]!.alterations[0]!.amount)).toBe('-30.00 / -6.00 / -36.00');
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '0.00 / 0.00 / 0.00' });
  });

  it('takes a fixed discount per unit of its offering: 2 × 3.00 off 2 × 10.00', () => {
    const threeOff = price({ id: 'three-off', priceType: 'discount', price: eur(3) });
    const quote = quoteCart(cartOf([item('plan', { quantity: 2 })]), snapshot([offeringWith('plan', [seatA, threeOff])], [seatA, threeOff]), noTax);
    expect(totals(quote.totals)).toEqual({ 'recurring 1 month': '14.00 / 0.00 / 14.00' });
  });

  it('alters only the prices it names, one-time included', () => {
    const freeActivation = price({ id: 'free-activation', priceType: 'discount', percentage: 100, popRelationship: [{ id: 'activation', relationshipType: 'discounts' }] });
    const catalog = snapshot([offeringWith('plan', [activation, seatA, freeActivation])], [activation, seatA, freeActivation]);
    const quote = quoteCart(cartOf([item('plan')]), catalog, noTax);
    expect(lineOf(quote.items[0]!, 'seat-a').alterations).toEqual([]);
    expect(lineOf(quote.items[0]!, 'activation').alterations[0]).toMatchObject({ priceType: 'oneTime' });
    expect(totals(quote.totals)).toEqual({ oneTime: '0.00 / 0.00 / 0.00', 'recurring 1 month': '10.00 / 0.00 / 10.00' });
  });

  it('applies successive discounts to what is left, in order, numbering their priority', () => {
    const half = price({ id: 'half', priceType: 'discount', percentage: 50 });
    const tenPercent = price({ id: 'ten', priceType: 'discount', percentage: 10 });
    const fee = monthly('fee', 30);
    const quote = quoteCart(cartOf([item('plan')]), snapshot([offeringWith('plan', [fee, half, tenPercent])], [fee, half, tenPercent]), noTax);
    // 30.00 − 50 % = 15.00 − 10 % of 15.00 = 13.50
    expect(quote.items[0]!.lines[0]!.alterations.map((alteration) => [alteration.priority, money(alteration.amount.taxIncluded)])).toEqual([
      [1, '-15.00'],
      [2, '-1.50'],
    ]);
  });

  it('applies a component’s own promotion before the bundle discount', () => {
    const promo = price({ id: 'mobile-promo', priceType: 'discount', price: eur(5) });
    const promoMobile = offeringWith('mobile-m', [mobileMonthly, promo]);
    const catalog = snapshot([homeMobile, broadband, promoMobile, sim], [...homeMobileCatalog.prices.values(), promo]);
    const quote = quoteCart(cartOf([item('home-mobile')]), catalog, frenchVat);
    const mobileLine = lineOf(quote.items[0]!.components[1]!, 'mobile-m-monthly');
    // 20.00 − 5.00 = 15.00 left; 10 % of (30.00 + 15.00) = 4.50 → 3.00 (30/45) and 1.50 (15/45)
    expect(mobileLine.alterations.map((alteration) => [alteration.productOfferingPrice.id, money(alteration.amount.taxIncluded)])).toEqual([
      ['mobile-promo', '-5.00'],
      ['home-mobile-discount', '-1.50'],
    ]);
  });

  it('gives a segment discount only to its segment', () => {
    const student = price({ id: 'student', priceType: 'discount', percentage: 20, marketSegment: [{ id: 'student' }] });
    const catalog = snapshot([offeringWith('plan', [seatA, student])], [seatA, student]);
    expect(totals(quoteCart(cartOf([item('plan')], { customerSegment: 'student' }), catalog, noTax).totals)).toEqual({ 'recurring 1 month': '8.00 / 0.00 / 8.00' });
    expect(totals(quoteCart(cartOf([item('plan')]), catalog, noTax).totals)).toEqual({ 'recurring 1 month': '10.00 / 0.00 / 10.00' });
  });
});

describe('missingCatalogIds', () => {
  it('asks for the catalog level by level until nothing is missing', () => {
    const everything = homeMobileCatalog;
    const loaded = { offerings: new Map<string, PricedOffering>(), prices: new Map<string, ProductOfferingPrice>() };
    const levels: { offeringIds: string[]; priceIds: string[] }[] = [];
    for (;;) {
      const missing = missingCatalogIds({ items: [item('home-mobile')] }, loaded);
      if (missing.offeringIds.length === 0 && missing.priceIds.length === 0) break;
      levels.push(missing);
      for (const id of missing.offeringIds) loaded.offerings.set(id, everything.offerings.get(id)!);
      for (const id of missing.priceIds) loaded.prices.set(id, everything.prices.get(id)!);
      if (levels.length > 5) throw new Error('does not converge');
    }
    expect(levels).toEqual([
      { offeringIds: ['home-mobile'], priceIds: [] },
      { offeringIds: ['broadband', 'mobile-m', 'sim'], priceIds: ['home-mobile-discount'] },
      { offeringIds: [], priceIds: ['broadband-monthly', 'mobile-m-monthly', 'sim-activation'] },
    ]);
    expect(totals(quoteCart(cartOf([item('home-mobile')]), loaded, frenchVat).totals)).toEqual(totals(quoteCart(cartOf([item('home-mobile')]), everything, frenchVat).totals));
  });

  it('asks for the prices a discount names', () => {
    const named = price({ id: 'named', priceType: 'discount', percentage: 5, popRelationship: [{ id: 'elsewhere', relationshipType: 'discounts' }] });
    const catalog = snapshot([offeringWith('plan', [named])], [named]);
    expect(missingCatalogIds({ items: [item('plan')] }, catalog)).toEqual({ offeringIds: [], priceIds: ['elsewhere'] });
  });
});

describe('quoteTaxCategories', () => {
  it('lists the tax categories of the snapshot’s prices', () => {
    expect(quoteTaxCategories(homeMobileCatalog)).toEqual(['standard', 'telecommunications']);
  });
});

// Compile-time: the stored TMF620 offering is a PricedOffering as it is.
export const storedOfferingIsPriced = (stored: ProductOffering): PricedOffering => stored;

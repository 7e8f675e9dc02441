import { productOfferingPricePath, type ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import { decimal, type Decimal } from '../../../../domain/money/decimal.js';
import type { CatalogSnapshot, PricedOffering } from '../../../../domain/pricing/catalog-snapshot.js';

/** Builders for pricing tests: a launched price or offering unless told otherwise. */
export const eur = (value: number) => ({ unit: 'EUR', value });
export const usd = (value: number) => ({ unit: 'USD', value });

type PriceInput = Partial<ProductOfferingPrice> & Pick<ProductOfferingPrice, 'id' | 'priceType'>;

export function price(input: PriceInput): ProductOfferingPrice {
  return {
    href: `${productOfferingPricePath}/${input.id}`,
    name: input.id,
    lifecycleStatus: 'Launched',
    lastUpdate: '2026-01-01T00:00:00.000Z',
    isBundle: false,
    '@type': 'ProductOfferingPrice',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...input,
  };
}

export function offering(input: Partial<PricedOffering> & Pick<PricedOffering, 'id'>): PricedOffering {
  return {
    href: `/tmf-api/productCatalogManagement/v4/productOffering/${input.id}`,
    name: input.id,
    lifecycleStatus: 'Launched',
    ...input,
  };
}

/** An offering listing the given prices. */
export function offeringWith(id: string, prices: readonly ProductOfferingPrice[], input: Partial<PricedOffering> = {}): PricedOffering {
  return offering({ id, productOfferingPrice: prices.map((each) => ({ id: each.id })), ...input });
}

export function snapshot(offerings: readonly PricedOffering[], prices: readonly ProductOfferingPrice[]): CatalogSnapshot {
  return {
    offerings: new Map(offerings.map((each) => [each.id, each])),
    prices: new Map(prices.map((each) => [each.id, each])),
  };
}

/** French VAT: 20 % standard (telecommunications too), 5.5 % reduced. */
export const frenchVat: ReadonlyMap<string, Decimal> = new Map([
  ['standard', decimal(20)],
  ['telecommunications', decimal(20)],
  ['reduced', decimal('5.5')],
  ['zeroRated', decimal(0)],
  ['electronicDevice', decimal(20)],
]);

export const noTax: ReadonlyMap<string, Decimal> = new Map(
  ['standard', 'telecommunications', 'reduced', 'zeroRated', 'electronicDevice'].map((category) => [category, decimal(0)]),
);

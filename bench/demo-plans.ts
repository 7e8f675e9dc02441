import { pinnedPricesOf, type ChargeTerm } from '../domain/billing/charge-term.js';
import { createProductOffering, type ProductOffering } from '../domain/catalog/product-offering.js';
import { createProductOfferingPrice, type ProductOfferingPrice } from '../domain/catalog/product-offering-price.js';
import type { Decimal } from '../domain/money/decimal.js';
import type { CatalogSnapshot } from '../domain/pricing/catalog-snapshot.js';
import { toTmfPriceQuote, type TmfOrderPrice } from '../domain/pricing/price-quote.js';
import { quoteCart, quoteTaxCategories } from '../domain/pricing/quote-cart.js';
import { simulatedTaxProvider } from '../functions/lib/providers/simulated-tax-provider.js';
import { demoCatalog } from '../infra/seed/demo-catalog.js';
import { resolveReferences } from '../infra/seed/seed-demo-catalog.js';

/**
 * The demo catalog's plans as the billing benchmarks sell them: the catalog as a pricing
 * snapshot (built in-process from infra/seed/demo-catalog.ts, or from what the API serves after
 * seeding), and the charge term a product gets when one of its plans is sold at an instant, the
 * way order-to-cash records it (the quote's prices pinned, the offering's characteristic values).
 */
export const mobilePlans = ['Mobile S', 'Mobile M', 'Mobile L'] as const;
export const broadbandPlans = ['Home Broadband', 'Home Broadband Yearly'] as const;
export type DemoPlan = (typeof mobilePlans)[number] | (typeof broadbandPlans)[number];

/** The demo catalog without a runtime: every offering and price created by the domain, ids derived from the demo keys. */
export function demoCatalogSnapshot(now = '2026-01-01T00:00:00Z'): CatalogSnapshot {
  const ids = new Map(demoCatalog.map((resource) => [resource.key, `demo-${resource.key.replace(':', '-')}`]));
  const offerings: ProductOffering[] = [];
  const prices: ProductOfferingPrice[] = [];
  for (const resource of demoCatalog) {
    const id = ids.get(resource.key)!;
    if (resource.kind === 'productOffering') offerings.push(createProductOffering(resolveReferences(resource.body, ids), id, now));
    if (resource.kind === 'productOfferingPrice') prices.push(createProductOfferingPrice(resolveReferences(resource.body, ids), id, now));
  }
  return catalogSnapshotOf(offerings, prices);
}

export function catalogSnapshotOf(offerings: readonly ProductOffering[], prices: readonly ProductOfferingPrice[]): CatalogSnapshot {
  return { offerings: new Map(offerings.map((offering) => [offering.id, offering])), prices: new Map(prices.map((price) => [price.id, price])) };
}

export function offeringNamed(catalog: CatalogSnapshot, name: string): ProductOffering {
  const found = [...catalog.offerings.values()].find((offering) => offering.name === name);
  if (!found) throw new Error(`the demo catalog has no offering named ${name}: was it seeded?`);
  return found as ProductOffering;
}

/** French VAT for every tax category the catalog's prices use, as the simulated provider answers it at `at`. */
export async function frenchTaxRates(catalog: CatalogSnapshot, at: string): Promise<Map<string, Decimal>> {
  const rates = await simulatedTaxProvider.ratesFor({ location: { country: 'FR' }, categories: quoteTaxCategories(catalog), at });
  return new Map(rates.map((rate) => [rate.category, rate.rate]));
}

export interface SaleOptions {
  /** A ported number, chosen on the order: it becomes a characteristic of the term (usage can name it). */
  phoneNumber?: string;
  customerSegment?: string;
}

/**
 * The term a product of `plan` sold at `soldAt` starts with: the order's quote of the offering
 * pins its prices and the discounts that applied then (the launch promotion inside its window,
 * the student discount for students), and the item carries the chosen number and the values the
 * offering fixes, as order capture resolves them.
 */
export function soldTerm(catalog: CatalogSnapshot, taxRates: ReadonlyMap<string, Decimal>, plan: DemoPlan, soldAt: string, options: SaleOptions = {}): ChargeTerm {
  return soldPlan(catalog, taxRates, plan, soldAt, options).term;
}

/** The term, and the order item's priced lines (TMF622 itemPrice) the product keeps as its prices. */
export function soldPlan(catalog: CatalogSnapshot, taxRates: ReadonlyMap<string, Decimal>, plan: DemoPlan, soldAt: string, options: SaleOptions = {}): { term: ChargeTerm; itemPrice: TmfOrderPrice[] } {
  const offering = offeringNamed(catalog, plan);
  const characteristic = [
    ...(options.phoneNumber ? [{ name: 'phoneNumber', value: options.phoneNumber }] : []),
    ...(offering.prodSpecCharValueUse ?? []).flatMap((use) => {
      const chosen = use.productSpecCharacteristicValue?.find((value) => value.isDefault) ?? use.productSpecCharacteristicValue?.[0];
      return chosen?.value === undefined ? [] : [{ name: use.name, value: chosen.value }];
    }),
  ];
  const quote = quoteCart(
    {
      currency: 'EUR',
      at: soldAt,
      ...(options.customerSegment ? { customerSegment: options.customerSegment } : {}),
      items: [{ id: '1', productOffering: { id: offering.id }, quantity: 1, characteristic }],
    },
    catalog,
    taxRates,
  );
  const itemPrice = toTmfPriceQuote(quote).quoteItem[0]!.itemPrice;
  return {
    term: {
      from: soldAt,
      productOffering: { id: offering.id, href: offering.href, name: offering.name },
      quantity: 1,
      characteristic,
      pinnedPrice: pinnedPricesOf(itemPrice),
    },
    itemPrice,
  };
}

const catalogApi = '/tmf-api/productCatalogManagement/v4';

/** The catalog as the API serves it after seeding (real ids), for terms that name its offerings and prices. */
export async function seededCatalog(api: { expect<T>(status: number, path: string): Promise<{ body: T }> }): Promise<CatalogSnapshot> {
  const [offerings, prices] = await Promise.all([
    api.expect<ProductOffering[]>(200, `${catalogApi}/productOffering?limit=1000`),
    api.expect<ProductOfferingPrice[]>(200, `${catalogApi}/productOfferingPrice?limit=1000`),
  ]);
  return catalogSnapshotOf(offerings.body, prices.body);
}

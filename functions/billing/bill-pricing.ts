import type { ChargedProduct } from '../../domain/billing/charge-term.js';
import { termCartItem } from '../../domain/billing/charge-term.js';
import { createTermPricer, type TermPricer } from '../../domain/billing/term-pricing.js';
import type { CatalogSnapshot } from '../../domain/pricing/catalog-snapshot.js';
import { quoteTaxCategories } from '../../domain/pricing/quote-cart.js';
import type { TaxProvider } from '../../domain/pricing/tax-provider.js';
import { loadCatalogSnapshot } from '../lib/store/catalog-snapshot.js';

/**
 * The term pricer a bill is computed with (docs/billing.md, "What a product is charged"): the
 * part of the catalog the products' terms name, the tax rates at the customer's location in
 * force on the bill date, the customer's segment and the account's time zone. Billing an account
 * and previewing a plan change both price through here, so a preview's amounts are the bill's.
 * Read-only: it reads the catalog and asks the tax port, nothing more.
 */
export interface BillPricingInput {
  products: readonly ChargedProduct[];
  currency: string;
  taxLocation: { country: string; stateOrProvince?: string };
  customerSegment?: string | undefined;
  timeZone: string;
  /** ISO instant: the bill's date, which the tax rates are taken at. */
  billDate: string;
  taxProvider: TaxProvider;
}

/**
 * What the accounts of one batch share: accounts on the same plans price from the same part of
 * the catalog and the same quotes, read and computed once per batch.
 */
export interface SharedPricing {
  catalogs: Map<string, Promise<CatalogSnapshot>>;
  pricers: Map<string, TermPricer>;
}

export function sharedPricing(): SharedPricing {
  return { catalogs: new Map(), pricers: new Map() };
}

export async function billPricer(input: BillPricingInput, shared: SharedPricing = sharedPricing()): Promise<TermPricer> {
  const { key: catalogKey, catalog } = await catalogFor(input.products, shared.catalogs);
  const categories = quoteTaxCategories(catalog);
  const rates = categories.length > 0 ? await input.taxProvider.ratesFor({ location: input.taxLocation, categories, at: input.billDate }) : [];
  const pricerKey = JSON.stringify([catalogKey, input.currency, input.customerSegment ?? null, input.timeZone, rates.map((rate) => [rate.category, rate.rate.coefficient.toString(), rate.rate.scale])]);
  let pricer = shared.pricers.get(pricerKey);
  if (!pricer) {
    pricer = createTermPricer({
      currency: input.currency,
      catalog,
      taxRates: new Map(rates.map((rate) => [rate.category, rate.rate])),
      customerSegment: input.customerSegment,
      timeZone: input.timeZone,
    });
    shared.pricers.set(pricerKey, pricer);
  }
  return pricer;
}

/** The catalog the account's terms are priced from; one snapshot per call, read level by level. */
async function catalogFor(products: readonly ChargedProduct[], cache: SharedPricing['catalogs']): Promise<{ key: string; catalog: CatalogSnapshot }> {
  const terms = products.flatMap((product) => product.terms.map((term) => JSON.stringify([term.productOffering.id, term.bundledItem ?? null, term.pinnedPrice])));
  const key = JSON.stringify([...new Set(terms)].sort());
  let loading = cache.get(key);
  if (!loading) {
    const items = products.flatMap((product) => product.terms.map((term, index) => termCartItem(term, `${product.id}.${index}`, 1)));
    loading = items.length > 0 ? loadCatalogSnapshot({ items }) : Promise.resolve({ offerings: new Map(), prices: new Map() });
    cache.set(key, loading);
    // A failed read is not remembered: the next account reads again.
    loading.catch(() => cache.delete(key));
  }
  return { key, catalog: await loading };
}

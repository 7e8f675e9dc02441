import type { ProductOffering } from '../../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../../domain/catalog/product-offering-price.js';
import type { Cart } from '../../../domain/pricing/cart.js';
import { missingCatalogIds, type CatalogSnapshot } from '../../../domain/pricing/catalog-snapshot.js';
import type { ZoneTable } from '../../../domain/rating/zone-table.js';
import { findCatalogResources } from './catalog-store.js';
import { findZoneTables } from './zone-table-store.js';

/**
 * The part of the catalog a cart reads, for quoteCart: loaded level by level, because each
 * level names the next (an offering its prices and bundle components, a discount the prices
 * it reduces). Each level is one BatchGetItem per kind it needs, the two kinds in parallel.
 *
 * DynamoDB round trips: a plan = 2 (its offering; its prices). A bundle = 4 in 3 steps (the
 * bundle; its discount and its components, in parallel; the components' prices). A discount
 * naming a price its offering does not list adds a level. Quotes and orders both load this way.
 *
 * An id that is not found is not asked for again; quoteCart then names what is missing.
 * The zone tables the usage prices name (`rating.zoneTable`) come last, one more round trip,
 * only for catalogs that rate by zone.
 */
export async function loadCatalogSnapshot(
  cart: Pick<Cart, 'items'>,
): Promise<{ offerings: Map<string, ProductOffering>; prices: Map<string, ProductOfferingPrice>; zoneTables?: Map<string, ZoneTable> }> {
  const offerings = new Map<string, ProductOffering>();
  const prices = new Map<string, ProductOfferingPrice>();
  const snapshot: CatalogSnapshot = { offerings, prices };
  const absentOfferings = new Set<string>();
  const absentPrices = new Set<string>();
  for (;;) {
    const missing = missingCatalogIds(cart, snapshot);
    const offeringIds = missing.offeringIds.filter((id) => !absentOfferings.has(id));
    const priceIds = missing.priceIds.filter((id) => !absentPrices.has(id));
    if (offeringIds.length === 0 && priceIds.length === 0) return { offerings, prices, ...(await zoneTablesOf(prices)) };
    const [foundOfferings, foundPrices] = await Promise.all([
      offeringIds.length > 0 ? findCatalogResources<ProductOffering>('ProductOffering', offeringIds) : new Map<string, ProductOffering>(),
      priceIds.length > 0 ? findCatalogResources<ProductOfferingPrice>('ProductOfferingPrice', priceIds) : new Map<string, ProductOfferingPrice>(),
    ]);
    for (const id of offeringIds) {
      const offering = foundOfferings.get(id);
      if (offering) offerings.set(id, offering);
      else absentOfferings.add(id);
    }
    for (const id of priceIds) {
      const price = foundPrices.get(id);
      if (price) prices.set(id, price);
      else absentPrices.add(id);
    }
  }
}

async function zoneTablesOf(prices: ReadonlyMap<string, ProductOfferingPrice>): Promise<{ zoneTables?: Map<string, ZoneTable> }> {
  const ids = new Set<string>();
  for (const price of prices.values()) if (price.rating?.zoneTable) ids.add(price.rating.zoneTable.id);
  return ids.size > 0 ? { zoneTables: await findZoneTables(ids) } : {};
}

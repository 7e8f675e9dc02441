import type { PriceRules } from '../../domain/pricing/price-rules.js';
import type { PriceTerms } from '../../domain/pricing/price-terms.js';
import { findZoneTables } from '../lib/store/zone-table-store.js';
import { catalogCurrencies } from './catalog-currencies.js';

/** What the price rules need beyond the price: the catalog's currencies, and the zone table its `rating` names (docs/rating.md). */
export async function priceRulesFor(price: PriceTerms): Promise<PriceRules> {
  const tableId = price.rating?.zoneTable?.id;
  return { catalogCurrencies: catalogCurrencies(), ...(tableId !== undefined ? { zoneTables: await findZoneTables([tableId]) } : {}) };
}

import {
  applyProductOfferingPricePatch,
  priceRulesApply,
  productOfferingPricePatchSchema,
  type ProductOfferingPrice,
  type ProductOfferingPricePatch,
} from '../../domain/catalog/product-offering-price.js';
import { validateProductOfferingPrice } from '../../domain/pricing/price-rules.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { priceRulesFor } from './price-rules-context.js';
import { catalogPatchUseCase, type CatalogWriteContext } from './catalog-http.js';
import { productOfferingPriceChangedEvents } from './product-offering-price-events.js';

/**
 * TMF620 PATCH /productOfferingPrice/{id} (admins, JSON merge patch, If-Match): lifecycle;
 * amounts, name and start frozen once on sale (409: create a new price version). When the
 * patch changes what the price charges, the price rules are checked again. Writes
 * ProductOfferingPriceUpdated (and ProductOfferingPriceRetired when it retires the price).
 */
async function changePrice(current: ProductOfferingPrice, patch: ProductOfferingPricePatch, { now, eventOrigin }: CatalogWriteContext) {
  const change = applyProductOfferingPricePatch(current, patch, now);
  if (priceRulesApply(change)) {
    rejectFieldProblems(validateProductOfferingPrice(change.price, await priceRulesFor(change.price)), 'the price breaks the price rules');
  }
  return {
    resource: change.price,
    events: productOfferingPriceChangedEvents(current, change, eventOrigin),
  };
}

export const handler = apiHandler(
  catalogPatchUseCase({ kind: 'ProductOfferingPrice', patchSchema: productOfferingPricePatchSchema, change: changePrice }),
);

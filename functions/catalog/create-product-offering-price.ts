import {
  createProductOfferingPrice,
  productOfferingPriceCreateSchema,
  type ProductOfferingPriceCreate,
} from '../../domain/catalog/product-offering-price.js';
import { validateProductOfferingPrice } from '../../domain/pricing/price-rules.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { priceRulesFor } from './price-rules-context.js';
import { catalogCreateUseCase } from './catalog-create-use-case.js';
import type { CatalogWriteContext } from './catalog-http.js';
import { productOfferingPriceCreatedEvents } from './product-offering-price-events.js';

/**
 * TMF620 POST /productOfferingPrice (admins): the price rules of docs/pricing.md (attributes
 * per price type, catalog currency, decimals, tiers, units) are checked, each problem a 400
 * naming its field; then the price is stored with ProductOfferingPriceCreated in one transaction.
 */
async function createPrice(input: ProductOfferingPriceCreate, { id, now, eventOrigin }: CatalogWriteContext & { id: string }) {
  const price = createProductOfferingPrice(input, id, now);
  rejectFieldProblems(validateProductOfferingPrice(price, await priceRulesFor(price)), 'the price breaks the price rules');
  return {
    resource: price,
    events: productOfferingPriceCreatedEvents(price, eventOrigin),
  };
}

export const handler = apiHandler(
  catalogCreateUseCase({ kind: 'ProductOfferingPrice', createSchema: productOfferingPriceCreateSchema, create: createPrice }),
);

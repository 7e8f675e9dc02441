import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, parseCollectionQuery } from '../lib/http/collection-query.js';
import { productAttributes } from './product-list-attributes.js';
import { listOwnedResources } from '../lib/http/owned-collection.js';
import { listStoredProducts } from '../lib/store/product-store.js';
import { withPromotionDates } from './product-promotion-dates.js';

const ownerFilter = 'relatedParty.id';
const filterable = [ownerFilter, 'status', 'billingAccount.id', 'productOffering.id'] as const;

/**
 * TMF637 GET /product. `relatedParty.id` selects customers' products (one gsi2 Query per
 * customer); a customer token is always narrowed to its own products. The page's promotions are
 * dated with one read of its accounts' time zones (product-promotion-dates.ts).
 */
async function listProductsUseCase({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, productAttributes);
  const page = await listOwnedResources(query, principal, ownerFilter, listStoredProducts, (product) => product.createdAt);
  return collectionResponse(await withPromotionDates(page.items, query.fields), page.total, query.fields);
}

export const handler = apiHandler(listProductsUseCase);

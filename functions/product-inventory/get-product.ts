import { ownerCustomerIdOfProduct } from '../../domain/product-inventory/product.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findProduct } from '../lib/store/product-store.js';
import { withPromotionDates } from './product-promotion-dates.js';

/**
 * TMF637 GET /product/{id}: one key lookup; customers see only their own products. A product
 * with a promotion also has its account's time zone read, to date the promotion
 * (product-promotion-dates.ts); the ETag stays the stored version's, the dates follow from it.
 */
async function getProduct({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findProduct(id);
  if (!stored) throw ApiError.notFound('product', id);
  requireCustomerAccess(principal, ownerCustomerIdOfProduct(stored.product), 'product', id);
  const fields = requestedFields(event);
  const [product] = await withPromotionDates([stored], fields);
  return jsonResponse(200, selectFields(product!, fields), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getProduct);

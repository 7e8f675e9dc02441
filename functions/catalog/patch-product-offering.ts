import {
  applyProductOfferingPatch,
  categoryIdsOf,
  productOfferingPatchSchema,
  type ProductOffering,
  type ProductOfferingPatch,
} from '../../domain/catalog/product-offering.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { catalogPatchUseCase, type CatalogWriteContext } from './catalog-http.js';
import { checkProductOfferingReferences } from './product-offering-references.js';
import { productOfferingChangedEvents } from './product-offering-events.js';

/**
 * TMF620 PATCH /productOffering/{id} (admins, JSON merge patch, If-Match): lifecycle, frozen
 * structure once on sale, prices added but never removed while on sale; the changed
 * references are checked, a new bundle composition for cycles. Writes ProductOfferingUpdated
 * (and ProductOfferingRetired when it retires the offering) in the same transaction.
 */
async function changeOffering(current: ProductOffering, patch: ProductOfferingPatch, { now, eventOrigin }: CatalogWriteContext) {
  const change = applyProductOfferingPatch(current, patch, now);
  await checkProductOfferingReferences(current, change.offering);
  return {
    resource: change.offering,
    events: productOfferingChangedEvents(current, change, eventOrigin),
    listAttributes: { categoryIds: categoryIdsOf(change.offering) },
  };
}

export const handler = apiHandler(catalogPatchUseCase({ kind: 'ProductOffering', patchSchema: productOfferingPatchSchema, change: changeOffering }));

import { applyProductOfferingPatch, categoryIdsOf, type ProductOffering } from '../../domain/catalog/product-offering.js';
import { ProductOfferingDeleted } from '../../domain/events/catalog-events.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { catalogDeleteUseCase } from './catalog-http.js';
import { findCatalogReferrers } from './catalog-referrers.js';
import { productOfferingChangedEvents, productOfferingSnapshot } from './product-offering-events.js';

/**
 * TMF620 DELETE /productOffering/{id} (admins, If-Match): an In design offering no bundle and
 * no category lists is removed (ProductOfferingDeleted); an offering on sale that no bundle on
 * sale lists is retired (ProductOfferingUpdated and ProductOfferingRetired, as the patch writes
 * them); 409 naming the referrers otherwise (domain/catalog/catalog-removal.ts).
 */
export const handler = apiHandler(
  catalogDeleteUseCase({
    kind: 'ProductOffering',
    referrers: (id) => findCatalogReferrers('productOffering', id),
    retire: (current: ProductOffering, { now, eventOrigin }) => {
      const change = applyProductOfferingPatch(current, { lifecycleStatus: 'Retired' }, now);
      return {
        resource: change.offering,
        events: productOfferingChangedEvents(current, change, eventOrigin),
        listAttributes: { categoryIds: categoryIdsOf(change.offering) },
      };
    },
    removed: (current, { eventOrigin }) => [ProductOfferingDeleted.create({ productOffering: productOfferingSnapshot(current) }, eventOrigin())],
  }),
);

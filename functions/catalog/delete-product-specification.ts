import { applyProductSpecificationPatch, type ProductSpecification } from '../../domain/catalog/product-specification.js';
import { ProductSpecificationDeleted } from '../../domain/events/catalog-events.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { catalogDeleteUseCase } from './catalog-http.js';
import { findCatalogReferrers } from './catalog-referrers.js';
import { productSpecificationChangedEvents, productSpecificationSnapshot } from './product-specification-events.js';

/**
 * TMF620 DELETE /productSpecification/{id} (admins, If-Match): an In design specification no
 * offering sells, no price is for and no bundle specification lists is removed
 * (ProductSpecificationDeleted); one on sale that nothing on sale refers to is retired
 * (ProductSpecificationRetired); 409 naming the referrers otherwise (domain/catalog/catalog-removal.ts).
 */
export const handler = apiHandler(
  catalogDeleteUseCase({
    kind: 'ProductSpecification',
    referrers: (id) => findCatalogReferrers('productSpecification', id),
    retire: (current: ProductSpecification, { now, eventOrigin }) => {
      const specification = applyProductSpecificationPatch(current, { lifecycleStatus: 'Retired' }, now);
      return { resource: specification, events: productSpecificationChangedEvents(current, specification, eventOrigin) };
    },
    removed: (current, { eventOrigin }) => [
      ProductSpecificationDeleted.create({ productSpecification: productSpecificationSnapshot(current) }, eventOrigin()),
    ],
  }),
);

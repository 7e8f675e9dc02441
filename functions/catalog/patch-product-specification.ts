import { referencedIds } from '../../domain/catalog/catalog.js';
import {
  applyProductSpecificationPatch,
  productSpecificationPatchSchema,
  productSpecificationReferenceProblems,
  type ProductSpecification,
} from '../../domain/catalog/product-specification.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogPatchUseCase } from './catalog-http.js';
import { productSpecificationChangedEvents } from './product-specification-events.js';

/** TMF620 PATCH /productSpecification/{id} (admin): attributes, characteristics, bundle and lifecycle; ProductSpecificationRetired when it retires it. */
export const handler = apiHandler(
  catalogPatchUseCase({
    kind: 'ProductSpecification',
    patchSchema: productSpecificationPatchSchema,
    change: async (current: ProductSpecification, patch, { now, eventOrigin }) => {
      const specification = applyProductSpecificationPatch(current, patch, now);
      const bundled = await findCatalogResources('ProductSpecification', referencedIds(patch.bundledProductSpecification));
      rejectFieldProblems(
        productSpecificationReferenceProblems(current.id, patch, bundled),
        "the productSpecification's references are invalid",
      );
      return { resource: specification, events: productSpecificationChangedEvents(current, specification, eventOrigin) };
    },
  }),
);

import { referencedIds } from '../../domain/catalog/catalog.js';
import {
  createProductSpecification,
  productSpecificationCreateSchema,
  productSpecificationReferenceProblems,
} from '../../domain/catalog/product-specification.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogCreateUseCase } from './catalog-create-use-case.js';

/** TMF620 POST /productSpecification (admin): a bundle's specifications must exist. */
export const handler = apiHandler(
  catalogCreateUseCase({
    kind: 'ProductSpecification',
    createSchema: productSpecificationCreateSchema,
    create: async (input, { id, now }) => {
      const specification = createProductSpecification(input, id, now);
      const bundled = await findCatalogResources('ProductSpecification', referencedIds(input.bundledProductSpecification));
      rejectFieldProblems(productSpecificationReferenceProblems(id, input, bundled), "the productSpecification's references are invalid");
      return { resource: specification };
    },
  }),
);

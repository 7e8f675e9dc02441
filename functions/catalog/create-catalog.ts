import { catalogCreateSchema, catalogReferenceProblems, createCatalog, referencedIds } from '../../domain/catalog/catalog.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogCreateUseCase } from './catalog-create-use-case.js';

/** TMF620 POST /catalog (admin): the categories it lists must exist. No events: nothing subscribes to catalogs. */
export const handler = apiHandler(
  catalogCreateUseCase({
    kind: 'Catalog',
    createSchema: catalogCreateSchema,
    create: async (input, { id, now }) => {
      const catalog = createCatalog(input, id, now);
      const categories = await findCatalogResources('Category', referencedIds(input.category));
      rejectFieldProblems(catalogReferenceProblems(input, categories), "the catalog's references are invalid");
      return { resource: catalog };
    },
  }),
);

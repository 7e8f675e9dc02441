import { applyCatalogPatch, catalogPatchSchema, catalogReferenceProblems, referencedIds, type Catalog } from '../../domain/catalog/catalog.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogPatchUseCase } from './catalog-http.js';

/** TMF620 PATCH /catalog/{id} (admin): attributes and lifecycle; a new category list must exist. */
export const handler = apiHandler(
  catalogPatchUseCase({
    kind: 'Catalog',
    patchSchema: catalogPatchSchema,
    change: async (current: Catalog, patch, { now }) => {
      const catalog = applyCatalogPatch(current, patch, now);
      const categories = await findCatalogResources('Category', referencedIds(patch.category));
      rejectFieldProblems(catalogReferenceProblems(patch, categories), "the catalog's references are invalid");
      return { resource: catalog };
    },
  }),
);

import { referencedIds } from '../../domain/catalog/catalog.js';
import { categoryCreateSchema, categoryReferenceProblems, createCategory, type Category } from '../../domain/catalog/category.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogCreateUseCase } from './catalog-create-use-case.js';

/**
 * TMF620 POST /category (admin): its parent, subcategories and offerings must exist (one
 * BatchGetItem per kind). A new category cannot close a cycle: nothing has its id yet.
 */
export const handler = apiHandler(
  catalogCreateUseCase({
    kind: 'Category',
    createSchema: categoryCreateSchema,
    create: async (input, { id, now }) => {
      const category = createCategory(input, id, now);
      const [categories, productOfferings] = await Promise.all([
        findCatalogResources<Category>('Category', [...(input.parentId ? [input.parentId] : []), ...referencedIds(input.subCategory)]),
        findCatalogResources('ProductOffering', referencedIds(input.productOffering)),
      ]);
      rejectFieldProblems(categoryReferenceProblems(id, input, { categories, productOfferings }), "the category's references are invalid");
      return { resource: category };
    },
  }),
);

import { referencedIds } from '../../domain/catalog/catalog.js';
import {
  applyCategoryPatch,
  categoryPatchSchema,
  categoryReferenceProblems,
  type Category,
  type CategoryPatch,
  type CategoryReferences,
} from '../../domain/catalog/category.js';
import { rejectFieldProblems } from '../../domain/shared/domain-errors.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { findCatalogResources } from '../lib/store/catalog-store.js';
import { catalogPatchUseCase } from './catalog-http.js';

/** TMF620 PATCH /category/{id} (admin): attributes, lifecycle and place in the tree, never in a cycle. */
export const handler = apiHandler(
  catalogPatchUseCase({
    kind: 'Category',
    patchSchema: categoryPatchSchema,
    change: async (current: Category, patch, { now }) => {
      const category = applyCategoryPatch(current, patch, now);
      const references = await categoryReferencesOf(current.id, patch);
      rejectFieldProblems(categoryReferenceProblems(current.id, patch, references), "the category's references are invalid");
      return { resource: category };
    },
  }),
);

/**
 * What the patch refers to: one BatchGetItem per kind, then the new parent's ancestors one
 * level per read, up to the root or to this category (which would make a cycle).
 */
async function categoryReferencesOf(categoryId: string, patch: CategoryPatch): Promise<CategoryReferences> {
  const parentId = patch.parentId ?? undefined;
  const [categories, productOfferings] = await Promise.all([
    findCatalogResources<Category>('Category', [...(parentId ? [parentId] : []), ...referencedIds(patch.subCategory)]),
    findCatalogResources('ProductOffering', referencedIds(patch.productOffering)),
  ]);
  const visited = new Set<string>();
  for (let id = categories.get(parentId ?? '')?.parentId; id !== undefined && id !== categoryId && !visited.has(id); ) {
    visited.add(id);
    const ancestor = categories.get(id) ?? (await findCatalogResources<Category>('Category', [id])).get(id);
    if (!ancestor) break;
    categories.set(id, ancestor);
    id = ancestor.parentId;
  }
  return { categories, productOfferings };
}

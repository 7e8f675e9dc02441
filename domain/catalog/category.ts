import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { InvalidInputError, type FieldProblem } from '../shared/domain-errors.js';
import type { TimePeriod } from '../shared/tmf-types.js';
import { catalogLifecycleStatusSchema, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { entityRefSchema, polymorphism, type EntityRef } from './catalog-types.js';
import { catalogValidForSchema, initialLifecycleStatusSchema, patchedCatalogResource, referenceProblems } from './catalog.js';
import { mergePatchSchema } from '../shared/merge-patch.js';

/**
 * TMF620 Category: a node of the tree offerings are filed under. `parentId` is what the tree
 * is made of; `isRoot` says the same thing (true exactly when there is no parent) and is
 * derived from `parentId` when a request leaves it out. `subCategory` and `productOffering`
 * are references the client maintains; they must exist but are not kept in step with the
 * other side.
 */
export const categoryPath = '/tmf-api/productCatalogManagement/v4/category';

const categoryAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  version: z.optional(z.string().check(z.maxLength(64))),
  isRoot: z.optional(z.boolean()),
  parentId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  subCategory: z.optional(z.array(entityRefSchema).check(z.maxLength(100))),
  productOffering: z.optional(z.array(entityRefSchema).check(z.maxLength(500))),
  validFor: z.optional(catalogValidForSchema),
  '@type': z.optional(z.literal('Category')),
  '@baseType': polymorphism()['@baseType'],
  '@schemaLocation': polymorphism()['@schemaLocation'],
}));

/** POST body: TMF620 Category_Create. */
export const categoryCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...categoryAttributes(),
  lifecycleStatus: z.optional(initialLifecycleStatusSchema),
}));
export type CategoryCreate = z.infer<typeof categoryCreateSchema>;

/** PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one. */
export const categoryPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: categoryAttributes().name,
  description: z.nullable(categoryAttributes().description),
  version: z.nullable(categoryAttributes().version),
  isRoot: categoryAttributes().isRoot,
  parentId: z.nullable(categoryAttributes().parentId),
  subCategory: z.nullable(categoryAttributes().subCategory),
  productOffering: z.nullable(categoryAttributes().productOffering),
  validFor: z.nullable(categoryAttributes().validFor),
  lifecycleStatus: catalogLifecycleStatusSchema,
  '@type': categoryAttributes()['@type'],
  '@baseType': z.nullable(categoryAttributes()['@baseType']),
  '@schemaLocation': z.nullable(categoryAttributes()['@schemaLocation']),
}));
export type CategoryPatch = z.infer<typeof categoryPatchSchema>;

/** The TMF620 Category resource as stored and served. */
export interface Category {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  isRoot: boolean;
  parentId?: string;
  subCategory?: EntityRef[];
  productOffering?: EntityRef[];
  validFor?: TimePeriod;
  lifecycleStatus: CatalogLifecycleStatus;
  lastUpdate: string;
  '@type': 'Category';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension attribute: when the category was created. */
  createdAt: string;
}

/** isRoot defaults to "no parent"; given, it must agree with parentId. */
function rootedAsParentSays(category: Category, isRootGiven: boolean): Category {
  const isRoot = isRootGiven ? category.isRoot : category.parentId === undefined;
  if (isRoot === (category.parentId === undefined)) return { ...category, isRoot };
  throw new InvalidInputError('isRoot contradicts parentId', [
    {
      field: 'isRoot',
      problem: isRoot ? 'a root category has no parentId' : 'a category that is not a root needs a parentId',
    },
  ]);
}

export function createCategory(input: CategoryCreate, id: string, now: string): Category {
  const category: Category = {
    ...input,
    id,
    href: `${categoryPath}/${id}`,
    isRoot: input.isRoot ?? false,
    lifecycleStatus: input.lifecycleStatus ?? 'In design',
    lastUpdate: now,
    '@type': 'Category',
    createdAt: now,
  };
  return rootedAsParentSays(category, input.isRoot !== undefined);
}

export function applyCategoryPatch(current: Category, patch: CategoryPatch, now: string): Category {
  const patched = patchedCatalogResource('category', current, patch, now);
  // Moving a category under a parent (or to the top) without restating isRoot re-derives it.
  const isRootGiven = patch.isRoot !== undefined || !('parentId' in patch);
  return rootedAsParentSays(patched, isRootGiven);
}

/** What a category's references resolve to: categories (parent, its ancestors, subcategories) and offerings. */
export interface CategoryReferences {
  categories: ReadonlyMap<string, Pick<Category, 'id' | 'parentId'>>;
  productOfferings: ReadonlyMap<string, unknown>;
}

/**
 * Problems of the references a category (or a category patch) sets. The parent must exist and
 * must not be the category itself or one of its descendants: walking up from the parent
 * through `references.categories` (the ancestors the handler resolved) must never reach
 * `categoryId`.
 */
export function categoryReferenceProblems(
  categoryId: string,
  category: Pick<CategoryPatch, 'parentId' | 'subCategory' | 'productOffering'>,
  references: CategoryReferences,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { parentId } = category;
  if (parentId === categoryId) {
    problems.push({ field: 'parentId', problem: 'a category cannot be its own parent' });
  } else if (parentId && !references.categories.has(parentId)) {
    problems.push({ field: 'parentId', problem: `category ${parentId} does not exist` });
  } else if (parentId && ancestorsOf(parentId, references.categories).includes(categoryId)) {
    problems.push({ field: 'parentId', problem: `category ${parentId} is below this category: the parent would make a cycle` });
  }
  problems.push(
    ...(category.subCategory ?? []).flatMap((ref, index) =>
      ref.id === categoryId ? [{ field: `subCategory[${index}].id`, problem: 'a category cannot be its own subcategory' }] : [],
    ),
    // The category itself exists: its self reference is reported above, not as missing.
    ...referenceProblems('subCategory', category.subCategory, withSelf(references.categories, categoryId), 'category'),
    ...referenceProblems('productOffering', category.productOffering, references.productOfferings, 'productOffering'),
  );
  return problems;
}

const withSelf = (categories: ReadonlyMap<string, unknown>, id: string) => new Map<string, unknown>([...categories, [id, undefined]]);

/** The chain of parents above `id` as far as it was resolved (a stored cycle cannot loop us). */
function ancestorsOf(id: string, categories: CategoryReferences['categories']): string[] {
  const chain: string[] = [];
  for (let parent = categories.get(id)?.parentId; parent !== undefined && !chain.includes(parent); parent = categories.get(parent)?.parentId) {
    chain.push(parent);
  }
  return chain;
}

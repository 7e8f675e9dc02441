import { describe, expect, it } from 'vitest';
import {
  applyCategoryPatch,
  categoryCreateSchema,
  categoryPatchSchema,
  categoryReferenceProblems,
  createCategory,
  type Category,
  type CategoryReferences,
} from '../../../../domain/catalog/category.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf620 } from '../../../support/tmf-schema.js';

const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';

const create = (body: Record<string, unknown>, id = 'cat-new') => createCategory(categoryCreateSchema.parse({ name: 'Mobile', ...body }), id, now);

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('createCategory', () => {
  it('a category without parent is a root, In design, and a valid TMF Category', () => {
    const category = create({ description: 'Mobile plans', productOffering: [{ id: 'po-1' }] });
    expect(category).toEqual({
      name: 'Mobile',
      description: 'Mobile plans',
      productOffering: [{ id: 'po-1' }],
      id: 'cat-new',
      href: '/tmf-api/productCatalogManagement/v4/category/cat-new',
      isRoot: true,
      lifecycleStatus: 'In design',
      lastUpdate: now,
      '@type': 'Category',
      createdAt: now,
    });
    expectValidTmf(tmf620, 'Category', category);
  });

  it('a category with a parent is not a root', () => {
    expect(create({ parentId: 'cat-1' })).toMatchObject({ parentId: 'cat-1', isRoot: false });
    expect(create({ parentId: 'cat-1', isRoot: false }).isRoot).toBe(false);
    expect(create({ isRoot: true }).isRoot).toBe(true);
  });

  it.each([
    [{ parentId: 'cat-1', isRoot: true }, 'a root category has no parentId'],
    [{ isRoot: false }, 'a category that is not a root needs a parentId'],
  ])('400 on isRoot contradicting parentId: %j', (body, problem) => {
    const error = thrown(() => create(body));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([{ field: 'isRoot', problem }]);
  });

  it('rejects Retired at creation and read-only attributes', () => {
    expect(categoryCreateSchema.safeParse({ name: 'x', lifecycleStatus: 'Retired' }).success).toBe(false);
    expect(categoryCreateSchema.safeParse({ name: 'x', id: 'mine' }).success).toBe(false);
  });
});

describe('applyCategoryPatch', () => {
  const root: Category = { ...create({}, 'cat-2'), lifecycleStatus: 'Active' };
  const child: Category = { ...create({ parentId: 'cat-1' }, 'cat-2'), lifecycleStatus: 'Active' };

  it('moving under a parent makes it a child, moving to the top makes it a root', () => {
    expect(applyCategoryPatch(root, categoryPatchSchema.parse({ parentId: 'cat-1' }), later)).toMatchObject({ parentId: 'cat-1', isRoot: false, lastUpdate: later });
    const top = applyCategoryPatch(child, categoryPatchSchema.parse({ parentId: null }), later);
    expect(top.isRoot).toBe(true);
    expect(top).not.toHaveProperty('parentId');
  });

  it('keeps isRoot as is when the patch does not touch the tree', () => {
    expect(applyCategoryPatch(child, { name: 'Phones' }, later)).toMatchObject({ name: 'Phones', isRoot: false, parentId: 'cat-1' });
  });

  it('400 when the patch makes isRoot contradict parentId', () => {
    expect(() => applyCategoryPatch(child, { isRoot: true }, later)).toThrow(InvalidInputError);
    expect(() => applyCategoryPatch(root, { parentId: 'cat-1', isRoot: true }, later)).toThrow(InvalidInputError);
    expect(applyCategoryPatch(child, { isRoot: true, parentId: null }, later).isRoot).toBe(true);
  });

  it('follows the catalog lifecycle', () => {
    expect(applyCategoryPatch(root, { lifecycleStatus: 'Launched' }, later).lifecycleStatus).toBe('Launched');
    expect(() => applyCategoryPatch(root, { lifecycleStatus: 'In design' }, later)).toThrow(RuleViolationError);
    expect(() => applyCategoryPatch({ ...root, lifecycleStatus: 'Retired' }, { name: 'x' }, later)).toThrow(RuleViolationError);
  });
});

describe('categoryReferenceProblems', () => {
  // cat-a <- cat-b <- cat-c: cat-c's parent is cat-b, whose parent is cat-a (a root).
  const tree: CategoryReferences = {
    categories: new Map([
      ['cat-a', { id: 'cat-a' }],
      ['cat-b', { id: 'cat-b', parentId: 'cat-a' }],
      ['cat-c', { id: 'cat-c', parentId: 'cat-b' }],
    ]),
    productOfferings: new Map([['po-1', {}]]),
  };

  it('accepts an existing parent whose ancestors do not include the category', () => {
    expect(categoryReferenceProblems('cat-x', { parentId: 'cat-c' }, tree)).toEqual([]);
  });

  it('a missing parent', () => {
    expect(categoryReferenceProblems('cat-x', { parentId: '42' }, tree)).toEqual([{ field: 'parentId', problem: 'category 42 does not exist' }]);
  });

  it('a category cannot be its own parent', () => {
    expect(categoryReferenceProblems('cat-a', { parentId: 'cat-a' }, tree)).toEqual([{ field: 'parentId', problem: 'a category cannot be its own parent' }]);
  });

  it.each(['cat-b', 'cat-c'])('no cycle through parents: cat-a cannot move under its descendant %s', (parentId) => {
    expect(categoryReferenceProblems('cat-a', { parentId }, tree)).toEqual([
      { field: 'parentId', problem: `category ${parentId} is below this category: the parent would make a cycle` },
    ]);
  });

  it('subcategories and offerings must exist; a category is not its own subcategory', () => {
    expect(
      categoryReferenceProblems('cat-a', { subCategory: [{ id: 'cat-b' }, { id: 'cat-a' }, { id: 'cat-9' }], productOffering: [{ id: 'po-1' }, { id: 'po-2' }] }, tree),
    ).toEqual([
      { field: 'subCategory[1].id', problem: 'a category cannot be its own subcategory' },
      { field: 'subCategory[2].id', problem: 'category cat-9 does not exist' },
      { field: 'productOffering[1].id', problem: 'productOffering po-2 does not exist' },
    ]);
  });

  it('null references (removed by a patch) are no problem', () => {
    expect(categoryReferenceProblems('cat-a', { parentId: null, subCategory: null, productOffering: null }, { categories: new Map(), productOfferings: new Map() })).toEqual([]);
  });
});

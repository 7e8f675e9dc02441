import { describe, expect, it } from 'vitest';
import { catalogLifecycleStatuses, canTransitionCatalogResource } from '../../../../domain/catalog/catalog-lifecycle.js';
import {
  applyCatalogPatch,
  catalogCreateSchema,
  catalogPatchSchema,
  catalogReferenceProblems,
  createCatalog,
  nextLifecycleStatus,
  referenceProblems,
  type Catalog,
  type CatalogCreate,
} from '../../../../domain/catalog/catalog.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf620 } from '../../../support/tmf-schema.js';

const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';

const input = (overrides: Partial<CatalogCreate> = {}): CatalogCreate => ({
  name: 'Consumer',
  catalogType: 'ProductCatalog',
  category: [{ id: 'cat-1', name: 'Mobile' }],
  relatedParty: [{ id: 'org-1', role: 'owner', '@referredType': 'Organization' }],
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
  ...overrides,
});

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('createCatalog', () => {
  it('is a TMF Catalog In design with id, href, lastUpdate and createdAt', () => {
    const catalog = createCatalog(catalogCreateSchema.parse(input()), 'c-1', now);
    expect(catalog).toEqual({
      ...input(),
      id: 'c-1',
      href: '/tmf-api/productCatalogManagement/v4/catalog/c-1',
      lifecycleStatus: 'In design',
      lastUpdate: now,
      '@type': 'Catalog',
      createdAt: now,
    });
    expectValidTmf(tmf620, 'Catalog', catalog);
  });

  it.each(['In design', 'Active', 'Launched'] as const)('may start %s', (lifecycleStatus) => {
    expect(createCatalog(catalogCreateSchema.parse(input({ lifecycleStatus })), 'c-1', now).lifecycleStatus).toBe(lifecycleStatus);
  });
});

describe('catalogCreateSchema', () => {
  it('rejects Retired (or any unknown status) at creation', () => {
    expect(issuesOf(catalogCreateSchema.safeParse({ ...input(), lifecycleStatus: 'Retired' }))).toEqual(['lifecycleStatus']);
    expect(issuesOf(catalogCreateSchema.safeParse({ ...input(), lifecycleStatus: 'Draft' }))).toEqual(['lifecycleStatus']);
  });

  it('rejects read-only and unknown attributes', () => {
    const result = catalogCreateSchema.safeParse({ ...input(), id: 'mine', href: '/x', lastUpdate: now, createdAt: now, colour: 'red' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['id', 'href', 'lastUpdate', 'createdAt', 'colour'] });
  });

  it('requires a name and a validFor that ends after it starts', () => {
    expect(issuesOf(catalogCreateSchema.safeParse({ ...input(), name: ' ' }))).toEqual(['name']);
    const backwards = { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-01-31T23:59:59Z' };
    expect(issuesOf(catalogCreateSchema.safeParse(input({ validFor: backwards })))).toEqual(['validFor.endDateTime']);
    const empty = { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-02-01T00:00:00Z' };
    expect(issuesOf(catalogCreateSchema.safeParse(input({ validFor: empty })))).toEqual(['validFor.endDateTime']);
    expect(catalogCreateSchema.safeParse(input({ validFor: { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-02-02T00:00:00Z' } })).success).toBe(true);
  });

  it('rejects a category reference without id', () => {
    expect(issuesOf(catalogCreateSchema.safeParse({ ...input(), category: [{ name: 'Mobile' }] }))).toEqual(['category.0.id']);
  });
});

describe('catalogPatchSchema', () => {
  it('rejects an empty patch, a null name and read-only attributes', () => {
    expect(catalogPatchSchema.safeParse({}).success).toBe(false);
    expect(issuesOf(catalogPatchSchema.safeParse({ name: null }))).toEqual(['name']);
    expect(catalogPatchSchema.safeParse({ lastUpdate: now }).success).toBe(false);
  });

  it('accepts null for optional attributes and any known lifecycle status', () => {
    expect(catalogPatchSchema.parse({ description: null, category: null, lifecycleStatus: 'Retired' })).toEqual({
      description: null,
      category: null,
      lifecycleStatus: 'Retired',
    });
  });
});

describe('applyCatalogPatch', () => {
  const catalogIn = (lifecycleStatus: Catalog['lifecycleStatus']): Catalog => ({
    ...createCatalog(input({ description: 'Everything we sell' }), 'c-1', now),
    lifecycleStatus,
  });

  it('merges the patch, removes null attributes and stamps lastUpdate', () => {
    const patched = applyCatalogPatch(catalogIn('Active'), catalogPatchSchema.parse({ name: 'Consumers', description: null }), later);
    expect(patched.name).toBe('Consumers');
    expect(patched).not.toHaveProperty('description');
    expect(patched.lastUpdate).toBe(later);
    expect(patched.createdAt).toBe(now);
    expect(patched.lifecycleStatus).toBe('Active');
  });

  const pairs = catalogLifecycleStatuses.flatMap((from) => catalogLifecycleStatuses.map((to) => [from, to] as const));
  const allowed: Record<string, string[]> = {
    'In design': ['In design', 'Active', 'Launched'],
    Active: ['Active', 'Launched', 'Retired'],
    Launched: ['Launched', 'Retired'],
    Retired: [],
  };

  it.each(pairs)('%s -> %s follows the catalog lifecycle', (from, to) => {
    const attempt = () => applyCatalogPatch(catalogIn(from), { lifecycleStatus: to }, later);
    if (allowed[from]!.includes(to)) {
      expect(attempt().lifecycleStatus).toBe(to);
      expect(canTransitionCatalogResource(from, to)).toBe(true);
    } else {
      expect(attempt).toThrow(RuleViolationError);
      expect(attempt).toThrow(from === 'Retired' ? 'a Retired catalog cannot be changed' : `a catalog cannot go from ${from} to ${to}`);
    }
  });

  it('a Retired catalog is frozen, whatever the patch changes', () => {
    expect(() => applyCatalogPatch(catalogIn('Retired'), { name: 'Renamed' }, later)).toThrow(RuleViolationError);
  });
});

describe('nextLifecycleStatus', () => {
  it('keeps the current status when the patch names none', () => {
    expect(nextLifecycleStatus('category', 'Launched', undefined)).toBe('Launched');
  });

  it('names the resource and the allowed next statuses', () => {
    expect(() => nextLifecycleStatus('category', 'Launched', 'Active')).toThrow('a category cannot go from Launched to Active; allowed: Retired');
  });
});

describe('reference problems', () => {
  const existing = new Map([
    ['cat-1', {}],
    ['cat-2', {}],
  ]);

  it('names each missing or repeated reference by its index', () => {
    expect(referenceProblems('category', [{ id: 'cat-1' }, { id: '42' }, { id: 'cat-1' }], existing, 'category')).toEqual([
      { field: 'category[1].id', problem: 'category 42 does not exist' },
      { field: 'category[2].id', problem: 'category cat-1 is listed twice' },
    ]);
  });

  it('finds nothing wrong with existing references, or none at all', () => {
    expect(catalogReferenceProblems({ category: [{ id: 'cat-2' }, { id: 'cat-1' }] }, existing)).toEqual([]);
    expect(catalogReferenceProblems({}, new Map())).toEqual([]);
    expect(catalogReferenceProblems({ category: null }, new Map())).toEqual([]);
  });

  it("checks a catalog's categories", () => {
    expect(catalogReferenceProblems({ category: [{ id: 'cat-3' }] }, existing)).toEqual([{ field: 'category[0].id', problem: 'category cat-3 does not exist' }]);
  });
});

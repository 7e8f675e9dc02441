import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogLifecycleStatuses, isOnSale, type CatalogLifecycleStatus } from '../../../../domain/catalog/catalog-lifecycle.js';
import {
  catalogReferrers,
  decideCatalogDeletion,
  type CatalogReferrer,
  type RemovableCatalogKind,
} from '../../../../domain/catalog/catalog-removal.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';

const referrer = (kind: CatalogReferrer['kind'], id: string, lifecycleStatus: CatalogLifecycleStatus, via = 'productOfferingPrice'): CatalogReferrer => ({
  kind,
  id,
  lifecycleStatus,
  via,
});

describe('catalogReferrers', () => {
  const sources = {
    categories: [{ id: 'cat-1', lifecycleStatus: 'Launched' as const, productOffering: [{ id: 'po-plan' }] }],
    offerings: [
      {
        id: 'po-plan',
        lifecycleStatus: 'Launched' as const,
        productSpecification: { id: 'ps-mobile' },
        productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-setup' }],
      },
      { id: 'po-bundle', lifecycleStatus: 'In design' as const, bundledProductOffering: [{ id: 'po-plan' }], productOfferingPrice: [{ id: 'pop-discount' }] },
      { id: 'po-other', lifecycleStatus: 'Retired' as const, productSpecification: { id: 'ps-other' }, prodSpecCharValueUse: [{ productSpecification: { id: 'ps-mobile' } }] },
    ],
    prices: [
      { id: 'pop-discount', lifecycleStatus: 'Active' as const, popRelationship: [{ id: 'pop-monthly', relationshipType: 'discounts' }] },
      { id: 'pop-roaming', lifecycleStatus: 'In design' as const, prodSpecCharValueUse: [{ productSpecification: { id: 'ps-mobile' } }] },
    ],
    specifications: [{ id: 'ps-bundle', lifecycleStatus: 'Active' as const, bundledProductSpecification: [{ id: 'ps-mobile' }, { id: 'ps-bundle' }] }],
  };

  it('finds the bundles and categories that list an offering', () => {
    expect(catalogReferrers('productOffering', 'po-plan', sources)).toEqual([
      referrer('category', 'cat-1', 'Launched', 'productOffering'),
      referrer('productOffering', 'po-bundle', 'In design', 'bundledProductOffering'),
    ]);
    expect(catalogReferrers('productOffering', 'po-bundle', sources)).toEqual([]);
  });

  it('finds the offerings that list a price and the discounts that name it', () => {
    expect(catalogReferrers('productOfferingPrice', 'pop-monthly', sources)).toEqual([
      referrer('productOffering', 'po-plan', 'Launched'),
      referrer('productOfferingPrice', 'pop-discount', 'Active', 'popRelationship'),
    ]);
    expect(catalogReferrers('productOfferingPrice', 'pop-roaming', sources)).toEqual([]);
  });

  it('finds what sells, prices or bundles a specification, never the specification itself', () => {
    expect(catalogReferrers('productSpecification', 'ps-mobile', sources)).toEqual([
      referrer('productOffering', 'po-plan', 'Launched', 'productSpecification'),
      referrer('productOffering', 'po-other', 'Retired', 'prodSpecCharValueUse'),
      referrer('productOfferingPrice', 'pop-roaming', 'In design', 'prodSpecCharValueUse'),
      referrer('productSpecification', 'ps-bundle', 'Active', 'bundledProductSpecification'),
    ]);
    expect(catalogReferrers('productSpecification', 'ps-bundle', sources)).toEqual([]);
  });
});

describe('decideCatalogDeletion', () => {
  it('removes an In design resource nothing refers to', () => {
    expect(decideCatalogDeletion('productOffering', { id: 'po-1', lifecycleStatus: 'In design' }, [])).toBe('remove');
  });

  it('refuses (409) to remove an In design resource something refers to, whatever its status, naming each referrer', () => {
    const decide = () =>
      decideCatalogDeletion('productOfferingPrice', { id: 'pop-1', lifecycleStatus: 'In design' }, [
        referrer('productOffering', 'po-draft', 'In design'),
        referrer('productOffering', 'po-old', 'Retired'),
      ]);
    expect(decide).toThrow(RuleViolationError);
    expect(decide).toThrow(
      'productOfferingPrice pop-1 cannot be deleted: it is referenced by productOffering po-draft (In design, productOfferingPrice), productOffering po-old (Retired, productOfferingPrice)',
    );
  });

  it('retires a resource on sale when nothing on sale depends on it', () => {
    expect(decideCatalogDeletion('productOffering', { id: 'po-1', lifecycleStatus: 'Launched' }, [])).toBe('retire');
    const notOnSale = [referrer('productOffering', 'po-draft', 'In design'), referrer('productOffering', 'po-old', 'Retired'), referrer('category', 'cat-1', 'Launched', 'productOffering')];
    expect(decideCatalogDeletion('productOffering', { id: 'po-1', lifecycleStatus: 'Active' }, notOnSale)).toBe('retire');
  });

  it('refuses (409) to retire a price an offering on sale lists, naming it', () => {
    const decide = () => decideCatalogDeletion('productOfferingPrice', { id: 'pop-1', lifecycleStatus: 'Launched' }, [referrer('productOffering', 'po-live', 'Launched')]);
    expect(decide).toThrow(/pop-1 is Launched and cannot be retired: it is referenced by productOffering po-live \(Launched, productOfferingPrice\)/);
    try {
      decide();
    } catch (error) {
      expect((error as RuleViolationError).rule).toBe('catalog-resource-referenced');
    }
  });

  it('leaves a Retired resource as it is', () => {
    expect(decideCatalogDeletion('productSpecification', { id: 'ps-1', lifecycleStatus: 'Retired' }, [referrer('productOffering', 'po-live', 'Launched')])).toBe(
      'already-retired',
    );
  });

  const status = fc.constantFrom(...catalogLifecycleStatuses);
  const kind = fc.constantFrom<RemovableCatalogKind>('productOffering', 'productOfferingPrice', 'productSpecification');
  const referrers = fc.array(
    fc.record({ kind: fc.constantFrom<CatalogReferrer['kind']>('category', 'productOffering', 'productOfferingPrice', 'productSpecification'), id: fc.string({ minLength: 1 }), lifecycleStatus: status, via: fc.constant('x') }),
    { maxLength: 5 },
  );

  it('never removes what was ever on sale, nor what anything refers to; never retires under something on sale (property)', () => {
    fc.assert(
      fc.property(kind, status, referrers, (resourceKind, lifecycleStatus, found) => {
        let decision: string;
        try {
          decision = decideCatalogDeletion(resourceKind, { id: 'r-1', lifecycleStatus }, found);
        } catch (error) {
          expect(error).toBeInstanceOf(RuleViolationError);
          decision = 'refused';
        }
        if (decision === 'remove') {
          expect(lifecycleStatus).toBe('In design');
          expect(found).toEqual([]);
        }
        if (decision === 'retire') {
          expect(isOnSale(lifecycleStatus)).toBe(true);
          expect(found.some((r) => r.kind !== 'category' && isOnSale(r.lifecycleStatus))).toBe(false);
        }
        if (decision === 'refused') expect(found.length).toBeGreaterThan(0);
        if (lifecycleStatus === 'Retired') expect(decision).toBe('already-retired');
      }),
    );
  });
});

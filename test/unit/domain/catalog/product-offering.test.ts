import { describe, expect, it } from 'vitest';
import { catalogLifecycleStatuses, type CatalogLifecycleStatus } from '../../../../domain/catalog/catalog-lifecycle.js';
import { createProductOfferingPrice, type ProductOfferingPrice, type ProductOfferingPriceCreate } from '../../../../domain/catalog/product-offering-price.js';
import {
  checkOfferingReadyForSale,
  offeringReferencesToResolve,
  productOfferingReferenceProblems,
  type OfferingReferences,
  type ReferencedResource,
} from '../../../../domain/catalog/product-offering-references.js';
import {
  applyProductOfferingPatch,
  createProductOffering,
  offeringStructureProblems,
  productOfferingCreateSchema,
  productOfferingPatchSchema,
  type ProductOffering,
  type ProductOfferingCreate,
  type ProductOfferingPatch,
} from '../../../../domain/catalog/product-offering.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf620 } from '../../../support/tmf-schema.js';

const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';
const rules = { catalogCurrencies: ['EUR', 'GBP', 'USD'] };

const plan: ProductOfferingCreate = {
  name: 'Mobile M',
  productSpecification: { id: 'spec-1', name: 'Mobile plan' },
  category: [{ id: 'cat-mobile' }],
  productOfferingPrice: [{ id: 'pop-monthly' }],
};

const bundle: ProductOfferingCreate = {
  name: 'Home + Mobile',
  isBundle: true,
  bundledProductOffering: [
    { id: 'po-broadband', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 1, numberRelOfferDefault: 1 } },
    { id: 'po-mobile', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } },
  ],
  productOfferingPrice: [{ id: 'pop-discount' }],
};

const offeringIn = (lifecycleStatus: CatalogLifecycleStatus, input: ProductOfferingCreate = plan, id = 'po-1'): ProductOffering => ({
  ...createProductOffering(input, id, now),
  lifecycleStatus,
});

const priceCreate = (overrides: Partial<ProductOfferingPriceCreate> = {}): ProductOfferingPriceCreate => ({
  name: 'Mobile M monthly',
  priceType: 'recurring',
  price: { unit: 'EUR', value: 20 },
  recurringChargePeriodType: 'month',
  ...overrides,
});
const priceIn = (id: string, lifecycleStatus: CatalogLifecycleStatus, overrides: Partial<ProductOfferingPriceCreate> = {}): ProductOfferingPrice => ({
  ...createProductOfferingPrice(priceCreate(overrides), id, now),
  lifecycleStatus,
});

const resource = (id: string, lifecycleStatus: CatalogLifecycleStatus): ReferencedResource => ({ id, lifecycleStatus });

/** Everything the plan and the bundle refer to, on sale. */
const references = (overrides: Partial<{ [K in keyof OfferingReferences]: Array<[string, unknown]> }> = {}): OfferingReferences => ({
  productSpecifications: new Map((overrides.productSpecifications as [string, ReferencedResource][]) ?? [['spec-1', resource('spec-1', 'Launched')]]),
  categories: new Map((overrides.categories as [string, ReferencedResource][]) ?? [['cat-mobile', resource('cat-mobile', 'Launched')]]),
  prices: new Map(
    (overrides.prices as [string, ProductOfferingPrice][]) ?? [
      ['pop-monthly', priceIn('pop-monthly', 'Launched')],
      ['pop-discount', priceIn('pop-discount', 'Launched', { name: 'Bundle discount', priceType: 'discount', percentage: 10, price: undefined, recurringChargePeriodType: undefined })],
    ],
  ),
  bundledOfferings: new Map(
    (overrides.bundledOfferings as [string, ProductOffering][]) ?? [
      ['po-broadband', offeringIn('Launched', plan, 'po-broadband')],
      ['po-mobile', offeringIn('Launched', plan, 'po-mobile')],
    ],
  ),
});

const thrown = <T extends Error>(type: new (...args: never[]) => T, act: () => unknown): T => {
  try {
    act();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name}`);
};
const fieldsOf = (act: () => unknown) => thrown(InvalidInputError, act).problems.map((problem) => problem.field);

describe('createProductOffering', () => {
  it('starts In design, sellable, not a bundle, with id, href, @type and timestamps: a valid TMF620 ProductOffering', () => {
    const offering = createProductOffering(plan, 'po-1', now);
    expect(offering).toEqual({
      ...plan,
      id: 'po-1',
      href: '/tmf-api/productCatalogManagement/v4/productOffering/po-1',
      lifecycleStatus: 'In design',
      isBundle: false,
      isSellable: true,
      lastUpdate: now,
      createdAt: now,
      '@type': 'ProductOffering',
    });
    expectValidTmf(tmf620, 'ProductOffering', offering);
  });

  it('keeps isSellable false (sold only inside bundles) and a requested initial status', () => {
    const offering = createProductOffering({ ...plan, isSellable: false, lifecycleStatus: 'Launched' }, 'po-1', now);
    expect(offering).toMatchObject({ isSellable: false, lifecycleStatus: 'Launched' });
  });

  it('a bundle needs no specification; isBundle follows bundledProductOffering when left out', () => {
    const { isBundle: _given, ...withoutFlag } = bundle;
    const offering = createProductOffering(withoutFlag, 'po-1', now);
    expect(offering.isBundle).toBe(true);
    expectValidTmf(tmf620, 'ProductOffering', offering);
  });

  it('400 on isBundle without components, and on components without isBundle', () => {
    expect(fieldsOf(() => createProductOffering({ ...bundle, bundledProductOffering: [] }, 'po-1', now))).toEqual(['bundledProductOffering']);
    expect(fieldsOf(() => createProductOffering({ ...bundle, isBundle: false, productSpecification: { id: 'spec-1' } }, 'po-1', now))).toEqual([
      'isBundle',
    ]);
  });

  it('400 on productSpecification when an offering that is not a bundle has none', () => {
    const { productSpecification: _spec, ...withoutSpec } = plan;
    const error = thrown(InvalidInputError, () => createProductOffering(withoutSpec, 'po-1', now));
    expect(error.problems).toEqual([{ field: 'productSpecification', problem: expect.stringContaining('product specification') }]);
  });

  it.each([
    [{ numberRelOfferLowerLimit: 2, numberRelOfferUpperLimit: 1 }, ['numberRelOfferUpperLimit']],
    [{ numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 5 }, ['numberRelOfferDefault']],
    [{ numberRelOfferLowerLimit: 2, numberRelOfferDefault: 1 }, ['numberRelOfferDefault']],
    [{ numberRelOfferUpperLimit: 0, numberRelOfferDefault: 1 }, ['numberRelOfferDefault']],
  ])('400 when a component option breaks 0 ≤ lower ≤ default ≤ upper: %j', (option, fields) => {
    const input = { ...bundle, bundledProductOffering: [{ id: 'po-broadband' }, { id: 'po-mobile', bundledProductOfferingOption: option }] };
    expect(fieldsOf(() => createProductOffering(input, 'po-1', now))).toEqual(
      fields.map((field) => `bundledProductOffering[1].bundledProductOfferingOption.${field}`),
    );
  });

  it.each([
    [{}],
    [{ numberRelOfferLowerLimit: 0, numberRelOfferDefault: 0, numberRelOfferUpperLimit: 0 }],
    [{ numberRelOfferLowerLimit: 1, numberRelOfferDefault: 3 }],
  ])('accepts the option %j (upper absent = unbounded)', (option) => {
    const input = { ...bundle, bundledProductOffering: [{ id: 'po-mobile', bundledProductOfferingOption: option }] };
    expect(offeringStructureProblems(createProductOffering(input, 'po-1', now))).toEqual([]);
  });

  it('the create schema refuses negative limits, a Retired start, an empty validity and read-only attributes', () => {
    const issues = (value: unknown) => productOfferingCreateSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(issues({ ...bundle, bundledProductOffering: [{ id: 'x', bundledProductOfferingOption: { numberRelOfferLowerLimit: -1 } }] })).toEqual([
      'bundledProductOffering.0.bundledProductOfferingOption.numberRelOfferLowerLimit',
    ]);
    expect(issues({ ...plan, lifecycleStatus: 'Retired' })).toEqual(['lifecycleStatus']);
    expect(issues({ ...plan, validFor: { startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' } })).toEqual([
      'validFor.endDateTime',
    ]);
    expect(issues({ ...plan, id: 'mine', lastUpdate: now })).toEqual(['']);
  });
});

describe('productOfferingPatchSchema', () => {
  const issues = (value: unknown) => productOfferingPatchSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];

  it('accepts null on optional attributes and refuses it on name, isBundle, isSellable, lifecycleStatus', () => {
    expect(issues({ description: null, productSpecification: null, category: null, productOfferingPrice: null, validFor: null })).toEqual([]);
    for (const attribute of ['name', 'isBundle', 'isSellable', 'lifecycleStatus']) expect(issues({ [attribute]: null })).toEqual([attribute]);
  });

  it('refuses an empty patch', () => {
    expect(productOfferingPatchSchema.safeParse({}).success).toBe(false);
  });
});

describe('applyProductOfferingPatch: lifecycle', () => {
  const allowed: Record<CatalogLifecycleStatus, CatalogLifecycleStatus[]> = {
    'In design': ['Active', 'Launched'],
    Active: ['Launched', 'Retired'],
    Launched: ['Retired'],
    Retired: [],
  };
  const pairs = catalogLifecycleStatuses.flatMap((from) => catalogLifecycleStatuses.map((to) => [from, to] as const)).filter(([from, to]) => from !== to);

  it.each(pairs)('%s -> %s follows the catalog lifecycle', (from, to) => {
    const act = () => applyProductOfferingPatch(offeringIn(from), { lifecycleStatus: to }, later);
    if (allowed[from].includes(to)) expect(act().offering.lifecycleStatus).toBe(to);
    else expect(thrown(RuleViolationError, act).rule).toBe('catalog-lifecycle');
  });

  it('reports retiring, stamps lastUpdate and lists what changed', () => {
    const change = applyProductOfferingPatch(offeringIn('Launched'), { lifecycleStatus: 'Retired', statusReason: 'replaced by Mobile M+' }, later);
    expect(change).toMatchObject({ retired: true, changedAttributes: ['lifecycleStatus', 'statusReason'] });
    expect(change.offering.lastUpdate).toBe(later);
    expect(applyProductOfferingPatch(offeringIn('In design'), { lifecycleStatus: 'Launched' }, later).retired).toBe(false);
  });

  it('a Retired offering cannot be changed at all', () => {
    expect(thrown(RuleViolationError, () => applyProductOfferingPatch(offeringIn('Retired'), { description: 'x' }, later)).message).toContain('Retired');
  });
});

describe('applyProductOfferingPatch: In design', () => {
  it('may change its structure, and re-checks it', () => {
    const change = applyProductOfferingPatch(offeringIn('In design'), { productSpecification: { id: 'spec-2' }, productOfferingPrice: null }, later);
    expect(change.offering.productSpecification).toEqual({ id: 'spec-2' });
    expect(change.offering).not.toHaveProperty('productOfferingPrice');
    expect(fieldsOf(() => applyProductOfferingPatch(offeringIn('In design'), { productSpecification: null }, later))).toEqual(['productSpecification']);
    expect(fieldsOf(() => applyProductOfferingPatch(offeringIn('In design'), { isBundle: true }, later))).toEqual(['bundledProductOffering']);
  });
});

describe.each(['Active', 'Launched'] as const)('applyProductOfferingPatch: a %s offering (on sale)', (status) => {
  it.each<[string, ProductOfferingPatch]>([
    ['productSpecification', { productSpecification: { id: 'spec-2' } }],
    ['isBundle', { isBundle: true, bundledProductOffering: [{ id: 'po-9' }] }],
  ])('409 offering-frozen when the patch changes %s', (attribute, patch) => {
    const error = thrown(RuleViolationError, () => applyProductOfferingPatch(offeringIn(status), patch, later));
    expect(error.rule).toBe('offering-frozen');
    expect(error.message).toContain(attribute);
  });

  it('409 offering-frozen when a bundle changes its components or their options', () => {
    const current = offeringIn(status, bundle);
    const options = [{ id: 'po-broadband' }, { id: 'po-mobile', bundledProductOfferingOption: { numberRelOfferUpperLimit: 8 } }];
    expect(thrown(RuleViolationError, () => applyProductOfferingPatch(current, { bundledProductOffering: options }, later)).rule).toBe('offering-frozen');
  });

  it('accepts its structure sent back unchanged, and name, description, categories, isSellable', () => {
    const current = offeringIn(status);
    const change = applyProductOfferingPatch(
      current,
      { productSpecification: { name: 'Mobile plan', id: 'spec-1' }, isBundle: false, name: 'Mobile M 2026', isSellable: false, category: [] },
      later,
    );
    expect(change.changedAttributes).toEqual(['name', 'isSellable', 'category']);
  });

  it('adds a price (a new price version) next to the existing ones', () => {
    const change = applyProductOfferingPatch(offeringIn(status), { productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }] }, later);
    expect(change.offering.productOfferingPrice).toEqual([{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }]);
  });

  it('409 offering-price-removed when a price would be removed: products sold at it keep it, retire it instead', () => {
    for (const patch of [{ productOfferingPrice: [{ id: 'pop-other' }] }, { productOfferingPrice: null }]) {
      const error = thrown(RuleViolationError, () => applyProductOfferingPatch(offeringIn(status), patch, later));
      expect(error.rule).toBe('offering-price-removed');
      expect(error.message).toContain('retire price pop-monthly');
    }
  });
});

describe('offeringReferencesToResolve', () => {
  it('a new offering resolves every reference', () => {
    expect(offeringReferencesToResolve(undefined, createProductOffering(plan, 'po-1', now))).toEqual({
      productSpecification: ['spec-1'],
      category: ['cat-mobile'],
      productOfferingPrice: ['pop-monthly'],
      bundledProductOffering: [],
    });
  });

  it('a patch resolves only what it changed', () => {
    const before = offeringIn('In design');
    const after = applyProductOfferingPatch(before, { description: 'x', category: [{ id: 'cat-mobile' }, { id: 'cat-new' }] }, later).offering;
    expect(offeringReferencesToResolve(before, after)).toEqual({
      productSpecification: [],
      category: ['cat-mobile', 'cat-new'],
      productOfferingPrice: [],
      bundledProductOffering: [],
    });
  });

  it('going on sale resolves everything, since all of it must be on sale too', () => {
    const before = offeringIn('In design', bundle);
    const after = applyProductOfferingPatch(before, { lifecycleStatus: 'Active' }, later).offering;
    expect(offeringReferencesToResolve(before, after)).toEqual({
      productSpecification: [],
      category: [],
      productOfferingPrice: ['pop-discount'],
      bundledProductOffering: ['po-broadband', 'po-mobile'],
    });
  });
});

describe('productOfferingReferenceProblems', () => {
  const fresh = (input: ProductOfferingCreate = plan) => createProductOffering(input, 'po-1', now);
  const problemsOf = (offering: ProductOffering, refs = references(), before?: ProductOffering) =>
    productOfferingReferenceProblems(before, offering, refs, rules);

  it('none when everything exists and is usable', () => {
    expect(problemsOf(fresh())).toEqual([]);
    expect(problemsOf(fresh(bundle))).toEqual([]);
  });

  it('400 productSpecification.id when the specification does not exist, or is Retired', () => {
    expect(problemsOf(fresh(), references({ productSpecifications: [] }))).toEqual([
      { field: 'productSpecification.id', problem: 'productSpecification spec-1 does not exist' },
    ]);
    expect(problemsOf(fresh(), references({ productSpecifications: [['spec-1', resource('spec-1', 'Retired')]] }))).toEqual([
      { field: 'productSpecification.id', problem: expect.stringContaining('Retired') },
    ]);
  });

  it('400 naming each missing or repeated category and price', () => {
    const offering = fresh({ ...plan, category: [{ id: 'cat-mobile' }, { id: 'cat-gone' }], productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-gone' }, { id: 'pop-monthly' }] });
    expect(problemsOf(offering).map((problem) => problem.field)).toEqual(['category[1].id', 'productOfferingPrice[1].id', 'productOfferingPrice[2].id']);
  });

  it('400 when a price is in a currency the catalog does not sell in', () => {
    const refs = references({ prices: [['pop-monthly', priceIn('pop-monthly', 'Launched', { price: { unit: 'JPY', value: 2000 } })]] });
    expect(problemsOf(fresh(), refs)).toEqual([
      { field: 'productOfferingPrice[0].id', problem: 'productOfferingPrice pop-monthly is in JPY, not a currency of this catalog (EUR, GBP, USD)' },
    ]);
  });

  it('400 when two versions of one price start at the same instant (price-rules)', () => {
    const offering = fresh({ ...plan, productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-monthly-copy' }] });
    const refs = references({
      prices: [
        ['pop-monthly', priceIn('pop-monthly', 'Launched')],
        ['pop-monthly-copy', priceIn('pop-monthly-copy', 'In design', { price: { unit: 'EUR', value: 22 } })],
      ],
    });
    expect(problemsOf(offering, refs)).toEqual([{ field: 'productOfferingPrice', problem: expect.stringContaining('same instant') }]);
  });

  it('a later version of the price is fine, and a Retired version takes no part in the version rule', () => {
    const offering = fresh({ ...plan, productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-monthly-2027' }] });
    const refs = references({
      prices: [
        ['pop-monthly', priceIn('pop-monthly', 'Launched')],
        ['pop-monthly-2027', priceIn('pop-monthly-2027', 'In design', { validFor: { startDateTime: '2027-01-01T00:00:00Z' } })],
      ],
    });
    expect(problemsOf(offering, refs)).toEqual([]);

    const before = offeringIn('Launched', { ...plan, productOfferingPrice: [{ id: 'pop-old' }] });
    const after = applyProductOfferingPatch(before, { productOfferingPrice: [{ id: 'pop-old' }, { id: 'pop-monthly' }] }, later).offering;
    const withRetired = references({ prices: [['pop-old', priceIn('pop-old', 'Retired')], ['pop-monthly', priceIn('pop-monthly', 'Launched')]] });
    expect(problemsOf(after, withRetired, before)).toEqual([]);
  });

  it('400 when a Retired price is newly added', () => {
    const before = offeringIn('In design');
    const after = applyProductOfferingPatch(before, { productOfferingPrice: [{ id: 'pop-monthly' }, { id: 'pop-old' }] }, later).offering;
    const refs = references({ prices: [['pop-monthly', priceIn('pop-monthly', 'Launched')], ['pop-old', priceIn('pop-old', 'Retired', { name: 'Old' })]] });
    expect(problemsOf(after, refs, before)).toEqual([{ field: 'productOfferingPrice[1].id', problem: expect.stringContaining('Retired') }]);
  });

  it('400 when a bundle component does not exist or is Retired', () => {
    expect(problemsOf(fresh(bundle), references({ bundledOfferings: [['po-broadband', offeringIn('Launched', plan, 'po-broadband')]] }))).toEqual([
      { field: 'bundledProductOffering[1].id', problem: 'productOffering po-mobile does not exist' },
    ]);
    const retired = references({
      bundledOfferings: [
        ['po-broadband', offeringIn('Launched', plan, 'po-broadband')],
        ['po-mobile', offeringIn('Retired', plan, 'po-mobile')],
      ],
    });
    expect(problemsOf(fresh(bundle), retired)).toEqual([{ field: 'bundledProductOffering[1].id', problem: expect.stringContaining('Retired') }]);
  });

  it('400 when a bundle lists itself', () => {
    const before = offeringIn('In design', bundle);
    const after = applyProductOfferingPatch(before, { bundledProductOffering: [{ id: 'po-broadband' }, { id: 'po-1' }] }, later).offering;
    expect(problemsOf(after, references(), before)).toEqual([{ field: 'bundledProductOffering[1].id', problem: 'the bundle would contain itself: po-1 → po-1' }]);
  });

  it('does not re-check references a patch left alone', () => {
    const before = offeringIn('Launched');
    const after = applyProductOfferingPatch(before, { description: 'x' }, later).offering;
    expect(problemsOf(after, references({ productSpecifications: [], categories: [], prices: [] }), before)).toEqual([]);
  });
});

describe('checkOfferingReadyForSale', () => {
  const ready = (offering: ProductOffering, refs = references(), before?: ProductOffering) => () => checkOfferingReadyForSale(before, offering, refs);

  it('passes an offering created on sale when everything it sells is on sale', () => {
    expect(ready(offeringIn('Launched'))).not.toThrow();
    expect(ready(offeringIn('Active', bundle))).not.toThrow();
  });

  it('does not apply to offerings staying In design', () => {
    expect(ready(offeringIn('In design'), references({ productSpecifications: [['spec-1', resource('spec-1', 'In design')]], prices: [] }))).not.toThrow();
  });

  it('409 offering-not-ready when the specification is not on sale', () => {
    const error = thrown(RuleViolationError, ready(offeringIn('Launched'), references({ productSpecifications: [['spec-1', resource('spec-1', 'In design')]] })));
    expect(error.rule).toBe('offering-not-ready');
    expect(error.message).toContain('productSpecification spec-1 is In design');
  });

  it('409 when a bundle component is not on sale', () => {
    const refs = references({
      bundledOfferings: [
        ['po-broadband', offeringIn('Launched', plan, 'po-broadband')],
        ['po-mobile', offeringIn('In design', plan, 'po-mobile')],
      ],
    });
    expect(thrown(RuleViolationError, ready(offeringIn('Launched', bundle), refs)).message).toContain('bundled productOffering po-mobile is In design');
  });

  it('409 when an offering that is not a bundle has no chargeable price: none, only Retired ones, or only a discount', () => {
    const noPrice = offeringIn('Launched', { ...plan, productOfferingPrice: [] });
    expect(thrown(RuleViolationError, ready(noPrice)).message).toContain('no price');
    expect(() => ready(offeringIn('Launched'), references({ prices: [['pop-monthly', priceIn('pop-monthly', 'Retired')]] }))()).toThrow(RuleViolationError);
    const discountOnly = references({ prices: [['pop-monthly', priceIn('pop-monthly', 'Launched', { priceType: 'discount', percentage: 5, price: undefined })]] });
    expect(() => ready(offeringIn('Launched'), discountOnly)()).toThrow(RuleViolationError);
  });

  it('an In design price does not count: the pricing engine prices only prices on sale, so it would sell for nothing', () => {
    const inDesignOnly = references({ prices: [['pop-monthly', priceIn('pop-monthly', 'In design')]] });
    expect(thrown(RuleViolationError, ready(offeringIn('Launched'), inDesignOnly)).message).toContain('no price on sale');
    expect(ready(offeringIn('Launched'), references({ prices: [['pop-monthly', priceIn('pop-monthly', 'Active')]] }))).not.toThrow();
  });

  it('checks only the move onto sale, not every later patch of an offering on sale', () => {
    const before = offeringIn('Active');
    const after = applyProductOfferingPatch(before, { lifecycleStatus: 'Launched' }, later).offering;
    expect(ready(after, references({ productSpecifications: [['spec-1', resource('spec-1', 'Retired')]] }), before)).not.toThrow();
  });
});

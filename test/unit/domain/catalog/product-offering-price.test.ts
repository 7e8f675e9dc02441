import { describe, expect, it } from 'vitest';
import { catalogLifecycleStatuses, type CatalogLifecycleStatus } from '../../../../domain/catalog/catalog-lifecycle.js';
import {
  applyProductOfferingPricePatch,
  createProductOfferingPrice,
  priceAmountAttributes,
  priceRulesApply,
  productOfferingPriceCreateSchema,
  productOfferingPricePatchSchema,
  type ProductOfferingPrice,
  type ProductOfferingPriceCreate,
  type ProductOfferingPricePatch,
} from '../../../../domain/catalog/product-offering-price.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf620 } from '../../../support/tmf-schema.js';

const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';

const monthly: ProductOfferingPriceCreate = {
  name: 'Mobile M monthly',
  priceType: 'recurring',
  price: { unit: 'EUR', value: 20 },
  recurringChargePeriodType: 'month',
  recurringChargePeriodLength: 1,
  validFor: { startDateTime: '2026-01-01T00:00:00Z' },
};

const priceIn = (lifecycleStatus: CatalogLifecycleStatus, overrides: Partial<ProductOfferingPrice> = {}): ProductOfferingPrice => ({
  ...createProductOfferingPrice(monthly, 'pop-1', now),
  lifecycleStatus,
  ...overrides,
});

const violation = (act: () => unknown): RuleViolationError => {
  try {
    act();
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error('expected a RuleViolationError');
};

const patchIssues = (value: unknown) =>
  productOfferingPricePatchSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('createProductOfferingPrice', () => {
  it('starts In design with id, href, @type, isBundle false and both timestamps, a valid TMF620 ProductOfferingPrice', () => {
    const price = createProductOfferingPrice(monthly, 'pop-1', now);
    expect(price).toEqual({
      ...monthly,
      id: 'pop-1',
      href: '/tmf-api/productCatalogManagement/v4/productOfferingPrice/pop-1',
      lifecycleStatus: 'In design',
      isBundle: false,
      lastUpdate: now,
      createdAt: now,
      '@type': 'ProductOfferingPrice',
    });
    expectValidTmf(tmf620, 'ProductOfferingPrice', price);
  });

  it('keeps a requested initial status (straight on sale)', () => {
    expect(createProductOfferingPrice({ ...monthly, lifecycleStatus: 'Launched' }, 'pop-1', now).lifecycleStatus).toBe('Launched');
  });

  it('the create schema refuses a new price that starts Retired and composite prices', () => {
    const retired = productOfferingPriceCreateSchema.safeParse({ ...monthly, lifecycleStatus: 'Retired' });
    expect(retired.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['lifecycleStatus']);
    const bundle = productOfferingPriceCreateSchema.safeParse({ ...monthly, isBundle: true });
    expect(bundle.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['isBundle']);
  });

  it('the create schema refuses a negative amount (a reduction is a discount price)', () => {
    const negative = productOfferingPriceCreateSchema.safeParse({ ...monthly, price: { unit: 'EUR', value: -1 } });
    expect(negative.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['price.value']);
  });
});

describe('productOfferingPricePatchSchema', () => {
  it('accepts null on every optional attribute, to remove it', () => {
    expect(patchIssues({ description: null, price: null, validFor: null, tax: null, '@baseType': null })).toEqual([]);
  });

  it.each(['name', 'priceType', 'lifecycleStatus'])('refuses null on the required %s', (attribute) => {
    expect(patchIssues({ [attribute]: null })).toHaveLength(1);
  });

  it('refuses an empty patch, read-only and unknown attributes', () => {
    expect(patchIssues({})).toEqual([': the patch changes nothing: send at least one attribute']);
    const readOnly = productOfferingPricePatchSchema.safeParse({ id: 'x', href: 'y', isBundle: false, lastUpdate: now, colour: 'red' });
    expect(readOnly.error?.issues).toContainEqual(
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['id', 'href', 'isBundle', 'lastUpdate', 'colour'] }),
    );
  });

  it('validates the values it accepts like the create schema does', () => {
    expect(patchIssues({ price: { unit: 'EUR', value: -5 } })).toEqual([expect.stringMatching(/^price\.value: /)]);
    expect(patchIssues({ lifecycleStatus: 'Published' })).toEqual([expect.stringMatching(/^lifecycleStatus: /)]);
  });
});

describe('applyProductOfferingPricePatch: lifecycle', () => {
  const allowed: Record<CatalogLifecycleStatus, CatalogLifecycleStatus[]> = {
    'In design': ['Active', 'Launched'],
    Active: ['Launched', 'Retired'],
    Launched: ['Retired'],
    Retired: [],
  };
  const pairs = catalogLifecycleStatuses.flatMap((from) => catalogLifecycleStatuses.map((to) => [from, to] as const)).filter(([from, to]) => from !== to);

  it.each(pairs)('%s -> %s follows the catalog lifecycle', (from, to) => {
    const act = () => applyProductOfferingPricePatch(priceIn(from), { lifecycleStatus: to }, later);
    if (allowed[from].includes(to)) {
      expect(act().price.lifecycleStatus).toBe(to);
    } else {
      expect(violation(act).rule).toBe('catalog-lifecycle');
    }
  });

  it('reports retiring, and only retiring', () => {
    expect(applyProductOfferingPricePatch(priceIn('Launched'), { lifecycleStatus: 'Retired' }, later).retired).toBe(true);
    expect(applyProductOfferingPricePatch(priceIn('In design'), { lifecycleStatus: 'Active' }, later).retired).toBe(false);
    expect(applyProductOfferingPricePatch(priceIn('Launched'), { description: 'x' }, later).retired).toBe(false);
  });

  it('a Retired price cannot be changed at all, not even its description', () => {
    expect(violation(() => applyProductOfferingPricePatch(priceIn('Retired'), { description: 'still here' }, later)).message).toContain('Retired');
  });
});

describe('applyProductOfferingPricePatch: In design', () => {
  it('changes anything, stamps lastUpdate and lists the attributes that really changed', () => {
    const change = applyProductOfferingPricePatch(
      priceIn('In design'),
      { price: { unit: 'EUR', value: 25 }, name: 'Mobile M monthly', recurringChargePeriodLength: null },
      later,
    );
    expect(change.price.price).toEqual({ unit: 'EUR', value: 25 });
    expect(change.price).not.toHaveProperty('recurringChargePeriodLength');
    expect(change.price.lastUpdate).toBe(later);
    expect(change.price.createdAt).toBe(now);
    expect(change.changedAttributes).toEqual(['price', 'recurringChargePeriodLength']);
    expectValidTmf(tmf620, 'ProductOfferingPrice', change.price);
  });

  it('may change its start date', () => {
    const change = applyProductOfferingPricePatch(priceIn('In design'), { validFor: { startDateTime: '2026-06-01T00:00:00Z' } }, later);
    expect(change.price.validFor).toEqual({ startDateTime: '2026-06-01T00:00:00Z' });
  });
});

describe.each(['Active', 'Launched'] as const)('applyProductOfferingPricePatch: a %s price (on sale, maybe sold)', (status) => {
  const changes: Record<(typeof priceAmountAttributes)[number], ProductOfferingPricePatch> = {
    priceType: { priceType: 'oneTime' },
    price: { price: { unit: 'EUR', value: 21 } },
    percentage: { percentage: 10 },
    recurringChargePeriodType: { recurringChargePeriodType: 'year' },
    recurringChargePeriodLength: { recurringChargePeriodLength: null },
    unitOfMeasure: { unitOfMeasure: { amount: 1, units: 'GB' } },
    chargeModel: { chargeModel: 'volume' },
    priceTier: { priceTier: [{ fromQuantity: 0, price: { unit: 'EUR', value: 1 } }] },
    includedQuantity: { includedQuantity: 5 },
    minimumCharge: { minimumCharge: { unit: 'EUR', value: 1 } },
    maximumCharge: { maximumCharge: { unit: 'EUR', value: 100 } },
    fixedFeePerEvent: { fixedFeePerEvent: { unit: 'EUR', value: 0.3 } },
    minimumPerEvent: { minimumPerEvent: { unit: 'EUR', value: 0.1 } },
    maximumPerEvent: { maximumPerEvent: { unit: 'EUR', value: 10 } },
    freeEventsPerPeriod: { freeEventsPerPeriod: 5 },
    rating: { rating: { increments: { first: 60, next: 1 } } },
    applicationDuration: { applicationDuration: 3 },
    popRelationship: { popRelationship: [{ id: 'pop-9', relationshipType: 'discounts' }] },
    prodSpecCharValueUse: { prodSpecCharValueUse: [{ name: 'colour' }] },
    marketSegment: { marketSegment: [{ id: 'student' }] },
    tax: { tax: [{ taxCategory: 'telecommunications' }] },
    taxIncluded: { taxIncluded: true },
  };

  it.each(priceAmountAttributes)('409 price-frozen when the patch changes the amount attribute %s', (attribute) => {
    const error = violation(() => applyProductOfferingPricePatch(priceIn(status), changes[attribute], later));
    expect(error.rule).toBe('price-frozen');
    expect(error.message).toContain(attribute);
    expect(error.message).toContain('create a new price');
  });

  it('409 when the patch renames it (the name makes it a version of one price)', () => {
    expect(violation(() => applyProductOfferingPricePatch(priceIn(status), { name: 'Mobile M per month' }, later)).message).toContain('name');
  });

  it('409 when the patch moves, or removes, its start', () => {
    const moved = violation(() => applyProductOfferingPricePatch(priceIn(status), { validFor: { startDateTime: '2026-02-01T00:00:00Z' } }, later));
    expect(moved.message).toContain('validFor.startDateTime');
    expect(violation(() => applyProductOfferingPricePatch(priceIn(status), { validFor: null }, later)).rule).toBe('price-frozen');
  });

  it('ends it (a promotion over): validFor sent whole, with the same start, however it is written', () => {
    const end = '2026-12-31T23:59:59Z';
    const change = applyProductOfferingPricePatch(priceIn(status), { validFor: { startDateTime: '2026-01-01T00:00:00.000+00:00', endDateTime: end } }, later);
    expect(change.price.validFor?.endDateTime).toBe(end);
    expect(change.changedAttributes).toEqual(['validFor']);
  });

  it('409 when the end would move into the past: quotes already given would change', () => {
    const error = violation(() =>
      applyProductOfferingPricePatch(priceIn(status), { validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-02-01T00:00:00Z' } }, later),
    );
    expect(error.message).toContain('past');
  });

  it('accepts its amounts sent back unchanged (a whole-resource PATCH), and description, version, lifecycle', () => {
    const current = priceIn(status);
    const change = applyProductOfferingPricePatch(
      current,
      { price: { value: 20, unit: 'EUR' }, name: current.name, priceType: 'recurring', description: 'Monthly fee', version: '2', lifecycleStatus: 'Retired' },
      later,
    );
    expect(change.changedAttributes).toEqual(['description', 'version', 'lifecycleStatus']);
    expect(change.price.lifecycleStatus).toBe('Retired');
  });
});

describe('priceRulesApply', () => {
  it('is true when what the price charges, or when, changed', () => {
    expect(priceRulesApply({ changedAttributes: ['price'] })).toBe(true);
    expect(priceRulesApply({ changedAttributes: ['description', 'priceTier'] })).toBe(true);
    expect(priceRulesApply({ changedAttributes: ['validFor'] })).toBe(true);
  });

  it('is false for descriptive changes and the lifecycle alone', () => {
    expect(priceRulesApply({ changedAttributes: ['description', 'version', 'lifecycleStatus', 'name'] })).toBe(false);
    expect(priceRulesApply({ changedAttributes: [] })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  applyProductSpecificationPatch,
  createProductSpecification,
  productSpecificationCreateSchema,
  productSpecificationPatchSchema,
  productSpecificationReferenceProblems,
  type ProductSpecification,
} from '../../../../domain/catalog/product-specification.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf620 } from '../../../support/tmf-schema.js';

const now = '2026-03-01T09:00:00.000Z';
const later = '2026-03-02T10:00:00.000Z';

const dataAllowance = {
  name: 'dataAllowance',
  valueType: 'number',
  configurable: true,
  minCardinality: 1,
  maxCardinality: 1,
  productSpecCharacteristicValue: [
    { value: 5, isDefault: true, unitOfMeasure: 'GB' },
    { value: 20, isDefault: false, unitOfMeasure: 'GB', valueType: 'number' },
  ],
};

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Mobile plan',
  brand: 'BSS Telecom',
  productNumber: 'MOB-PLAN',
  productSpecCharacteristic: [dataAllowance],
  ...overrides,
});

const issues = (value: unknown) =>
  productSpecificationCreateSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

const withCharacteristic = (characteristic: Record<string, unknown>) => body({ productSpecCharacteristic: [{ ...dataAllowance, ...characteristic }] });

describe('productSpecificationCreateSchema', () => {
  it('accepts a specification with characteristics', () => {
    expect(issues(body())).toEqual([]);
  });

  it('characteristic names are unique within the specification', () => {
    expect(issues(body({ productSpecCharacteristic: [dataAllowance, { name: 'speed' }, { name: 'dataAllowance' }] }))).toEqual([
      'productSpecCharacteristic.2.name: dataAllowance is already characteristic 0',
    ]);
  });

  it('minCardinality is at most maxCardinality', () => {
    expect(issues(withCharacteristic({ minCardinality: 2, maxCardinality: 1 }))).toEqual([
      'productSpecCharacteristic.0.maxCardinality: must be at least minCardinality (2)',
    ]);
    expect(issues(withCharacteristic({ minCardinality: 2, maxCardinality: 2 }))).toEqual([]);
  });

  it('at most one value is the default', () => {
    const values = [
      { value: 5, isDefault: true },
      { value: 20, isDefault: true },
    ];
    expect(issues(withCharacteristic({ productSpecCharacteristicValue: values }))).toEqual([
      'productSpecCharacteristic.0.productSpecCharacteristicValue: at most one value is the default',
    ]);
  });

  it.each([
    ['number', '5', false],
    ['number', 5.5, true],
    ['integer', 1.5, false],
    ['integer', 2, true],
    ['string', 5, false],
    ['string', '5G', true],
    ['boolean', 'true', false],
    ['boolean', false, true],
    ['dateTime', 'next week', false],
    ['dateTime', '2026-05-01T00:00:00Z', true],
  ] as const)('a %s characteristic with value %j is valid: %s', (valueType, value, valid) => {
    const found = issues(withCharacteristic({ valueType, productSpecCharacteristicValue: [{ value }] }));
    expect(found).toEqual(valid ? [] : [`productSpecCharacteristic.0.productSpecCharacteristicValue.0.value: ${JSON.stringify(value)} is not a ${valueType}`]);
  });

  it("a value's own valueType must be the characteristic's", () => {
    expect(issues(withCharacteristic({ productSpecCharacteristicValue: [{ value: 5, valueType: 'string' }] }))).toEqual([
      "productSpecCharacteristic.0.productSpecCharacteristicValue.0.valueType: must be the characteristic's valueType number",
    ]);
  });

  it('rejects unknown value types, Retired at creation and read-only attributes', () => {
    expect(issues(withCharacteristic({ valueType: 'colour' }))).toHaveLength(1);
    expect(issues(body({ lifecycleStatus: 'Retired' }))).toHaveLength(1);
    expect(issues(body({ id: 'mine', lastUpdate: now }))).toHaveLength(1);
  });

  it('the patch schema applies the same characteristic rules', () => {
    const result = productSpecificationPatchSchema.safeParse({ productSpecCharacteristic: [dataAllowance, dataAllowance] });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['productSpecCharacteristic.1.name']);
  });
});

describe('createProductSpecification', () => {
  it('is a TMF ProductSpecification In design, not a bundle unless it lists bundled specifications', () => {
    const specification = createProductSpecification(productSpecificationCreateSchema.parse(body()), 'ps-1', now);
    expect(specification).toMatchObject({
      id: 'ps-1',
      href: '/tmf-api/productCatalogManagement/v4/productSpecification/ps-1',
      isBundle: false,
      lifecycleStatus: 'In design',
      lastUpdate: now,
      createdAt: now,
      '@type': 'ProductSpecification',
      productSpecCharacteristic: [dataAllowance],
    });
    expectValidTmf(tmf620, 'ProductSpecification', specification);
  });

  it('a specification listing bundled specifications is a bundle', () => {
    const bundle = createProductSpecification(productSpecificationCreateSchema.parse(body({ bundledProductSpecification: [{ id: 'ps-1' }, { id: 'ps-2' }] })), 'ps-3', now);
    expect(bundle.isBundle).toBe(true);
    expectValidTmf(tmf620, 'ProductSpecification', bundle);
  });

  it.each([
    [{ isBundle: true }, 'a bundle lists its bundledProductSpecification'],
    [{ isBundle: true, bundledProductSpecification: [] }, 'a bundle lists its bundledProductSpecification'],
    [{ isBundle: false, bundledProductSpecification: [{ id: 'ps-1' }] }, 'a specification that is not a bundle lists no bundledProductSpecification'],
  ])('400 when isBundle contradicts the bundled specifications: %j', (overrides, problem) => {
    const attempt = () => createProductSpecification(productSpecificationCreateSchema.parse(body(overrides)), 'ps-3', now);
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).problems).toEqual([{ field: 'isBundle', problem }]);
    }
  });
});

describe('applyProductSpecificationPatch', () => {
  const single: ProductSpecification = { ...createProductSpecification(productSpecificationCreateSchema.parse(body()), 'ps-3', now), lifecycleStatus: 'Active' };

  it('listing bundled specifications makes it a bundle; removing them makes it single again', () => {
    const bundle = applyProductSpecificationPatch(single, { bundledProductSpecification: [{ id: 'ps-1' }] }, later);
    expect(bundle).toMatchObject({ isBundle: true, lastUpdate: later });
    const unbundled = applyProductSpecificationPatch(bundle, { bundledProductSpecification: null }, later);
    expect(unbundled.isBundle).toBe(false);
    expect(unbundled).not.toHaveProperty('bundledProductSpecification');
  });

  it('400 when isBundle alone contradicts the stored bundled specifications', () => {
    expect(() => applyProductSpecificationPatch(single, { isBundle: true }, later)).toThrow(InvalidInputError);
  });

  it('follows the catalog lifecycle', () => {
    expect(applyProductSpecificationPatch(single, { lifecycleStatus: 'Retired' }, later).lifecycleStatus).toBe('Retired');
    expect(() => applyProductSpecificationPatch(single, { lifecycleStatus: 'In design' }, later)).toThrow(RuleViolationError);
  });
});

describe('productSpecificationReferenceProblems', () => {
  const existing = new Map([['ps-1', {}]]);

  it('a bundle cannot contain itself, and its specifications must exist once each', () => {
    expect(
      productSpecificationReferenceProblems('ps-3', { bundledProductSpecification: [{ id: 'ps-1' }, { id: 'ps-3' }, { id: 'ps-9' }, { id: 'ps-1' }] }, existing),
    ).toEqual([
      { field: 'bundledProductSpecification[1].id', problem: 'a bundle cannot contain itself' },
      { field: 'bundledProductSpecification[2].id', problem: 'productSpecification ps-9 does not exist' },
      { field: 'bundledProductSpecification[3].id', problem: 'productSpecification ps-1 is listed twice' },
    ]);
  });

  it('no bundled specifications, no problems', () => {
    expect(productSpecificationReferenceProblems('ps-3', {}, new Map())).toEqual([]);
    expect(productSpecificationReferenceProblems('ps-3', { bundledProductSpecification: [{ id: 'ps-1' }] }, existing)).toEqual([]);
  });
});

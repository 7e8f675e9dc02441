import { describe, expect, it } from 'vitest';
import type { ProductOffering } from '../../../../domain/catalog/product-offering.js';
import type { ProductSpecification } from '../../../../domain/catalog/product-specification.js';
import { resolveCharacteristics, stockKeepingUnitOf } from '../../../../domain/orders/order-characteristics.js';

type Spec = Pick<ProductSpecification, 'productSpecCharacteristic'>;
type Offering = Pick<ProductOffering, 'prodSpecCharValueUse'>;

const field = 'productOrderItem[0].product.productCharacteristic';

/** A mobile line: a colour with a default, a data allowance the plan narrows, a required phone number of a given form. */
const mobile: Spec = {
  productSpecCharacteristic: [
    {
      name: 'simType',
      valueType: 'string',
      productSpecCharacteristicValue: [{ value: 'physical', isDefault: true }, { value: 'eSIM' }],
    },
    {
      name: 'dataAllowanceGb',
      valueType: 'integer',
      productSpecCharacteristicValue: [{ value: 10 }, { value: 20 }, { value: 50 }],
    },
    { name: 'phoneNumber', valueType: 'string', minCardinality: 1, regex: '^\\+[1-9][0-9]{7,14}$' },
    { name: 'roaming', valueType: 'boolean', minCardinality: 0 },
  ],
};
const planM: Offering = { prodSpecCharValueUse: [{ name: 'dataAllowanceGb', productSpecCharacteristicValue: [{ value: 20 }] }] };
const phone = { name: 'phoneNumber', value: '+33612345678' };

const resolve = (chosen: { name: string; value: string | number | boolean }[], offering: Offering = planM, spec: Spec | undefined = mobile) =>
  resolveCharacteristics(chosen, offering, spec, field);

describe('resolveCharacteristics', () => {
  it('keeps the chosen values with their value type and fills in defaults: the spec default and the single value the offering allows', () => {
    const { characteristics, problems } = resolve([phone, { name: 'roaming', value: true }]);
    expect(problems).toEqual([]);
    expect(characteristics).toEqual([
      { name: 'phoneNumber', value: '+33612345678', valueType: 'string' },
      { name: 'roaming', value: true, valueType: 'boolean' },
      { name: 'simType', value: 'physical', valueType: 'string' },
      { name: 'dataAllowanceGb', value: 20, valueType: 'integer' },
    ]);
  });

  it('a chosen value overrides the default', () => {
    const { characteristics, problems } = resolve([phone, { name: 'simType', value: 'eSIM' }]);
    expect(problems).toEqual([]);
    expect(characteristics).toContainEqual({ name: 'simType', value: 'eSIM', valueType: 'string' });
    expect(characteristics.filter((each) => each.name === 'simType')).toHaveLength(1);
  });

  it('an unknown name is a problem naming the characteristics there are', () => {
    const { problems } = resolve([phone, { name: 'colour', value: 'red' }]);
    expect(problems).toEqual([{ field: `${field}[1].name`, problem: 'the offering has no characteristic colour (it has: simType, dataAllowanceGb, phoneNumber, roaming)' }]);
  });

  it('a specification without characteristics accepts none', () => {
    expect(resolveCharacteristics([{ name: 'colour', value: 'red' }], {}, undefined, field).problems).toEqual([
      { field: `${field}[0].name`, problem: 'the offering has no characteristic colour (it has: none)' },
    ]);
  });

  it('a value the offering does not offer is a problem listing those it does; the offering narrows the specification', () => {
    // 50 is in the specification, but plan M offers only 20.
    const { problems } = resolve([phone, { name: 'dataAllowanceGb', value: 50 }]);
    expect(problems).toEqual([{ field: `${field}[1].value`, problem: '50 is not offered for dataAllowanceGb; choose one of 20' }]);
    // Without the narrowing, the specification's list holds.
    expect(resolve([phone, { name: 'dataAllowanceGb', value: 50 }], {}).problems).toEqual([]);
  });

  it('a value of the wrong type is a problem naming the type', () => {
    const { problems } = resolve([phone, { name: 'roaming', value: 'yes' }]);
    expect(problems).toEqual([{ field: `${field}[1].value`, problem: 'roaming is a boolean' }]);
    const integer = resolveCharacteristics([{ name: 'count', value: 1.5 }], {}, { productSpecCharacteristic: [{ name: 'count', valueType: 'integer' }] }, field);
    expect(integer.problems).toEqual([{ field: `${field}[0].value`, problem: 'count is a integer' }]);
  });

  it('a free-text value must match the regex', () => {
    const { problems } = resolve([{ name: 'phoneNumber', value: '0612345678' }]);
    expect(problems).toEqual([
      { field: `${field}[0].value`, problem: '"0612345678" does not match the form of phoneNumber (^\\+[1-9][0-9]{7,14}$)' },
    ]);
    expect(resolve([{ name: 'phoneNumber', value: '+14155550123' }]).problems).toEqual([]);
  });

  it('a required characteristic without a default must be chosen', () => {
    const { problems, characteristics } = resolve([]);
    expect(problems).toEqual([{ field, problem: 'choose a value for phoneNumber' }]);
    // An optional one without a default is simply left out.
    expect(characteristics.map((each) => each.name)).toEqual(['simType', 'dataAllowanceGb']);
  });

  it('the same characteristic chosen twice is a problem', () => {
    const { problems } = resolve([phone, phone]);
    expect(problems).toContainEqual({ field: `${field}[1].name`, problem: 'phoneNumber is chosen twice' });
  });

  it('reports every problem, each at its index', () => {
    const { problems } = resolve([{ name: 'roaming', value: 1 }, { name: 'colour', value: 'red' }]);
    expect(problems.map((problem) => problem.field)).toEqual([`${field}[0].value`, `${field}[1].name`, field]);
  });
});

describe('stockKeepingUnitOf', () => {
  it("is the single value of the specification's stockKeepingUnit characteristic", () => {
    const handset: Spec = {
      productSpecCharacteristic: [
        { name: 'colour', productSpecCharacteristicValue: [{ value: 'black' }] },
        { name: 'stockKeepingUnit', productSpecCharacteristicValue: [{ value: 'SKU-PHONE-X-128' }] },
      ],
    };
    expect(stockKeepingUnitOf(handset)).toBe('SKU-PHONE-X-128');
  });

  it('is undefined for a service, a missing specification, or a non-string value', () => {
    expect(stockKeepingUnitOf(mobile)).toBeUndefined();
    expect(stockKeepingUnitOf(undefined)).toBeUndefined();
    expect(stockKeepingUnitOf({ productSpecCharacteristic: [{ name: 'stockKeepingUnit', productSpecCharacteristicValue: [{ value: 42 }] }] })).toBeUndefined();
    expect(stockKeepingUnitOf({ productSpecCharacteristic: [{ name: 'stockKeepingUnit' }] })).toBeUndefined();
  });
});

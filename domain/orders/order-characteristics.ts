import type { ProductOffering } from '../catalog/product-offering.js';
import type { ProductSpecification } from '../catalog/product-specification.js';
import type { FieldProblem } from '../shared/domain-errors.js';
import type { OrderCharacteristic } from './product-order.js';

type Value = OrderCharacteristic['value'];

/**
 * The characteristics an order item may choose, checked against the offering's specification:
 * each named by the specification, of its value type, one of the values the offering (or else
 * the specification) allows, matching its regex. Characteristics the item leaves out take the
 * offering's default; a required one without a default must be chosen.
 *
 * Returns the item's full characteristic list (chosen and defaulted) or the problems found.
 */
export function resolveCharacteristics(
  chosen: readonly OrderCharacteristic[],
  offering: Pick<ProductOffering, 'prodSpecCharValueUse'>,
  specification: Pick<ProductSpecification, 'productSpecCharacteristic'> | undefined,
  field: string,
): { characteristics: OrderCharacteristic[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const declared = specification?.productSpecCharacteristic ?? [];
  const characteristics: OrderCharacteristic[] = [];
  const seen = new Set<string>();

  chosen.forEach((choice, index) => {
    const at = `${field}[${index}]`;
    if (seen.has(choice.name)) problems.push({ field: `${at}.name`, problem: `${choice.name} is chosen twice` });
    seen.add(choice.name);
    const spec = declared.find((candidate) => candidate.name === choice.name);
    if (!spec) {
      const known = declared.map((candidate) => candidate.name).join(', ') || 'none';
      problems.push({ field: `${at}.name`, problem: `the offering has no characteristic ${choice.name} (it has: ${known})` });
      return;
    }
    const allowed = allowedValues(choice.name, offering, spec.productSpecCharacteristicValue);
    if (allowed.length > 0 && !allowed.some((value) => value === choice.value)) {
      problems.push({ field: `${at}.value`, problem: `${JSON.stringify(choice.value)} is not offered for ${choice.name}; choose one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` });
      return;
    }
    if (spec.valueType && !hasValueType(choice.value, spec.valueType)) {
      problems.push({ field: `${at}.value`, problem: `${choice.name} is a ${spec.valueType}` });
      return;
    }
    if (spec.regex && !(typeof choice.value === 'string' && new RegExp(spec.regex).test(choice.value))) {
      problems.push({ field: `${at}.value`, problem: `${JSON.stringify(choice.value)} does not match the form of ${choice.name} (${spec.regex})` });
      return;
    }
    characteristics.push({ name: choice.name, value: choice.value, ...(spec.valueType ? { valueType: spec.valueType } : {}) });
  });

  for (const spec of declared) {
    if (seen.has(spec.name)) continue;
    const allowed = allowedValuesWithDefault(spec.name, offering, spec.productSpecCharacteristicValue);
    if (allowed.default !== undefined) {
      characteristics.push({ name: spec.name, value: allowed.default, ...(spec.valueType ? { valueType: spec.valueType } : {}) });
    } else if ((spec.minCardinality ?? 0) > 0) {
      problems.push({ field, problem: `choose a value for ${spec.name}` });
    }
  }
  return { characteristics, problems };
}

type SpecValues = readonly { value?: Value | undefined; isDefault?: boolean | undefined }[] | undefined;

/** The offering narrows the specification's values (a plan fixes its data allowance); otherwise the specification's list holds. */
function allowedValues(name: string, offering: Pick<ProductOffering, 'prodSpecCharValueUse'>, specValues: SpecValues): Value[] {
  return valueList(name, offering, specValues).flatMap((value) => (value.value === undefined ? [] : [value.value]));
}

function allowedValuesWithDefault(name: string, offering: Pick<ProductOffering, 'prodSpecCharValueUse'>, specValues: SpecValues): { default?: Value } {
  const values = valueList(name, offering, specValues);
  const fallback = values.find((value) => value.isDefault === true) ?? (values.length === 1 ? values[0] : undefined);
  return fallback?.value === undefined ? {} : { default: fallback.value };
}

function valueList(name: string, offering: Pick<ProductOffering, 'prodSpecCharValueUse'>, specValues: SpecValues): NonNullable<SpecValues> {
  const use = offering.prodSpecCharValueUse?.find((candidate) => candidate.name === name);
  return use?.productSpecCharacteristicValue?.length ? use.productSpecCharacteristicValue : (specValues ?? []);
}

function hasValueType(value: Value, valueType: string): boolean {
  switch (valueType) {
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return typeof value === 'string';
  }
}

/** The stock keeping unit of a physical good: the single value of its specification's `stockKeepingUnit`. */
export function stockKeepingUnitOf(specification: Pick<ProductSpecification, 'productSpecCharacteristic'> | undefined): string | undefined {
  const value = specification?.productSpecCharacteristic?.find((characteristic) => characteristic.name === 'stockKeepingUnit')
    ?.productSpecCharacteristicValue?.[0]?.value;
  return typeof value === 'string' ? value : undefined;
}

import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { InvalidInputError, type FieldProblem } from '../shared/domain-errors.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import { relatedPartySchema, type RelatedParty, type TimePeriod } from '../shared/tmf-types.js';
import { catalogLifecycleStatusSchema, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { characteristicValueSchema, polymorphism } from './catalog-types.js';
import { catalogValidForSchema, initialLifecycleStatusSchema, patchedCatalogResource, referenceProblems } from './catalog.js';

/**
 * TMF620 ProductSpecification: what a product is, independent of how it is sold. Its
 * characteristics say what an order may (`configurable`) or must choose, from which values.
 * A bundle (`isBundle`) is made of other specifications, and is one exactly when it lists
 * some in `bundledProductSpecification`.
 */
export const productSpecificationPath = '/tmf-api/productCatalogManagement/v4/productSpecification';

/** The value types a characteristic's values are checked against. */
export const characteristicValueTypes = ['string', 'number', 'integer', 'boolean', 'dateTime'] as const;
export type CharacteristicValueType = (typeof characteristicValueTypes)[number];

type CharacteristicValue = z.infer<typeof characteristicValueSchema>['value'];

const valueMatches: Record<CharacteristicValueType, (value: NonNullable<CharacteristicValue>) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  dateTime: (value) => typeof value === 'string' && z.iso.datetime({ offset: true }).safeParse(value).success,
};

export const productSpecCharacteristicSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
    description: z.optional(z.string().check(z.maxLength(1024))),
    valueType: z.optional(z.enum(characteristicValueTypes)),
    configurable: z.optional(z.boolean()),
    extensible: z.optional(z.boolean()),
    isUnique: z.optional(z.boolean()),
    minCardinality: z.optional(z.int().check(z.nonnegative())),
    maxCardinality: z.optional(z.int().check(z.nonnegative())),
    regex: z.optional(z.string().check(z.maxLength(256))),
    validFor: z.optional(catalogValidForSchema),
    productSpecCharacteristicValue: z.optional(z.array(characteristicValueSchema).check(z.maxLength(100))),
    ...polymorphism(),
  })
  .check(
    z.superRefine((characteristic, context) => {
      const { minCardinality, maxCardinality, valueType, productSpecCharacteristicValue: values = [] } = characteristic;
      if (minCardinality !== undefined && maxCardinality !== undefined && minCardinality > maxCardinality) {
        context.addIssue({ code: 'custom', path: ['maxCardinality'], message: `must be at least minCardinality (${minCardinality})` });
      }
      if (values.filter((value) => value.isDefault === true).length > 1) {
        context.addIssue({ code: 'custom', path: ['productSpecCharacteristicValue'], message: 'at most one value is the default' });
      }
      if (!valueType) return;
      values.forEach((value, index) => {
        if (value.valueType !== undefined && value.valueType !== valueType) {
          context.addIssue({
            code: 'custom',
            path: ['productSpecCharacteristicValue', index, 'valueType'],
            message: `must be the characteristic's valueType ${valueType}`,
          });
        }
        if (value.value !== undefined && !valueMatches[valueType](value.value)) {
          context.addIssue({
            code: 'custom',
            path: ['productSpecCharacteristicValue', index, 'value'],
            message: `${JSON.stringify(value.value)} is not a ${valueType}`,
          });
        }
      });
    }),
  ));
export type ProductSpecCharacteristic = z.infer<typeof productSpecCharacteristicSchema>;

/** TMF620 BundledProductSpecification: a reference to a specification a bundle is made of. */
export const bundledProductSpecificationSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  lifecycleStatus: z.optional(catalogLifecycleStatusSchema),
  ...polymorphism(),
}));
export type BundledProductSpecification = z.infer<typeof bundledProductSpecificationSchema>;

const productSpecificationAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  version: z.optional(z.string().check(z.maxLength(64))),
  brand: z.optional(z.string().check(z.maxLength(256))),
  productNumber: z.optional(z.string().check(z.maxLength(64))),
  isBundle: z.optional(z.boolean()),
  productSpecCharacteristic: z.optional(
    z.array(productSpecCharacteristicSchema).check(
      z.maxLength(100),
      z.superRefine((characteristics, context) => {
        const firstIndex = new Map<string, number>();
        characteristics.forEach((characteristic, index) => {
          const first = firstIndex.get(characteristic.name);
          if (first === undefined) firstIndex.set(characteristic.name, index);
          else context.addIssue({ code: 'custom', path: [index, 'name'], message: `${characteristic.name} is already characteristic ${first}` });
        });
      }),
    ),
  ),
  bundledProductSpecification: z.optional(z.array(bundledProductSpecificationSchema).check(z.maxLength(50))),
  relatedParty: z.optional(z.array(relatedPartySchema).check(z.maxLength(20))),
  validFor: z.optional(catalogValidForSchema),
  '@type': z.optional(z.literal('ProductSpecification')),
  '@baseType': polymorphism()['@baseType'],
  '@schemaLocation': polymorphism()['@schemaLocation'],
}));

/** POST body: TMF620 ProductSpecification_Create. */
export const productSpecificationCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...productSpecificationAttributes(),
  lifecycleStatus: z.optional(initialLifecycleStatusSchema),
}));
export type ProductSpecificationCreate = z.infer<typeof productSpecificationCreateSchema>;

/** PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one. */
export const productSpecificationPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: productSpecificationAttributes().name,
  description: z.nullable(productSpecificationAttributes().description),
  version: z.nullable(productSpecificationAttributes().version),
  brand: z.nullable(productSpecificationAttributes().brand),
  productNumber: z.nullable(productSpecificationAttributes().productNumber),
  isBundle: productSpecificationAttributes().isBundle,
  productSpecCharacteristic: z.nullable(productSpecificationAttributes().productSpecCharacteristic),
  bundledProductSpecification: z.nullable(productSpecificationAttributes().bundledProductSpecification),
  relatedParty: z.nullable(productSpecificationAttributes().relatedParty),
  validFor: z.nullable(productSpecificationAttributes().validFor),
  lifecycleStatus: catalogLifecycleStatusSchema,
  '@type': productSpecificationAttributes()['@type'],
  '@baseType': z.nullable(productSpecificationAttributes()['@baseType']),
  '@schemaLocation': z.nullable(productSpecificationAttributes()['@schemaLocation']),
}));
export type ProductSpecificationPatch = z.infer<typeof productSpecificationPatchSchema>;

/** The TMF620 ProductSpecification resource as stored and served. */
export interface ProductSpecification {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  brand?: string;
  productNumber?: string;
  isBundle: boolean;
  productSpecCharacteristic?: ProductSpecCharacteristic[];
  bundledProductSpecification?: BundledProductSpecification[];
  relatedParty?: RelatedParty[];
  validFor?: TimePeriod;
  lifecycleStatus: CatalogLifecycleStatus;
  lastUpdate: string;
  '@type': 'ProductSpecification';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension attribute: when the specification was created. */
  createdAt: string;
}

/** isBundle defaults to "has bundled specifications"; given, it must agree with them. */
function bundledAsListed(specification: ProductSpecification, isBundleGiven: boolean): ProductSpecification {
  const listsBundled = (specification.bundledProductSpecification?.length ?? 0) > 0;
  const isBundle = isBundleGiven ? specification.isBundle : listsBundled;
  if (isBundle === listsBundled) return { ...specification, isBundle };
  throw new InvalidInputError('isBundle contradicts bundledProductSpecification', [
    {
      field: 'isBundle',
      problem: isBundle
        ? 'a bundle lists its bundledProductSpecification'
        : 'a specification that is not a bundle lists no bundledProductSpecification',
    },
  ]);
}

export function createProductSpecification(input: ProductSpecificationCreate, id: string, now: string): ProductSpecification {
  const specification: ProductSpecification = {
    ...input,
    id,
    href: `${productSpecificationPath}/${id}`,
    isBundle: input.isBundle ?? false,
    lifecycleStatus: input.lifecycleStatus ?? 'In design',
    lastUpdate: now,
    '@type': 'ProductSpecification',
    createdAt: now,
  };
  return bundledAsListed(specification, input.isBundle !== undefined);
}

export function applyProductSpecificationPatch(
  current: ProductSpecification,
  patch: ProductSpecificationPatch,
  now: string,
): ProductSpecification {
  const patched = patchedCatalogResource('productSpecification', current, patch, now);
  // Changing the bundled specifications without restating isBundle re-derives it.
  const isBundleGiven = patch.isBundle !== undefined || !('bundledProductSpecification' in patch);
  return bundledAsListed(patched, isBundleGiven);
}

/** The specifications a bundle (or a bundle patch) lists must exist, each once, and never be the bundle itself. */
export function productSpecificationReferenceProblems(
  specificationId: string,
  specification: Pick<ProductSpecificationPatch, 'bundledProductSpecification'>,
  specifications: ReadonlyMap<string, unknown>,
): FieldProblem[] {
  const bundled = specification.bundledProductSpecification ?? [];
  const selfReferences = bundled.flatMap((ref, index) =>
    ref.id === specificationId ? [{ field: `bundledProductSpecification[${index}].id`, problem: 'a bundle cannot contain itself' }] : [],
  );
  // The specification itself exists: its self reference is reported above, not as missing.
  const existing = new Map<string, unknown>([...specifications, [specificationId, undefined]]);
  return [...selfReferences, ...referenceProblems('bundledProductSpecification', bundled, existing, 'productSpecification')];
}

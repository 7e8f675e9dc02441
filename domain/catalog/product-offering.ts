import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { RuleViolationError, rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import type { TimePeriod } from '../shared/tmf-types.js';
import { changedAttributes } from './attribute-changes.js';
import { catalogLifecycleStatusSchema, isOnSale, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { characteristicValueUseSchema, entityRefSchema, polymorphism, tmfQuantitySchema, type EntityRef } from './catalog-types.js';
import { catalogValidForSchema, initialLifecycleStatusSchema, patchedCatalogResource } from './catalog.js';
import { mergePatchSchema } from '../shared/merge-patch.js';

/**
 * TMF620 ProductOffering: what is sold, a product specification (or a bundle of other
 * offerings) with its prices. Lifecycle and visibility follow catalog-lifecycle.ts; the rules
 * that need the referenced resources are in product-offering-references.ts, the bundle cycle
 * check in bundle-cycle.ts.
 */
export const productOfferingPath = '/tmf-api/productCatalogManagement/v4/productOffering';

/** How many of a component a bundle holds: 0 ≤ lower ≤ default ≤ upper, upper absent = unbounded. */
export const bundledProductOfferingOptionSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  numberRelOfferLowerLimit: z.optional(z.int().check(z.nonnegative())),
  numberRelOfferUpperLimit: z.optional(z.int().check(z.nonnegative())),
  numberRelOfferDefault: z.optional(z.int().check(z.nonnegative())),
  ...polymorphism(),
}));
export type BundledProductOfferingOption = z.infer<typeof bundledProductOfferingOptionSchema>;

/** A component of a bundle: a reference to another offering and its quantity limits. */
export const bundledProductOfferingSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  bundledProductOfferingOption: z.optional(bundledProductOfferingOptionSchema),
  ...polymorphism(),
}));
export type BundledProductOffering = z.infer<typeof bundledProductOfferingSchema>;

export const productOfferingTermSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.optional(z.string().check(z.maxLength(256))),
  description: z.optional(z.string().check(z.maxLength(2048))),
  duration: z.optional(tmfQuantitySchema),
  validFor: z.optional(catalogValidForSchema),
  ...polymorphism(),
}));
export type ProductOfferingTerm = z.infer<typeof productOfferingTermSchema>;

const offeringAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  version: z.optional(z.string().check(z.maxLength(64))),
  statusReason: z.optional(z.string().check(z.maxLength(1024))),
  isBundle: z.optional(z.boolean()),
  isSellable: z.optional(z.boolean()),
  validFor: z.optional(catalogValidForSchema),
  productSpecification: z.optional(entityRefSchema),
  bundledProductOffering: z.optional(z.array(bundledProductOfferingSchema).check(z.maxLength(50))),
  productOfferingPrice: z.optional(z.array(entityRefSchema).check(z.maxLength(100))),
  category: z.optional(z.array(entityRefSchema).check(z.maxLength(50))),
  channel: z.optional(z.array(entityRefSchema).check(z.maxLength(20))),
  marketSegment: z.optional(z.array(entityRefSchema).check(z.maxLength(20))),
  place: z.optional(z.array(entityRefSchema).check(z.maxLength(50))),
  prodSpecCharValueUse: z.optional(z.array(characteristicValueUseSchema).check(z.maxLength(50))),
  productOfferingTerm: z.optional(z.array(productOfferingTermSchema).check(z.maxLength(20))),
  '@type': z.optional(z.literal('ProductOffering')),
  '@baseType': polymorphism()['@baseType'],
  '@schemaLocation': polymorphism()['@schemaLocation'],
}));

/**
 * POST body: TMF620 ProductOffering_Create. A new offering starts `In design` unless stated;
 * `isBundle` defaults to whether `bundledProductOffering` is given, `isSellable` to true.
 */
export const productOfferingCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...offeringAttributes(),
  lifecycleStatus: z.optional(initialLifecycleStatusSchema),
}));
export type ProductOfferingCreate = z.infer<typeof productOfferingCreateSchema>;

/** PATCH body (JSON merge patch): `null` removes an optional attribute; arrays and objects are sent whole. */
export const productOfferingPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: offeringAttributes().name,
  description: z.nullable(offeringAttributes().description),
  version: z.nullable(offeringAttributes().version),
  statusReason: z.nullable(offeringAttributes().statusReason),
  isBundle: z.boolean(),
  isSellable: z.boolean(),
  validFor: z.nullable(offeringAttributes().validFor),
  productSpecification: z.nullable(offeringAttributes().productSpecification),
  bundledProductOffering: z.nullable(offeringAttributes().bundledProductOffering),
  productOfferingPrice: z.nullable(offeringAttributes().productOfferingPrice),
  category: z.nullable(offeringAttributes().category),
  channel: z.nullable(offeringAttributes().channel),
  marketSegment: z.nullable(offeringAttributes().marketSegment),
  place: z.nullable(offeringAttributes().place),
  prodSpecCharValueUse: z.nullable(offeringAttributes().prodSpecCharValueUse),
  productOfferingTerm: z.nullable(offeringAttributes().productOfferingTerm),
  lifecycleStatus: catalogLifecycleStatusSchema,
  '@type': offeringAttributes()['@type'],
  '@baseType': z.nullable(offeringAttributes()['@baseType']),
  '@schemaLocation': z.nullable(offeringAttributes()['@schemaLocation']),
}));
export type ProductOfferingPatch = z.infer<typeof productOfferingPatchSchema>;

/** The TMF620 ProductOffering resource as stored and served. */
export interface ProductOffering {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  lifecycleStatus: CatalogLifecycleStatus;
  statusReason?: string;
  lastUpdate: string;
  isBundle: boolean;
  isSellable: boolean;
  validFor?: TimePeriod;
  productSpecification?: EntityRef;
  bundledProductOffering?: BundledProductOffering[];
  productOfferingPrice?: EntityRef[];
  category?: EntityRef[];
  channel?: EntityRef[];
  marketSegment?: EntityRef[];
  place?: EntityRef[];
  prodSpecCharValueUse?: z.infer<typeof characteristicValueUseSchema>[];
  productOfferingTerm?: ProductOfferingTerm[];
  '@type': 'ProductOffering';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension attribute: when the offering was created. */
  createdAt: string;
}

export const bundledIdsOf = (offering: Pick<ProductOffering, 'bundledProductOffering'>): string[] =>
  offering.bundledProductOffering?.map((component) => component.id) ?? [];
export const priceIdsOf = (offering: Pick<ProductOffering, 'productOfferingPrice'>): string[] =>
  offering.productOfferingPrice?.map((price) => price.id) ?? [];
export const categoryIdsOf = (offering: Pick<ProductOffering, 'category'>): string[] => offering.category?.map((category) => category.id) ?? [];

export function createProductOffering(input: ProductOfferingCreate, id: string, now: string): ProductOffering {
  const { lifecycleStatus, isBundle, isSellable, ...attributes } = input;
  const offering: ProductOffering = {
    ...attributes,
    id,
    href: `${productOfferingPath}/${id}`,
    lifecycleStatus: lifecycleStatus ?? 'In design',
    isBundle: isBundle ?? bundledIdsOf(input).length > 0,
    isSellable: isSellable ?? true,
    lastUpdate: now,
    '@type': 'ProductOffering',
    createdAt: now,
  };
  checkOfferingStructure(offering);
  return offering;
}

export interface ProductOfferingChange {
  offering: ProductOffering;
  /** The patched attributes whose value actually changed. */
  changedAttributes: string[];
  /** This patch moved the offering to Retired. */
  retired: boolean;
}

/**
 * What an offering is made of. Once it is on sale, products exist that were built from it, so
 * a different specification or different components make a new offering instead. (A Retired
 * offering cannot be changed at all, like every Retired catalog resource.)
 */
const structuralAttributes: ReadonlySet<string> = new Set(['productSpecification', 'isBundle', 'bundledProductOffering']);

/** The patched offering; the handler then checks what it refers to (product-offering-references.ts). */
export function applyProductOfferingPatch(current: ProductOffering, patch: ProductOfferingPatch, now: string): ProductOfferingChange {
  const offering = patchedCatalogResource('productOffering', current, patch, now);
  const changed = changedAttributes(current, offering, Object.keys(patch));
  if (isOnSale(current.lifecycleStatus)) checkOnSaleOfferingChange(current, offering, changed);
  checkOfferingStructure(offering);
  return { offering, changedAttributes: changed, retired: offering.lifecycleStatus === 'Retired' };
}

function checkOnSaleOfferingChange(current: ProductOffering, next: ProductOffering, changed: string[]): void {
  const frozen = changed.filter((attribute) => structuralAttributes.has(attribute));
  if (frozen.length > 0) {
    throw new RuleViolationError(
      'offering-frozen',
      `offering ${current.id} is ${current.lifecycleStatus}, so ${frozen.join(', ')} can no longer change: create a new offering instead`,
    );
  }
  // Grandfathering: products sold at a price keep it (docs/pricing.md), so the price stays listed.
  const kept = new Set(priceIdsOf(next));
  const removed = priceIdsOf(current).filter((id) => !kept.has(id));
  if (removed.length > 0) {
    throw new RuleViolationError(
      'offering-price-removed',
      `offering ${current.id} is ${current.lifecycleStatus}, so its prices stay listed for the products sold at them: ` +
        `retire price ${removed.join(', ')} (or end its validFor) instead of removing it`,
    );
  }
}

/**
 * The rules an offering obeys on its own, whatever it refers to; every problem is a 400 naming
 * its field. (Duplicate references are reported with the reference checks.)
 */
export function checkOfferingStructure(offering: ProductOffering): void {
  rejectFieldProblems(offeringStructureProblems(offering), 'the offering is inconsistent');
}

export function offeringStructureProblems(offering: ProductOffering): FieldProblem[] {
  const components = offering.bundledProductOffering ?? [];
  const problems: FieldProblem[] = [];
  if (offering.isBundle && components.length === 0) {
    problems.push({ field: 'bundledProductOffering', problem: 'a bundle (isBundle: true) lists at least one bundled offering' });
  }
  if (!offering.isBundle && components.length > 0) {
    problems.push({ field: 'isBundle', problem: 'only a bundle (isBundle: true) has bundledProductOffering' });
  }
  if (!offering.isBundle && !offering.productSpecification) {
    problems.push({ field: 'productSpecification', problem: 'an offering that is not a bundle sells a product specification' });
  }
  components.forEach((component, index) => {
    problems.push(...optionProblems(component.bundledProductOfferingOption, `bundledProductOffering[${index}].bundledProductOfferingOption`));
  });
  return problems;
}

function optionProblems(option: BundledProductOfferingOption | undefined, field: string): FieldProblem[] {
  if (!option) return [];
  const lower = option.numberRelOfferLowerLimit ?? 0;
  const upper = option.numberRelOfferUpperLimit ?? Number.POSITIVE_INFINITY;
  const problems: FieldProblem[] = [];
  if (upper < lower) {
    problems.push({ field: `${field}.numberRelOfferUpperLimit`, problem: `${upper} is below the lower limit ${lower}` });
  }
  const byDefault = option.numberRelOfferDefault;
  if (byDefault !== undefined && (byDefault < lower || byDefault > upper)) {
    const range = Number.isFinite(upper) ? `${lower} to ${upper}` : `at least ${lower}`;
    problems.push({ field: `${field}.numberRelOfferDefault`, problem: `${byDefault} is outside the limits (${range})` });
  }
  return problems;
}

import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { RuleViolationError } from '../shared/domain-errors.js';
import { timePeriodSchema } from '../shared/tmf-types.js';
import { changedAttributes } from './attribute-changes.js';
import { catalogLifecycleStatusSchema, isOnSale, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
import { initialLifecycleStatusSchema, patchedCatalogResource } from './catalog.js';
import {
  characteristicValueUseSchema,
  entityRefSchema,
  polymorphism,
  tmfMoneySchema,
  tmfQuantitySchema,
  type EntityRef,
  type TmfMoney,
  type TmfQuantity,
} from './catalog-types.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import { usagePriceRatingSchema, type UsagePriceRating } from './usage-price-rating.js';

/**
 * TMF620 ProductOfferingPrice: one price of an offering. The price models, the extension
 * attributes (`chargeModel`, `priceTier`, `includedQuantity`, `minimumCharge`,
 * `maximumCharge`, the per-event terms of a percentage price (`fixedFeePerEvent`,
 * `minimumPerEvent`, `maximumPerEvent`, `freeEventsPerPeriod`), the `rating` of a usage price
 * by zone, band and call (docs/rating.md), `applicationDuration`,
 * `marketSegment`, `taxIncluded`) and the effective
 * dating rules are documented in docs/pricing.md; the structural schema is here, the price
 * rules (tiers, currencies, units) in domain/pricing.
 */
export const productOfferingPricePath = '/tmf-api/productCatalogManagement/v4/productOfferingPrice';

export const priceTypes = ['oneTime', 'recurring', 'usage', 'discount'] as const;
export type PriceType = (typeof priceTypes)[number];

export const chargeModels = ['perUnit', 'graduated', 'volume', 'package', 'percentage', 'graduatedPercentage'] as const;
export type ChargeModel = (typeof chargeModels)[number];

export const recurringChargePeriodTypes = ['month', 'year'] as const;
export type RecurringChargePeriodType = (typeof recurringChargePeriodTypes)[number];

export const priceTierSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  fromQuantity: z.number().check(z.nonnegative()),
  toQuantity: z.optional(z.number().check(z.positive())),
  /** Every tier but a graduatedPercentage one: the price per unit of measure (per seat, for a recurring price). */
  price: z.optional(tmfMoneySchema),
  /** A graduatedPercentage tier: the percentage of the money that falls in it. */
  percentage: z.optional(z.number().check(z.gte(0), z.lte(100))),
  flatFee: z.optional(tmfMoneySchema),
}));
export type PriceTier = z.infer<typeof priceTierSchema>;

const taxItemSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  taxCategory: z.string().check(z.minLength(1), z.maxLength(64)),
  ...polymorphism(),
}));

const popRelationshipSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  relationshipType: z.string().check(z.minLength(1), z.maxLength(64)),
  ...polymorphism(),
}));

/** Attributes that say how much is charged: frozen once the price is on sale (docs/pricing.md). */
export const priceAmountAttributes = [
  'priceType',
  'price',
  'percentage',
  'recurringChargePeriodType',
  'recurringChargePeriodLength',
  'unitOfMeasure',
  'chargeModel',
  'priceTier',
  'includedQuantity',
  'minimumCharge',
  'maximumCharge',
  'fixedFeePerEvent',
  'minimumPerEvent',
  'maximumPerEvent',
  'freeEventsPerPeriod',
  'rating',
  'applicationDuration',
  'popRelationship',
  'prodSpecCharValueUse',
  'marketSegment',
  'tax',
  'taxIncluded',
] as const;

const priceAttributes = /* @__PURE__ */ shapeOnFirstUse(() => ({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
  description: z.optional(z.string().check(z.maxLength(2048))),
  version: z.optional(z.string().check(z.maxLength(64))),
  priceType: z.enum(priceTypes),
  price: z.optional(tmfMoneySchema),
  percentage: z.optional(z.number().check(z.positive(), z.lte(100))),
  recurringChargePeriodType: z.optional(z.enum(recurringChargePeriodTypes)),
  recurringChargePeriodLength: z.optional(z.int().check(z.gte(1), z.lte(120))),
  unitOfMeasure: z.optional(tmfQuantitySchema),
  chargeModel: z.optional(z.enum(chargeModels)),
  priceTier: z.optional(z.array(priceTierSchema).check(z.minLength(1), z.maxLength(50))),
  includedQuantity: z.optional(z.number().check(z.nonnegative())),
  minimumCharge: z.optional(tmfMoneySchema),
  maximumCharge: z.optional(tmfMoneySchema),
  fixedFeePerEvent: z.optional(tmfMoneySchema),
  minimumPerEvent: z.optional(tmfMoneySchema),
  maximumPerEvent: z.optional(tmfMoneySchema),
  freeEventsPerPeriod: z.optional(z.int().check(z.gte(0), z.lte(1_000_000_000))),
  rating: z.optional(usagePriceRatingSchema),
  applicationDuration: z.optional(z.int().check(z.gte(1), z.lte(1200))),
  marketSegment: z.optional(z.array(entityRefSchema).check(z.maxLength(20))),
  popRelationship: z.optional(z.array(popRelationshipSchema).check(z.maxLength(50))),
  prodSpecCharValueUse: z.optional(z.array(characteristicValueUseSchema).check(z.maxLength(20))),
  tax: z.optional(z.array(taxItemSchema).check(z.maxLength(1))),
  taxIncluded: z.optional(z.boolean()),
  validFor: z.optional(timePeriodSchema),
  '@type': z.optional(z.literal('ProductOfferingPrice')),
  '@baseType': polymorphism()['@baseType'],
  '@schemaLocation': polymorphism()['@schemaLocation'],
}));

/** POST body: TMF620 ProductOfferingPrice_Create. New prices start `In design` unless stated. */
export const productOfferingPriceCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  ...priceAttributes(),
  lifecycleStatus: z.optional(initialLifecycleStatusSchema),
  isBundle: z.optional(z.literal(false, 'composite (bundled) prices are not supported: put each price on the offering')),
}));
export type ProductOfferingPriceCreate = z.infer<typeof productOfferingPriceCreateSchema>;

/**
 * PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one.
 * `name` and `priceType` are required on the resource, so they cannot be removed; `validFor`
 * is sent whole (docs/api.md).
 */
export const productOfferingPricePatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: priceAttributes().name,
  description: z.nullable(priceAttributes().description),
  version: z.nullable(priceAttributes().version),
  priceType: priceAttributes().priceType,
  price: z.nullable(priceAttributes().price),
  percentage: z.nullable(priceAttributes().percentage),
  recurringChargePeriodType: z.nullable(priceAttributes().recurringChargePeriodType),
  recurringChargePeriodLength: z.nullable(priceAttributes().recurringChargePeriodLength),
  unitOfMeasure: z.nullable(priceAttributes().unitOfMeasure),
  chargeModel: z.nullable(priceAttributes().chargeModel),
  priceTier: z.nullable(priceAttributes().priceTier),
  includedQuantity: z.nullable(priceAttributes().includedQuantity),
  minimumCharge: z.nullable(priceAttributes().minimumCharge),
  maximumCharge: z.nullable(priceAttributes().maximumCharge),
  fixedFeePerEvent: z.nullable(priceAttributes().fixedFeePerEvent),
  minimumPerEvent: z.nullable(priceAttributes().minimumPerEvent),
  maximumPerEvent: z.nullable(priceAttributes().maximumPerEvent),
  freeEventsPerPeriod: z.nullable(priceAttributes().freeEventsPerPeriod),
  rating: z.nullable(priceAttributes().rating),
  applicationDuration: z.nullable(priceAttributes().applicationDuration),
  marketSegment: z.nullable(priceAttributes().marketSegment),
  popRelationship: z.nullable(priceAttributes().popRelationship),
  prodSpecCharValueUse: z.nullable(priceAttributes().prodSpecCharValueUse),
  tax: z.nullable(priceAttributes().tax),
  taxIncluded: z.nullable(priceAttributes().taxIncluded),
  validFor: z.nullable(priceAttributes().validFor),
  lifecycleStatus: catalogLifecycleStatusSchema,
  '@type': priceAttributes()['@type'],
  '@baseType': z.nullable(priceAttributes()['@baseType']),
  '@schemaLocation': z.nullable(priceAttributes()['@schemaLocation']),
}));
export type ProductOfferingPricePatch = z.infer<typeof productOfferingPricePatchSchema>;

/** The TMF620 ProductOfferingPrice resource as stored and served. */
export interface ProductOfferingPrice {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  lifecycleStatus: CatalogLifecycleStatus;
  lastUpdate: string;
  isBundle: false;
  priceType: PriceType;
  price?: TmfMoney;
  percentage?: number;
  recurringChargePeriodType?: RecurringChargePeriodType;
  recurringChargePeriodLength?: number;
  unitOfMeasure?: TmfQuantity;
  chargeModel?: ChargeModel;
  priceTier?: PriceTier[];
  includedQuantity?: number;
  minimumCharge?: TmfMoney;
  maximumCharge?: TmfMoney;
  fixedFeePerEvent?: TmfMoney;
  minimumPerEvent?: TmfMoney;
  maximumPerEvent?: TmfMoney;
  freeEventsPerPeriod?: number;
  rating?: UsagePriceRating;
  applicationDuration?: number;
  marketSegment?: EntityRef[];
  popRelationship?: z.infer<typeof popRelationshipSchema>[];
  prodSpecCharValueUse?: z.infer<typeof characteristicValueUseSchema>[];
  tax?: z.infer<typeof taxItemSchema>[];
  taxIncluded?: boolean;
  validFor?: z.infer<typeof timePeriodSchema>;
  '@type': 'ProductOfferingPrice';
  '@baseType'?: string;
  '@schemaLocation'?: string;
  /** Extension attribute: when the price was created. */
  createdAt: string;
}

/**
 * A new price, as given. Its price rules (docs/pricing.md) need the catalog's currencies:
 * the handler checks them with validateProductOfferingPrice (domain/pricing/price-rules.ts).
 */
export function createProductOfferingPrice(input: ProductOfferingPriceCreate, id: string, now: string): ProductOfferingPrice {
  const { lifecycleStatus, isBundle: _alwaysFalse, ...attributes } = input;
  return {
    ...attributes,
    id,
    href: `${productOfferingPricePath}/${id}`,
    lifecycleStatus: lifecycleStatus ?? 'In design',
    isBundle: false,
    lastUpdate: now,
    '@type': 'ProductOfferingPrice',
    createdAt: now,
  };
}

export interface ProductOfferingPriceChange {
  price: ProductOfferingPrice;
  /** The patched attributes whose value actually changed. */
  changedAttributes: string[];
  /** This patch moved the price to Retired. */
  retired: boolean;
}

/**
 * A price that has been on sale may have been sold: its amount, its name (which makes it a
 * version of one price, docs/pricing.md) and its start are history, so a new amount is a new
 * price version. Only the end of its validity may still move, to end a promotion. (A Retired
 * price cannot be changed at all, like every Retired catalog resource.)
 */
const frozenOnSale: ReadonlySet<string> = new Set([...priceAmountAttributes, 'name']);

/** The patched price; as for a new one, the handler then checks its price rules. */
export function applyProductOfferingPricePatch(current: ProductOfferingPrice, patch: ProductOfferingPricePatch, now: string): ProductOfferingPriceChange {
  const price = patchedCatalogResource('productOfferingPrice', current, patch, now);
  const changed = changedAttributes(current, price, Object.keys(patch));
  if (isOnSale(current.lifecycleStatus)) checkOnSalePriceChange(current, price, changed, now);
  return { price, changedAttributes: changed, retired: price.lifecycleStatus === 'Retired' };
}

/**
 * Whether the patch touched what the price charges or when, so its price rules must be checked
 * again. Other patches (a description, retiring it) never fail on rules the price was created
 * under, such as a currency the catalog has since dropped.
 */
export function priceRulesApply(change: Pick<ProductOfferingPriceChange, 'changedAttributes'>): boolean {
  return change.changedAttributes.some((attribute) => attribute === 'validFor' || (priceAmountAttributes as readonly string[]).includes(attribute));
}

function checkOnSalePriceChange(current: ProductOfferingPrice, next: ProductOfferingPrice, changed: string[], now: string): void {
  const frozen = changed.filter((attribute) => frozenOnSale.has(attribute));
  if (!sameInstant(current.validFor?.startDateTime, next.validFor?.startDateTime)) frozen.push('validFor.startDateTime');
  if (frozen.length > 0) {
    throw new RuleViolationError(
      'price-frozen',
      `price ${current.id} is ${current.lifecycleStatus}, so ${frozen.join(', ')} can no longer change: ` +
        'create a new price with the same name and a later validFor.startDateTime, add it to the offering, and end or retire this one',
    );
  }
  const end = next.validFor?.endDateTime;
  if (end !== undefined && !sameInstant(end, current.validFor?.endDateTime) && Date.parse(end) < Date.parse(now)) {
    throw new RuleViolationError(
      'price-frozen',
      `price ${current.id} is ${current.lifecycleStatus}: its validFor.endDateTime cannot move into the past (${end}), quotes already given would change`,
    );
  }
}

/** The same instant however written (`Z` or `+00:00`, with or without milliseconds). */
const sameInstant = (a: string | undefined, b: string | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && Date.parse(a) === Date.parse(b));

import * as z from 'zod';
import { timePeriodSchema } from '../shared/tmf-types.js';
import { catalogLifecycleStatusSchema, type CatalogLifecycleStatus } from './catalog-lifecycle.js';
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

/**
 * TMF620 ProductOfferingPrice: one price of an offering. The price models, the extension
 * attributes (`chargeModel`, `priceTier`, `includedQuantity`, `minimumCharge`,
 * `maximumCharge`, `applicationDuration`, `marketSegment`, `taxIncluded`) and the effective
 * dating rules are documented in docs/pricing.md; the structural schema is here, the price
 * rules (tiers, currencies, units) in domain/pricing.
 */
export const productOfferingPricePath = '/tmf-api/productCatalogManagement/v4/productOfferingPrice';

export const priceTypes = ['oneTime', 'recurring', 'usage', 'discount'] as const;
export type PriceType = (typeof priceTypes)[number];

export const chargeModels = ['perUnit', 'graduated', 'volume', 'package', 'percentage'] as const;
export type ChargeModel = (typeof chargeModels)[number];

export const recurringChargePeriodTypes = ['month', 'year'] as const;
export type RecurringChargePeriodType = (typeof recurringChargePeriodTypes)[number];

export const priceTierSchema = z.strictObject({
  fromQuantity: z.number().finite().nonnegative(),
  toQuantity: z.number().finite().positive().optional(),
  price: tmfMoneySchema,
  flatFee: tmfMoneySchema.optional(),
});
export type PriceTier = z.infer<typeof priceTierSchema>;

const taxItemSchema = z.strictObject({
  taxCategory: z.string().min(1).max(64),
  ...polymorphism,
});

const popRelationshipSchema = z.strictObject({
  id: z.string().min(1).max(128),
  href: z.string().max(1024).optional(),
  name: z.string().max(256).optional(),
  relationshipType: z.string().min(1).max(64),
  ...polymorphism,
});

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
  'applicationDuration',
  'popRelationship',
  'prodSpecCharValueUse',
  'marketSegment',
  'tax',
  'taxIncluded',
] as const;

const priceAttributes = {
  name: z.string().trim().min(1).max(256),
  description: z.string().max(2048).optional(),
  version: z.string().max(64).optional(),
  priceType: z.enum(priceTypes),
  price: tmfMoneySchema.optional(),
  percentage: z.number().finite().positive().max(100).optional(),
  recurringChargePeriodType: z.enum(recurringChargePeriodTypes).optional(),
  recurringChargePeriodLength: z.number().int().min(1).max(120).optional(),
  unitOfMeasure: tmfQuantitySchema.optional(),
  chargeModel: z.enum(chargeModels).optional(),
  priceTier: z.array(priceTierSchema).min(1).max(50).optional(),
  includedQuantity: z.number().finite().nonnegative().optional(),
  minimumCharge: tmfMoneySchema.optional(),
  maximumCharge: tmfMoneySchema.optional(),
  applicationDuration: z.number().int().min(1).max(1200).optional(),
  marketSegment: z.array(entityRefSchema).max(20).optional(),
  popRelationship: z.array(popRelationshipSchema).max(50).optional(),
  prodSpecCharValueUse: z.array(characteristicValueUseSchema).max(20).optional(),
  tax: z.array(taxItemSchema).max(1).optional(),
  taxIncluded: z.boolean().optional(),
  validFor: timePeriodSchema.optional(),
  '@type': z.literal('ProductOfferingPrice').optional(),
  '@baseType': polymorphism['@baseType'],
  '@schemaLocation': polymorphism['@schemaLocation'],
};

/** POST body: TMF620 ProductOfferingPrice_Create. New prices start `In design` unless stated. */
export const productOfferingPriceCreateSchema = z.strictObject({
  ...priceAttributes,
  lifecycleStatus: catalogLifecycleStatusSchema.optional(),
  isBundle: z.literal(false, 'composite (bundled) prices are not supported: put each price on the offering').optional(),
});
export type ProductOfferingPriceCreate = z.infer<typeof productOfferingPriceCreateSchema>;

/** PATCH body (JSON merge patch): every attribute optional, `null` removes an optional one. */
export const productOfferingPricePatchSchema = z
  .strictObject({
    ...Object.fromEntries(
      Object.entries(priceAttributes).map(([name, schema]) => [name, schema instanceof z.ZodOptional ? schema.nullable() : schema]),
    ),
    lifecycleStatus: catalogLifecycleStatusSchema,
  } as typeof priceAttributes & { lifecycleStatus: typeof catalogLifecycleStatusSchema })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'the patch changes nothing: send at least one attribute');
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

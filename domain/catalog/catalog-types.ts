import * as z from 'zod';
import { currencyCodeSchema } from '../shared/tmf-types.js';

/** TMF620 common types as zod schemas (request schemas are strict, as in tmf-types). */

export const polymorphism = {
  '@type': z.string().min(1).max(128).optional(),
  '@baseType': z.string().min(1).max(128).optional(),
  '@schemaLocation': z.url().optional(),
};

/** A reference to another resource by id (CategoryRef, ProductSpecificationRef, ...). */
export const entityRefSchema = z.strictObject({
  id: z.string().min(1).max(128),
  href: z.string().max(1024).optional(),
  name: z.string().max(256).optional(),
  version: z.string().max(64).optional(),
  '@referredType': z.string().max(128).optional(),
  ...polymorphism,
});
export type EntityRef = z.infer<typeof entityRefSchema>;

/**
 * TMF Money. `value` is a JSON number read through its decimal text; whether its decimals fit
 * the currency is checked by the pricing rules (docs/pricing.md). Negative prices are invalid:
 * a reduction is a discount price, never a negative amount.
 */
export const tmfMoneySchema = z.strictObject({
  unit: currencyCodeSchema,
  value: z.number().finite().nonnegative('a price is never negative; use a discount price to reduce one'),
});
export type TmfMoney = z.infer<typeof tmfMoneySchema>;

/** TMF Quantity, e.g. { amount: 1, units: 'GB' }. */
export const tmfQuantitySchema = z.strictObject({
  amount: z.number().finite().positive(),
  units: z.string().min(1).max(32),
});
export type TmfQuantity = z.infer<typeof tmfQuantitySchema>;

/** TMF620 ProductSpecificationCharacteristicValue, as used by offerings and prices. */
export const characteristicValueSchema = z.strictObject({
  isDefault: z.boolean().optional(),
  rangeInterval: z.string().max(32).optional(),
  regex: z.string().max(256).optional(),
  unitOfMeasure: z.string().max(32).optional(),
  valueFrom: z.string().max(64).optional(),
  valueTo: z.string().max(64).optional(),
  valueType: z.string().max(32).optional(),
  value: z.union([z.string().max(1024), z.number(), z.boolean()]).optional(),
  ...polymorphism,
});

/** TMF620 ProductSpecificationCharacteristicValueUse: which characteristic values an offering or price is for. */
export const characteristicValueUseSchema = z.strictObject({
  name: z.string().min(1).max(128),
  description: z.string().max(1024).optional(),
  valueType: z.string().max(32).optional(),
  minCardinality: z.number().int().nonnegative().optional(),
  maxCardinality: z.number().int().nonnegative().optional(),
  productSpecCharacteristicValue: z.array(characteristicValueSchema).max(100).optional(),
  productSpecification: entityRefSchema.optional(),
  ...polymorphism,
});

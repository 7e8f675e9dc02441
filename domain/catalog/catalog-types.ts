import * as z from '../shared/zod.js';
import { shapeOnFirstUse } from '../shared/zod.js';
import { currencyCodeSchema } from '../shared/tmf-types.js';

/** TMF620 common types as zod schemas (request schemas are strict, as in tmf-types). */

export const polymorphism = /* @__PURE__ */ shapeOnFirstUse(() => ({
  '@type': z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  '@baseType': z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  '@schemaLocation': z.optional(z.url()),
}));

/** A reference to another resource by id (CategoryRef, ProductSpecificationRef, ...). */
export const entityRefSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
  version: z.optional(z.string().check(z.maxLength(64))),
  '@referredType': z.optional(z.string().check(z.maxLength(128))),
  ...polymorphism(),
}));
export type EntityRef = z.infer<typeof entityRefSchema>;

/**
 * TMF Money. `value` is a JSON number read through its decimal text; whether its decimals fit
 * the currency is checked by the pricing rules (docs/pricing.md). Negative prices are invalid:
 * a reduction is a discount price, never a negative amount.
 */
export const tmfMoneySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  unit: currencyCodeSchema,
  value: z.number().check(z.nonnegative('a price is never negative; use a discount price to reduce one')),
}));
export type TmfMoney = z.infer<typeof tmfMoneySchema>;

/** TMF Quantity, e.g. { amount: 1, units: 'GB' }. */
export const tmfQuantitySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  amount: z.number().check(z.positive()),
  units: z.string().check(z.minLength(1), z.maxLength(32)),
}));
export type TmfQuantity = z.infer<typeof tmfQuantitySchema>;

/** TMF620 ProductSpecificationCharacteristicValue, as used by offerings and prices. */
export const characteristicValueSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  isDefault: z.optional(z.boolean()),
  rangeInterval: z.optional(z.string().check(z.maxLength(32))),
  regex: z.optional(z.string().check(z.maxLength(256))),
  unitOfMeasure: z.optional(z.string().check(z.maxLength(32))),
  valueFrom: z.optional(z.string().check(z.maxLength(64))),
  valueTo: z.optional(z.string().check(z.maxLength(64))),
  valueType: z.optional(z.string().check(z.maxLength(32))),
  value: z.optional(z.union([z.string().check(z.maxLength(1024)), z.number(), z.boolean()])),
  ...polymorphism(),
}));

/** TMF620 ProductSpecificationCharacteristicValueUse: which characteristic values an offering or price is for. */
export const characteristicValueUseSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  description: z.optional(z.string().check(z.maxLength(1024))),
  valueType: z.optional(z.string().check(z.maxLength(32))),
  minCardinality: z.optional(z.int().check(z.nonnegative())),
  maxCardinality: z.optional(z.int().check(z.nonnegative())),
  productSpecCharacteristicValue: z.optional(z.array(characteristicValueSchema).check(z.maxLength(100))),
  productSpecification: z.optional(entityRefSchema),
  ...polymorphism(),
}));

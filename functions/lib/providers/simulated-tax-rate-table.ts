import { taxCategories } from '../../../domain/pricing/tax-provider.js';
import * as z from '../../../domain/shared/zod.js';

/**
 * The simulated tax provider's rate table (tax-rates.json, or another in its shape) and its
 * schema: a module of its own, so the functions that only tax, on the shipped table its test
 * checks, do not carry the schema nor zod's core with it (simulated-tax-provider.ts).
 */

const rateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  rate: z.number().check(z.gte(0), z.lte(100)),
  name: z.string().check(z.minLength(1)),
}));

const rowSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  jurisdiction: z.string().check(z.minLength(1)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/)),
  stateOrProvince: z.optional(z.string().check(z.regex(/^[A-Z0-9]{1,3}$/))),
  validFrom: z.optional(z.iso.datetime({ offset: true })),
  note: z.optional(z.string()),
  // An enum-keyed record is exhaustive: every row prices every category the port knows.
  rates: z.record(z.enum(taxCategories), rateSchema),
}));

/** The JSON's documentary keys ($comment, ratesReflect, ...) are ignored. */
export const taxRateTableSchema = /* @__PURE__ */ z.lazy(() => z.object({ rows: z.array(rowSchema).check(z.minLength(1)) }));
export type TaxRateTable = z.infer<typeof taxRateTableSchema>;
export type TaxRateRow = z.infer<typeof rowSchema>;

/** A table read from elsewhere, checked against the schema before a provider is made on it. */
export function checkedTaxRateTable(table: unknown): TaxRateTable {
  return taxRateTableSchema.parse(table);
}

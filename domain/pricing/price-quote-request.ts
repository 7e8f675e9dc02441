import * as z from '../shared/zod.js';
import { ratingAttributesSchema } from '../rating/rating-attributes.js';
import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import type { CartItem, UsageToQuote } from './cart.js';
import { currencyCodeSchema, timeZoneSchema } from '../shared/tmf-types.js';
import { onlyAttributes, type WriteAccess } from '../shared/write-access.js';

/**
 * The body of POST /pricing/v1/quote (docs/pricing.md). Strict, like every request schema,
 * and free of transforms, because API Gateway validates the same schema as a draft-04 model.
 */
const referenceSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  href: z.optional(z.string().check(z.maxLength(1024))),
  name: z.optional(z.string().check(z.maxLength(256))),
}));

const quoteItemSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  productOffering: referenceSchema,
  quantity: z._default(z.int().check(z.gte(1), z.lte(10_000)), 1),
  characteristic: z.optional(
    z
      .array(
        z.strictObject({
          name: z.string().check(z.minLength(1), z.maxLength(128)),
          value: z.union([z.string().check(z.maxLength(1024)), z.number(), z.boolean()]),
        }),
      )
      .check(z.maxLength(50)),
  ),
  bundledItem: z.optional(
    z
      .array(
        z.strictObject({
          productOffering: referenceSchema,
          // 0 leaves an optional component out; a component not listed comes in its default quantity.
          quantity: z._default(z.int().check(z.gte(0), z.lte(10_000)), 1),
        }),
      )
      .check(z.maxLength(50)),
  ),
  // A period's estimated totals, or sample records with what rating reads of them (docs/rating.md), each explained in the answer.
  usage: z.optional(
    z
      .array(
        z.strictObject({
          quantity: z.number().check(z.nonnegative()),
          units: z.string().check(z.minLength(1), z.maxLength(32)),
          id: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
          usageDate: z.optional(z.iso.datetime({ offset: true })),
          destination: z.optional(z.string().check(z.maxLength(32))),
          visitedNetwork: z.optional(z.string().check(z.maxLength(8))),
          visitedCountry: z.optional(z.string().check(z.maxLength(2))),
          direction: z.optional(z.string().check(z.maxLength(16))),
          serviceType: z.optional(z.string().check(z.maxLength(16))),
        }),
      )
      .check(z.maxLength(500)),
  ),
  pinnedPrice: z.optional(z.array(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(128)) })).check(z.maxLength(50))),
  billingPeriod: z.optional(z.int().check(z.gte(1), z.lte(1200))),
}));

export const priceQuoteRequestSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    billingAccount: z.optional(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(128)) })),
    currency: z.optional(currencyCodeSchema),
    taxLocation: z.optional(
      z.strictObject({
        country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code such as FR')),
        stateOrProvince: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
      }),
    ),
    customerSegment: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    /** Without a billing account: the IANA time zone time bands are read in (UTC without it). */
    timeZone: z.optional(timeZoneSchema),
    at: z.optional(z.iso.datetime({ offset: true })),
    item: z.array(quoteItemSchema).check(z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.superRefine((request, context) => {
      // The account decides currency and tax location; without one, the caller gives both.
      if (request.billingAccount === undefined) {
        if (request.currency === undefined) context.addIssue({ code: 'custom', path: ['currency'], message: 'give a currency, or a billingAccount to take it from' });
        if (request.taxLocation === undefined) context.addIssue({ code: 'custom', path: ['taxLocation'], message: 'give a taxLocation, or a billingAccount to take it from' });
      }
      const seen = new Set<string>();
      request.item.forEach((item, index) => {
        if (seen.has(item.id)) context.addIssue({ code: 'custom', path: ['item', index, 'id'], message: 'two items have this id' });
        seen.add(item.id);
      });
    }),
  ));

export type PriceQuoteRequest = z.infer<typeof priceQuoteRequestSchema>;

/** The pricing engine's quote, an extension route: TMF620 has no price calculation. */
export const priceQuotePath = '/pricing/v1/quote';

/**
 * Staff quote anything. A customer quotes for its own billing account with the terms it
 * implies: currency, tax location and segment come from the account and its customer, never
 * from the body, and prices cannot be pinned (pinning reaches retired prices).
 */
export const priceQuoteAccess: WriteAccess = {
  admin: 'everything',
  agent: 'everything',
  mediation: {},
  customer: {
    billingAccount: true,
    at: true,
    timeZone: true,
    item: onlyAttributes({ id: true, productOffering: true, quantity: true, characteristic: true, bundledItem: true, usage: true, billingPeriod: true }),
  },
};

/**
 * The usage of a quote item as the pricing engine takes it: the rating attributes read and
 * normalized like a usage record's (`+33 6 12…` is `+33612…`), a malformed one a 400 naming it
 * (`item[0].usage[2].destination`).
 */
export function cartItemsOf(request: PriceQuoteRequest): CartItem[] {
  const problems: FieldProblem[] = [];
  const items = request.item.map((item, itemIndex) => {
    if (!item.usage) return { ...item, usage: undefined } satisfies CartItem;
    const usage = item.usage.map((entry, usageIndex): UsageToQuote => {
      const { quantity, units, id, usageDate, ...raw } = entry;
      const parsed = ratingAttributesSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ field: `item[${itemIndex}].usage[${usageIndex}].${String(issue.path[0])}`, problem: issue.message });
      }
      const attributes = parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : undefined;
      return { quantity, units, ...(id !== undefined ? { id } : {}), ...(usageDate !== undefined ? { usageDate } : {}), ...(attributes ? { attributes } : {}) };
    });
    return { ...item, usage } satisfies CartItem;
  });
  rejectFieldProblems(problems, 'the usage to rate is invalid');
  return items;
}

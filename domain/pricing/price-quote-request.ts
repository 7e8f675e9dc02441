import * as z from 'zod';
import { ratingAttributesSchema } from '../rating/rating-attributes.js';
import { rejectFieldProblems, type FieldProblem } from '../shared/domain-errors.js';
import type { CartItem, UsageToQuote } from './cart.js';
import { currencyCodeSchema, timeZoneSchema } from '../shared/tmf-types.js';
import { onlyAttributes, type WriteAccess } from '../shared/write-access.js';

/**
 * The body of POST /pricing/v1/quote (docs/pricing.md). Strict, like every request schema,
 * and free of transforms, because API Gateway validates the same schema as a draft-04 model.
 */
const referenceSchema = z.strictObject({
  id: z.string().min(1).max(128),
  href: z.string().max(1024).optional(),
  name: z.string().max(256).optional(),
});

const quoteItemSchema = z.strictObject({
  id: z.string().min(1).max(64),
  productOffering: referenceSchema,
  quantity: z.number().int().min(1).max(10_000).default(1),
  characteristic: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(128),
        value: z.union([z.string().max(1024), z.number(), z.boolean()]),
      }),
    )
    .max(50)
    .optional(),
  bundledItem: z
    .array(
      z.strictObject({
        productOffering: referenceSchema,
        // 0 leaves an optional component out; a component not listed comes in its default quantity.
        quantity: z.number().int().min(0).max(10_000).default(1),
      }),
    )
    .max(50)
    .optional(),
  // A period's estimated totals, or sample records with what rating reads of them (docs/rating.md), each explained in the answer.
  usage: z
    .array(
      z.strictObject({
        quantity: z.number().finite().nonnegative(),
        units: z.string().min(1).max(32),
        id: z.string().min(1).max(128).optional(),
        usageDate: z.iso.datetime({ offset: true }).optional(),
        destination: z.string().max(32).optional(),
        visitedNetwork: z.string().max(8).optional(),
        visitedCountry: z.string().max(2).optional(),
        direction: z.string().max(16).optional(),
        serviceType: z.string().max(16).optional(),
      }),
    )
    .max(500)
    .optional(),
  pinnedPrice: z.array(z.strictObject({ id: z.string().min(1).max(128) })).max(50).optional(),
  billingPeriod: z.number().int().min(1).max(1200).optional(),
});

export const priceQuoteRequestSchema = z
  .strictObject({
    billingAccount: z.strictObject({ id: z.string().min(1).max(128) }).optional(),
    currency: currencyCodeSchema.optional(),
    taxLocation: z
      .strictObject({
        country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code such as FR'),
        stateOrProvince: z.string().min(1).max(64).optional(),
      })
      .optional(),
    customerSegment: z.string().min(1).max(64).optional(),
    /** Without a billing account: the IANA time zone time bands are read in (UTC without it). */
    timeZone: timeZoneSchema.optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    item: z.array(quoteItemSchema).min(1).max(100),
  })
  .superRefine((request, context) => {
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
  });

export type PriceQuoteRequest = z.infer<typeof priceQuoteRequestSchema>;

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

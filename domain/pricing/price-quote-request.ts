import * as z from 'zod';
import { currencyCodeSchema } from '../shared/tmf-types.js';
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
  usage: z
    .array(
      z.strictObject({
        quantity: z.number().finite().nonnegative(),
        units: z.string().min(1).max(32),
      }),
    )
    .max(20)
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
    item: onlyAttributes({ id: true, productOffering: true, quantity: true, characteristic: true, bundledItem: true, usage: true, billingPeriod: true }),
  },
};

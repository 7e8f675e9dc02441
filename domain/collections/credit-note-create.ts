import { currencyCodeSchema } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';

/**
 * POST /collections/v1/creditNote (staff): which bill, why, and exactly one of what to credit:
 * the whole bill, some of its lines (each in full, or a tax-included part), or an amount (tax
 * included) spread over its lines. An object schema, so that every attribute has a writer; the
 * handler refuses a request naming none or more than one of `whole`, `lines`, `amount`.
 */
const moneySchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ unit: currencyCodeSchema, value: z.number() }));

export const creditNoteCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  bill: z.strictObject({
    id: z.string().check(z.minLength(1), z.maxLength(128)),
    href: z.optional(z.string().check(z.maxLength(512))),
    '@referredType': z.optional(z.literal('CustomerBill')),
  }),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(1024)),
  whole: z.optional(z.literal(true)),
  lines: z.optional(
    z.array(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(160)), amount: z.optional(moneySchema) })).check(z.minLength(1), z.maxLength(500)),
  ),
  amount: z.optional(moneySchema),
  '@type': z.optional(z.literal('CreditNote')),
}));
export type CreditNoteCreate = z.infer<typeof creditNoteCreateSchema>;

/** Only staff credit bills; every attribute they send is theirs to set. */
export const creditNoteAccess: WriteAccess = staffWrites;

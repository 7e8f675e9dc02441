import * as z from 'zod';
import { currencyCodeSchema } from '../shared/tmf-types.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';

/**
 * POST /collections/v1/creditNote (staff): which bill, why, and exactly one of what to credit:
 * the whole bill, some of its lines (each in full, or a tax-included part), or an amount (tax
 * included) spread over its lines. An object schema, so that every attribute has a writer; the
 * handler refuses a request naming none or more than one of `whole`, `lines`, `amount`.
 */
const moneySchema = z.strictObject({ unit: currencyCodeSchema, value: z.number().finite() });

export const creditNoteCreateSchema = z.strictObject({
  bill: z.strictObject({
    id: z.string().min(1).max(128),
    href: z.string().max(512).optional(),
    '@referredType': z.literal('CustomerBill').optional(),
  }),
  reason: z.string().trim().min(1).max(1024),
  whole: z.literal(true).optional(),
  lines: z
    .array(z.strictObject({ id: z.string().min(1).max(160), amount: moneySchema.optional() }))
    .min(1)
    .max(500)
    .optional(),
  amount: moneySchema.optional(),
  '@type': z.literal('CreditNote').optional(),
});
export type CreditNoteCreate = z.infer<typeof creditNoteCreateSchema>;

/** Only staff credit bills; every attribute they send is theirs to set. */
export const creditNoteAccess: WriteAccess = staffWrites;

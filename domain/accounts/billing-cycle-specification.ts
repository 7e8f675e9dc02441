import * as z from '../shared/zod.js';
import { timePeriodSchema, type TimePeriod } from '../shared/tmf-types.js';
import { applyMergePatch, mergePatchSchema } from '../shared/merge-patch.js';
import { accountRecordPath, recordDescriptionSchema, recordNameSchema, typeOf } from './account-record.js';

/**
 * TMF666 BillingCycleSpecification: a bill cycle billing can run. Billing bills monthly
 * periods that start on a day of the month (1-28) in the account's time zone
 * (docs/billing.md): `frequency` `monthly`, `billingPeriod` `P1M` and `billingDateShift`, the
 * days from the 1st to the period's first day (0-27). The 28 cycles billing knows are served
 * built in (`monthly-day-<day>`); staff create more, naming a cycle day and, with
 * `paymentDueDateOffset`, the days from a bill's date to its due date. A billing account that
 * chooses one (`billStructure.cycleSpecification.id`) bills on its day and, unless it sets
 * its own `paymentTermsDays`, its payment terms. Offsets billing does not run on
 * (`chargeDateOffset`, `creditDateOffset`, `mailingDateOffset`: bills are issued, charged and
 * mailed on their bill date) are refused rather than kept without effect.
 */
export interface BillingCycleSpecification {
  id: string;
  href: string;
  name: string;
  description?: string;
  frequency: 'monthly';
  billingPeriod: 'P1M';
  billingDateShift: number;
  paymentDueDateOffset?: number;
  validFor?: TimePeriod;
  /** True for the cycles the system defines. */
  isBuiltIn: boolean;
  /** When it was created or last changed (built-in ones: never). */
  lastUpdate?: string;
  '@type': 'BillingCycleSpecification';
}

export const builtInCycleIdPrefix = 'monthly-day-';
const path = /* @__PURE__ */ accountRecordPath('BillingCycleSpecification');

/** The cycle day a specification bills on: its shift from the 1st, plus one. */
export const cycleDayOf = (specification: Pick<BillingCycleSpecification, 'billingDateShift'>): number => specification.billingDateShift + 1;

export const builtInCycleSpecificationId = (day: number): string => `${builtInCycleIdPrefix}${day}`;

function builtIn(day: number): BillingCycleSpecification {
  const id = builtInCycleSpecificationId(day);
  return {
    id,
    href: `${path}/${id}`,
    name: id,
    description: `Monthly periods starting on day ${day} of the month in the account's time zone`,
    frequency: 'monthly',
    billingPeriod: 'P1M',
    billingDateShift: day - 1,
    isBuiltIn: true,
    '@type': 'BillingCycleSpecification',
  };
}

/** The 28 cycles billing knows, day 1 to 28, in that order. */
export const builtInCycleSpecifications: readonly BillingCycleSpecification[] = /* @__PURE__ */ Array.from({ length: 28 }, (_, index) => builtIn(index + 1));

export function builtInCycleSpecification(id: string): BillingCycleSpecification | undefined {
  if (!id.startsWith(builtInCycleIdPrefix)) return undefined;
  const day = id.slice(builtInCycleIdPrefix.length);
  return /^[1-9]\d?$/.test(day) ? builtInCycleSpecifications[Number(day) - 1] : undefined;
}

const refused = (attribute: string) =>
  z.optional(z.never({ error: `${attribute} is not supported: bills are issued, charged and mailed on their bill date` }));

export const billingCycleSpecificationCreateSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  name: recordNameSchema,
  description: z.optional(recordDescriptionSchema),
  frequency: z.optional(z.literal('monthly', { error: 'billing runs monthly cycles only: frequency must be "monthly"' })),
  billingPeriod: z.optional(z.literal('P1M', { error: 'billing runs one-month periods only: billingPeriod must be "P1M"' })),
  billingDateShift: z.optional(z.int().check(z.gte(0), z.lte(27))),
  paymentDueDateOffset: z.optional(z.int().check(z.gte(0), z.lte(90))),
  validFor: z.optional(timePeriodSchema),
  chargeDateOffset: refused('chargeDateOffset'),
  creditDateOffset: refused('creditDateOffset'),
  mailingDateOffset: refused('mailingDateOffset'),
  ...typeOf('BillingCycleSpecification'),
}));
export type BillingCycleSpecificationCreate = z.infer<typeof billingCycleSpecificationCreateSchema>;

/**
 * What a patch changes: the name, description and validity. The cycle itself (shift, payment
 * offset) is copied onto the accounts that chose it, so it is fixed: create another to bill on
 * another day.
 */
export const billingCycleSpecificationPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({
  name: recordNameSchema,
  description: z.nullable(recordDescriptionSchema),
  validFor: z.nullable(timePeriodSchema),
}));
export type BillingCycleSpecificationPatch = z.infer<typeof billingCycleSpecificationPatchSchema>;

/** A new specification; without a shift it starts periods on the 1st. */
export function createBillingCycleSpecification(input: BillingCycleSpecificationCreate, context: { id: string; now: string }): BillingCycleSpecification {
  return {
    id: context.id,
    href: `${path}/${context.id}`,
    name: input.name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    frequency: 'monthly',
    billingPeriod: 'P1M',
    billingDateShift: input.billingDateShift ?? 0,
    ...(input.paymentDueDateOffset !== undefined ? { paymentDueDateOffset: input.paymentDueDateOffset } : {}),
    ...(input.validFor !== undefined ? { validFor: input.validFor } : {}),
    isBuiltIn: false,
    lastUpdate: context.now,
    '@type': 'BillingCycleSpecification',
  };
}

export function applyBillingCycleSpecificationPatch(current: BillingCycleSpecification, patch: BillingCycleSpecificationPatch, now: string): BillingCycleSpecification {
  return { ...applyMergePatch(current, patch), lastUpdate: now };
}

import * as z from '../shared/zod.js';
import { callDirections, serviceTypes } from '../rating/rating-attributes.js';
import { tmfMoneySchema, type TmfMoney } from './catalog-types.js';

/**
 * The `rating` extension attribute of a usage price (docs/rating.md, "Usage prices that rate
 * calls"): which records the price applies to (`appliesTo`, by destination zone, roaming zone,
 * direction and service type, zones read from the named zone table), how it ranks among the
 * prices that match (`weight`), and how it charges one call (`timeBands` and `bandPrices`,
 * `increments`, `connectFee`, `maximumPerCall`; the per-event minimum and maximum are the
 * price's own `minimumPerEvent` and `maximumPerEvent`). Structural only, free of transforms
 * (API Gateway validates it as a draft-04 model); the rules are in
 * domain/pricing/usage-price-rating-rules.ts.
 */
const name = /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(64)));

const bandStartSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({ from: z.string().check(z.maxLength(5)), band: name }));
const dayScheduleSchema = /* @__PURE__ */ z.lazy(() => z.array(bandStartSchema).check(z.minLength(1), z.maxLength(48)));

export const timeBandPlanSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  weekdays: dayScheduleSchema,
  weekend: dayScheduleSchema,
  holidays: z.strictObject({ dates: z.array(z.string().check(z.maxLength(10))).check(z.maxLength(400)), schedule: dayScheduleSchema }),
}));

/** The names a price's filter accepts for "not roaming" beside the zone table's roaming zones. */
export const homeRoamingZone = 'home';

export const usagePriceRatingSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  zoneTable: z.optional(z.strictObject({ id: z.string().check(z.minLength(1), z.maxLength(128)) })),
  appliesTo: z.optional(
    z.strictObject({
      zones: z.optional(z.array(name).check(z.minLength(1), z.maxLength(100))),
      roamingZones: z.optional(z.array(name).check(z.minLength(1), z.maxLength(100))),
      direction: z.optional(z.enum(callDirections)),
      serviceType: z.optional(z.array(z.enum(serviceTypes)).check(z.minLength(1), z.maxLength(serviceTypes.length))),
    }),
  ),
  weight: z.optional(z.int().check(z.gte(0), z.lte(1000))),
  timeBands: z.optional(timeBandPlanSchema),
  bandPrices: z.optional(z.array(z.strictObject({ band: name, price: tmfMoneySchema })).check(z.minLength(1), z.maxLength(20))),
  increments: z.optional(z.strictObject({ first: z.int().check(z.lte(86_400)), next: z.int().check(z.lte(86_400)) })),
  connectFee: z.optional(tmfMoneySchema),
  maximumPerCall: z.optional(tmfMoneySchema),
}));

export type UsagePriceRating = z.infer<typeof usagePriceRatingSchema>;

/** The structural shape the engine reads (stored prices and fixtures alike). */
export interface UsagePriceRatingTerms {
  zoneTable?: { id: string } | undefined;
  appliesTo?:
    | {
        zones?: readonly string[] | undefined;
        roamingZones?: readonly string[] | undefined;
        direction?: (typeof callDirections)[number] | undefined;
        serviceType?: readonly (typeof serviceTypes)[number][] | undefined;
      }
    | undefined;
  weight?: number | undefined;
  timeBands?: z.infer<typeof timeBandPlanSchema> | undefined;
  bandPrices?: readonly { band: string; price: TmfMoney }[] | undefined;
  increments?: { first: number; next: number } | undefined;
  connectFee?: TmfMoney | undefined;
  maximumPerCall?: TmfMoney | undefined;
}

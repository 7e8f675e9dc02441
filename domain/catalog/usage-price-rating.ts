import * as z from 'zod';
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
const name = z.string().min(1).max(64);

const bandStartSchema = z.strictObject({ from: z.string().max(5), band: name });
const dayScheduleSchema = z.array(bandStartSchema).min(1).max(48);

export const timeBandPlanSchema = z.strictObject({
  weekdays: dayScheduleSchema,
  weekend: dayScheduleSchema,
  holidays: z.strictObject({ dates: z.array(z.string().max(10)).max(400), schedule: dayScheduleSchema }),
});

/** The names a price's filter accepts for "not roaming" beside the zone table's roaming zones. */
export const homeRoamingZone = 'home';

export const usagePriceRatingSchema = z.strictObject({
  zoneTable: z.strictObject({ id: z.string().min(1).max(128) }).optional(),
  appliesTo: z
    .strictObject({
      zones: z.array(name).min(1).max(100).optional(),
      roamingZones: z.array(name).min(1).max(100).optional(),
      direction: z.enum(callDirections).optional(),
      serviceType: z.array(z.enum(serviceTypes)).min(1).max(serviceTypes.length).optional(),
    })
    .optional(),
  weight: z.number().int().min(0).max(1000).optional(),
  timeBands: timeBandPlanSchema.optional(),
  bandPrices: z.array(z.strictObject({ band: name, price: tmfMoneySchema })).min(1).max(20).optional(),
  increments: z.strictObject({ first: z.number().int().max(86_400), next: z.number().int().max(86_400) }).optional(),
  connectFee: tmfMoneySchema.optional(),
  maximumPerCall: tmfMoneySchema.optional(),
});

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

import type { TmfMoney } from '../catalog/catalog-types.js';
import { moneyToTmf } from '../money/money.js';
import type { RatedCall } from './call-rating.js';
import type { UsageZones } from './usage-price-choice.js';

/**
 * Why a record cost what it cost (docs/rating.md, "Explainable results"): its zones, and for a
 * call its bands, increments, allowance and fees. The same shape on a usage record's
 * `ratedProductUsage` and on a quote's sample records.
 */
export interface RatingDetail {
  zone?: string;
  /** `home` when not roaming. */
  roamingZone?: string;
  durationSeconds?: number;
  /** After increments. */
  chargedSeconds?: number;
  /** Charged seconds the period's allowance covered. */
  includedSeconds?: number;
  increments?: { first: number; next: number };
  bands?: { band?: string; seconds: number; chargedSeconds: number; charge: TmfMoney }[];
  connectFee?: TmfMoney;
}

export function zonesDetail(zones: UsageZones): RatingDetail {
  return { ...(zones.zone !== undefined ? { zone: zones.zone } : {}), roamingZone: zones.roamingZone };
}

export function callDetail(call: RatedCall): RatingDetail {
  return {
    ...(call.zone !== undefined ? { zone: call.zone } : {}),
    ...(call.roamingZone !== undefined ? { roamingZone: call.roamingZone } : {}),
    durationSeconds: call.durationSeconds,
    chargedSeconds: call.chargedSeconds,
    includedSeconds: call.includedSeconds,
    increments: call.increments,
    bands: call.parts.map((part) => ({ ...(part.band !== undefined ? { band: part.band } : {}), seconds: part.seconds, chargedSeconds: part.chargedSeconds, charge: moneyToTmf(part.charge) })),
    connectFee: moneyToTmf(call.connectFee),
  };
}

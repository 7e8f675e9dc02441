import { decimal, roundHalfEven, type Decimal } from '../money/decimal.js';
import { moneyFromTmf, unitPriceFromTmf, type Money } from '../money/money.js';
import { chargeCall, chargedSecondsOf, type CallCharge, type CallChargeTerms, type CallPart } from '../rating/call-charging.js';
import { splitCallByBands } from '../rating/time-bands.js';
import { priceCurrency, type PriceTerms } from './price-terms.js';
import { unitScale } from './units-of-measure.js';
import type { UsageZones } from './usage-price-choice.js';
import type { UsageCharge } from './usage-rating.js';

/**
 * A usage price that charges each call on its own (docs/rating.md, "Charging one call" and
 * "Then the period"): its `rating` gives time bands, band prices, increments, a connect fee or a
 * maximum per call. Each record is one call: split at its bands in the account's time zone,
 * charged through increments, band prices, the per-event minimum and maximum, the connect fee
 * and the cap per call (`chargeCall`). The period then applies, in usage-date order: the
 * allowance (`includedQuantity`) counts charged seconds, a call wholly inside it costs nothing
 * (connect fee included) and the call that crosses its end is charged for its charged seconds
 * above it; then the period's minimum and maximum charge bound the sum.
 */
export function isCallRated(price: PriceTerms): boolean {
  const rating = price.rating;
  return (
    rating !== undefined &&
    (rating.timeBands !== undefined || rating.bandPrices !== undefined || rating.increments !== undefined || rating.connectFee !== undefined || rating.maximumPerCall !== undefined)
  );
}

/** Without increments a call is charged by the second. */
const bySecond = { first: 1, next: 1 } as const;
/** The band of every part when the price has no time bands. */
const anyBand = '';

/** A price's per-call terms, built once per price object. */
const termsOfPrice = new WeakMap<PriceTerms, { terms: CallChargeTerms; tail: CallChargeTerms }>();

function compiledTermsOf(price: PriceTerms): { terms: CallChargeTerms; tail: CallChargeTerms } {
  let compiled = termsOfPrice.get(price);
  if (!compiled) {
    const rating = price.rating ?? {};
    const currency = priceCurrency(price) ?? price.price?.unit ?? '';
    const optionalMoney = (value: { unit: string; value: number } | undefined, field: string): Money | undefined => (value ? moneyFromTmf(value, field) : undefined);
    const per = unitScale(price.unitOfMeasure?.units ?? '')?.baseUnits === 60n ? 'minute' : 'second';
    // Prices are per unit of measure; a unit of measure of 2 minutes is half the price per minute.
    const perAmount = decimal(price.unitOfMeasure?.amount ?? 1);
    const unitPrice = (value: { unit: string; value: number }, field: string) => divideExactly(unitPriceFromTmf(value, field).amount, perAmount);
    const bandPrices: Record<string, Decimal> = Object.create(null) as Record<string, Decimal>;
    for (const [index, entry] of (rating.bandPrices ?? []).entries()) bandPrices[entry.band] = unitPrice(entry.price, `rating.bandPrices[${index}].price`);
    const terms: CallChargeTerms = {
      currency,
      price: price.price ? unitPrice(price.price, 'price') : decimal(0),
      per,
      bandPrices,
      increments: rating.increments ?? bySecond,
      ...(rating.connectFee ? { connectFee: optionalMoney(rating.connectFee, 'rating.connectFee')! } : {}),
      ...(price.minimumPerEvent ? { minimumPerEvent: optionalMoney(price.minimumPerEvent, 'minimumPerEvent')! } : {}),
      ...(price.maximumPerEvent ? { maximumPerEvent: optionalMoney(price.maximumPerEvent, 'maximumPerEvent')! } : {}),
      ...(rating.maximumPerCall ? { maximumPerCall: optionalMoney(rating.maximumPerCall, 'rating.maximumPerCall')! } : {}),
    };
    // The part of a call above the allowance is already in charged seconds: no increment again.
    compiled = { terms, tail: { ...terms, increments: bySecond } };
    termsOfPrice.set(price, compiled);
  }
  return compiled;
}

/** a / b for a unit of measure's amount (1, 2, 0.5…), exact to 12 places, which any real price per unit reaches. */
function divideExactly(a: Decimal, b: Decimal): Decimal {
  if (b.coefficient === 1n && b.scale === 0) return a;
  const scale = 12;
  const numerator = a.coefficient * 10n ** BigInt(scale + b.scale);
  const denominator = b.coefficient * 10n ** BigInt(a.scale);
  return { coefficient: numerator / denominator, scale };
}

export interface CallToRate {
  /** The record's position in the usage given. */
  index?: number | undefined;
  /** The record's id, when it has one (billing's usage id, a quote's sample record id). */
  id?: string | undefined;
  quantity: Decimal;
  units: string;
  /** Epoch ms the call started. */
  at: number;
  zones?: UsageZones | undefined;
}

/** How one call was rated: what `ratedProductUsage` and the quote show per record. */
export interface RatedCall {
  index?: number | undefined;
  id?: string | undefined;
  zone?: string | undefined;
  roamingZone?: string | undefined;
  durationSeconds: number;
  /** After increments. */
  chargedSeconds: number;
  /** Charged seconds the period's allowance covered. */
  includedSeconds: number;
  increments: { first: number; next: number };
  /** Each band's seconds, charged seconds (after the allowance) and share of the charge; the shares add up to `charge`. */
  parts: { band?: string | undefined; seconds: number; chargedSeconds: number; charge: Money }[];
  connectFee: Money;
  charge: Money;
}

export interface RatedCalls {
  usage: UsageCharge;
  /** In usage-date order, the order the allowance is drawn in. */
  calls: RatedCall[];
  /** The period's minimum or maximum charge moved the sum of the calls by this much. */
  periodAdjustment: Money;
}

/** The whole seconds of a call of `quantity` in `units` (a time unit), rounded up to the second. */
export function callSeconds(quantity: Decimal, units: string): number {
  const base = unitScale(units)?.baseUnits ?? 1n;
  const numerator = quantity.coefficient * base;
  const denominator = 10n ** BigInt(quantity.scale);
  return Number((numerator + denominator - 1n) / denominator);
}

export function rateCalls(price: PriceTerms, calls: readonly CallToRate[], timeZone: string): RatedCalls {
  const { terms, tail } = compiledTermsOf(price);
  const currency = terms.currency;
  const zero: Money = { amount: 0n, currency };
  const unitSeconds = Number(unitScale(price.unitOfMeasure?.units ?? '')?.baseUnits ?? 1n) * (price.unitOfMeasure?.amount ?? 1);
  let allowance = Math.round((price.includedQuantity ?? 0) * unitSeconds);
  const allowanceSeconds = allowance;
  const plan = price.rating?.timeBands;
  const ordered = [...calls].sort((a, b) => a.at - b.at || compareIds(a.id, b.id));

  let sum = 0n;
  let durationTotal = 0;
  let chargedTotal = 0;
  const rated = ordered.map((call): RatedCall => {
    const durationSeconds = callSeconds(call.quantity, call.units);
    const parts: CallPart[] = plan ? splitCallByBands(call.at, durationSeconds, plan, timeZone) : [{ band: anyBand, seconds: durationSeconds }];
    const chargedSeconds = chargedSecondsOf(durationSeconds, terms.increments);
    durationTotal += durationSeconds;
    chargedTotal += chargedSeconds;
    let charged: CallCharge;
    let includedSeconds = 0;
    if (allowance >= chargedSeconds && allowance > 0) {
      includedSeconds = chargedSeconds;
      allowance -= chargedSeconds;
      charged = freeCall(parts, chargedSeconds, zero);
    } else if (allowance > 0) {
      includedSeconds = allowance;
      charged = chargeCall(tail, tailParts(parts, chargedSeconds, chargedSeconds - allowance));
      allowance = 0;
    } else {
      charged = chargeCall(terms, parts);
    }
    sum += charged.charge.amount;
    return {
      ...(call.index !== undefined ? { index: call.index } : {}),
      ...(call.id !== undefined ? { id: call.id } : {}),
      ...(call.zones?.zone !== undefined ? { zone: call.zones.zone } : {}),
      ...(call.zones ? { roamingZone: call.zones.roamingZone } : {}),
      durationSeconds,
      chargedSeconds,
      includedSeconds,
      increments: { ...terms.increments },
      parts: charged.parts.map((part) => ({ ...(part.band === anyBand ? {} : { band: part.band }), seconds: part.seconds, chargedSeconds: part.chargedSeconds, charge: part.charge })),
      connectFee: charged.connectFee,
      charge: charged.charge,
    };
  });

  let total = sum;
  if (price.minimumCharge) total = maxBigint(total, moneyFromTmf(price.minimumCharge, 'minimumCharge').amount);
  if (price.maximumCharge) total = minBigint(total, moneyFromTmf(price.maximumCharge, 'maximumCharge').amount);
  const inUnit = (seconds: number) => secondsInUnit(seconds, unitSeconds);
  const included = Math.min(chargedTotal, allowanceSeconds);
  return {
    usage: {
      charge: { amount: total, currency },
      quantity: inUnit(durationTotal),
      includedUsed: inUnit(included),
      chargedQuantity: inUnit(chargedTotal - included),
      tiers: [],
      calls: { count: rated.length, durationSeconds: durationTotal, chargedSeconds: chargedTotal, includedSeconds: included },
    },
    calls: rated,
    periodAdjustment: { amount: total - sum, currency },
  };
}

/** A call the allowance covers whole: its seconds laid over its parts as chargeCall lays them, nothing charged. */
function freeCall(parts: readonly CallPart[], chargedSeconds: number, zero: Money): CallCharge {
  const durationSeconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  const roundingUp = chargedSeconds - durationSeconds;
  return {
    durationSeconds,
    chargedSeconds,
    parts: parts.map((part, index) => ({ band: part.band, seconds: part.seconds, chargedSeconds: part.seconds + (index === parts.length - 1 ? roundingUp : 0), price: decimal(0), charge: zero })),
    timeCharge: zero,
    eventCharge: zero,
    connectFee: zero,
    charge: zero,
  };
}

/** The last `tailSeconds` of a call's charged seconds (rounding-up on its last part), as parts: what is above the allowance. */
function tailParts(parts: readonly CallPart[], chargedSeconds: number, tailSeconds: number): CallPart[] {
  const durationSeconds = parts.reduce((sum, part) => sum + part.seconds, 0);
  const laid = parts.map((part, index) => ({ band: part.band, seconds: part.seconds + (index === parts.length - 1 ? chargedSeconds - durationSeconds : 0) }));
  const tail: CallPart[] = [];
  let left = tailSeconds;
  for (let index = laid.length - 1; index >= 0 && left > 0; index -= 1) {
    const take = Math.min(left, laid[index]!.seconds);
    if (take > 0) tail.unshift({ band: laid[index]!.band, seconds: take });
    left -= take;
  }
  return tail.length > 0 ? tail : [{ band: parts[parts.length - 1]!.band, seconds: 0 }];
}

/** Seconds in the price's unit, for display: exact for seconds, to 4 places for minutes (charges are computed from whole seconds, never from this). */
function secondsInUnit(seconds: number, unitSeconds: number): Decimal {
  if (unitSeconds === 1) return decimal(seconds);
  let coefficient = roundHalfEven(BigInt(seconds) * 10_000n, BigInt(Math.round(unitSeconds)));
  let scale = 4;
  while (scale > 0 && coefficient % 10n === 0n && coefficient !== 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale: coefficient === 0n ? 0 : scale };
}

/** How a line of calls reads: `3 calls, 4:05 long, 5:00 charged, 2:00 of it included`. */
export function callsDescription(usage: UsageCharge): string {
  const calls = usage.calls;
  if (!calls) return '';
  const included = calls.includedSeconds > 0 ? `, ${clockDuration(calls.includedSeconds)} of it included` : '';
  return `${calls.count} ${calls.count === 1 ? 'call' : 'calls'}, ${clockDuration(calls.durationSeconds)} long, ${clockDuration(calls.chargedSeconds)} charged${included}`;
}

/** Minutes and seconds as a phone bill writes them: 75 s is 1:15, 3,725 s is 62:05. */
export function clockDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function compareIds(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

const maxBigint = (a: bigint, b: bigint) => (a > b ? a : b);
const minBigint = (a: bigint, b: bigint) => (a < b ? a : b);

import { isNegativeDecimal, type Decimal } from '../money/decimal.js';
import { allocateMoney, minorUnitExponent, type Money } from '../money/money.js';
import { roundHalfEvenNonNegative } from '../pricing/usage-rating.js';
import type { FieldProblem } from '../shared/domain-errors.js';
import { rejectFieldProblems } from '../shared/domain-errors.js';

/**
 * Per-event charging of one call (docs/rating.md, "Order of operations"): rating increments on
 * the call's duration, its time charged at each band's price and rounded once, the per-event
 * minimum and maximum, the connect fee, then the maximum per call. What this returns is one
 * record's charge; the period's allowance and tiers come after, over the period's records.
 */

/**
 * The first `first` seconds are charged whole, then time is charged in steps of `next`
 * seconds, each started step whole: 60/1 (a minute, then by the second), 30/6, 60/60 (per
 * started minute), 1/1 (by the second).
 */
export interface RatingIncrements {
  first: number;
  next: number;
}

export interface CallChargeTerms {
  currency: string;
  /** The price, in major units (EUR, not cents), per `per` of charged time; for any band `bandPrices` does not name. */
  price: Decimal;
  per: 'minute' | 'second';
  /** Band prices (`peak`, `off-peak`…) that replace `price` in their band, same unit. */
  bandPrices?: Readonly<Record<string, Decimal>>;
  increments: RatingIncrements;
  /** Charged once per call, on top of the time, answered or not as the record says. */
  connectFee?: Money;
  /** Floor and ceiling of the time charge of one event (the connect fee is not in it). */
  minimumPerEvent?: Money;
  maximumPerEvent?: Money;
  /** Ceiling of everything one call costs, connect fee included: the promise "no call costs more than". */
  maximumPerCall?: Money;
}

/** A stretch of the call in one band (a `BandPart` of splitCallByBands, or the whole call as one part). */
export interface CallPart {
  band: string;
  seconds: number;
}

export interface ChargedCallPart {
  band: string;
  /** Seconds of the call in the band. */
  seconds: number;
  /** Seconds charged in the band: its own, plus the rounding-up of the increments on the last part. */
  chargedSeconds: number;
  price: Decimal;
  /** The part's share of the call's charge: the parts add up to it to the minor unit. */
  charge: Money;
}

export interface CallCharge {
  durationSeconds: number;
  chargedSeconds: number;
  parts: ChargedCallPart[];
  /** The charged time at its band prices, rounded once, half-even. */
  timeCharge: Money;
  /** The time charge within the per-event minimum and maximum. */
  eventCharge: Money;
  connectFee: Money;
  /** What the call costs: event charge plus connect fee, at most the maximum per call. */
  charge: Money;
}

function moneyProblems(value: Money | undefined, currency: string, field: string, problems: FieldProblem[]): void {
  if (value === undefined) return;
  if (value.currency !== currency) problems.push({ field, problem: `in ${currency}, the price's currency; not ${value.currency}` });
  else if (value.amount < 0n) problems.push({ field, problem: 'not negative' });
}

/**
 * The rules of the terms, each problem naming its field: increments whole seconds of at least
 * 1 (an increment of 0 would charge nothing, or never end), prices and fees not negative, all
 * in the terms' currency, the per-event minimum at most the maximum.
 */
export function callChargeTermsProblems(terms: CallChargeTerms): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const name of ['first', 'next'] as const) {
    const value = terms.increments[name];
    if (!Number.isSafeInteger(value) || value < 1) problems.push({ field: `increments.${name}`, problem: 'whole seconds, 1 or more' });
  }
  if (terms.per !== 'minute' && terms.per !== 'second') problems.push({ field: 'per', problem: 'minute or second' });
  if (isNegativeDecimal(terms.price)) problems.push({ field: 'price', problem: 'not negative' });
  for (const [band, price] of Object.entries(terms.bandPrices ?? {})) {
    if (isNegativeDecimal(price)) problems.push({ field: `bandPrices.${band}`, problem: 'not negative' });
  }
  moneyProblems(terms.connectFee, terms.currency, 'connectFee', problems);
  moneyProblems(terms.minimumPerEvent, terms.currency, 'minimumPerEvent', problems);
  moneyProblems(terms.maximumPerEvent, terms.currency, 'maximumPerEvent', problems);
  moneyProblems(terms.maximumPerCall, terms.currency, 'maximumPerCall', problems);
  const { minimumPerEvent: minimum, maximumPerEvent: maximum } = terms;
  if (minimum && maximum && minimum.currency === maximum.currency && minimum.amount > maximum.amount) {
    problems.push({ field: 'maximumPerEvent', problem: 'at least minimumPerEvent' });
  }
  return problems;
}

export function validateCallChargeTerms(terms: CallChargeTerms): void {
  rejectFieldProblems(callChargeTermsProblems(terms), 'the call charge terms are invalid');
}

/** The seconds a call of `durationSeconds` is charged for: 0 for 0, else the first increment whole and every started next one. */
export function chargedSecondsOf(durationSeconds: number, increments: RatingIncrements): number {
  if (durationSeconds <= 0) return 0;
  if (durationSeconds <= increments.first) return increments.first;
  return increments.first + Math.ceil((durationSeconds - increments.first) / increments.next) * increments.next;
}

/**
 * Charges one call from its parts in band order (docs/rating.md). The increments apply to the
 * call as a whole, never per part: splitting a call at 20:00 must not make it dearer, as
 * rounding each part up would. The charged seconds are then laid over the parts in order: each
 * part is charged its own seconds, and the rounding-up goes to the last part, because
 * increments round the end of the call up and the end is in the last band. The time charge is
 * one exact sum over the parts, rounded once half-even; then the per-event minimum and maximum,
 * the connect fee, and the maximum per call. The terms must be valid (`validateCallChargeTerms`).
 */
export function chargeCall(terms: CallChargeTerms, parts: readonly CallPart[]): CallCharge {
  if (parts.length === 0) throw new RangeError('chargeCall needs at least one part (a call of 0 seconds is one part of 0 seconds)');
  const compiled = compileTerms(terms);
  const { currency } = terms;
  const rates = parts.length === 1 ? rateOf(compiled, parts[0]!.band).alone : parts.map((part) => rateOf(compiled, part.band));
  let durationSeconds = 0;
  for (let index = 0; index < parts.length; index += 1) durationSeconds += parts[index]!.seconds;
  const chargedSeconds = chargedSecondsOf(durationSeconds, terms.increments);
  const roundingUp = chargedSeconds - durationSeconds;
  const { time, event, total } = amountsOf(compiled, parts, rates, roundingUp);
  const charge: Money = { amount: total, currency };
  const timeCharge: Money = { amount: time, currency };
  return {
    durationSeconds,
    chargedSeconds,
    parts:
      parts.length === 1
        ? [{ band: parts[0]!.band, seconds: durationSeconds, chargedSeconds, price: rates[0]!.price, charge }]
        : chargedParts(charge, parts, rates, roundingUp),
    timeCharge,
    eventCharge: event === time ? timeCharge : { amount: event, currency },
    connectFee: compiled.connectFee,
    charge,
  };
}

/** Bills show usage per band: the call's charge is spread over its parts in proportion to their exact time charges. */
function chargedParts(charge: Money, parts: readonly CallPart[], rates: readonly BandRate[], roundingUp: number): ChargedCallPart[] {
  const shares = allocateMoney(charge, shareWeights(parts, rates, roundingUp));
  return parts.map((part, index) => ({
    band: part.band,
    seconds: part.seconds,
    chargedSeconds: part.seconds + (index === parts.length - 1 ? roundingUp : 0),
    price: rates[index]!.price,
    charge: shares[index]!,
  }));
}

/**
 * The time charge in minor units (Σ charged seconds × price / seconds per unit: one fraction,
 * rounded once half-even), within the per-event minimum and maximum, then plus the connect fee
 * and at most the maximum per call. Most calls' amounts are small integers: then they are
 * computed in floating point, exactly (every value stays a safe integer, checked), which is
 * several times faster than bigint, whose every operation allocates; otherwise, and as the
 * reference, in bigint.
 */
function amountsOf(compiled: CompiledTerms, parts: readonly CallPart[], rates: readonly BandRate[], roundingUp: number): { time: bigint; event: bigint; total: bigint } {
  const safe = compiled.safe;
  if (safe !== undefined) {
    let numerator = 0;
    for (let index = 0; index < parts.length; index += 1) numerator += (parts[index]!.seconds + (index === parts.length - 1 ? roundingUp : 0)) * rates[index]!.safePrice;
    if (Number.isSafeInteger(numerator)) {
      const time = roundHalfEvenSafe(numerator, safe.denominator);
      const event = Math.min(Math.max(time, safe.minimumPerEvent), safe.maximumPerEvent);
      // Past the safe integers only when not capped, as a capped sum is the cap, which is safe.
      const total = Math.min(event + safe.connectFee, safe.maximumPerCall);
      if (Number.isSafeInteger(total)) {
        const timeAmount = BigInt(time);
        return { time: timeAmount, event: event === time ? timeAmount : BigInt(event), total: BigInt(total) };
      }
    }
  }
  let numerator = 0n;
  for (let index = 0; index < parts.length; index += 1) numerator += BigInt(parts[index]!.seconds + (index === parts.length - 1 ? roundingUp : 0)) * rates[index]!.scaledPrice;
  const time = roundHalfEvenNonNegative(numerator, compiled.denominator);
  const { minimumPerEvent, maximumPerEvent, maximumPerCall } = compiled.terms;
  let event = time;
  if (minimumPerEvent && event < minimumPerEvent.amount) event = minimumPerEvent.amount;
  if (maximumPerEvent && event > maximumPerEvent.amount) event = maximumPerEvent.amount;
  let total = event + compiled.connectFee.amount;
  if (maximumPerCall && total > maximumPerCall.amount) total = maximumPerCall.amount;
  return { time, event, total };
}

/** Half-even division of safe non-negative integers, exact: the float quotient is corrected by the remainder. */
function roundHalfEvenSafe(numerator: number, denominator: number): number {
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  const twice = remainder * 2;
  if (twice > denominator) return quotient + 1;
  if (twice < denominator) return quotient;
  return quotient % 2 === 0 ? quotient : quotient + 1;
}

/** The parts' exact time charges, to share the call's charge over them (the first part's alone when the time is free). */
function shareWeights(parts: readonly CallPart[], rates: readonly BandRate[], roundingUp: number): bigint[] {
  const weights = parts.map((part, index) => BigInt(part.seconds + (index === parts.length - 1 ? roundingUp : 0)) * rates[index]!.scaledPrice);
  return weights.some((weight) => weight > 0n) ? weights : weights.map((_, index) => (index === 0 ? 1n : 0n));
}

/** One band's price, as given and scaled to an integer over the terms' common denominator, in minor units. */
interface BandRate {
  price: Decimal;
  scaledPrice: bigint;
  /** scaledPrice as a number; only read when the terms are `safe`. */
  safePrice: number;
  /** This rate alone, the rates of a call in one part: most calls, which then need no array of their own. */
  alone: readonly BandRate[];
}

/** Terms with every price as an integer over one common denominator, in minor units: a call's charge is then integer sums and one division. */
interface CompiledTerms {
  terms: CallChargeTerms;
  /** For any band `bandPrices` does not name. */
  rate: BandRate;
  /** The band prices in a map: a band named `constructor` must not find Object's. */
  bandRates: Map<string, BandRate>;
  denominator: bigint;
  /** Readonly and the same every call, so it is shared by every charge of these terms. */
  connectFee: Money;
  /**
   * The denominator and the per-call amounts as numbers, when they are small enough that a
   * call's sums can stay safe integers (an absent minimum is minus infinity, an absent maximum infinity).
   */
  safe?: { denominator: number; minimumPerEvent: number; maximumPerEvent: number; connectFee: number; maximumPerCall: number };
}

function rateOf(compiled: CompiledTerms, band: string): BandRate {
  return compiled.bandRates.get(band) ?? compiled.rate;
}

/** Prices scaled above this make even short calls' sums leave the safe integers: bigint only. */
const safeScaledPriceLimit = 2n ** 32n;

/** Compiled once per terms object: a billing run charges every call of a price with the same terms. */
const compiledTerms = new WeakMap<CallChargeTerms, CompiledTerms>();

function compileTerms(terms: CallChargeTerms): CompiledTerms {
  let compiled = compiledTerms.get(terms);
  if (!compiled) {
    const bandPrices = Object.entries(terms.bandPrices ?? {});
    const scale = Math.max(terms.price.scale, ...bandPrices.map(([, price]) => price.scale));
    const minorUnits = 10n ** BigInt(minorUnitExponent(terms.currency));
    const rateOfPrice = (price: Decimal): BandRate => {
      const scaledPrice = price.coefficient * 10n ** BigInt(scale - price.scale) * minorUnits;
      const rate: BandRate = { price, scaledPrice, safePrice: Number(scaledPrice), alone: [] };
      rate.alone = [rate];
      return rate;
    };
    const rate = rateOfPrice(terms.price);
    const bandRates = new Map(bandPrices.map(([band, price]) => [band, rateOfPrice(price)]));
    const denominator = (terms.per === 'minute' ? 60n : 1n) * 10n ** BigInt(scale);
    const connectFee: Money = { amount: terms.connectFee?.amount ?? 0n, currency: terms.currency };
    const small =
      [rate.scaledPrice, denominator, ...[...bandRates.values()].map((each) => each.scaledPrice)].every((value) => value < safeScaledPriceLimit) &&
      [terms.minimumPerEvent, terms.maximumPerEvent, connectFee, terms.maximumPerCall].every((money) => money === undefined || Number.isSafeInteger(Number(money.amount)));
    const safeAmount = (money: Money | undefined, absent: number) => (money ? Number(money.amount) : absent);
    compiled = {
      terms,
      rate,
      bandRates,
      denominator,
      connectFee,
      ...(small
        ? {
            safe: {
              denominator: Number(denominator),
              minimumPerEvent: safeAmount(terms.minimumPerEvent, Number.NEGATIVE_INFINITY),
              maximumPerEvent: safeAmount(terms.maximumPerEvent, Number.POSITIVE_INFINITY),
              connectFee: Number(connectFee.amount),
              maximumPerCall: safeAmount(terms.maximumPerCall, Number.POSITIVE_INFINITY),
            },
          }
        : {}),
    };
    compiledTerms.set(terms, compiled);
  }
  return compiled;
}

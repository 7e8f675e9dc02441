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
  let durationSeconds = 0;
  for (const part of parts) durationSeconds += part.seconds;
  const chargedSeconds = chargedSecondsOf(durationSeconds, terms.increments);
  const roundingUp = chargedSeconds - durationSeconds;

  // Σ charged seconds × price / seconds per unit, in minor units: one fraction, rounded once.
  const timeAmount = timeAmountOf(compiled, parts, roundingUp);

  let eventAmount = timeAmount;
  if (terms.minimumPerEvent && eventAmount < terms.minimumPerEvent.amount) eventAmount = terms.minimumPerEvent.amount;
  if (terms.maximumPerEvent && eventAmount > terms.maximumPerEvent.amount) eventAmount = terms.maximumPerEvent.amount;
  const connectFee = terms.connectFee?.amount ?? 0n;
  let total = eventAmount + connectFee;
  if (terms.maximumPerCall && total > terms.maximumPerCall.amount) total = terms.maximumPerCall.amount;
  const charge: Money = { amount: total, currency };

  // Bills show usage per band: the call's charge is spread over its parts in proportion to their exact time charges.
  const shares = parts.length === 1 ? [charge] : allocateMoney(charge, shareWeights(compiled, parts, roundingUp));
  return {
    durationSeconds,
    chargedSeconds,
    parts: parts.map((part, index) => ({
      band: part.band,
      seconds: part.seconds,
      chargedSeconds: part.seconds + (index === parts.length - 1 ? roundingUp : 0),
      price: compiled.bandPrices.get(part.band) ?? terms.price,
      charge: shares[index]!,
    })),
    timeCharge: { amount: timeAmount, currency },
    eventCharge: { amount: eventAmount, currency },
    connectFee: { amount: connectFee, currency },
    charge,
  };
}

/** A part's charged seconds × its price, scaled: the exact time charge's numerator share. */
function partWeight(compiled: CompiledTerms, part: CallPart, chargedSeconds: number): bigint {
  return BigInt(chargedSeconds) * (compiled.scaledBandPrices.get(part.band) ?? compiled.scaledPrice);
}

/**
 * The time charge in minor units, rounded once half-even. Most calls' sums are small integers:
 * then it is computed in floating point, exactly (every value stays a safe integer, checked),
 * which is several times faster than bigint; otherwise, and as the reference, in bigint.
 */
function timeAmountOf(compiled: CompiledTerms, parts: readonly CallPart[], roundingUp: number): bigint {
  if (compiled.safe !== undefined) {
    let numerator = 0;
    for (let index = 0; index < parts.length; index += 1) {
      const part = parts[index]!;
      const seconds = part.seconds + (index === parts.length - 1 ? roundingUp : 0);
      numerator += seconds * (compiled.safe.bandPrices.get(part.band) ?? compiled.safe.price);
    }
    if (Number.isSafeInteger(numerator)) return BigInt(roundHalfEvenSafe(numerator, compiled.safe.denominator));
  }
  let numerator = 0n;
  for (let index = 0; index < parts.length; index += 1) numerator += partWeight(compiled, parts[index]!, parts[index]!.seconds + (index === parts.length - 1 ? roundingUp : 0));
  return roundHalfEvenNonNegative(numerator, compiled.denominator);
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
function shareWeights(compiled: CompiledTerms, parts: readonly CallPart[], roundingUp: number): bigint[] {
  const weights = parts.map((part, index) => partWeight(compiled, part, part.seconds + (index === parts.length - 1 ? roundingUp : 0)));
  return weights.some((weight) => weight > 0n) ? weights : weights.map((_, index) => (index === 0 ? 1n : 0n));
}

/** Terms with every price as an integer over one common denominator, in minor units: a call's charge is then integer sums and one division. */
interface CompiledTerms {
  /** The band prices in a map: a band named `constructor` must not find Object's. */
  bandPrices: Map<string, Decimal>;
  scaledPrice: bigint;
  scaledBandPrices: Map<string, bigint>;
  denominator: bigint;
  /** The same as numbers, when they are small enough that a call's sum can stay a safe integer. */
  safe?: { price: number; bandPrices: Map<string, number>; denominator: number };
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
    const scaled = (price: Decimal) => price.coefficient * 10n ** BigInt(scale - price.scale) * minorUnits;
    const scaledPrice = scaled(terms.price);
    const scaledBandPrices = new Map(bandPrices.map(([band, price]) => [band, scaled(price)]));
    const denominator = (terms.per === 'minute' ? 60n : 1n) * 10n ** BigInt(scale);
    const small = [scaledPrice, denominator, ...scaledBandPrices.values()].every((value) => value < safeScaledPriceLimit);
    compiled = {
      bandPrices: new Map(bandPrices),
      scaledPrice,
      scaledBandPrices,
      denominator,
      ...(small
        ? { safe: { price: Number(scaledPrice), bandPrices: new Map([...scaledBandPrices].map(([band, price]) => [band, Number(price)])), denominator: Number(denominator) } }
        : {}),
    };
    compiledTerms.set(terms, compiled);
  }
  return compiled;
}

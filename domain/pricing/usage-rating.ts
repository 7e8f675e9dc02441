import type { ChargeModel } from '../catalog/product-offering-price.js';
import { decimal, decimalToString, roundHalfEven, type Decimal } from '../money/decimal.js';
import { minorUnitExponent, moneyFromTmf, unitPriceFromTmf, type Money } from '../money/money.js';
import { InvalidInputError, RuleViolationError } from '../shared/domain-errors.js';
import { chargeModelOf, countsMoney, priceCurrency, type PriceTerms } from './price-terms.js';
import { convertibleUnits, unitScale } from './units-of-measure.js';

/**
 * Rating usage against one usage price for one period (docs/pricing.md): convert the usage
 * into the price's unit, take off the allowance, apply the charge model, round once
 * (half-even) to the currency's minor unit, then apply the minimum and maximum charge.
 *
 * Everything is exact: quantities are counted as integers of the dimension's smallest unit
 * (KB, second) times 10^scale, and a charge is one fraction rounded once. So per-minute prices
 * rate usage reported in seconds without ever holding 1/60 of a minute as a decimal.
 *
 * The percentage model counts money, and each record is one event (a transaction of that
 * amount): its fee is the percentage of the amount plus `fixedFeePerEvent`, raised to
 * `minimumPerEvent` and capped at `maximumPerEvent`, nothing for the period's first
 * `freeEventsPerPeriod` events; each event's fee stays exact and the period's sum is rounded
 * once, like every other line. graduatedPercentage is the graduated model over money, its
 * tiers' rates percentages.
 */

export interface UsageTierCharge {
  /** Index in the price's `priceTier`; 0 for the models without tiers. */
  tier: number;
  /** The units charged at this tier's rate, in the price's unit of measure. */
  quantity: Decimal;
  /** The price per `per` units of measure (a percentage per 100 for the percentage model). */
  rate: Decimal;
  per: Decimal;
  flatFee?: Money;
  /** The package model: the blocks started. */
  blocks?: bigint;
}

export interface UsageCharge {
  charge: Money;
  /** The period's usage, in the price's unit of measure. */
  quantity: Decimal;
  /** The part of the allowance (`includedQuantity`) used. */
  includedUsed: Decimal;
  /** The usage above the allowance, which the charge model prices. */
  chargedQuantity: Decimal;
  tiers: UsageTierCharge[];
  /** The percentage model: the events (records of a non-zero amount) counted, and how many of them were free. */
  events?: { counted: number; free: number };
  /** A price that rates calls one by one (domain/pricing/call-rating.ts): the calls, their seconds, after increments, and those the allowance covered. */
  calls?: { count: number; durationSeconds: number; chargedSeconds: number; includedSeconds: number };
}

/** How a line of the percentage model reads: its transactions, their amount, the free ones. */
export function eventsDescription(events: NonNullable<UsageCharge['events']>, amount: Decimal, units: string): string {
  const free = events.free > 0 ? `, ${events.free} of them free` : '';
  return `${events.counted} ${events.counted === 1 ? 'event' : 'events'}, ${decimalToString(amount)} ${units}${free}`;
}

/** A usage price compiled for a stream of one period's usage records. */
export interface UsageRater {
  readonly currency: string;
  /** The unit the price counts in. */
  readonly units: string;
  /**
   * Adds one record and returns its charge: the period's charge after it minus the charges
   * returned so far, so the records of a period always add up to `total()`, and to `rateUsage`
   * of their total but under the percentage model. Under volume pricing a record that moves the
   * period into a cheaper tier has a negative charge. The percentage model takes each call as
   * one event, in the order given (free events are the first ones rated: billing rates a
   * period's records in usage-date order); an amount of 0 is no event, so rating 0 asks for the
   * period's minimum only.
   */
  rate(quantity: Decimal, units: string): Money;
  /**
   * The period so far, rated as a whole: what its records' charges add up to, except that a
   * period without any record still owes the price's minimum charge.
   */
  total(): UsageCharge;
}

/**
 * Whether usage reported in `usageUnits` counts against a usage price: its unit or one that
 * converts into it; a percentage price counts money in its own currency only.
 */
export function countsUsageIn(price: PriceTerms, usageUnits: string): boolean {
  const units = price.unitOfMeasure?.units;
  if (price.priceType !== 'usage' || units === undefined) return false;
  return countsMoney(chargeModelOf(price)) ? usageUnits === units : convertibleUnits(units).has(usageUnits);
}

/** Rates a period's total usage at once. */
export function rateUsage(price: PriceTerms, quantity: Decimal, units: string): UsageCharge {
  const rater = createUsageRater(price);
  rater.rate(quantity, units);
  return rater.total();
}

export function createUsageRater(price: PriceTerms): UsageRater {
  let compiled = compiledPrices.get(price);
  if (!compiled) {
    compiled = new CompiledUsagePrice(price);
    compiledPrices.set(price, compiled);
  }
  return new CompiledUsageRater(compiled);
}

/** A price's terms compiled once: bills rate every account's usage against the same few prices. */
const compiledPrices = new WeakMap<PriceTerms, CompiledUsagePrice>();

const powersOfTen: bigint[] = [1n];
function pow10(exponent: number): bigint {
  for (let next = powersOfTen.length; next <= exponent; next += 1) powersOfTen.push(powersOfTen[next - 1]! * 10n);
  return powersOfTen[exponent]!;
}

/**
 * numerator / denominator (numerator ≥ 0, denominator > 0) rounded half-even: the same rule as
 * roundHalfEven in domain/money, in plain bigint arithmetic because it runs once per usage
 * record (the tests hold the two equal).
 */
export function roundHalfEvenNonNegative(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator - quotient * denominator) * 2n;
  if (twiceRemainder > denominator) return quotient + 1n;
  if (twiceRemainder < denominator) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

/** A decimal as an integer count of 10^-scale, for scale at least the decimal's own. */
function scaled(value: Decimal, scale: number): bigint {
  return value.coefficient * pow10(scale - value.scale);
}

/** num/den (both ≥ 0) as a decimal: exact when it terminates early enough, else rounded half-even. */
function fractionToDecimal(num: bigint, den: bigint, maxScale: number): Decimal {
  for (let scale = 0; scale <= maxScale; scale += 1) {
    const numerator = num * pow10(scale);
    if (numerator % den === 0n) return trimmed(numerator / den, scale);
  }
  return trimmed(roundHalfEven(num * pow10(maxScale), den), maxScale);
}

function trimmed(coefficient: bigint, scale: number): Decimal {
  while (scale > 0 && coefficient % 10n === 0n && coefficient !== 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale: coefficient === 0n ? 0 : scale };
}

function notRateable(message: string): RuleViolationError {
  return new RuleViolationError('price-not-rateable', message);
}

interface Tier {
  /** Bounds in internal quantity units; `to` is -1 for the unbounded last tier. */
  from: bigint;
  to: bigint;
  /** Charge numerator per internal unit; every numerator is over the rater's `denominator`. */
  slope: bigint;
  /** The rated numerator of a quantity q in this tier is base + q × slope. */
  base: bigint;
  flatFeeMinor: bigint;
  /** Flat fees this tier charges (graduated: every fee up to it), exact minor units added after rounding. */
  fees: bigint;
  rate: Decimal;
}

interface TierTerms {
  from: Decimal;
  to: Decimal | undefined;
  rate: Decimal;
  flatFee: bigint;
}

/**
 * A usage price compiled to integer arithmetic, once per price object: every model but `package`
 * is piecewise linear in the quantity above the allowance, so a charge is one multiplication, one
 * addition and one rounding. Raters (CompiledUsageRater) read it and keep only their stream's state.
 */
class CompiledUsagePrice {
  readonly currency: string;
  readonly units: string;
  readonly model: ChargeModel;
  /** graduated and graduatedPercentage: each unit at its tier's rate. */
  readonly graduated: boolean;
  readonly acceptedUnits: ReadonlyMap<string, bigint>;
  /** Base units per unit of measure (1 GB = 10⁶ KB). */
  readonly unitFactor: bigint;
  readonly per: Decimal;
  readonly tiers: readonly Tier[];
  readonly hasMinimum: boolean;
  readonly minimum: bigint;
  readonly hasMaximum: boolean;
  readonly maximum: bigint;
  /** Internal quantities are base units × 10^scale; a rater's grows when a record brings more decimals. */
  readonly scale: number;
  readonly included: bigint;
  readonly denominator: bigint;
  /** package: blocks = ceil(q × blockNumerator / blockDenominator), each blockPrice / blockPriceDenominator minor units. */
  readonly blockNumerator: bigint = 1n;
  readonly blockDenominator: bigint = 1n;
  readonly blockPrice: bigint = 0n;
  readonly blockPriceDenominator: bigint = 1n;
  /** The percentage model's per-event terms, in minor units (a fee is 0 when absent). */
  readonly feePerEvent: bigint = 0n;
  readonly minimumPerEvent: bigint | undefined;
  readonly maximumPerEvent: bigint | undefined;
  readonly freeEvents: number = 0;

  constructor(price: PriceTerms) {
    if (price.priceType !== 'usage') throw notRateable(`a ${price.priceType} price does not rate usage`);
    const unitOfMeasure = price.unitOfMeasure;
    const currency = priceCurrency(price);
    if (!unitOfMeasure || !currency) throw notRateable('a usage price needs a unit of measure and a currency');
    this.currency = currency;
    this.units = unitOfMeasure.units;
    this.model = chargeModelOf(price);
    this.graduated = this.model === 'graduated' || this.model === 'graduatedPercentage';
    const exponent = pow10(minorUnitExponent(currency));

    if (countsMoney(this.model)) {
      if (unitOfMeasure.units !== currency) throw notRateable(`a ${this.model} usage price counts ${currency}, not ${unitOfMeasure.units}`);
      this.acceptedUnits = new Map([[currency, 1n]]);
      this.unitFactor = 1n;
    } else {
      const unit = unitScale(unitOfMeasure.units);
      if (!unit) throw notRateable(`unknown unit of measure ${unitOfMeasure.units}`);
      this.acceptedUnits = convertibleUnits(unitOfMeasure.units);
      this.unitFactor = unit.baseUnits;
    }
    this.per = countsMoney(this.model) ? decimal(100) : decimal(unitOfMeasure.amount);
    if (this.per.coefficient <= 0n) throw notRateable('the unit of measure amount is positive');

    const included = decimal(price.includedQuantity ?? 0);
    const terms = this.tierTermsOf(price);
    this.scale = Math.max(0, included.scale, ...terms.flatMap((tier) => [tier.from.scale, tier.to?.scale ?? 0]));
    this.included = scaled(included, this.scale) * this.unitFactor;

    // charge (minor) = q / (10^scale × unitFactor) × rate / per × 10^exponent, as one fraction
    const rateScale = Math.max(0, ...terms.map((tier) => tier.rate.scale));
    this.denominator = pow10(this.scale) * this.unitFactor * this.per.coefficient * pow10(rateScale);
    const tiers = terms.map((tier) => ({
      from: scaled(tier.from, this.scale) * this.unitFactor,
      to: tier.to ? scaled(tier.to, this.scale) * this.unitFactor : -1n,
      slope: scaled(tier.rate, rateScale) * pow10(this.per.scale) * exponent,
      base: 0n,
      fees: 0n,
      flatFeeMinor: tier.flatFee,
      rate: tier.rate,
    }));
    setTierBases(tiers, this.graduated);
    this.tiers = tiers;
    if (this.model === 'package') {
      const rate = terms[0]!.rate;
      this.blockNumerator = pow10(this.per.scale);
      this.blockDenominator = this.per.coefficient * this.unitFactor * pow10(this.scale);
      this.blockPrice = rate.coefficient * exponent;
      this.blockPriceDenominator = pow10(rate.scale);
    }
    this.hasMinimum = price.minimumCharge !== undefined;
    this.minimum = price.minimumCharge ? moneyFromTmf(price.minimumCharge, 'minimumCharge').amount : 0n;
    this.hasMaximum = price.maximumCharge !== undefined;
    this.maximum = price.maximumCharge ? moneyFromTmf(price.maximumCharge, 'maximumCharge').amount : 0n;
    if (this.model === 'percentage') {
      this.feePerEvent = price.fixedFeePerEvent ? moneyFromTmf(price.fixedFeePerEvent, 'fixedFeePerEvent').amount : 0n;
      this.minimumPerEvent = price.minimumPerEvent ? moneyFromTmf(price.minimumPerEvent, 'minimumPerEvent').amount : undefined;
      this.maximumPerEvent = price.maximumPerEvent ? moneyFromTmf(price.maximumPerEvent, 'maximumPerEvent').amount : undefined;
      this.freeEvents = price.freeEventsPerPeriod ?? 0;
    }
  }

  private tierTermsOf(price: PriceTerms): TierTerms[] {
    const zero = decimal(0);
    switch (this.model) {
      case 'percentage':
        if (price.percentage === undefined) throw notRateable('a percentage usage price needs a percentage');
        return [{ from: zero, to: undefined, rate: decimal(price.percentage), flatFee: 0n }];
      case 'perUnit':
      case 'package':
        if (!price.price) throw notRateable(`a usage price charged ${this.model} needs a price`);
        return [{ from: zero, to: undefined, rate: unitPriceFromTmf(price.price, 'price').amount, flatFee: 0n }];
      case 'graduated':
      case 'volume':
      case 'graduatedPercentage': {
        const tiers = price.priceTier ?? [];
        if (tiers.length === 0) throw notRateable(`a usage price charged ${this.model} needs price tiers`);
        return tiers.map((tier, index) => ({
          from: decimal(tier.fromQuantity),
          to: tier.toQuantity === undefined || index === tiers.length - 1 ? undefined : decimal(tier.toQuantity),
          rate: this.tierRate(tier, index),
          flatFee: tier.flatFee ? moneyFromTmf(tier.flatFee, `priceTier[${index}].flatFee`).amount : 0n,
        }));
      }
    }
  }

  private tierRate(tier: NonNullable<PriceTerms['priceTier']>[number], index: number): Decimal {
    if (this.model === 'graduatedPercentage') {
      if (tier.percentage === undefined) throw notRateable(`priceTier[${index}] of a graduatedPercentage price needs a percentage`);
      return decimal(tier.percentage);
    }
    if (!tier.price) throw notRateable(`priceTier[${index}] of a ${this.model} price needs a price`);
    return unitPriceFromTmf(tier.price, `priceTier[${index}].price`).amount;
  }
}

/**
 * graduated: the full tiers below and this tier's units, plus every flat fee up to this tier;
 * volume: all units at this tier's rate, plus its flat fee. Fees are exact amounts, so they are
 * added after the rated part is rounded: a fee never changes how the usage rounds.
 */
function setTierBases(tiers: readonly Tier[], graduated: boolean): void {
  let fullTiers = 0n;
  let flatFees = 0n;
  for (const tier of tiers) {
    if (graduated) {
      flatFees += tier.flatFeeMinor;
      tier.base = fullTiers - tier.from * tier.slope;
      tier.fees = flatFees;
      if (tier.to >= 0n) fullTiers += (tier.to - tier.from) * tier.slope;
    } else {
      tier.base = 0n;
      tier.fees = tier.flatFeeMinor;
    }
  }
}

/**
 * One stream of a period's records rated against a compiled price: a stream's total only grows,
 * so the rater walks the tiers forward as it crosses them.
 */
class CompiledUsageRater implements UsageRater {
  readonly currency: string;
  readonly units: string;
  /** Internal quantities are base units × 10^scale; it grows when a record brings more decimals. */
  private scale: number;
  private included: bigint;
  private denominator: bigint;
  private blockDenominator: bigint;
  /** The compiled price's until a record brings more decimals: rescaling copies them. */
  private tiers: readonly Tier[];
  private quantity = 0n;
  private charged = 0n;
  /** The tier the stream's total is in. */
  private tierIndex = 0;
  /** The last record's units and scale, and what turns its coefficient into internal units. */
  private lastUnits = '';
  private lastScale = -1;
  private lastMultiplier = 0n;
  private events = 0;
  private freeEventsUsed = 0;
  /** The percentage model: the exact sum of the events' fees, over `denominator`. */
  private eventFees = 0n;

  constructor(private readonly price: CompiledUsagePrice) {
    this.currency = price.currency;
    this.units = price.units;
    this.scale = price.scale;
    this.included = price.included;
    this.denominator = price.denominator;
    this.blockDenominator = price.blockDenominator;
    this.tiers = price.tiers;
  }

  rate(quantity: Decimal, units: string): Money {
    if (units !== this.lastUnits || quantity.scale !== this.lastScale) this.prepareFor(quantity, units);
    if (quantity.coefficient < 0n) throw new InvalidInputError('usage is never negative', [{ field: 'quantity', problem: 'negative usage' }]);
    if (this.price.model === 'percentage') return this.rateEvent(quantity.coefficient * this.lastMultiplier);
    const total = this.quantity + quantity.coefficient * this.lastMultiplier;
    this.quantity = total;
    const above = total - this.included;
    if (above > 0n && this.price.model !== 'package') {
      const tiers = this.tiers;
      while (this.tierIndex < tiers.length - 1 && this.isBeyond(above, tiers[this.tierIndex]!.to)) this.tierIndex += 1;
    }
    const charge = this.chargeAbove(above, this.tierIndex);
    const increment = charge - this.charged;
    this.charged = charge;
    return { amount: increment, currency: this.currency };
  }

  /**
   * One event of the percentage model: the percentage of its part above the allowance (what of
   * the allowance is left goes to the earliest events) plus the fixed fee, between the minimum
   * and maximum per event, or nothing for a free event. Exact: the period rounds the sum once.
   */
  private rateEvent(amount: bigint): Money {
    const before = this.quantity;
    this.quantity += amount;
    if (amount > 0n) {
      this.events += 1;
      if (this.events <= this.price.freeEvents) {
        this.freeEventsUsed += 1;
      } else {
        const from = before > this.included ? before : this.included;
        const charged = this.quantity > from ? this.quantity - from : 0n;
        let fee = charged * this.tiers[0]!.slope + this.price.feePerEvent * this.denominator;
        if (this.price.minimumPerEvent !== undefined && fee < this.price.minimumPerEvent * this.denominator) fee = this.price.minimumPerEvent * this.denominator;
        if (this.price.maximumPerEvent !== undefined && fee > this.price.maximumPerEvent * this.denominator) fee = this.price.maximumPerEvent * this.denominator;
        this.eventFees += fee;
      }
    }
    const charge = this.withinPeriodBounds(roundHalfEvenNonNegative(this.eventFees, this.denominator));
    const increment = charge - this.charged;
    this.charged = charge;
    return { amount: increment, currency: this.currency };
  }

  /** The period's charge for `above` units above the allowance, which fall in tier `tierIndex`. */
  private chargeAbove(above: bigint, tierIndex: number): bigint {
    if (this.price.model === 'percentage') return this.withinPeriodBounds(roundHalfEvenNonNegative(this.eventFees, this.denominator));
    let charge = 0n;
    if (above > 0n) {
      if (this.price.model === 'package') {
        charge = roundHalfEvenNonNegative(this.blocksFor(above) * this.price.blockPrice, this.price.blockPriceDenominator);
      } else {
        const tier = this.tiers[tierIndex]!;
        charge = roundHalfEvenNonNegative(tier.base + above * tier.slope, this.denominator) + tier.fees;
      }
    }
    return this.withinPeriodBounds(charge);
  }

  private withinPeriodBounds(charge: bigint): bigint {
    if (this.price.hasMinimum && charge < this.price.minimum) return this.price.minimum;
    if (this.price.hasMaximum && charge > this.price.maximum) return this.price.maximum;
    return charge;
  }

  /** A graduated tier takes units up to its end inclusive; a volume tier's end belongs to the next. */
  private isBeyond(above: bigint, to: bigint): boolean {
    return this.price.graduated ? above > to : above >= to;
  }

  private prepareFor(quantity: Decimal, units: string): void {
    const factor = this.price.acceptedUnits.get(units);
    if (factor === undefined) {
      throw new InvalidInputError(`usage in ${units} cannot be rated by a price counting ${this.units}`, [
        { field: 'units', problem: `not convertible into ${this.units}` },
      ]);
    }
    if (quantity.scale > this.scale) this.rescale(quantity.scale - this.scale);
    this.lastUnits = units;
    this.lastScale = quantity.scale;
    this.lastMultiplier = factor * pow10(this.scale - quantity.scale);
  }

  total(): UsageCharge {
    const above = this.quantity > this.included ? this.quantity - this.included : 0n;
    return {
      // Not the sum returned so far: a period without records still owes its minimum charge.
      charge: { amount: this.chargeAbove(above, this.tierIndexFor(above)), currency: this.currency },
      quantity: this.inUnitsOfMeasure(this.quantity),
      includedUsed: this.inUnitsOfMeasure(this.quantity < this.included ? this.quantity : this.included),
      chargedQuantity: this.inUnitsOfMeasure(above),
      tiers: this.tierCharges(above),
      ...(this.price.model === 'percentage' ? { events: { counted: this.events, free: this.freeEventsUsed } } : {}),
    };
  }

  private blocksFor(quantity: bigint): bigint {
    return (quantity * this.price.blockNumerator + this.blockDenominator - 1n) / this.blockDenominator;
  }

  private tierIndexFor(above: bigint): number {
    let index = 0;
    while (index < this.tiers.length - 1 && this.isBeyond(above, this.tiers[index]!.to)) index += 1;
    return index;
  }

  private tierCharges(above: bigint): UsageTierCharge[] {
    if (above <= 0n) return [];
    const charge = (quantity: bigint, index: number): UsageTierCharge => {
      const tier = this.tiers[index]!;
      return {
        tier: index,
        quantity: this.inUnitsOfMeasure(quantity),
        rate: tier.rate,
        per: this.price.per,
        ...(tier.flatFeeMinor > 0n ? { flatFee: { amount: tier.flatFeeMinor, currency: this.currency } } : {}),
      };
    };
    switch (this.price.model) {
      case 'perUnit':
      case 'percentage':
        return [charge(above, 0)];
      case 'package':
        return [{ ...charge(above, 0), blocks: this.blocksFor(above) }];
      case 'volume':
        return [charge(above, this.tierIndexFor(above))];
      case 'graduated':
      case 'graduatedPercentage':
        return this.tiers.slice(0, this.tierIndexFor(above) + 1).map((tier, index) => charge((tier.to < 0n || above < tier.to ? above : tier.to) - tier.from, index));
    }
  }

  private inUnitsOfMeasure(quantity: bigint): Decimal {
    return fractionToDecimal(quantity, pow10(this.scale) * this.price.unitFactor, this.scale + 12);
  }

  private rescale(digits: number): void {
    const factor = pow10(digits);
    this.scale += digits;
    this.quantity *= factor;
    this.included *= factor;
    this.denominator *= factor;
    this.eventFees *= factor;
    this.blockDenominator *= factor;
    const tiers = this.tiers.map((tier) => ({ ...tier, from: tier.from * factor, to: tier.to >= 0n ? tier.to * factor : tier.to }));
    setTierBases(tiers, this.price.graduated);
    this.tiers = tiers;
  }
}

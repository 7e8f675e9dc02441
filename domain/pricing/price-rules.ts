import type { TmfMoney } from '../catalog/catalog-types.js';
import { compareDecimals, decimal, type Decimal } from '../money/decimal.js';
import { moneyFromTmf, unitPriceFromTmf } from '../money/money.js';
import { InvalidInputError, type FieldProblem } from '../shared/domain-errors.js';
import { chargeModelOf, countsMoney, discountsRelationship, hasPerEventTerms, priceCurrency, type CurrencyBearingTerms, type PriceTerms } from './price-terms.js';
import { isTaxCategory, taxCategories } from './tax-provider.js';
import { isKnownUnitOfMeasure, unitsOfMeasure } from './units-of-measure.js';
import type { ZoneTable } from '../rating/zone-table.js';
import { isCallRated } from './call-rating.js';
import { usagePriceRatingProblems } from './usage-price-rating-rules.js';

/**
 * The semantic rules of a ProductOfferingPrice (docs/pricing.md) that the structural zod
 * schema cannot say: which attributes each price type and charge model takes, one currency
 * per price, amounts that fit the currency, tiers without gaps or overlaps, known units.
 * Every problem is reported, each naming its field, so a catalog author fixes them in one go.
 */
export interface PriceRules {
  /** The currencies the catalog sells in. */
  catalogCurrencies: readonly string[];
  /** The zone tables the price's `rating` names that exist; without it, zones are not checked. */
  zoneTables?: ReadonlyMap<string, ZoneTable> | undefined;
}

type Attribute = keyof PriceTerms;
type Presence = 'required' | 'optional' | 'forbidden';

/** Which amount attributes a price of this type and charge model takes. */
function presenceOf(attribute: Attribute, price: PriceTerms): Presence {
  const type = price.priceType;
  const model = chargeModelOf(price);
  // A recurring price tiered by seats (the item quantity) takes its amounts from its tiers.
  const seatTiered = type === 'recurring' && (model === 'graduated' || model === 'volume');
  switch (attribute) {
    case 'price':
      if (type === 'oneTime') return 'required';
      if (type === 'recurring') return seatTiered ? 'forbidden' : 'required';
      if (type === 'usage') return model === 'perUnit' || model === 'package' ? 'required' : 'forbidden';
      return 'optional'; // a discount: exactly one of price and percentage, checked apart
    case 'percentage':
      if (type === 'usage') return model === 'percentage' ? 'required' : 'forbidden';
      return type === 'discount' ? 'optional' : 'forbidden';
    case 'recurringChargePeriodType':
      return type === 'recurring' ? 'required' : 'forbidden';
    case 'recurringChargePeriodLength':
      return type === 'recurring' ? 'optional' : 'forbidden';
    case 'unitOfMeasure':
      return type === 'usage' ? 'required' : 'forbidden';
    case 'chargeModel':
      return type === 'usage' || type === 'recurring' ? 'optional' : 'forbidden';
    case 'includedQuantity':
      // Free events, not a free amount, are how a percentage price with per-event terms gives something away.
      return type === 'usage' && !(countsMoney(model) && hasPerEventTerms(price)) ? 'optional' : 'forbidden';
    case 'priceTier':
      return (type === 'usage' && (model === 'graduated' || model === 'volume' || model === 'graduatedPercentage')) || seatTiered ? 'required' : 'forbidden';
    case 'fixedFeePerEvent':
    case 'freeEventsPerPeriod':
      return type === 'usage' && model === 'percentage' ? 'optional' : 'forbidden';
    // A call is an event too: a price that charges calls one by one bounds each call's time charge.
    case 'minimumPerEvent':
    case 'maximumPerEvent':
      return type === 'usage' && (model === 'percentage' || isCallRated(price)) ? 'optional' : 'forbidden';
    case 'minimumCharge':
    case 'maximumCharge':
      return type === 'discount' ? 'forbidden' : 'optional';
    case 'applicationDuration':
    case 'marketSegment':
      return type === 'discount' ? 'optional' : 'forbidden';
    // A discount is taken off its target's price as written and taxed at the target's rate.
    case 'tax':
    case 'taxIncluded':
      return type === 'discount' ? 'forbidden' : 'optional';
    default:
      return 'optional';
  }
}

const checkedAttributes: readonly Attribute[] = [
  'price',
  'percentage',
  'recurringChargePeriodType',
  'recurringChargePeriodLength',
  'unitOfMeasure',
  'chargeModel',
  'priceTier',
  'includedQuantity',
  'minimumCharge',
  'maximumCharge',
  'fixedFeePerEvent',
  'minimumPerEvent',
  'maximumPerEvent',
  'freeEventsPerPeriod',
  'applicationDuration',
  'marketSegment',
  'tax',
  'taxIncluded',
];

function kindOf(price: PriceTerms): string {
  if (price.priceType === 'usage') return `usage price charged ${chargeModelOf(price)}${isCallRated(price) ? ' per call' : hasPerEventTerms(price) ? ' per event' : ''}`;
  if (price.priceType === 'recurring' && price.chargeModel !== undefined) return `recurring price charged ${price.chargeModel}`;
  return `${price.priceType} price`;
}

export function validateProductOfferingPrice(price: PriceTerms, rules: PriceRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const report = (field: string, problem: string) => problems.push({ field, problem });

  for (const attribute of checkedAttributes) {
    const presence = presenceOf(attribute, price);
    const present = price[attribute] !== undefined;
    if (presence === 'required' && !present) report(attribute, `a ${kindOf(price)} needs ${attribute}`);
    if (presence === 'forbidden' && present) report(attribute, `a ${kindOf(price)} takes no ${attribute}`);
  }
  const discountsLinks = (price.popRelationship ?? []).findIndex((link) => link.relationshipType === discountsRelationship);
  if (price.priceType !== 'discount' && discountsLinks >= 0) {
    report(`popRelationship[${discountsLinks}].relationshipType`, `only a discount price ${discountsRelationship} other prices`);
  }

  if (price.priceType === 'discount') checkDiscount(price, report);
  if (price.percentage !== undefined && !(price.percentage > 0 && price.percentage <= 100)) {
    report('percentage', 'a percentage is above 0 and at most 100');
  }
  checkCurrencies(price, rules, report);
  checkAmounts(price, report);
  if (price.priceType === 'recurring' && price.chargeModel !== undefined && !['perUnit', 'graduated', 'volume'].includes(price.chargeModel)) {
    report('chargeModel', `a recurring price is charged perUnit (price × quantity), or graduated or volume over seat tiers, not ${price.chargeModel}`);
  }
  if (price.priceType === 'usage') checkUnitOfMeasure(price, report);
  if (price.priceTier && presenceOf('priceTier', price) === 'required') {
    checkTiers(price.priceTier, report);
    checkTierAmounts(price, price.priceTier, report);
  }
  checkMinimumBelowMaximum(price, report);
  checkPerEventTerms(price, report);
  checkValidFor(price, report);
  checkTaxCategory(price, report);
  checkCharacteristicValueUses(price, report);
  problems.push(...usagePriceRatingProblems(price, rules.zoneTables));
  if (price.marketSegment?.length === 0) report('marketSegment', 'list at least one segment, or leave marketSegment out');
  return problems;
}

type Report = (field: string, problem: string) => void;

function checkDiscount(price: PriceTerms, report: Report): void {
  if (price.percentage !== undefined && price.price !== undefined) {
    report('percentage', 'a discount takes either a percentage or a fixed price off, not both');
  } else if (price.percentage === undefined && price.price === undefined) {
    report('percentage', 'a discount needs a percentage or a price (a fixed amount off)');
  }
  if (price.price !== undefined && !(price.price.value > 0)) report('price.value', 'a fixed discount takes a positive amount off');
}

/** Every amount of the price, with its field and whether it is a unit price (more decimals allowed). */
function amountsOf(price: PriceTerms): { field: string; money: TmfMoney; unitPrice: boolean }[] {
  const usageUnitPrice = price.priceType === 'usage';
  const amounts: { field: string; money: TmfMoney; unitPrice: boolean }[] = [];
  if (price.price) amounts.push({ field: 'price', money: price.price, unitPrice: usageUnitPrice });
  price.priceTier?.forEach((tier, index) => {
    if (tier.price) amounts.push({ field: `priceTier[${index}].price`, money: tier.price, unitPrice: usageUnitPrice });
    if (tier.flatFee) amounts.push({ field: `priceTier[${index}].flatFee`, money: tier.flatFee, unitPrice: false });
  });
  for (const field of ['minimumCharge', 'maximumCharge', 'fixedFeePerEvent', 'minimumPerEvent', 'maximumPerEvent'] as const) {
    const money = price[field];
    if (money) amounts.push({ field, money, unitPrice: false });
  }
  price.rating?.bandPrices?.forEach((entry, index) => amounts.push({ field: `rating.bandPrices[${index}].price`, money: entry.price, unitPrice: true }));
  if (price.rating?.connectFee) amounts.push({ field: 'rating.connectFee', money: price.rating.connectFee, unitPrice: false });
  if (price.rating?.maximumPerCall) amounts.push({ field: 'rating.maximumPerCall', money: price.rating.maximumPerCall, unitPrice: false });
  return amounts;
}

function checkCurrencies(price: PriceTerms, rules: PriceRules, report: Report): void {
  const currency = priceCurrency(price);
  if (currency === undefined) return;
  const [first] = amountsOf(price);
  const currencyField = first ? `${first.field}.unit` : 'unitOfMeasure.units';
  if (!rules.catalogCurrencies.includes(currency)) {
    report(currencyField, `${currency} is not a currency of this catalog (${rules.catalogCurrencies.join(', ') || 'none configured'})`);
  }
  for (const { field, money } of amountsOf(price)) {
    if (money.unit !== currency) report(`${field}.unit`, `every amount of a price is in one currency: ${currency}, not ${money.unit}`);
  }
  if (price.priceType === 'usage' && countsMoney(chargeModelOf(price)) && price.unitOfMeasure && price.unitOfMeasure.units !== currency) {
    report('unitOfMeasure.units', `a ${chargeModelOf(price)} usage price counts money: its unit of measure is its currency, ${currency}`);
  }
}

/** Charged amounts fit the currency's minor unit; usage unit prices may be finer (rounded once per line). */
function checkAmounts(price: PriceTerms, report: Report): void {
  for (const { field, money, unitPrice } of amountsOf(price)) {
    try {
      if (unitPrice) unitPriceFromTmf(money, field);
      else moneyFromTmf(money, field);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      if (error.problems.length > 0) for (const problem of error.problems) report(problem.field, problem.problem);
      else report(`${field}.value`, error.message);
    }
  }
}

function checkUnitOfMeasure(price: PriceTerms, report: Report): void {
  const unitOfMeasure = price.unitOfMeasure;
  if (!unitOfMeasure) return;
  if (countsMoney(chargeModelOf(price))) {
    if (unitOfMeasure.amount !== 1) report('unitOfMeasure.amount', `a ${chargeModelOf(price)} usage price counts single units of money: amount 1`);
    return;
  }
  if (!isKnownUnitOfMeasure(unitOfMeasure.units)) {
    report('unitOfMeasure.units', `unknown unit ${unitOfMeasure.units}; known units: ${unitsOfMeasure.join(', ')}`);
  }
}

function quantity(value: number): Decimal {
  return decimal(value);
}

function checkTiers(tiers: PriceTerms['priceTier'] & {}, report: Report): void {
  tiers.forEach((tier, index) => {
    const from = quantity(tier.fromQuantity);
    if (index === 0 && compareDecimals(from, quantity(0)) !== 0) {
      report('priceTier[0].fromQuantity', 'the first tier starts at 0');
    }
    if (tier.toQuantity !== undefined && compareDecimals(quantity(tier.toQuantity), from) <= 0) {
      report(`priceTier[${index}].toQuantity`, `a tier ends above where it starts (${tier.fromQuantity})`);
    }
    const previous = tiers[index - 1];
    if (previous === undefined) return;
    if (previous.toQuantity === undefined) {
      report(`priceTier[${index - 1}].toQuantity`, 'only the last tier is unbounded: give this one a toQuantity');
      return;
    }
    const order = compareDecimals(from, quantity(previous.toQuantity));
    if (order > 0) {
      report(`priceTier[${index}].fromQuantity`, `gap: this tier starts at ${tier.fromQuantity}, the previous one ends at ${previous.toQuantity}`);
    } else if (order < 0) {
      report(`priceTier[${index}].fromQuantity`, `overlap: this tier starts at ${tier.fromQuantity}, the previous one ends at ${previous.toQuantity}`);
    }
  });
  const lastIndex = tiers.length - 1;
  if (tiers[lastIndex]?.toQuantity !== undefined) {
    report(`priceTier[${lastIndex}].toQuantity`, 'the last tier is unbounded: leave out toQuantity so every quantity has a price');
  }
}

function checkMinimumBelowMaximum(price: PriceTerms, report: Report): void {
  const below = (minimum: TmfMoney | undefined, maximum: TmfMoney | undefined) =>
    minimum !== undefined && maximum !== undefined && minimum.unit === maximum.unit && compareDecimals(decimal(minimum.value), decimal(maximum.value)) > 0;
  if (below(price.minimumCharge, price.maximumCharge)) {
    report('maximumCharge.value', `the maximum charge is below the minimum charge (${price.minimumCharge!.value})`);
  }
  if (below(price.minimumPerEvent, price.maximumPerEvent)) {
    report('maximumPerEvent.value', `the maximum per event is below the minimum per event (${price.minimumPerEvent!.value})`);
  }
}

/** The tiers carry what their charge model multiplies: a percentage of money, or a price per unit (per seat, whole seats). */
function checkTierAmounts(price: PriceTerms, tiers: PriceTerms['priceTier'] & {}, report: Report): void {
  const percentages = chargeModelOf(price) === 'graduatedPercentage';
  tiers.forEach((tier, index) => {
    const field = `priceTier[${index}]`;
    if (percentages) {
      if (tier.percentage === undefined) report(`${field}.percentage`, 'a graduatedPercentage tier needs the percentage charged on the money in it');
      if (tier.price !== undefined) report(`${field}.price`, 'a graduatedPercentage tier charges a percentage, not a price');
    } else {
      if (tier.price === undefined) report(`${field}.price`, `a ${chargeModelOf(price)} tier needs a price`);
      if (tier.percentage !== undefined) report(`${field}.percentage`, `a ${chargeModelOf(price)} tier charges a price, not a percentage`);
    }
    if (price.priceType === 'recurring') {
      for (const bound of ['fromQuantity', 'toQuantity'] as const) {
        const value = tier[bound];
        if (value !== undefined && !Number.isSafeInteger(value)) report(`${field}.${bound}`, 'seat tiers count whole seats');
      }
    }
  });
}

/** A free event count is whole (the schema says so for the API; a price built in code is checked here too). */
function checkPerEventTerms(price: PriceTerms, report: Report): void {
  const free = price.freeEventsPerPeriod;
  if (free !== undefined && !(Number.isSafeInteger(free) && free >= 0)) report('freeEventsPerPeriod', 'a whole number of events, 0 or more');
}

function checkValidFor(price: PriceTerms, report: Report): void {
  const start = price.validFor?.startDateTime;
  const end = price.validFor?.endDateTime;
  if (start === undefined || end === undefined) return;
  if (!(Date.parse(start) < Date.parse(end))) report('validFor.endDateTime', `the end must be after the start (${start})`);
}

function checkTaxCategory(price: PriceTerms, report: Report): void {
  const category = price.tax?.[0]?.taxCategory;
  if (category !== undefined && !isTaxCategory(category)) {
    report('tax[0].taxCategory', `unknown tax category ${category}; known categories: ${taxCategories.join(', ')}`);
  }
}

function checkCharacteristicValueUses(price: PriceTerms, report: Report): void {
  price.prodSpecCharValueUse?.forEach((use, index) => {
    const values = use.productSpecCharacteristicValue ?? [];
    if (!values.some((value) => value.value !== undefined)) {
      report(`prodSpecCharValueUse[${index}].productSpecCharacteristicValue`, `list the values of ${use.name} the price applies to`);
    }
  });
}

/** A version of a price: what the version rule reads. */
export interface PriceVersion extends CurrencyBearingTerms {
  id: string;
  name: string;
}

/**
 * Versions of a price share its name and currency and differ by start date (docs/pricing.md).
 * Two of them starting at the same instant would leave "the version that applies" undecided.
 */
export function validateOfferingPriceVersions(prices: readonly PriceVersion[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, PriceVersion>();
  for (const price of prices) {
    const start = price.validFor?.startDateTime;
    const startKey = start === undefined ? 'always' : String(Date.parse(start));
    const key = JSON.stringify([price.name, priceCurrency(price) ?? '', startKey]);
    const other = seen.get(key);
    if (other && other.id !== price.id) {
      problems.push({
        field: 'productOfferingPrice',
        problem: `prices ${other.id} and ${price.id} are versions of "${price.name}"${priceCurrency(price) ? ` in ${priceCurrency(price)}` : ''} starting at the same instant (${start ?? 'no start date'}): give one a later validFor.startDateTime`,
      });
    } else if (!other) {
      seen.set(key, price);
    }
  }
  return problems;
}

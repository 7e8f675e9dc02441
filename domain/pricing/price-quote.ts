import type { TmfMoney } from '../catalog/catalog-types.js';
import type { RecurringChargePeriodType } from '../catalog/product-offering-price.js';
import { decimalToNumber, type Decimal } from '../money/decimal.js';
import { moneyToTmf, type Money } from '../money/money.js';
import type { TaxedAmount } from './line-tax.js';
import type { RatedCall } from './call-rating.js';
import type { UsageZones } from './usage-price-choice.js';
import { callDetail, zonesDetail, type RatingDetail } from './rating-detail.js';
import type { UsageCharge } from './usage-rating.js';

export type { TaxedAmount } from './line-tax.js';

/**
 * The answer of `quoteCart`: exact amounts (bigint minor units), one tree per cart item
 * (bundle components nested), each line with its alterations (discounts) and its tax.
 * `toTmfPriceQuote` turns it into the JSON the API answers, in TMF622 shapes (docs/pricing.md).
 */
export type ChargedPriceType = 'oneTime' | 'recurring' | 'usage';

export interface ChargePeriod {
  type: RecurringChargePeriodType;
  length: number;
}

export interface PriceRef {
  id: string;
  href: string;
  name: string;
}

export interface QuotePriceAlteration {
  productOfferingPrice: PriceRef;
  name: string;
  /** The altered line's price type and period: the alteration is charged with it. */
  priceType: ChargedPriceType;
  recurringChargePeriod?: ChargePeriod;
  unitOfMeasure?: string;
  percentage?: Decimal;
  applicationDuration?: number;
  /** The order in which the line's alterations were applied, from 1. */
  priority: number;
  /** Negative: what the alteration takes off the line. */
  amount: TaxedAmount;
}

export interface QuoteLine {
  productOfferingPrice: PriceRef;
  name: string;
  description?: string;
  priceType: ChargedPriceType;
  recurringChargePeriod?: ChargePeriod;
  unitOfMeasure?: string;
  taxCategory: string;
  /** The line before its alterations. */
  amount: TaxedAmount;
  usage?: UsageCharge;
  /** A usage line: the positions, in the item's `usage`, of the records it rated, and how each call was charged when the price rates calls. */
  ratedUsage?: { indexes: number[]; zones?: (UsageZones | undefined)[]; calls?: RatedCall[]; periodAdjustment?: Money };
  alterations: QuotePriceAlteration[];
}

/** A sum of lines and alterations of one price type and period. */
export interface QuoteTotal {
  priceType: ChargedPriceType;
  recurringChargePeriod?: ChargePeriod;
  dutyFree: Money;
  tax: Money;
  taxIncluded: Money;
}

export interface QuoteItem {
  /** The cart item's id; a bundle component's is its parent's id, a dot and its position (`1.2`). */
  id: string;
  productOffering: { id: string; href: string; name: string };
  /** Units of the offering: the item's quantity times the component's quantity in each bundle above it. */
  quantity: number;
  billingPeriod: number;
  lines: QuoteLine[];
  /** This item's lines, alterations and components, summed. */
  totals: QuoteTotal[];
  components: QuoteItem[];
  /** Records of the item's `usage` no price rated, with the reason (no price applies, no zone, two prices tie). */
  unratedUsage?: { index: number; id?: string; reason: string }[];
}

export interface PriceQuote {
  currency: string;
  /** The instant the catalog was read as of. */
  at: string;
  items: QuoteItem[];
  totals: QuoteTotal[];
}

// ---- TMF622 shapes -------------------------------------------------------------------------

export interface TmfPrice {
  '@type': 'Price';
  dutyFreeAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
  taxRate?: number;
  percentage?: number;
}

export interface TmfProductOfferingPriceRef {
  id: string;
  href: string;
  name: string;
  '@referredType': 'ProductOfferingPrice';
}

export interface TmfPriceAlteration {
  '@type': 'PriceAlteration';
  name: string;
  priceType: ChargedPriceType;
  recurringChargePeriod?: RecurringChargePeriodType;
  /** Extension: the number of `recurringChargePeriod`s one charge covers (TMF620 recurringChargePeriodLength). */
  recurringChargePeriodLength?: number;
  unitOfMeasure?: string;
  applicationDuration?: number;
  priority: number;
  price: TmfPrice;
  productOfferingPrice: TmfProductOfferingPriceRef;
}

/** TMF622 OrderPrice: an order copies these into `itemPrice`, `itemTotalPrice` and `orderTotalPrice`. */
export interface TmfOrderPrice {
  '@type': 'OrderPrice';
  name: string;
  description?: string;
  priceType: ChargedPriceType;
  recurringChargePeriod?: RecurringChargePeriodType;
  /** Extension, as on TmfPriceAlteration. */
  recurringChargePeriodLength?: number;
  unitOfMeasure?: string;
  price: TmfPrice;
  priceAlteration?: TmfPriceAlteration[];
  productOfferingPrice?: TmfProductOfferingPriceRef;
  /** Extension (docs/rating.md): the sample records this usage line rated, each with why it cost what it cost (before discounts and tax). */
  ratedUsage?: (RatingDetail & { index: number; id?: string; charge?: TmfMoney })[];
}

export interface TmfQuoteItem {
  '@type': 'QuoteItem';
  id: string;
  quantity: number;
  billingPeriod: number;
  productOffering: { id: string; href: string; name: string; '@referredType': 'ProductOffering' };
  itemPrice: TmfOrderPrice[];
  itemTotalPrice: TmfOrderPrice[];
  quoteItem?: TmfQuoteItem[];
  /** Extension (docs/rating.md): sample records no price rated, with the reason. */
  unratedUsage?: { index: number; id?: string; reason: string }[];
}

export interface TmfPriceQuote {
  '@type': 'PriceQuote';
  quoteDate: string;
  currency: string;
  quoteItem: TmfQuoteItem[];
  quoteTotalPrice: TmfOrderPrice[];
}

export function toTmfPriceQuote(quote: PriceQuote): TmfPriceQuote {
  return {
    '@type': 'PriceQuote',
    quoteDate: quote.at,
    currency: quote.currency,
    quoteItem: quote.items.map(toTmfQuoteItem),
    quoteTotalPrice: quote.totals.map(toTmfTotal),
  };
}

function toTmfQuoteItem(item: QuoteItem): TmfQuoteItem {
  return {
    '@type': 'QuoteItem',
    id: item.id,
    quantity: item.quantity,
    billingPeriod: item.billingPeriod,
    productOffering: { ...item.productOffering, '@referredType': 'ProductOffering' },
    itemPrice: item.lines.map(toTmfLine),
    itemTotalPrice: item.totals.map(toTmfTotal),
    ...(item.components.length > 0 ? { quoteItem: item.components.map(toTmfQuoteItem) } : {}),
    ...(item.unratedUsage ? { unratedUsage: item.unratedUsage } : {}),
  };
}

function toTmfAmount(amount: TaxedAmount, percentage?: Decimal): TmfPrice {
  return {
    '@type': 'Price',
    dutyFreeAmount: moneyToTmf(amount.dutyFree),
    taxIncludedAmount: moneyToTmf(amount.taxIncluded),
    taxRate: decimalToNumber(amount.rate),
    ...(percentage ? { percentage: decimalToNumber(percentage) } : {}),
  };
}

function periodAttributes(period: ChargePeriod | undefined): Pick<TmfOrderPrice, 'recurringChargePeriod' | 'recurringChargePeriodLength'> {
  return period ? { recurringChargePeriod: period.type, recurringChargePeriodLength: period.length } : {};
}

function priceRef(ref: PriceRef): TmfProductOfferingPriceRef {
  return { ...ref, '@referredType': 'ProductOfferingPrice' };
}

function toTmfLine(line: QuoteLine): TmfOrderPrice {
  return {
    '@type': 'OrderPrice',
    name: line.name,
    ...(line.description ? { description: line.description } : {}),
    priceType: line.priceType,
    ...periodAttributes(line.recurringChargePeriod),
    ...(line.unitOfMeasure ? { unitOfMeasure: line.unitOfMeasure } : {}),
    price: toTmfAmount(line.amount),
    ...(line.alterations.length > 0 ? { priceAlteration: line.alterations.map(toTmfAlteration) } : {}),
    productOfferingPrice: priceRef(line.productOfferingPrice),
    ...(line.ratedUsage ? { ratedUsage: tmfRatedUsage(line.ratedUsage) } : {}),
  };
}

function tmfRatedUsage(rated: NonNullable<QuoteLine['ratedUsage']>): NonNullable<TmfOrderPrice['ratedUsage']> {
  if (rated.calls) return rated.calls.map((call) => ({ index: call.index ?? 0, ...(call.id !== undefined ? { id: call.id } : {}), ...callDetail(call), charge: moneyToTmf(call.charge) }));
  return rated.indexes.map((index, position) => {
    const zones = rated.zones?.[position];
    return { index, ...(zones ? zonesDetail(zones) : {}) };
  });
}

function toTmfAlteration(alteration: QuotePriceAlteration): TmfPriceAlteration {
  return {
    '@type': 'PriceAlteration',
    name: alteration.name,
    priceType: alteration.priceType,
    ...periodAttributes(alteration.recurringChargePeriod),
    ...(alteration.unitOfMeasure ? { unitOfMeasure: alteration.unitOfMeasure } : {}),
    ...(alteration.applicationDuration !== undefined ? { applicationDuration: alteration.applicationDuration } : {}),
    priority: alteration.priority,
    price: toTmfAmount(alteration.amount, alteration.percentage),
    productOfferingPrice: priceRef(alteration.productOfferingPrice),
  };
}

const priceTypeNames: Record<ChargedPriceType, string> = { oneTime: 'one-time', recurring: 'recurring', usage: 'usage' };

function describePeriod(period: ChargePeriod): string {
  return period.length === 1 ? `per ${period.type}` : `per ${period.length} ${period.type}s`;
}

function toTmfTotal(total: QuoteTotal): TmfOrderPrice {
  const period = total.recurringChargePeriod ? ` ${describePeriod(total.recurringChargePeriod)}` : '';
  return {
    '@type': 'OrderPrice',
    name: `Total ${priceTypeNames[total.priceType]}${period}`,
    priceType: total.priceType,
    ...periodAttributes(total.recurringChargePeriod),
    price: {
      '@type': 'Price',
      dutyFreeAmount: moneyToTmf(total.dutyFree),
      taxIncludedAmount: moneyToTmf(total.taxIncluded),
    },
  };
}

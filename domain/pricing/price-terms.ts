import type { TmfMoney, TmfQuantity } from '../catalog/catalog-types.js';
import type { ChargeModel, PriceTier, PriceType, RecurringChargePeriodType } from '../catalog/product-offering-price.js';
import type { UsagePriceRatingTerms } from '../catalog/usage-price-rating.js';
import { isKnownCurrency } from '../money/money.js';
import { defaultTaxCategory } from './tax-provider.js';

/**
 * What the pricing engine reads of a TMF620 ProductOfferingPrice. Structural, so the create
 * body, the stored resource and test fixtures are all accepted as they are.
 */
export interface PriceTerms {
  priceType: PriceType;
  price?: TmfMoney | undefined;
  percentage?: number | undefined;
  recurringChargePeriodType?: RecurringChargePeriodType | undefined;
  recurringChargePeriodLength?: number | undefined;
  unitOfMeasure?: TmfQuantity | undefined;
  chargeModel?: ChargeModel | undefined;
  priceTier?: readonly PriceTier[] | undefined;
  includedQuantity?: number | undefined;
  minimumCharge?: TmfMoney | undefined;
  maximumCharge?: TmfMoney | undefined;
  fixedFeePerEvent?: TmfMoney | undefined;
  minimumPerEvent?: TmfMoney | undefined;
  maximumPerEvent?: TmfMoney | undefined;
  freeEventsPerPeriod?: number | undefined;
  rating?: UsagePriceRatingTerms | undefined;
  applicationDuration?: number | undefined;
  marketSegment?: readonly { id: string }[] | undefined;
  popRelationship?: readonly { id: string; relationshipType: string }[] | undefined;
  prodSpecCharValueUse?: readonly CharacteristicValueUse[] | undefined;
  tax?: readonly { taxCategory: string }[] | undefined;
  taxIncluded?: boolean | undefined;
  validFor?: { startDateTime?: string | undefined; endDateTime?: string | undefined } | undefined;
}

export interface CharacteristicValueUse {
  name: string;
  productSpecCharacteristicValue?: readonly { value?: string | number | boolean | undefined }[] | undefined;
}

/** The relationship type by which a discount names the prices it reduces. */
export const discountsRelationship = 'discounts';

export type CurrencyBearingTerms = Partial<PriceTerms>;

/**
 * The currency a price charges in. A percentage discount has none: it applies in any
 * currency. A percentage usage price counts money, so its unit of measure is its currency
 * (its fees, floors and caps must be in it too).
 */
export function priceCurrency(terms: CurrencyBearingTerms): string | undefined {
  return (
    terms.price?.unit ??
    terms.priceTier?.[0]?.price?.unit ??
    (terms.priceType === 'usage' && countsMoney(terms.chargeModel) && isKnownCurrency(terms.unitOfMeasure?.units ?? '') ? terms.unitOfMeasure?.units : undefined) ??
    terms.priceTier?.find((tier) => tier.flatFee)?.flatFee?.unit ??
    terms.minimumCharge?.unit ??
    terms.maximumCharge?.unit
  );
}

export function taxCategoryOf(terms: PriceTerms): string {
  return terms.tax?.[0]?.taxCategory ?? defaultTaxCategory;
}

/** The charge models whose usage is money in the price's currency (a transaction's amount), not a unit of measure. */
export function countsMoney(model: ChargeModel | undefined): boolean {
  return model === 'percentage' || model === 'graduatedPercentage';
}

/**
 * A percentage price with terms of its own per event (a fixed fee, a floor or a cap per event,
 * free events): each usage record is one event, charged on its own before the period adds up.
 */
export function hasPerEventTerms(terms: PriceTerms): boolean {
  return (
    terms.fixedFeePerEvent !== undefined || terms.minimumPerEvent !== undefined || terms.maximumPerEvent !== undefined || terms.freeEventsPerPeriod !== undefined
  );
}

export function chargeModelOf(terms: PriceTerms): ChargeModel {
  return terms.chargeModel ?? 'perUnit';
}

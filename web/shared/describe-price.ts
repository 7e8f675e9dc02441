import { formatMoney } from './format.js';
import type { TmfMoney } from './api-types.js';
import type { I18n } from './i18n/i18n-context.js';

/** A price as a product carries it (TMF637) and as a quote or an order gives it (TMF622 OrderPrice). */
export interface PriceLike {
  priceType: string;
  price: { taxIncludedAmount: TmfMoney };
  recurringChargePeriod?: string;
  recurringChargePeriodLength?: number;
  unitOfMeasure?: string;
}

/** "20,00 € par mois", "699,00 € une fois": the tax-included price and how often it is charged. */
export function describePrice(price: PriceLike, { t, locale }: Pick<I18n, 't' | 'locale'>): string {
  const amount = formatMoney(price.price.taxIncludedAmount, locale);
  if (price.priceType === 'oneTime') return t('price.oneTime', { amount });
  if (price.priceType === 'usage') return t('price.usage', { amount, unit: price.unitOfMeasure ?? '' });
  const count = price.recurringChargePeriodLength ?? 1;
  const period = price.recurringChargePeriod ?? 'month';
  return count === 1 ? t(period === 'year' ? 'price.year' : 'price.month', { amount }) : t(period === 'year' ? 'price.years' : 'price.months', { amount, count });
}

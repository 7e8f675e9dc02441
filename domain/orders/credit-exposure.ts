import { addMoney, compareMoney, moneyFromTmf, moneyToTmf, scaleMoney, sumMoney, type Money } from '../money/money.js';

/** A priced line as orders and products carry it (TMF622 OrderPrice, TMF637 ProductPrice). */
export interface RecurringPriceLine {
  priceType: string;
  recurringChargePeriod?: string;
  recurringChargePeriodLength?: number;
  price: { taxIncludedAmount: { unit: string; value: number } };
  priceAlteration?: readonly { price: { taxIncludedAmount: { unit: string; value: number } } }[];
  productPriceAlteration?: readonly { price: { taxIncludedAmount: { unit: string; value: number } } }[];
}

/**
 * What recurring prices cost a month, tax and discounts included: a yearly price counts a
 * twelfth, rounded half-even. The measure a billing account's credit limit is held against.
 */
export function monthlyRecurringOf(lines: readonly RecurringPriceLine[], currency: string): Money {
  return sumMoney(
    currency,
    lines
      .filter((line) => line.priceType === 'recurring' && line.price.taxIncludedAmount.unit === currency)
      .map((line) => {
        const alterations = [...(line.priceAlteration ?? []), ...(line.productPriceAlteration ?? [])];
        const charged = sumMoney(currency, [line, ...alterations].map((priced) => moneyFromTmf(priced.price.taxIncludedAmount)));
        const months = BigInt(line.recurringChargePeriodLength ?? 1) * (line.recurringChargePeriod === 'year' ? 12n : 1n);
        return scaleMoney(charged, 1n, months);
      }),
  );
}

export type CreditCheck = { withinLimit: true; exposure: Money } | { withinLimit: false; exposure: Money; reason: string };

/** The account's monthly recurring charges with the order's must stay within its credit limit. */
export function checkCreditLimit(limit: Money, existing: Money, ordered: Money): CreditCheck {
  const exposure = addMoney(existing, ordered);
  if (compareMoney(exposure, limit) <= 0) return { withinLimit: true, exposure };
  const show = (value: Money) => `${moneyToTmf(value).value.toFixed(2)} ${value.currency}`;
  return {
    withinLimit: false,
    exposure,
    reason: `the order adds ${show(ordered)} a month to ${show(existing)} already charged or held by orders in flight, above the billing account's credit limit of ${show(limit)}`,
  };
}

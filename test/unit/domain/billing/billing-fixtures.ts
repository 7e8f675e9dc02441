import { decimal } from '../../../../domain/money/decimal.js';
import { money, type Money } from '../../../../domain/money/money.js';
import type { BillingCycle } from '../../../../domain/billing/billing-calendar.js';
import type { BillComputationInput } from '../../../../domain/billing/bill-computation.js';
import type { ChargedProduct, ChargeTerm } from '../../../../domain/billing/charge-term.js';
import { createTermPricer } from '../../../../domain/billing/term-pricing.js';
import { eur, frenchVat, offeringWith, price, snapshot } from '../pricing/pricing-fixtures.js';

/**
 * A small French telecom catalog for billing tests, as the demo catalog sells it: prices
 * include 20 % VAT. Mobile M 20.00 a month with a launch promotion (−50 % for 3 months), a
 * student discount (−20 %) and data beyond 20 GB at 2.00/GB for the next 10 GB, then 1.00/GB;
 * Mobile L 30.00; Home Broadband Yearly 300.00 a year; Metered IoT with a 5.00 minimum charge.
 */
const telecom = [{ taxCategory: 'telecommunications' }];
export const mobileMMonthly = price({ id: 'm-monthly', name: 'Mobile M monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, tax: telecom, taxIncluded: true });
/** On sale for sales from November 2026 to the end of February 2027, as in the demo catalog. */
export const launchPromotion = price({
  id: 'm-promo',
  name: 'Launch promotion',
  priceType: 'discount',
  percentage: 50,
  applicationDuration: 3,
  validFor: { startDateTime: '2026-11-01T00:00:00Z', endDateTime: '2027-03-01T00:00:00Z' },
});
export const studentDiscount = price({ id: 'm-student', name: 'Students', priceType: 'discount', percentage: 20, marketSegment: [{ id: 'student' }] });
export const mobileMData = price({
  id: 'm-data',
  name: 'Mobile M data overage',
  priceType: 'usage',
  unitOfMeasure: { amount: 1, units: 'GB' },
  chargeModel: 'graduated',
  includedQuantity: 20,
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: eur(2) },
    { fromQuantity: 10, price: eur(1) },
  ],
  tax: telecom,
  taxIncluded: true,
});
export const mobileLMonthly = price({ id: 'l-monthly', name: 'Mobile L monthly', priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1, tax: telecom, taxIncluded: true });
export const broadbandYearly = price({ id: 'bb-yearly', name: 'Home Broadband yearly', priceType: 'recurring', price: eur(300), recurringChargePeriodType: 'year', recurringChargePeriodLength: 1, tax: telecom, taxIncluded: true });
export const iotMinimum = price({ id: 'iot-events', name: 'IoT events', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'event' }, price: eur(0.01), minimumCharge: eur(5), tax: telecom, taxIncluded: true });

export const catalog = snapshot(
  [
    offeringWith('mobile-m', [mobileMMonthly, launchPromotion, studentDiscount, mobileMData], { name: 'Mobile M' }),
    offeringWith('mobile-l', [mobileLMonthly, studentDiscount], { name: 'Mobile L' }),
    offeringWith('broadband-yearly', [broadbandYearly], { name: 'Home Broadband Yearly' }),
    offeringWith('iot', [iotMinimum], { name: 'Metered IoT' }),
  ],
  [mobileMMonthly, launchPromotion, studentDiscount, mobileMData, mobileLMonthly, broadbandYearly, iotMinimum],
);

export const paris: BillingCycle = { cycleDay: 1, timeZone: 'Europe/Paris' };

export const at = (iso: string) => Date.parse(iso);
export const cents = (value: number): Money => money(BigInt(Math.round(value * 100)), 'EUR');

export function term(offeringId: 'mobile-m' | 'mobile-l' | 'broadband-yearly' | 'iot', from: string, pinned: string[], extra: Partial<ChargeTerm> = {}): ChargeTerm {
  const names = { 'mobile-m': 'Mobile M', 'mobile-l': 'Mobile L', 'broadband-yearly': 'Home Broadband Yearly', iot: 'Metered IoT' };
  return {
    from,
    productOffering: { id: offeringId, href: `/po/${offeringId}`, name: names[offeringId] },
    quantity: 1,
    characteristic: [],
    pinnedPrice: pinned.map((id) => ({ id })),
    ...extra,
  };
}

export function product(id: string, terms: ChargeTerm[]): ChargedProduct {
  return { id, name: terms[terms.length - 1]!.productOffering.name, billingAccountId: 'ba-1', terms };
}

export function billInput(overrides: Partial<BillComputationInput> & Pick<BillComputationInput, 'billDate' | 'products'>, segment?: string): BillComputationInput {
  return {
    account: { id: 'ba-1', name: 'Ada', currency: 'EUR', cycle: paris, paymentTermsDays: 14 },
    runType: 'onCycle',
    pricer: createTermPricer({ currency: 'EUR', catalog, taxRates: frenchVat, ...(segment ? { customerSegment: segment } : {}) }),
    usage: { records: [], earlierPeriods: [], billed: [] },
    creditBroughtForward: money(0n, 'EUR'),
    ...overrides,
  };
}

export const vat20 = decimal(20);

import type { ChargeTerm } from '../../../../domain/billing/charge-term.js';
import type { UsageStatus } from '../../../../domain/usage/usage.js';
import type { UsageSummaryRecord } from '../../../../domain/usage/usage-summary.js';
import { eur, offeringWith, price, snapshot } from '../pricing/pricing-fixtures.js';

/**
 * A mobile plan as the demo sells it, for usage summaries: 20 GB a month included then data
 * graduated per GB, SMS per unit, outgoing calls per minute with 100 minutes included (chosen by
 * the record's `direction`), incoming calls free. "Mobile L" has 50 GB and shares the SMS price.
 */
export const monthly = price({ id: 'mobile-m-monthly', name: 'Mobile M monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
export const data = price({
  id: 'mobile-m-data',
  name: 'Mobile M data overage',
  priceType: 'usage',
  unitOfMeasure: { amount: 1, units: 'GB' },
  chargeModel: 'graduated',
  includedQuantity: 20,
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: eur(2) },
    { fromQuantity: 10, price: eur(1) },
  ],
});
export const sms = price({ id: 'sms', name: 'SMS', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'SMS' }, price: eur(0.1) });
export const outgoingCalls = price({
  id: 'outgoing-calls',
  name: 'Outgoing calls',
  priceType: 'usage',
  unitOfMeasure: { amount: 1, units: 'minute' },
  price: eur(0.5),
  includedQuantity: 100,
  rating: { appliesTo: { direction: 'outgoing' } },
});
export const incomingCalls = price({ id: 'incoming-calls', name: 'Incoming calls', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'minute' }, price: eur(0), rating: { appliesTo: { direction: 'incoming' } } });
export const dataL = price({ ...data, id: 'mobile-l-data', name: 'Mobile L data overage', includedQuantity: 50 });
export const monthlyL = price({ ...monthly, id: 'mobile-l-monthly', name: 'Mobile L monthly', price: eur(30) });

const mobileM = offeringWith('mobile-m', [monthly, data, sms, outgoingCalls, incomingCalls], { name: 'Mobile M' });
const mobileL = offeringWith('mobile-l', [monthlyL, dataL, sms], { name: 'Mobile L' });
export const catalog = snapshot([mobileM, mobileL], [monthly, data, sms, outgoingCalls, incomingCalls, dataL, monthlyL]);
export const pricing = { currency: 'EUR', catalog };
export const paris = { cycleDay: 1, timeZone: 'Europe/Paris' };

export function term(offering: 'mobile-m' | 'mobile-l', from: string, to?: string): ChargeTerm {
  const prices = offering === 'mobile-m' ? [monthly, data, sms, outgoingCalls, incomingCalls] : [monthlyL, dataL, sms];
  return {
    from,
    ...(to ? { to, endedBy: 'planChange' as const } : {}),
    productOffering: { id: offering, href: `/tmf-api/productCatalogManagement/v4/productOffering/${offering}`, name: offering === 'mobile-m' ? 'Mobile M' : 'Mobile L' },
    quantity: 1,
    characteristic: [],
    pinnedPrice: prices.map(({ id }) => ({ id })),
  };
}

let sequence = 0;
/** A record as the store gives it: rated unless told. */
export function record(usageDate: string, quantity: string, unit: string, extra: { status?: UsageStatus; direction?: 'outgoing' | 'incoming'; id?: string } = {}): UsageSummaryRecord {
  sequence += 1;
  return {
    id: extra.id ?? `u${String(sequence).padStart(4, '0')}`,
    usageDate: new Date(Date.parse(usageDate)).toISOString(),
    status: extra.status ?? 'rated',
    quantity,
    unit,
    ...(extra.direction ? { attributes: { direction: extra.direction } } : {}),
  };
}

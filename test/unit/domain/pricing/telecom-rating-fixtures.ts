import type { ProductOfferingPrice } from '../../../../domain/catalog/product-offering-price.js';
import { demoZoneTable } from '../../../../domain/rating/demo-zone-table.js';
import type { CatalogSnapshot } from '../../../../domain/pricing/catalog-snapshot.js';
import { plan } from '../rating/rating-fixtures.js';
import { eur, offeringWith, price, snapshot } from './pricing-fixtures.js';

/**
 * A mobile plan rated like a telecom operator's (docs/rating.md): national calls (at home and
 * roaming in the EU, "roam like at home") by band with 60/1 increments and 120 minutes
 * included; international per started minute, capped at 10.00 a call; premium by the second
 * with a connect fee; roaming elsewhere 30/30; and data without any rating.
 */
const zoneTable = { id: demoZoneTable.id };

export const nationalCalls = price({
  id: 'national-calls',
  name: 'National calls',
  priceType: 'usage',
  price: eur(0.3),
  unitOfMeasure: { amount: 1, units: 'minute' },
  includedQuantity: 120,
  rating: {
    zoneTable,
    appliesTo: { zones: ['national-fixed', 'national-mobile'], roamingZones: ['home', 'roam-eu-eea'] },
    timeBands: { weekdays: [...plan.weekdays], weekend: [...plan.weekend], holidays: { dates: [...plan.holidays.dates], schedule: [...plan.holidays.schedule] } },
    bandPrices: [
      { band: 'off-peak', price: eur(0.1) },
      { band: 'weekend', price: eur(0.1) },
      { band: 'holiday', price: eur(0.1) },
    ],
    increments: { first: 60, next: 1 },
  },
});

export const internationalCalls = price({
  id: 'international-calls',
  name: 'International calls',
  priceType: 'usage',
  price: eur(1.2),
  unitOfMeasure: { amount: 1, units: 'minute' },
  rating: { zoneTable, appliesTo: { zones: ['eu-eea', 'world-1', 'world-2'], roamingZones: ['home'] }, increments: { first: 60, next: 60 }, maximumPerCall: eur(10) },
});

export const premiumCalls = price({
  id: 'premium-calls',
  name: 'Premium numbers',
  priceType: 'usage',
  price: eur(1.5),
  unitOfMeasure: { amount: 1, units: 'second' },
  rating: { zoneTable, appliesTo: { zones: ['premium'] }, increments: { first: 1, next: 1 }, connectFee: eur(0.5) },
});

export const freephoneCalls = price({
  id: 'freephone-calls',
  name: 'Freephone numbers',
  priceType: 'usage',
  price: eur(0),
  unitOfMeasure: { amount: 1, units: 'minute' },
  rating: { zoneTable, appliesTo: { zones: ['freephone'] } },
});

export const roamingWorldCalls = price({
  id: 'roaming-world-calls',
  name: 'Calls roaming outside the EU',
  priceType: 'usage',
  price: eur(2.5),
  unitOfMeasure: { amount: 1, units: 'minute' },
  rating: { zoneTable, appliesTo: { roamingZones: ['roam-world'] }, weight: 10, increments: { first: 30, next: 30 } },
});

export const data = price({ id: 'data', name: 'Data', priceType: 'usage', price: eur(2), unitOfMeasure: { amount: 1, units: 'GB' }, includedQuantity: 10 });

export const telecomPrices: ProductOfferingPrice[] = [nationalCalls, internationalCalls, premiumCalls, freephoneCalls, roamingWorldCalls, data];

export function telecomCatalog(prices: readonly ProductOfferingPrice[] = telecomPrices): CatalogSnapshot {
  return { ...snapshot([offeringWith('mobile', prices)], prices), zoneTables: new Map([[demoZoneTable.id, demoZoneTable]]) };
}

import { describe, expect, it } from 'vitest';
import { productOfferingPriceCreateSchema } from '../../../../domain/catalog/product-offering-price.js';
import { validateProductOfferingPrice } from '../../../../domain/pricing/price-rules.js';
import type { PriceTerms } from '../../../../domain/pricing/price-terms.js';
import { demoZoneTable } from '../../../../domain/rating/demo-zone-table.js';
import { eur } from './pricing-fixtures.js';
import { internationalCalls, nationalCalls } from './telecom-rating-fixtures.js';

const rules = { catalogCurrencies: ['EUR'], zoneTables: new Map([[demoZoneTable.id, demoZoneTable]]) };
const problemsOf = (price: PriceTerms) => validateProductOfferingPrice(price, rules);
const fields = (price: PriceTerms) => problemsOf(price).map((problem) => problem.field);

describe('the rules of a usage price’s rating (400s naming the field)', () => {
  it('accepts the telecom fixtures', () => {
    expect(problemsOf(nationalCalls)).toEqual([]);
    expect(problemsOf(internationalCalls)).toEqual([]);
  });

  it('increments of zero', () => {
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, increments: { first: 0, next: 1 } } })).toEqual(['rating.increments.first']);
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, increments: { first: 60, next: 0 } } })).toEqual(['rating.increments.next']);
  });

  it('a band price naming a band the time bands do not have, or given twice, or without time bands', () => {
    const rating = nationalCalls.rating!;
    expect(problemsOf({ ...nationalCalls, rating: { ...rating, bandPrices: [{ band: 'night', price: eur(0.05) }] } })).toEqual([
      { field: 'rating.bandPrices[0].band', problem: 'unknown band night: the time bands name holiday, off-peak, peak, weekend' },
    ]);
    expect(fields({ ...nationalCalls, rating: { ...rating, bandPrices: [{ band: 'peak', price: eur(1) }, { band: 'peak', price: eur(2) }] } })).toEqual(['rating.bandPrices[1].band']);
    expect(fields({ ...nationalCalls, rating: { ...rating, timeBands: undefined, bandPrices: [{ band: 'peak', price: eur(1) }] } })).toEqual(['rating.bandPrices[0].band']);
  });

  it('a filter naming a zone the table does not know, or a table that does not exist', () => {
    expect(problemsOf({ ...nationalCalls, rating: { ...nationalCalls.rating, appliesTo: { zones: ['national-mobile', 'mars'] } } })).toEqual([
      { field: 'rating.appliesTo.zones[1]', problem: 'unknown zone mars in zone table Demo operator zones' },
    ]);
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, appliesTo: { roamingZones: ['home', 'roam-moon'] } } })).toEqual(['rating.appliesTo.roamingZones[1]']);
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, zoneTable: { id: 'nope' } } })).toEqual(['rating.zoneTable.id']);
    expect(fields({ ...nationalCalls, rating: { appliesTo: { zones: ['national-mobile'] } } })).toEqual(['rating.appliesTo.zones']);
  });

  it('fees in another currency or with too many digits, and a negative fee at the schema', () => {
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, connectFee: { unit: 'USD', value: 0.1 } } })).toEqual(['rating.connectFee.unit']);
    expect(fields({ ...nationalCalls, rating: { ...nationalCalls.rating, maximumPerCall: eur(0.001) } })).toContain('rating.maximumPerCall.value');
    const parsed = productOfferingPriceCreateSchema.safeParse({ name: 'x', priceType: 'usage', price: eur(1), unitOfMeasure: { amount: 1, units: 'minute' }, rating: { connectFee: eur(-0.1) } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['rating', 'connectFee', 'value']);
  });

  it('charging calls one by one needs time and one price per unit; rating belongs to usage prices only', () => {
    expect(fields({ ...nationalCalls, unitOfMeasure: { amount: 1, units: 'GB' } })).toEqual(['unitOfMeasure.units']);
    expect(fields({ ...nationalCalls, price: undefined, chargeModel: 'graduated', priceTier: [{ fromQuantity: 0, price: eur(0.3) }] })).toContain('rating.increments');
    expect(fields({ priceType: 'recurring', price: eur(10), recurringChargePeriodType: 'month', rating: { increments: { first: 60, next: 1 } } })).toEqual(['rating']);
  });

  it('a per-event minimum and maximum belong to percentage prices and to prices that charge calls', () => {
    expect(problemsOf({ ...nationalCalls, minimumPerEvent: eur(0.1), maximumPerEvent: eur(5) })).toEqual([]);
    expect(fields({ priceType: 'usage', price: eur(2), unitOfMeasure: { amount: 1, units: 'GB' }, minimumPerEvent: eur(0.1) })).toEqual(['minimumPerEvent']);
  });
});

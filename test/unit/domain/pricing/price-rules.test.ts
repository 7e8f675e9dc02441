import { describe, expect, it } from 'vitest';
import { createProductOfferingPrice, productOfferingPriceCreateSchema, type ProductOfferingPrice, type ProductOfferingPriceCreate } from '../../../../domain/catalog/product-offering-price.js';
import type { PriceTerms } from '../../../../domain/pricing/price-terms.js';
import { validateOfferingPriceVersions, validateProductOfferingPrice } from '../../../../domain/pricing/price-rules.js';
import { eur, usd } from './pricing-fixtures.js';

const rules = { catalogCurrencies: ['EUR', 'GBP', 'JPY'] };
const fieldsOf = (price: PriceTerms) => validateProductOfferingPrice(price, rules).map((problem) => problem.field);

const oneTime: PriceTerms = { priceType: 'oneTime', price: eur(5) };
const recurring: PriceTerms = { priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 };
const perUnit: PriceTerms = { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'MB' }, price: eur(0.0125), includedQuantity: 100 };
const graduated: PriceTerms = {
  priceType: 'usage',
  chargeModel: 'graduated',
  unitOfMeasure: { amount: 1, units: 'GB' },
  priceTier: [
    { fromQuantity: 0, toQuantity: 5, price: eur(2) },
    { fromQuantity: 5, toQuantity: 20, price: eur(1.5), flatFee: eur(1) },
    { fromQuantity: 20, price: eur(1) },
  ],
  minimumCharge: eur(1),
  maximumCharge: eur(60),
};
const percentageUsage: PriceTerms = { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 2 };
const percentageDiscount: PriceTerms = { priceType: 'discount', percentage: 10, applicationDuration: 3, marketSegment: [{ id: 'student' }] };
const fixedDiscount: PriceTerms = { priceType: 'discount', price: eur(5), popRelationship: [{ id: 'p-1', relationshipType: 'discounts' }] };

describe('validateProductOfferingPrice: valid prices', () => {
  it.each([
    ['one-time', oneTime],
    ['recurring', recurring],
    ['usage per unit with a unit price finer than the currency', perUnit],
    ['graduated usage with flat fee, minimum and maximum', graduated],
    ['volume usage', { ...graduated, chargeModel: 'volume' as const }],
    ['package usage', { priceType: 'usage' as const, chargeModel: 'package' as const, unitOfMeasure: { amount: 100, units: 'SMS' }, price: eur(1.5) }],
    ['percentage usage', percentageUsage],
    ['percentage discount for a segment, for 3 periods', percentageDiscount],
    ['fixed discount naming its target', fixedDiscount],
    ['a price with a tax category, a characteristic and dates', { ...oneTime, tax: [{ taxCategory: 'electronicDevice' }], taxIncluded: true, prodSpecCharValueUse: [{ name: 'colour', productSpecCharacteristicValue: [{ value: 'Gold' }] }], validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' } }],
    ['a JPY price without decimals', { priceType: 'oneTime' as const, price: { unit: 'JPY', value: 1200 } }],
  ])('%s has no problem', (_name, price) => {
    expect(validateProductOfferingPrice(price, rules)).toEqual([]);
  });
});

describe('validateProductOfferingPrice: TMF620 shapes', () => {
  it('takes the create body and the stored resource as they are', () => {
    const body: ProductOfferingPriceCreate = productOfferingPriceCreateSchema.parse({ name: 'Fee', priceType: 'recurring', price: eur(12.99), recurringChargePeriodType: 'month' });
    expect(validateProductOfferingPrice(body, rules)).toEqual([]);
    const stored: ProductOfferingPrice = createProductOfferingPrice({ ...body, price: eur(12.999) }, 'p-1', '2026-01-01T00:00:00.000Z');
    expect(validateProductOfferingPrice(stored, rules).map((problem) => problem.field)).toEqual(['price.value']);
  });
});

describe('validateProductOfferingPrice: attributes per price type and charge model', () => {
  it.each<[string, PriceTerms, string]>([
    ['a one-time price needs a price', { priceType: 'oneTime' }, 'price'],
    ['a recurring price needs a period type', { priceType: 'recurring', price: eur(1) }, 'recurringChargePeriodType'],
    ['a usage price needs a unit of measure', { priceType: 'usage', price: eur(1) }, 'unitOfMeasure'],
    ['a per-unit usage price needs a price', { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' } }, 'price'],
    ['a graduated price needs tiers', { priceType: 'usage', chargeModel: 'graduated', unitOfMeasure: { amount: 1, units: 'GB' } }, 'priceTier'],
    ['a percentage usage price needs a percentage', { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, minimumCharge: eur(1) }, 'percentage'],
  ])('%s', (_name, price, field) => {
    expect(fieldsOf(price)).toContain(field);
  });

  it.each<[string, PriceTerms, string]>([
    ['a one-time price takes no unit of measure', { ...oneTime, unitOfMeasure: { amount: 1, units: 'GB' } }, 'unitOfMeasure'],
    ['a one-time price takes no percentage', { ...oneTime, percentage: 10 }, 'percentage'],
    ['a one-time price takes no period length', { ...oneTime, recurringChargePeriodLength: 2 }, 'recurringChargePeriodLength'],
    ['a one-time price takes no allowance', { ...oneTime, includedQuantity: 1 }, 'includedQuantity'],
    ['a recurring price is charged per unit or by seat tiers, not per package', { ...recurring, chargeModel: 'package' }, 'chargeModel'],
    ['a recurring price takes no tiers', { ...recurring, priceTier: graduated.priceTier }, 'priceTier'],
    ['a per-unit usage price takes no tiers', { ...perUnit, priceTier: graduated.priceTier }, 'priceTier'],
    ['a graduated price takes no single price', { ...graduated, price: eur(1) }, 'price'],
    ['a percentage usage price takes no price', { ...percentageUsage, price: eur(1) }, 'price'],
    ['only a discount has an application duration', { ...recurring, applicationDuration: 3 }, 'applicationDuration'],
    ['only a discount has market segments', { ...oneTime, marketSegment: [{ id: 'student' }] }, 'marketSegment'],
    ['a discount has no minimum charge', { ...percentageDiscount, minimumCharge: eur(1) }, 'minimumCharge'],
    ['a discount has no maximum charge', { ...percentageDiscount, maximumCharge: eur(1) }, 'maximumCharge'],
    ['a discount has no period of its own', { ...percentageDiscount, recurringChargePeriodType: 'month' }, 'recurringChargePeriodType'],
    ['a discount has no tax category of its own', { ...percentageDiscount, tax: [{ taxCategory: 'standard' }] }, 'tax'],
    ['a discount is never tax-included of its own', { ...fixedDiscount, taxIncluded: true }, 'taxIncluded'],
    ['only a discount discounts other prices', { ...recurring, popRelationship: [{ id: 'p-2', relationshipType: 'discounts' }] }, 'popRelationship[0].relationshipType'],
  ])('%s', (_name, price, field) => {
    expect(fieldsOf(price)).toEqual([field]);
  });
});

describe('validateProductOfferingPrice: discounts and percentages', () => {
  it('a discount takes a percentage or a price, not both', () => {
    expect(fieldsOf({ priceType: 'discount', percentage: 10, price: eur(1) })).toEqual(['percentage']);
  });

  it('a discount takes a percentage or a price, not neither', () => {
    expect(fieldsOf({ priceType: 'discount', applicationDuration: 2 })).toEqual(['percentage']);
  });

  it('a fixed discount takes a positive amount off', () => {
    expect(fieldsOf({ priceType: 'discount', price: eur(0) })).toEqual(['price.value']);
  });

  it.each([0, -5, 100.5])('a percentage of %s is out of (0, 100]', (percentage) => {
    expect(fieldsOf({ priceType: 'discount', percentage })).toEqual(['percentage']);
  });
});

describe('validateProductOfferingPrice: currencies and decimals', () => {
  it('refuses a currency the catalog does not sell in, on the first amount', () => {
    expect(fieldsOf({ priceType: 'oneTime', price: usd(5) })).toEqual(['price.unit']);
    expect(fieldsOf({ ...graduated, priceTier: graduated.priceTier!.map((tier) => ({ ...tier, price: usd(1), flatFee: undefined })), minimumCharge: undefined, maximumCharge: undefined })).toEqual(['priceTier[0].price.unit']);
  });

  it('refuses a percentage usage price counting a currency the catalog does not sell in', () => {
    expect(fieldsOf({ ...percentageUsage, unitOfMeasure: { amount: 1, units: 'USD' } })).toEqual(['unitOfMeasure.units']);
  });

  it('names every amount in another currency than the price’s', () => {
    const mixed: PriceTerms = {
      ...graduated,
      priceTier: [
        { fromQuantity: 0, toQuantity: 5, price: eur(2), flatFee: { unit: 'GBP', value: 1 } },
        { fromQuantity: 5, price: { unit: 'GBP', value: 1 } },
      ],
      minimumCharge: { unit: 'GBP', value: 1 },
      maximumCharge: eur(60),
    };
    expect(fieldsOf(mixed)).toEqual(['priceTier[0].flatFee.unit', 'priceTier[1].price.unit', 'minimumCharge.unit']);
  });

  it('requires a percentage usage price to count its own currency, one unit at a time', () => {
    // The money counted sets the currency: the amount in another one is the one named.
    expect(fieldsOf({ ...percentageUsage, minimumCharge: { unit: 'GBP', value: 1 } })).toEqual(['minimumCharge.unit']);
    expect(fieldsOf({ ...percentageUsage, unitOfMeasure: { amount: 1, units: 'GB' }, minimumCharge: eur(1) })).toEqual(['unitOfMeasure.units']);
    expect(fieldsOf({ ...percentageUsage, unitOfMeasure: { amount: 10, units: 'EUR' } })).toEqual(['unitOfMeasure.amount']);
  });

  it('refuses charged amounts with more decimals than the currency', () => {
    expect(fieldsOf({ priceType: 'oneTime', price: eur(12.999) })).toEqual(['price.value']);
    expect(fieldsOf({ priceType: 'oneTime', price: { unit: 'JPY', value: 10.5 } })).toEqual(['price.value']);
    expect(fieldsOf({ ...recurring, price: eur(0.001) })).toEqual(['price.value']);
    expect(fieldsOf({ ...fixedDiscount, price: eur(0.005) })).toEqual(['price.value']);
    expect(fieldsOf({ ...graduated, minimumCharge: eur(1.001) })).toEqual(['minimumCharge.value']);
    expect(fieldsOf({ ...graduated, priceTier: [{ fromQuantity: 0, price: eur(1), flatFee: eur(0.005) }] })).toEqual(['priceTier[0].flatFee.value']);
  });

  it('lets usage unit prices be finer than the currency', () => {
    expect(fieldsOf({ ...graduated, priceTier: [{ fromQuantity: 0, price: eur(0.00125) }] })).toEqual([]);
    expect(fieldsOf({ ...perUnit, price: eur(0.000001) })).toEqual([]);
  });

  it('refuses a maximum below the minimum', () => {
    expect(fieldsOf({ ...graduated, minimumCharge: eur(61) })).toEqual(['maximumCharge.value']);
    expect(fieldsOf({ ...graduated, minimumCharge: eur(60) })).toEqual([]);
  });
});

describe('validateProductOfferingPrice: tiers', () => {
  const withTiers = (priceTier: PriceTerms['priceTier']): PriceTerms => ({ ...graduated, priceTier });

  it('the first tier starts at 0', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 1, toQuantity: 5, price: eur(1) }, { fromQuantity: 5, price: eur(1) }]))).toEqual(['priceTier[0].fromQuantity']);
  });

  it('a gap between tiers is named on the tier after it', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, toQuantity: 5, price: eur(1) }, { fromQuantity: 6, price: eur(1) }]))).toEqual(['priceTier[1].fromQuantity']);
  });

  it('an overlap between tiers is named on the tier after it', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, toQuantity: 5, price: eur(1) }, { fromQuantity: 4.5, price: eur(1) }]))).toEqual(['priceTier[1].fromQuantity']);
  });

  it('only the last tier is unbounded', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, price: eur(1) }, { fromQuantity: 5, price: eur(1) }]))).toEqual(['priceTier[0].toQuantity']);
  });

  it('the last tier is unbounded', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, toQuantity: 5, price: eur(1) }, { fromQuantity: 5, toQuantity: 10, price: eur(1) }]))).toEqual(['priceTier[1].toQuantity']);
  });

  it('a tier ends above its start', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, toQuantity: 5, price: eur(1) }, { fromQuantity: 5, toQuantity: 5, price: eur(1) }, { fromQuantity: 5, price: eur(1) }]))).toEqual([
      'priceTier[1].toQuantity',
    ]);
  });

  it('compares tier bounds as decimals: 0.1 + 0.2 ends where 0.3 starts', () => {
    expect(fieldsOf(withTiers([{ fromQuantity: 0, toQuantity: 0.3, price: eur(1) }, { fromQuantity: 0.3, price: eur(1) }]))).toEqual([]);
  });
});

describe('validateProductOfferingPrice: units, dates, tax, characteristics, segments', () => {
  it('refuses an unknown unit of measure', () => {
    expect(fieldsOf({ ...perUnit, unitOfMeasure: { amount: 1, units: 'GiB' } })).toEqual(['unitOfMeasure.units']);
  });

  it('refuses a validity that ends before it starts', () => {
    expect(fieldsOf({ ...oneTime, validFor: { startDateTime: '2027-01-01T00:00:00Z', endDateTime: '2026-01-01T00:00:00Z' } })).toEqual(['validFor.endDateTime']);
    expect(fieldsOf({ ...oneTime, validFor: { startDateTime: '2027-01-01T00:00:00Z', endDateTime: '2027-01-01T01:00:00+01:00' } })).toEqual(['validFor.endDateTime']);
  });

  it('refuses an unknown tax category', () => {
    expect(fieldsOf({ ...oneTime, tax: [{ taxCategory: 'luxury' }] })).toEqual(['tax[0].taxCategory']);
  });

  it('needs the characteristic values a price is for', () => {
    expect(fieldsOf({ ...oneTime, prodSpecCharValueUse: [{ name: 'colour', productSpecCharacteristicValue: [] }] })).toEqual(['prodSpecCharValueUse[0].productSpecCharacteristicValue']);
  });

  it('needs at least one market segment when it lists them', () => {
    expect(fieldsOf({ ...percentageDiscount, marketSegment: [] })).toEqual(['marketSegment']);
  });

  it('reports every problem at once', () => {
    expect(fieldsOf({ priceType: 'oneTime', price: usd(1.001), unitOfMeasure: { amount: 1, units: 'GB' } })).toEqual(['unitOfMeasure', 'price.unit', 'price.value']);
  });
});

describe('validateOfferingPriceVersions', () => {
  const version = (id: string, start: string | undefined, overrides: Partial<PriceTerms> = {}) => ({
    id,
    name: 'Monthly fee',
    ...recurring,
    ...(start ? { validFor: { startDateTime: start } } : {}),
    ...overrides,
  });

  it('accepts versions of one price starting at different instants', () => {
    expect(validateOfferingPriceVersions([version('a', '2026-01-01T00:00:00Z'), version('b', '2027-01-01T00:00:00Z')])).toEqual([]);
  });

  it('refuses two versions of one price starting at the same instant, however written', () => {
    const problems = validateOfferingPriceVersions([version('a', '2027-01-01T00:00:00Z'), version('b', '2027-01-01T01:00:00+01:00')]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'productOfferingPrice' });
    expect(problems[0]!.problem).toContain('a and b');
  });

  it('refuses two versions without a start', () => {
    expect(validateOfferingPriceVersions([version('a', undefined), version('b', undefined)])).toHaveLength(1);
  });

  it('accepts the same name and start in another currency, or under another name', () => {
    expect(validateOfferingPriceVersions([version('a', undefined), version('b', undefined, { price: { unit: 'GBP', value: 25 } })])).toEqual([]);
    expect(validateOfferingPriceVersions([version('a', undefined), { ...version('b', undefined), name: 'Other fee' }])).toEqual([]);
  });

  it('does not count the same price listed twice as two versions', () => {
    expect(validateOfferingPriceVersions([version('a', undefined), version('a', undefined)])).toEqual([]);
  });
});

describe('validateProductOfferingPrice: transaction and seat pricing', () => {
  const cardFee: PriceTerms = { ...percentageUsage, percentage: 2.9, fixedFeePerEvent: eur(0.3), minimumPerEvent: eur(0.1), maximumPerEvent: eur(10), freeEventsPerPeriod: 5 };
  const tieredTakeRate: PriceTerms = {
    priceType: 'usage',
    chargeModel: 'graduatedPercentage',
    unitOfMeasure: { amount: 1, units: 'EUR' },
    priceTier: [
      { fromQuantity: 0, toQuantity: 1000, percentage: 2, flatFee: eur(0.5) },
      { fromQuantity: 1000, percentage: 1.5 },
    ],
  };
  const seats: PriceTerms = {
    ...recurring,
    price: undefined,
    chargeModel: 'graduated',
    priceTier: [
      { fromQuantity: 0, toQuantity: 10, price: eur(10) },
      { fromQuantity: 10, price: eur(8) },
    ],
  };

  it.each([
    ['2.9 % + 0.30 per transaction, 0.10 to 10.00 per transaction, 5 free', cardFee],
    ['graduated percentage tiers counted in money', tieredTakeRate],
    ['graduated seat tiers', seats],
    ['volume seat tiers', { ...seats, chargeModel: 'volume' as const }],
  ])('%s has no problem', (_name, price) => {
    expect(validateProductOfferingPrice(price, rules)).toEqual([]);
  });

  it.each<[string, PriceTerms, string[]]>([
    ['a minimum per event above the maximum', { ...cardFee, minimumPerEvent: eur(12) }, ['maximumPerEvent.value']],
    ['per-event terms on a per-unit price', { ...perUnit, includedQuantity: undefined, fixedFeePerEvent: eur(0.3), freeEventsPerPeriod: 1 }, ['fixedFeePerEvent', 'freeEventsPerPeriod']],
    ['an allowance on a price with per-event terms (free events instead)', { ...cardFee, includedQuantity: 100 }, ['includedQuantity']],
    ['a fee in another currency', { ...cardFee, fixedFeePerEvent: usd(0.3) }, ['fixedFeePerEvent.unit']],
    ['a fee finer than the currency', { ...cardFee, fixedFeePerEvent: eur(0.305) }, ['fixedFeePerEvent.value']],
    ['a fractional free event count', { ...cardFee, freeEventsPerPeriod: 1.5 }, ['freeEventsPerPeriod']],
    ['a graduatedPercentage tier with a price instead of a percentage', { ...tieredTakeRate, priceTier: [{ fromQuantity: 0, price: eur(1) }] }, ['priceTier[0].percentage', 'priceTier[0].price']],
    ['a graduatedPercentage price with a percentage of its own', { ...tieredTakeRate, percentage: 2 }, ['percentage']],
    ['graduatedPercentage tiers with a gap', { ...tieredTakeRate, priceTier: [{ fromQuantity: 0, toQuantity: 1000, percentage: 2 }, { fromQuantity: 1200, percentage: 1.5 }] }, ['priceTier[1].fromQuantity']],
    ['a graduatedPercentage price counting GB', { ...tieredTakeRate, unitOfMeasure: { amount: 1, units: 'GB' } }, ['unitOfMeasure.units']],
    ['a graduated tier without a price', { ...graduated, priceTier: [{ fromQuantity: 0, percentage: 2 }] }, ['priceTier[0].price', 'priceTier[0].percentage']],
    ['seat tiers with a single price too', { ...seats, price: eur(10) }, ['price']],
    ['seat tiers over part of a seat', { ...seats, priceTier: [{ fromQuantity: 0, toQuantity: 2.5, price: eur(10) }, { fromQuantity: 2.5, price: eur(8) }] }, ['priceTier[0].toQuantity', 'priceTier[1].fromQuantity']],
    ['a seat tier price finer than the currency', { ...seats, priceTier: [{ fromQuantity: 0, price: eur(9.995) }] }, ['priceTier[0].price.value']],
  ])('%s', (_name, price, fields) => {
    expect(fieldsOf(price).sort()).toEqual([...fields].sort());
  });

  it('400 naming the field for a negative fee or percentage, before anything is stored', () => {
    const body = { name: 'Card fee', priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 2.9 };
    const paths = (value: unknown) => productOfferingPriceCreateSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(paths({ ...body, fixedFeePerEvent: eur(-0.3) })).toEqual(['fixedFeePerEvent.value']);
    expect(paths({ ...body, maximumPerEvent: eur(-1) })).toEqual(['maximumPerEvent.value']);
    expect(paths({ ...body, freeEventsPerPeriod: -1 })).toEqual(['freeEventsPerPeriod']);
    expect(paths({ ...body, percentage: 101 })).toEqual(['percentage']);
    expect(paths({ ...body, chargeModel: 'graduatedPercentage', percentage: undefined, priceTier: [{ fromQuantity: 0, percentage: 120 }] })).toEqual(['priceTier.0.percentage']);
  });
});

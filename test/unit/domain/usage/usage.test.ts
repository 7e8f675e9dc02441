import { describe, expect, it } from 'vitest';
import type { ChargeTerm } from '../../../../domain/billing/charge-term.js';
import { termUsagePrices } from '../../../../domain/billing/term-pricing.js';
import { forbiddenWrites } from '../../../../domain/shared/write-access.js';
import {
  correctUsage,
  guideUsage,
  newUsage,
  readUsageRecord,
  recycledInto,
  usageCorrectionAccess,
  usageIdFor,
  usageRecordAccess,
  type GuidableProduct,
  type UsageCreate,
  type UsageRecord,
} from '../../../../domain/usage/usage.js';
import { eur, offeringWith, price, snapshot } from '../pricing/pricing-fixtures.js';
import { inputProblemsOf } from '../../../support/input-problems.js';

/** A mobile plan that charges data beyond its allowance (GB) and a broadband plan with no usage price. */
const dataOverage = price({ id: 'data-overage', name: 'Data overage', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' }, price: eur(2) });
const smsPrice = price({ id: 'sms', name: 'SMS', priceType: 'usage', unitOfMeasure: { amount: 1, units: 'SMS' }, price: eur(0.1) });
const mobileMonthly = price({ id: 'mobile-monthly', name: 'Mobile monthly', priceType: 'recurring', price: eur(20), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
const broadbandMonthly = price({ id: 'broadband-monthly', name: 'Broadband monthly', priceType: 'recurring', price: eur(30), recurringChargePeriodType: 'month', recurringChargePeriodLength: 1 });
const catalog = snapshot(
  [offeringWith('mobile', [mobileMonthly, dataOverage, smsPrice], { name: 'Mobile' }), offeringWith('broadband', [broadbandMonthly], { name: 'Broadband' })],
  [mobileMonthly, dataOverage, smsPrice, broadbandMonthly],
);
const usagePricesOf = (term: ChargeTerm) => termUsagePrices(catalog, term);

function term(offering: 'mobile' | 'broadband', from: string, to?: string): ChargeTerm {
  return {
    from,
    ...(to ? { to, endedBy: 'planChange' as const } : {}),
    productOffering: { id: offering, href: `/po/${offering}`, name: offering === 'mobile' ? 'Mobile' : 'Broadband' },
    quantity: 1,
    characteristic: [],
    pinnedPrice: [],
  };
}

const mobileProduct: GuidableProduct = { id: 'prod-1', name: 'Mobile', customerId: 'cust-1', billingAccountId: 'ba-1', terms: [term('mobile', '2026-01-01T00:00:00.000Z')] };

function body(characteristics: Record<string, string | number>, overrides: Partial<UsageCreate> = {}): UsageCreate {
  return {
    usageDate: '2026-03-01T10:00:00+01:00',
    usageType: 'data',
    usageCharacteristic: Object.entries(characteristics).map(([name, value]) => ({ name, value })),
    ...overrides,
  };
}
const dataRecord = (characteristics: Record<string, string | number> = {}, overrides: Partial<UsageCreate> = {}): UsageRecord =>
  readUsageRecord(body({ quantity: 1.5, unit: 'GB', recordId: 'cdr-1', productId: 'prod-1', ...characteristics }, overrides));


describe('readUsageRecord', () => {
  it('reads the quantity as decimal text, the date in UTC, the record id trimmed, and keeps the characteristics as sent', () => {
    const input = body({ quantity: ' 007.50 ', unit: 'MB', recordId: ' cdr-7 ', productId: 'prod-1', cellId: 'A12' }, { description: 'Roaming session' });
    const record = readUsageRecord(input);
    expect(record).toEqual({
      usageDate: '2026-03-01T09:00:00.000Z',
      usageType: 'data',
      description: 'Roaming session',
      quantity: '7.50',
      unit: 'MB',
      recordId: 'cdr-7',
      product: { productId: 'prod-1' },
      attributes: {},
      characteristics: input.usageCharacteristic,
    });
  });

  it('reads the rating attributes, normalized, and names a malformed one with the record’s other problems', () => {
    const record = readUsageRecord(body({ quantity: 61, unit: 'second', recordId: 'cdr-8', productId: 'prod-1', destination: '+33 6 12 34 56 78', visitedNetwork: '22801', direction: 'outgoing' }));
    expect(record.attributes).toEqual({ destination: '+33612345678', visitedNetwork: '228-01', direction: 'outgoing' });
    const problems = inputProblemsOf(() => readUsageRecord(body({ quantity: -1, unit: 'second', recordId: 'cdr-9', productId: 'prod-1', destination: '0612', serviceType: 'fax' }), 'usage[2].'));
    expect(problems.map((problem) => problem.field)).toEqual([
      'usage[2].usageCharacteristic[name=quantity]',
      'usage[2].usageCharacteristic[name=destination]',
      'usage[2].usageCharacteristic[name=serviceType]',
    ]);
  });

  it('takes a JSON number as its decimal text, and zero', () => {
    expect(dataRecord({ quantity: 12.25 }).quantity).toBe('12.25');
    expect(dataRecord({ quantity: 0 }).quantity).toBe('0');
    expect(dataRecord({ quantity: '000' }).quantity).toBe('0');
  });

  it('reads a transaction: its unit a currency, its quantity the amount', () => {
    const record = readUsageRecord(body({ quantity: '49.99', unit: 'EUR', recordId: 'pay-1', productId: 'prod-1' }));
    expect(record).toMatchObject({ quantity: '49.99', unit: 'EUR' });
  });

  it('normalizes a phone number to its digits and leading +', () => {
    const record = readUsageRecord(body({ quantity: 3, unit: 'minute', recordId: 'call-1', phoneNumber: '+33 6 12-34-56-78' }));
    expect(record.product).toEqual({ phoneNumber: '+33612345678' });
  });

  it('prefers productId when both references are given', () => {
    expect(dataRecord({ phoneNumber: '+33612345678' }).product).toEqual({ productId: 'prod-1' });
  });

  it.each([
    ['no quantity', { unit: 'GB', recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=quantity]', /required/],
    ['a negative quantity', { quantity: -1, unit: 'GB', recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=quantity]', /0 or more/],
    ['a quantity in exponent form', { quantity: '1e3', unit: 'GB', recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=quantity]', /0 or more/],
    ['a quantity that is not a number', { quantity: 'lots', unit: 'GB', recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=quantity]', /0 or more/],
    ['no unit', { quantity: 1, recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=unit]', /required: one of GB/],
    ['an unknown unit', { quantity: 1, unit: 'parsec', recordId: 'r', productId: 'p' }, 'usageCharacteristic[name=unit]', /unknown unit parsec/],
    ['no record id', { quantity: 1, unit: 'GB', productId: 'p' }, 'usageCharacteristic[name=recordId]', /required/],
    ['a blank record id', { quantity: 1, unit: 'GB', recordId: '  ', productId: 'p' }, 'usageCharacteristic[name=recordId]', /required/],
    ['a record id over 128 characters', { quantity: 1, unit: 'GB', recordId: 'r'.repeat(129), productId: 'p' }, 'usageCharacteristic[name=recordId]', /at most 128/],
    ['no product reference', { quantity: 1, unit: 'GB', recordId: 'r' }, 'usageCharacteristic[name=productId]', /productId, or the phoneNumber/],
    ['a blank product id and phone number', { quantity: 1, unit: 'GB', recordId: 'r', productId: ' ', phoneNumber: '' }, 'usageCharacteristic[name=productId]', /productId, or the phoneNumber/],
    ['a product id over 128 characters', { quantity: 1, unit: 'GB', recordId: 'r', productId: 'p'.repeat(3_000) }, 'usageCharacteristic[name=productId]', /at most 128/],
    ['a phone number over 64 characters', { quantity: 1, unit: 'GB', recordId: 'r', phoneNumber: '6'.repeat(3_000) }, 'usageCharacteristic[name=phoneNumber]', /at most 64/],
  ])('400 for %s, naming the characteristic', (_case, characteristics, field, problem) => {
    expect(inputProblemsOf(() => readUsageRecord(body(characteristics)))).toEqual([{ field, problem: expect.stringMatching(problem) }]);
  });

  it('400 for a characteristic given twice, naming the second', () => {
    const input = body({ quantity: 1, unit: 'GB', recordId: 'r', productId: 'p' });
    input.usageCharacteristic.push({ name: 'unit', value: 'MB' });
    expect(inputProblemsOf(() => readUsageRecord(input))).toEqual([{ field: 'usageCharacteristic[4].name', problem: 'unit is given twice' }]);
  });

  it('names every problem at once, under the prefix a batch gives', () => {
    const problems = inputProblemsOf(() => readUsageRecord(body({ quantity: -2, unit: 'parsec' }), 'usage[3].'));
    expect(problems.map((problem) => problem.field)).toEqual([
      'usage[3].usageCharacteristic[name=quantity]',
      'usage[3].usageCharacteristic[name=unit]',
      'usage[3].usageCharacteristic[name=recordId]',
      'usage[3].usageCharacteristic[name=productId]',
    ]);
  });
});

describe('usageIdFor', () => {
  it('derives the same id from the same product and record id, and another from any other', () => {
    const id = usageIdFor({ productId: 'prod-1' }, 'cdr-1');
    expect(id).toMatch(/^u[0-9a-f]{31}$/);
    expect(usageIdFor({ productId: 'prod-1' }, 'cdr-1')).toBe(id);
    expect(new Set([id, usageIdFor({ productId: 'prod-2' }, 'cdr-1'), usageIdFor({ productId: 'prod-1' }, 'cdr-2'), usageIdFor({ phoneNumber: 'prod-1' }, 'cdr-1')]).size).toBe(4);
  });

});

describe('guideUsage', () => {
  const now = '2026-03-15T00:00:00.000Z';
  const guide = (record: UsageRecord, product: GuidableProduct | null = mobileProduct, at = now) => guideUsage(record, { product: product ?? undefined, now: at, usagePricesOf });

  it('rates a record of an active product against the usage price that counts its unit, not billed yet', () => {
    expect(guide(dataRecord())).toEqual({
      status: 'rated',
      product: mobileProduct,
      ratedProductUsage: [
        {
          '@type': 'RatedProductUsage',
          productRef: { id: 'prod-1', href: '/tmf-api/productInventory/v4/product/prod-1', name: 'Mobile', '@referredType': 'Product' },
          usageRatingTag: 'usage',
          ratingAmountType: 'total',
          isBilled: false,
          offerTariffType: 'Data overage',
        },
      ],
    });
  });

  it('rates a unit that converts into the price unit (MB against a GB price)', () => {
    const outcome = guide(dataRecord({ unit: 'MB' }));
    expect(outcome.status).toBe('rated');
  });

  it('rejects a record no product was found for, naming the reference it gave', () => {
    expect(guide(dataRecord(), null)).toEqual({ status: 'rejected', reason: 'no product is known by product prod-1 at 2026-03-01T09:00:00.000Z' });
    const byPhone = readUsageRecord(body({ quantity: 1, unit: 'GB', recordId: 'r', phoneNumber: '+33612345678' }));
    expect(guide(byPhone, null)).toEqual({ status: 'rejected', reason: 'no product is known by phone number +33612345678 at 2026-03-01T09:00:00.000Z' });
  });

  it('rejects a product sold before billing existed: without charge terms nothing can price its usage', () => {
    const legacy = { ...mobileProduct, terms: [] };
    expect(guide(dataRecord(), legacy)).toEqual({ status: 'rejected', reason: expect.stringContaining('product prod-1 was sold before billing existed'), product: legacy });
  });

  it("rejects a usage date after the customer's current time (its test clock's, for a clocked customer)", () => {
    expect(guide(dataRecord(), mobileProduct, '2026-03-01T08:59:59.000Z')).toEqual({
      status: 'rejected',
      reason: "the usage date 2026-03-01T09:00:00.000Z is after the customer's current time 2026-03-01T08:59:59.000Z",
      product: mobileProduct,
    });
    expect(guide(dataRecord(), mobileProduct, '2026-03-01T09:00:00.000Z').status).toBe('rated');
  });

  it('rejects a date no term covers: before the product was active, or after it ended', () => {
    const ended = { ...mobileProduct, terms: [term('mobile', '2026-02-01T00:00:00.000Z', '2026-03-01T09:00:00.000Z')] };
    expect(guide(dataRecord(), ended)).toEqual({ status: 'rejected', reason: 'product prod-1 was not active at 2026-03-01T09:00:00.000Z', product: ended });
    expect(guide(dataRecord({}, { usageDate: '2026-01-31T23:59:59Z' }), ended).status).toBe('rejected');
    expect(guide(dataRecord({}, { usageDate: '2026-03-01T08:59:59Z' }), ended).status).toBe('rated');
  });

  it('rejects a unit no usage price of the product counts', () => {
    expect(guide(dataRecord({ unit: 'minute' }))).toEqual({ status: 'rejected', reason: 'Mobile has no usage price counting minute', product: mobileProduct });
  });

  it("checks the unit against the term the date falls in: a plan change moves the record to the new plan's prices", () => {
    const changed = { ...mobileProduct, terms: [term('broadband', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'), term('mobile', '2026-02-01T00:00:00.000Z')] };
    expect(guide(dataRecord({}, { usageDate: '2026-01-20T00:00:00Z' }), changed)).toEqual({ status: 'rejected', reason: 'Broadband has no usage price counting GB', product: changed });
    expect(guide(dataRecord({}, { usageDate: '2026-02-20T00:00:00Z' }), changed).status).toBe('rated');
  });
});

describe('newUsage, correctUsage and recycledInto', () => {
  const now = '2026-03-15T00:00:00.000Z';
  const clocked: GuidableProduct = { ...mobileProduct, testClockId: 'clock-1' };

  it('builds a rated record owned by the customer of its product, on its test clock, received now', () => {
    const record = dataRecord({}, { description: 'session' });
    const usage = newUsage(record, guideUsage(record, { product: clocked, now, usagePricesOf }), { id: 'u1', now });
    expect(usage).toMatchObject({
      id: 'u1',
      href: '/tmf-api/usageManagement/v4/usage/u1',
      '@type': 'Usage',
      status: 'rated',
      description: 'session',
      relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', role: 'Customer', '@referredType': 'Customer' }],
      testClock: { id: 'clock-1' },
      receivedAt: now,
      lastUpdate: now,
    });
    expect(usage.statusReason).toBeUndefined();
  });

  it('builds a rejected record with its reason and no owner when no product was found', () => {
    const record = dataRecord();
    const usage = newUsage(record, guideUsage(record, { product: undefined, now, usagePricesOf }), { id: 'u1', now });
    expect(usage.status).toBe('rejected');
    expect(usage.statusReason).toMatch(/no product is known/);
    expect(usage.relatedParty).toBeUndefined();
    expect(usage.ratedProductUsage).toBeUndefined();
  });

  it('a corrected rejection keeps its id and arrival, drops the old reason, and takes the corrected attributes', () => {
    const wrong = dataRecord({ unit: 'minute' }, { description: 'typo' });
    const rejected = newUsage(wrong, guideUsage(wrong, { product: mobileProduct, now, usagePricesOf }), { id: 'u1', now });
    const fixed = dataRecord({ unit: 'GB' });
    const later = '2026-03-16T00:00:00.000Z';
    const corrected = correctUsage(rejected, fixed, guideUsage(fixed, { product: mobileProduct, now: later, usagePricesOf }), later);
    expect(corrected).toMatchObject({ id: 'u1', status: 'rated', receivedAt: now, lastUpdate: later, usageCharacteristic: fixed.characteristics });
    expect(corrected.statusReason).toBeUndefined();
    expect(corrected.description).toBeUndefined();
    expect(corrected.ratedProductUsage).toHaveLength(1);
  });

  it('a correction that is still wrong stays rejected with the new reason', () => {
    const first = dataRecord({ unit: 'minute' });
    const rejected = newUsage(first, guideUsage(first, { product: mobileProduct, now, usagePricesOf }), { id: 'u1', now });
    const still = dataRecord({ unit: 'call' });
    const corrected = correctUsage(rejected, still, guideUsage(still, { product: mobileProduct, now, usagePricesOf }), now);
    expect(corrected).toMatchObject({ status: 'rejected', statusReason: 'Mobile has no usage price counting call' });
  });

  it('a recycled record points at the record it became', () => {
    const record = dataRecord();
    const rejected = newUsage(record, guideUsage(record, { product: undefined, now, usagePricesOf }), { id: 'u1', now });
    expect(recycledInto(rejected, 'u2', '2026-03-16T00:00:00.000Z')).toEqual({
      ...rejected,
      status: 'recycled',
      recycledAs: { id: 'u2', href: '/tmf-api/usageManagement/v4/usage/u2' },
      lastUpdate: '2026-03-16T00:00:00.000Z',
    });
  });
});

describe('who writes usage', () => {
  const record = body({ quantity: 1, unit: 'GB', recordId: 'r', productId: 'p' }, { description: 'd', '@type': 'Usage' });

  it('staff and mediation feeds write every attribute of a record; customers none', () => {
    for (const role of ['admin', 'agent', 'mediation'] as const) expect(forbiddenWrites(record, usageRecordAccess, role)).toEqual([]);
    expect(forbiddenWrites(record, usageRecordAccess, 'customer')).toEqual(['usageDate', 'usageType', 'usageCharacteristic', 'description', '@type']);
  });

  it('only staff correct a record: not the feed that sent it', () => {
    expect(forbiddenWrites({ usageType: 'data' }, usageCorrectionAccess, 'agent')).toEqual([]);
    expect(forbiddenWrites({ usageType: 'data' }, usageCorrectionAccess, 'mediation')).toEqual(['usageType']);
    expect(forbiddenWrites({ usageType: 'data' }, usageCorrectionAccess, 'customer')).toEqual(['usageType']);
  });
});

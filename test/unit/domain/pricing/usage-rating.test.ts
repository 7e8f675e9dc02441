import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PriceTier } from '../../../../domain/catalog/product-offering-price.js';
import { addDecimals, compareDecimals, decimal, decimalToString, multiplyDecimals, roundHalfEven, subtractDecimals, type Decimal } from '../../../../domain/money/decimal.js';
import { moneyFromTmf, multiplyUnitPrice } from '../../../../domain/money/money.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import type { PriceTerms } from '../../../../domain/pricing/price-terms.js';
import { createUsageRater, rateUsage, roundHalfEvenNonNegative } from '../../../../domain/pricing/usage-rating.js';
import { eur } from './pricing-fixtures.js';

const d = (value: number | string) => decimal(value);
const text = (value: Decimal) => decimalToString(value);

/** 10 GB included, then 0–5 GB at 2.00, 5–20 GB at 1.50, 20 GB and more at 1.00 (per GB, after the allowance). */
const graduatedData: PriceTerms = {
  priceType: 'usage',
  chargeModel: 'graduated',
  unitOfMeasure: { amount: 1, units: 'GB' },
  includedQuantity: 10,
  priceTier: [
    { fromQuantity: 0, toQuantity: 5, price: eur(2) },
    { fromQuantity: 5, toQuantity: 20, price: eur(1.5) },
    { fromQuantity: 20, price: eur(1) },
  ],
};

/** Every SMS at the rate of the tier the month's total falls in. */
const volumeSms: PriceTerms = {
  priceType: 'usage',
  chargeModel: 'volume',
  unitOfMeasure: { amount: 1, units: 'SMS' },
  priceTier: [
    { fromQuantity: 0, toQuantity: 100, price: eur(0.1) },
    { fromQuantity: 100, toQuantity: 1000, price: eur(0.08) },
    { fromQuantity: 1000, price: eur(0.05) },
  ],
};

/** 1.50 per 100 SMS or part of 100. */
const packageSms: PriceTerms = { priceType: 'usage', chargeModel: 'package', unitOfMeasure: { amount: 100, units: 'SMS' }, price: eur(1.5) };

/** 2 % of third-party content bought, counted in EUR. */
const contentFee: PriceTerms = { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: { amount: 1, units: 'EUR' }, percentage: 2 };

/** 0.05 per minute. */
const voicePerMinute: PriceTerms = { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'minute' }, price: eur(0.05) };

describe('rateUsage: graduated', () => {
  it('rates 40.5 GB with 10 GB included: 5 × 2.00 + 15 × 1.50 + 10.5 × 1.00 = 43.00', () => {
    // 40.5 GB − 10 GB allowance = 30.5 GB charged.
    // tier 0: GB 0–5   →  5    × 2.00 = 10.00
    // tier 1: GB 5–20  → 15    × 1.50 = 22.50
    // tier 2: GB 20+   → 10.5  × 1.00 = 10.50
    //                                   -----
    //                                   43.00
    const rated = rateUsage(graduatedData, d('40.5'), 'GB');
    expect(rated.charge).toEqual({ amount: 4300n, currency: 'EUR' });
    expect(text(rated.quantity)).toBe('40.5');
    expect(text(rated.includedUsed)).toBe('10');
    expect(text(rated.chargedQuantity)).toBe('30.5');
    expect(rated.tiers.map((tier) => [tier.tier, text(tier.quantity), text(tier.rate)])).toEqual([
      [0, '5', '2'],
      [1, '15', '1.5'],
      [2, '10.5', '1'],
    ]);
  });

  it('converts usage reported in MB: 40 500 MB is 40.5 GB, the same 43.00', () => {
    expect(rateUsage(graduatedData, d(40_500), 'MB').charge.amount).toBe(4300n);
  });

  it('charges nothing within the allowance and counts the allowance used', () => {
    // 7.25 GB < 10 GB included.
    const rated = rateUsage(graduatedData, d('7.25'), 'GB');
    expect(rated.charge.amount).toBe(0n);
    expect(text(rated.includedUsed)).toBe('7.25');
    expect(text(rated.chargedQuantity)).toBe('0');
    expect(rated.tiers).toEqual([]);
  });

  it('puts a unit exactly at a tier end in the lower tier: 15 GB is 5 × 2.00 = 10.00', () => {
    expect(rateUsage(graduatedData, d(15), 'GB').charge.amount).toBe(1000n);
  });

  it('charges a tier flat fee once usage enters the tier', () => {
    const withFee: PriceTerms = {
      ...graduatedData,
      includedQuantity: 0,
      priceTier: [
        { fromQuantity: 0, toQuantity: 5, price: eur(2) },
        { fromQuantity: 5, price: eur(1), flatFee: eur(3) },
      ],
    };
    // 5 GB: 5 × 2.00 = 10.00, tier 1 not entered.
    expect(rateUsage(withFee, d(5), 'GB').charge.amount).toBe(1000n);
    // 6 GB: 10.00 + 3.00 flat + 1 × 1.00 = 14.00
    expect(rateUsage(withFee, d(6), 'GB').charge.amount).toBe(1400n);
  });

  it.each(['graduated', 'volume'] as const)('%s: a first tier’s flat fee is not charged at zero usage (docs/pricing.md), only once usage goes above 0', (chargeModel) => {
    const firstTierFee: PriceTerms = {
      ...graduatedData,
      chargeModel,
      includedQuantity: 10,
      priceTier: [
        { fromQuantity: 0, toQuantity: 5, price: eur(2), flatFee: eur(4) },
        { fromQuantity: 5, price: eur(1) },
      ],
    };
    expect(rateUsage(firstTierFee, d(0), 'GB').charge.amount).toBe(0n);
    // Within the allowance is zero usage for the tiers too.
    expect(rateUsage(firstTierFee, d(10), 'GB').charge.amount).toBe(0n);
    expect(rateUsage(firstTierFee, d('10.5'), 'GB').charge.amount).toBe(500n);
  });
});

describe('rateUsage: volume, package, percentage, per unit', () => {
  it('volume prices every unit at the tier the total falls in', () => {
    // 99 SMS × 0.10 = 9.90; 100 SMS (tier 1 starts at 100, inclusive) × 0.08 = 8.00
    expect(rateUsage(volumeSms, d(99), 'SMS').charge.amount).toBe(990n);
    expect(rateUsage(volumeSms, d(100), 'SMS').charge.amount).toBe(800n);
    // 250 × 0.08 = 20.00; 999 × 0.08 = 79.92; 1000 × 0.05 = 50.00
    expect(rateUsage(volumeSms, d(250), 'SMS').charge.amount).toBe(2000n);
    expect(rateUsage(volumeSms, d(999), 'SMS').charge.amount).toBe(7992n);
    const thousand = rateUsage(volumeSms, d(1000), 'SMS');
    expect(thousand.charge.amount).toBe(5000n);
    expect(thousand.tiers.map((tier) => tier.tier)).toEqual([2]);
  });

  it('package charges per started block: 250 SMS in blocks of 100 is 3 × 1.50 = 4.50', () => {
    const rated = rateUsage(packageSms, d(250), 'SMS');
    expect(rated.charge.amount).toBe(450n);
    expect(rated.tiers[0]?.blocks).toBe(3n);
    // 300 is exactly 3 blocks; 301 starts a 4th: 6.00; none used: nothing.
    expect(rateUsage(packageSms, d(300), 'SMS').charge.amount).toBe(450n);
    expect(rateUsage(packageSms, d(301), 'SMS').charge.amount).toBe(600n);
    expect(rateUsage(packageSms, d(0), 'SMS').charge.amount).toBe(0n);
  });

  it('percentage takes its share of the money counted, rounding half-even: 2 % of 12.25 = 0.245 → 0.24', () => {
    expect(rateUsage(contentFee, d('12.25'), 'EUR').charge.amount).toBe(24n);
    // 2 % of 12.75 = 0.255 → 0.26 (the even neighbour)
    expect(rateUsage(contentFee, d('12.75'), 'EUR').charge.amount).toBe(26n);
  });

  it('per unit converts seconds into minutes exactly: 90 s = 1.5 min × 0.05 = 0.075 → 0.08', () => {
    const rated = rateUsage(voicePerMinute, d(90), 'second');
    expect(rated.charge.amount).toBe(8n);
    expect(text(rated.chargedQuantity)).toBe('1.5');
    // 100 s = 1.6666… min × 0.05 = 0.08333… → 0.08
    expect(rateUsage(voicePerMinute, d(100), 'second').charge.amount).toBe(8n);
  });

  it('keeps a unit price finer than the currency and rounds the line once: 333 MB × 0.0125 = 4.1625 → 4.16', () => {
    const perMb: PriceTerms = { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'MB' }, price: eur(0.0125) };
    expect(rateUsage(perMb, d(333), 'MB').charge.amount).toBe(416n);
  });

  it('prices per unitOfMeasure.amount units: 0.10 per 60 seconds, 90 s = 0.15', () => {
    const perSixtySeconds: PriceTerms = { priceType: 'usage', unitOfMeasure: { amount: 60, units: 'second' }, price: eur(0.1) };
    expect(rateUsage(perSixtySeconds, d(90), 'second').charge.amount).toBe(15n);
  });
});

describe('rateUsage: minimum and maximum charge', () => {
  it('caps the charge at the maximum: 43.00 capped at 40.00', () => {
    expect(rateUsage({ ...graduatedData, maximumCharge: eur(40) }, d('40.5'), 'GB').charge.amount).toBe(4000n);
  });

  it('lifts the charge to the minimum, even without usage: 2.00 → 5.00, 0 → 5.00', () => {
    const withMinimum = { ...graduatedData, minimumCharge: eur(5) };
    // 11 GB: 1 GB above the allowance × 2.00 = 2.00, below the 5.00 minimum.
    expect(rateUsage(withMinimum, d(11), 'GB').charge.amount).toBe(500n);
    expect(rateUsage(withMinimum, d(0), 'GB').charge.amount).toBe(500n);
    // 20 GB: 5 × 2.00 + 5 × 1.50 = 17.50, above it.
    expect(rateUsage(withMinimum, d(20), 'GB').charge.amount).toBe(1750n);
  });
});

describe('rateUsage: refusals', () => {
  it('refuses usage in a unit the price does not count (400)', () => {
    expect(() => rateUsage(graduatedData, d(1), 'minute')).toThrow(InvalidInputError);
    expect(() => rateUsage(contentFee, d(1), 'USD')).toThrow(InvalidInputError);
  });

  it('refuses negative usage (400)', () => {
    expect(() => rateUsage(graduatedData, d(-1), 'GB')).toThrow(InvalidInputError);
  });

  it('refuses to rate a price that is not a complete usage price (409)', () => {
    expect(() => createUsageRater({ priceType: 'recurring', price: eur(1), recurringChargePeriodType: 'month' })).toThrow(RuleViolationError);
    expect(() => createUsageRater({ priceType: 'usage', price: eur(1) })).toThrow(RuleViolationError);
    expect(() => createUsageRater({ priceType: 'usage', chargeModel: 'graduated', unitOfMeasure: { amount: 1, units: 'GB' } })).toThrow(RuleViolationError);
  });
});

describe('createUsageRater', () => {
  it('returns each record its increment: 10 records of 4.05 GB add up to the 43.00 of 40.5 GB', () => {
    const rater = createUsageRater(graduatedData);
    const charges = Array.from({ length: 10 }, () => rater.rate(d('4.05'), 'GB').amount);
    // 4.05 and 8.1 GB are within the 10 GB allowance; 12.15 GB is 2.15 GB × 2.00 = 4.30.
    expect(charges.slice(0, 3)).toEqual([0n, 0n, 430n]);
    expect(charges.reduce((sum, charge) => sum + charge, 0n)).toBe(4300n);
    expect(rater.total().charge.amount).toBe(4300n);
  });

  it('gives the first record the minimum charge and later records only what exceeds it', () => {
    const rater = createUsageRater({ ...graduatedData, includedQuantity: 0, minimumCharge: eur(5) });
    // 1 GB = 2.00 → 5.00 minimum; 2 GB = 4.00 still 5.00; 3 GB = 6.00 → +1.00
    expect([rater.rate(d(1), 'GB').amount, rater.rate(d(1), 'GB').amount, rater.rate(d(1), 'GB').amount]).toEqual([500n, 0n, 100n]);
  });

  it('gives a negative increment when a volume total drops into a cheaper tier', () => {
    const rater = createUsageRater(volumeSms);
    // 99 SMS = 9.90; 100 SMS = 8.00: the 100th SMS is −1.90
    expect(rater.rate(d(99), 'SMS').amount).toBe(990n);
    expect(rater.rate(d(1), 'SMS').amount).toBe(-190n);
  });

  it('owes the minimum charge for a period without records', () => {
    const rater = createUsageRater({ ...packageSms, minimumCharge: eur(2) });
    expect(rater.total().charge.amount).toBe(200n);
    // The first record is charged the minimum, so the records still add up to the total.
    expect(rater.rate(d(1), 'SMS').amount).toBe(200n);
    expect(rater.total().charge.amount).toBe(200n);
  });

  it('takes records with more decimals than any seen before', () => {
    const rater = createUsageRater({ priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' }, price: eur(1) });
    rater.rate(d(1), 'GB');
    rater.rate(d('0.000001'), 'GB');
    rater.rate(d('0.5'), 'KB');
    expect(text(rater.total().quantity)).toBe('1.0000015');
    // 1.0000015 GB × 1.00 = 1.0000015 → 1.00
    expect(rater.total().charge.amount).toBe(100n);
  });
});

// ---- properties ------------------------------------------------------------------------------

const unitPriceArbitrary = fc.integer({ min: 0, max: 50_000 }).map((tenThousandths) => eur(tenThousandths / 10_000));
const centsArbitrary = fc.integer({ min: 0, max: 2_000 }).map((cents) => eur(cents / 100));

/** Contiguous tiers from 0 with integer bounds, the last unbounded, optional flat fees. */
const tiersArbitrary = (withFlatFees: boolean): fc.Arbitrary<PriceTier[]> =>
  fc
    .array(fc.record({ width: fc.integer({ min: 1, max: 50 }), price: unitPriceArbitrary, flatFee: withFlatFees ? fc.option(centsArbitrary, { nil: undefined }) : fc.constant(undefined) }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((specs) => {
      let from = 0;
      return specs.map((spec, index) => {
        const tier: PriceTier = { fromQuantity: from, price: spec.price, ...(spec.flatFee ? { flatFee: spec.flatFee } : {}) };
        if (index < specs.length - 1) tier.toQuantity = from + spec.width;
        from += spec.width;
        return tier;
      });
    });

const quantityArbitrary = fc.integer({ min: 0, max: 400_000 }).map((thousandths) => decimal(`${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`));

describe('usage rating properties', () => {
  it('property: graduated charges never decrease as usage grows', () => {
    fc.assert(
      fc.property(tiersArbitrary(true), fc.integer({ min: 0, max: 20 }), quantityArbitrary, quantityArbitrary, (tiers, included, a, b) => {
        const price: PriceTerms = { priceType: 'usage', chargeModel: 'graduated', unitOfMeasure: { amount: 1, units: 'GB' }, includedQuantity: included, priceTier: tiers };
        const [low, high] = compareDecimals(a, b) <= 0 ? [a, b] : [b, a];
        expect(rateUsage(price, low, 'GB').charge.amount).toBeLessThanOrEqual(rateUsage(price, high, 'GB').charge.amount);
      }),
    );
  });

  it('property: per-unit charges never decrease as usage grows, and equal quantity × price rounded once', () => {
    fc.assert(
      fc.property(unitPriceArbitrary, quantityArbitrary, quantityArbitrary, (unitPrice, a, b) => {
        const price: PriceTerms = { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'minute' }, price: unitPrice };
        const [low, high] = compareDecimals(a, b) <= 0 ? [a, b] : [b, a];
        const lowCharge = rateUsage(price, low, 'minute').charge.amount;
        expect(lowCharge).toBeLessThanOrEqual(rateUsage(price, high, 'minute').charge.amount);
        expect(lowCharge).toBe(multiplyUnitPrice({ currency: 'EUR', amount: decimal(unitPrice.value) }, low).amount);
      }),
    );
  });

  it('property: a volume charge is the whole quantity at its tier rate plus that tier’s flat fee', () => {
    fc.assert(
      fc.property(tiersArbitrary(true), quantityArbitrary, (tiers, quantity) => {
        const price: PriceTerms = { priceType: 'usage', chargeModel: 'volume', unitOfMeasure: { amount: 1, units: 'SMS' }, priceTier: tiers };
        const charge = rateUsage(price, quantity, 'SMS').charge.amount;
        if (quantity.coefficient === 0n) {
          expect(charge).toBe(0n);
          return;
        }
        const tier = tiers.find((each) => each.toQuantity === undefined || compareDecimals(quantity, decimal(each.toQuantity)) < 0)!;
        const expected =
          multiplyUnitPrice({ currency: 'EUR', amount: decimal(tier.price!.value) }, quantity).amount + (tier.flatFee ? moneyFromTmf(tier.flatFee).amount : 0n);
        expect(charge).toBe(expected);
      }),
    );
  });

  const modelArbitrary: fc.Arbitrary<PriceTerms> = fc.oneof(
    fc.record({ price: unitPriceArbitrary, included: fc.integer({ min: 0, max: 5 }) }).map(
      ({ price, included }): PriceTerms => ({ priceType: 'usage', unitOfMeasure: { amount: 1, units: 'GB' }, price, includedQuantity: included }),
    ),
    fc.record({ tiers: tiersArbitrary(true), max: fc.option(fc.integer({ min: 100, max: 10_000 }), { nil: undefined }) }).map(
      ({ tiers, max }): PriceTerms => ({
        priceType: 'usage',
        chargeModel: 'graduated',
        unitOfMeasure: { amount: 1, units: 'GB' },
        priceTier: tiers,
        ...(max ? { maximumCharge: eur(max / 100) } : {}),
      }),
    ),
    tiersArbitrary(true).map((tiers): PriceTerms => ({ priceType: 'usage', chargeModel: 'volume', unitOfMeasure: { amount: 1, units: 'GB' }, priceTier: tiers })),
    fc.record({ price: centsArbitrary, block: fc.integer({ min: 1, max: 10 }), min: fc.integer({ min: 0, max: 500 }) }).map(
      ({ price, block, min }): PriceTerms => ({ priceType: 'usage', chargeModel: 'package', unitOfMeasure: { amount: block, units: 'GB' }, price, minimumCharge: eur(min / 100) }),
    ),
  );
  const recordArbitrary = fc.record({ quantity: fc.integer({ min: 0, max: 5_000_000 }), scale: fc.integer({ min: 0, max: 4 }), units: fc.constantFrom('GB', 'MB', 'KB') });
  const kilobytesPer: Record<string, Decimal> = { GB: decimal(1_000_000), MB: decimal(1_000), KB: decimal(1) };

  it('property: the records’ incremental charges sum to rating the total at once', () => {
    fc.assert(
      fc.property(modelArbitrary, fc.array(recordArbitrary, { minLength: 1, maxLength: 30 }), (price, records) => {
        const rater = createUsageRater(price);
        let charged = 0n;
        let totalKb = decimal(0);
        for (const record of records) {
          const quantity: Decimal = decimal(`${record.quantity}e-${record.scale + 3}`);
          charged += rater.rate(quantity, record.units).amount;
          totalKb = addDecimals(totalKb, multiplyDecimals(quantity, kilobytesPer[record.units]!));
        }
        const whole = rateUsage(price, totalKb, 'KB');
        expect(charged).toBe(whole.charge.amount);
        expect(rater.total().charge.amount).toBe(whole.charge.amount);
        expect(text(subtractDecimals(addDecimals(whole.includedUsed, whole.chargedQuantity), whole.quantity))).toBe('0');
      }),
    );
  });

  it('property: the rater’s half-even rounding is roundHalfEven', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 1n, max: 10n ** 8n }), (numerator, denominator) => {
        expect(roundHalfEvenNonNegative(numerator, denominator)).toBe(roundHalfEven(numerator, denominator));
      }),
    );
  });
});

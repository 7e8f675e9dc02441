import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimals, compareDecimals, decimal, multiplyDecimals, roundHalfEven, ZERO, type Decimal } from '../../../../domain/money/decimal.js';
import type { PriceTerms } from '../../../../domain/pricing/price-terms.js';
import { createUsageRater, eventsDescription, rateUsage } from '../../../../domain/pricing/usage-rating.js';
import { eur } from './pricing-fixtures.js';

/**
 * Transaction pricing (docs/pricing.md, "Transactions"): Lago's percentage charge model with its
 * transaction terms, and its graduated percentage model, with worked numbers.
 */
const money = { amount: 1, units: 'EUR' } as const;

/** The card processor's 2.9 % + 0.30 per transaction. */
const cardFee: PriceTerms = { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: money, percentage: 2.9, fixedFeePerEvent: eur(0.3) };

/** 0–1000 EUR of the month at 2 %, above at 1.5 %. */
const tieredTakeRate: PriceTerms = {
  priceType: 'usage',
  chargeModel: 'graduatedPercentage',
  unitOfMeasure: money,
  priceTier: [
    { fromQuantity: 0, toQuantity: 1000, percentage: 2 },
    { fromQuantity: 1000, percentage: 1.5 },
  ],
};

/** Rates the events in order; returns each event's charge and the period's line, in cents. */
function rateEvents(price: PriceTerms, amounts: readonly (number | string)[]) {
  const rater = createUsageRater(price);
  const charges = amounts.map((amount) => rater.rate(decimal(amount), 'EUR').amount);
  const period = rater.total();
  return { charges, line: period.charge.amount, period };
}

describe('percentage charge model with per-event terms (Lago: percentage, fixed_amount, per-transaction min/max, free events)', () => {
  it('2.9 % + 0.30 per transaction: 100.00 → 3.20, 10.00 → 0.59, 49.99 → 1.74971; the month 5.53971 → 5.54', () => {
    const { charges, line, period } = rateEvents(cardFee, ['100', '10', '49.99']);
    expect(charges).toEqual([320n, 59n, 175n]);
    expect(line).toBe(554n);
    expect(period.events).toEqual({ counted: 3, free: 0 });
  });

  it('caps each transaction at maximumPerEvent: 1000.00 would cost 29.30, capped at 10.00; with a 100.00 one the month is 13.20', () => {
    const capped: PriceTerms = { ...cardFee, maximumPerEvent: eur(10) };
    expect(rateEvents(capped, ['1000', '100'])).toMatchObject({ charges: [1000n, 320n], line: 1320n });
  });

  it('raises each transaction to minimumPerEvent: 5.00 would cost 0.445, charged 0.50', () => {
    const floored: PriceTerms = { ...cardFee, minimumPerEvent: eur(0.5) };
    expect(rateEvents(floored, ['5']).line).toBe(50n);
  });

  it('the first 5 transactions of the period are free: 7 transactions of 100.00 cost 2 × 3.20 = 6.40', () => {
    const firstFree: PriceTerms = { ...cardFee, freeEventsPerPeriod: 5 };
    const { charges, line, period } = rateEvents(firstFree, Array.from({ length: 7 }, () => '100'));
    expect(charges).toEqual([0n, 0n, 0n, 0n, 0n, 320n, 320n]);
    expect(line).toBe(640n);
    expect(period.events).toEqual({ counted: 7, free: 5 });
  });

  it('a free event costs nothing even with a minimum per event; the period minimum still applies', () => {
    const price: PriceTerms = { ...cardFee, freeEventsPerPeriod: 1, minimumPerEvent: eur(1), minimumCharge: eur(2) };
    expect(rateEvents(price, ['100']).line).toBe(200n);
    expect(rateEvents(price, []).line).toBe(200n);
  });

  it('an amount of 0 is no transaction: no fixed fee, no free event used', () => {
    const price: PriceTerms = { ...cardFee, freeEventsPerPeriod: 1 };
    const { line, period } = rateEvents(price, ['0', '100', '100']);
    expect(line).toBe(320n);
    expect(period.events).toEqual({ counted: 2, free: 1 });
  });

  it('rounds the period once, half-even: 1 % of 0.50 is 0.005 → 0.00 alone, two of them 0.01 (Lago rounds half-up: 0.01 and 0.01)', () => {
    const onePercent: PriceTerms = { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: money, percentage: 1, fixedFeePerEvent: eur(0) };
    expect(rateEvents(onePercent, ['0.5']).line).toBe(0n);
    expect(rateEvents(onePercent, ['0.5', '0.5'])).toMatchObject({ charges: [0n, 1n], line: 1n });
  });

  it('a plain percentage price (no per-event terms) still rates the period total: 2 % of 12.25 = 0.245 → 0.24', () => {
    const plain: PriceTerms = { priceType: 'usage', chargeModel: 'percentage', unitOfMeasure: money, percentage: 2 };
    expect(rateEvents(plain, ['6.125', '6.125']).line).toBe(rateUsage(plain, decimal('12.25'), 'EUR').charge.amount);
    expect(rateEvents(plain, ['6.125', '6.125']).line).toBe(24n);
  });
});

describe('graduatedPercentage: tiers counted in money (Lago: graduated_percentage)', () => {
  it('splits the event that straddles a tier: 600 at 2 % = 12.00; 600 = 400 at 2 % + 200 at 1.5 % = 11.00; 300 at 1.5 % = 4.50', () => {
    const { charges, line, period } = rateEvents(tieredTakeRate, ['600', '600', '300']);
    expect(charges).toEqual([1200n, 1100n, 450n]);
    expect(line).toBe(2750n);
    expect(period.tiers.map((tier) => [tier.tier, tier.quantity.coefficient])).toEqual([
      [0, 1000n],
      [1, 500n],
    ]);
  });

  it('charges a tier’s flat fee once the money enters the tier, not at zero', () => {
    const withFees: PriceTerms = {
      ...tieredTakeRate,
      priceTier: [
        { fromQuantity: 0, toQuantity: 1000, percentage: 2, flatFee: eur(1) },
        { fromQuantity: 1000, percentage: 1.5, flatFee: eur(5) },
      ],
    };
    expect(rateEvents(withFees, ['0']).line).toBe(0n);
    expect(rateEvents(withFees, ['100']).line).toBe(300n);
    expect(rateEvents(withFees, ['1100']).line).toBe(2000n + 150n + 100n + 500n);
  });
});

/** The engine's rule, written out with exact decimals: each event's fee clamped, the sum rounded once half-even. */
function expectedLine(price: PriceTerms, amounts: readonly Decimal[]): bigint {
  const inCents = (value: number) => decimal(value);
  let sum = ZERO;
  let events = 0;
  for (const amount of amounts) {
    if (amount.coefficient === 0n) continue;
    events += 1;
    if (events <= (price.freeEventsPerPeriod ?? 0)) continue;
    let fee = addDecimals(multiplyDecimals(amount, multiplyDecimals(decimal(price.percentage!), decimal('0.01'))), inCents(price.fixedFeePerEvent?.value ?? 0));
    if (price.minimumPerEvent && compareDecimals(fee, inCents(price.minimumPerEvent.value)) < 0) fee = inCents(price.minimumPerEvent.value);
    if (price.maximumPerEvent && compareDecimals(fee, inCents(price.maximumPerEvent.value)) > 0) fee = inCents(price.maximumPerEvent.value);
    sum = addDecimals(sum, fee);
  }
  return roundHalfEven(sum.coefficient * 100n, 10n ** BigInt(sum.scale));
}

const amounts = fc.array(
  fc.integer({ min: 0, max: 500_000 }).map((cents) => decimal(`${cents / 100}`)),
  { maxLength: 25 },
);
const terms = fc.record({
  percentage: fc.integer({ min: 1, max: 1000 }).map((tenths) => tenths / 100),
  fixedFee: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  minimum: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  extra: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
  free: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
});
const priceOf = (t: { percentage: number; fixedFee?: number | undefined; minimum?: number | undefined; extra?: number | undefined; free?: number | undefined }): PriceTerms => ({
  priceType: 'usage',
  chargeModel: 'percentage',
  unitOfMeasure: money,
  percentage: t.percentage,
  ...(t.fixedFee !== undefined ? { fixedFeePerEvent: eur(t.fixedFee / 100) } : {}),
  ...(t.minimum !== undefined ? { minimumPerEvent: eur(t.minimum / 100) } : {}),
  ...(t.extra !== undefined ? { maximumPerEvent: eur(((t.minimum ?? 0) + t.extra) / 100) } : {}),
  ...(t.free !== undefined ? { freeEventsPerPeriod: t.free } : {}),
});

describe('transaction pricing properties', () => {
  it('property: the events’ charges add up to the period’s line to the cent, and the line is the exact fees rounded once', () => {
    fc.assert(
      fc.property(terms, amounts, (t, events) => {
        const price = priceOf(t);
        const rater = createUsageRater(price);
        const sum = events.reduce((total, amount) => total + rater.rate(amount, 'EUR').amount, 0n);
        const line = rater.total().charge.amount;
        expect(sum).toBe(line);
        expect(line).toBe(expectedLine(price, events));
      }),
    );
  });

  it('property: without free events, the same events in any order give the same line', () => {
    fc.assert(
      fc.property(terms, amounts, fc.integer(), (t, events, seed) => {
        const price = priceOf({ ...t, free: undefined });
        const shuffled = [...events].sort((a, b) => (((Number(a.coefficient) * 7919 + seed) | 0) % 97) - (((Number(b.coefficient) * 7919 + seed) | 0) % 97));
        const line = (list: readonly Decimal[]) => rateEvents(price, list.map((amount) => `${Number(amount.coefficient) / 10 ** amount.scale}`)).line;
        expect(line(shuffled)).toBe(line(events));
      }),
    );
  });

  it('property: with free events, events received in any order and rated in event-time order give the same line', () => {
    const timed = fc.array(fc.record({ at: fc.integer({ min: 0, max: 10_000 }), id: fc.uuid(), cents: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 20 });
    fc.assert(
      fc.property(terms, timed, fc.infiniteStream(fc.integer()), (t, events, random) => {
        const price = priceOf({ ...t, free: t.free ?? 2 });
        const byTime = (list: typeof events) => [...list].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const received = [...events];
        for (let index = received.length - 1; index > 0; index -= 1) {
          const other = Math.abs(random.next().value!) % (index + 1);
          [received[index], received[other]] = [received[other]!, received[index]!];
        }
        const line = (list: typeof events) => rateEvents(price, byTime(list).map((event) => `${event.cents / 100}`)).line;
        expect(line(received)).toBe(line(events));
      }),
    );
  });
});

describe('eventsDescription', () => {
  it('reads as the line’s transactions', () => {
    expect(eventsDescription({ counted: 1, free: 0 }, decimal('12.25'), 'EUR')).toBe('1 event, 12.25 EUR');
    expect(eventsDescription({ counted: 7, free: 5 }, decimal(700), 'EUR')).toBe('7 events, 700 EUR, 5 of them free');
  });
});

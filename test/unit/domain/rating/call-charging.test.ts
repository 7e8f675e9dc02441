import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../../../../domain/money/decimal.js';
import { money } from '../../../../domain/money/money.js';
import { callChargeTermsProblems, chargeCall, chargedSecondsOf, type CallChargeTerms } from '../../../../domain/rating/call-charging.js';
import { splitCallByBands } from '../../../../domain/rating/time-bands.js';
import { plan } from './rating-fixtures.js';

const eur = (cents: number) => money(BigInt(cents), 'EUR');
/** 0.30 EUR a minute, by the second after the first minute. */
const terms: CallChargeTerms = { currency: 'EUR', price: decimal('0.30'), per: 'minute', increments: { first: 60, next: 1 } };
const whole = (seconds: number) => [{ band: 'any', seconds }];
const cents = (terms: CallChargeTerms, parts: { band: string; seconds: number }[]) => Number(chargeCall(terms, parts).charge.amount);

describe('rating increments', () => {
  it.each([
    [{ first: 60, next: 1 }, 0, 0],
    [{ first: 60, next: 1 }, 10, 60],
    [{ first: 60, next: 1 }, 60, 60],
    [{ first: 60, next: 1 }, 61, 61],
    [{ first: 30, next: 6 }, 20, 30],
    [{ first: 30, next: 6 }, 31, 36],
    [{ first: 30, next: 6 }, 47, 48],
    [{ first: 60, next: 60 }, 61, 120],
    [{ first: 60, next: 60 }, 120, 120],
    [{ first: 1, next: 1 }, 61, 61],
  ])('%o charges %i s as %i s', (increments, seconds, charged) => {
    expect(chargedSecondsOf(seconds, increments)).toBe(charged);
  });
});

describe('chargeCall', () => {
  it('charges a 61 s call at 60/1 for 61 s: 61 × 0.30 / 60 = 0.305, rounded half-even to 0.30', () => {
    const charge = chargeCall(terms, whole(61));
    expect(charge.chargedSeconds).toBe(61);
    expect(charge.timeCharge).toEqual(eur(30));
    expect(charge.charge).toEqual(eur(30));
  });

  it('charges a 10 s call at 60/1 for the whole first minute: 0.30', () => {
    expect(cents(terms, whole(10))).toBe(30);
  });

  it('charges a 47 s call at 30/6 for 48 s: 0.24', () => {
    expect(cents({ ...terms, increments: { first: 30, next: 6 } }, whole(47))).toBe(24);
  });

  it('charges a 61 s call per started minute for 2 minutes: 0.60', () => {
    expect(cents({ ...terms, increments: { first: 60, next: 60 } }, whole(61))).toBe(60);
  });

  it('charges a price per second: 61 s at 0.005 = 0.305, rounded half-even to 0.30', () => {
    expect(cents({ ...terms, price: decimal('0.005'), per: 'second', increments: { first: 1, next: 1 } }, whole(61))).toBe(30);
  });

  it('adds the connect fee and caps the call: 10 minutes at 0.30 = 3.00 + 0.15 fee, at most 1.00 a call', () => {
    const charge = chargeCall({ ...terms, connectFee: eur(15), maximumPerCall: eur(100) }, whole(600));
    expect(charge.timeCharge).toEqual(eur(300));
    expect(charge.eventCharge).toEqual(eur(300));
    expect(charge.connectFee).toEqual(eur(15));
    expect(charge.charge).toEqual(eur(100));
  });

  it('bounds the time charge per event before the connect fee: 3.00 capped at 2.00, plus 0.15', () => {
    expect(cents({ ...terms, connectFee: eur(15), maximumPerEvent: eur(200) }, whole(600))).toBe(215);
  });

  it('raises a small time charge to the per-event minimum: 5 s by the second is 0.025 → 0.02, raised to 0.10, plus 0.15', () => {
    const charge = chargeCall({ ...terms, increments: { first: 1, next: 1 }, connectFee: eur(15), minimumPerEvent: eur(10) }, whole(5));
    expect(charge.timeCharge).toEqual(eur(2));
    expect(charge.eventCharge).toEqual(eur(10));
    expect(charge.charge).toEqual(eur(25));
  });

  it('charges each band at its price: 30 s peak at 0.30 and 60 s off-peak at 0.10 = 0.15 + 0.10', () => {
    const banded: CallChargeTerms = { ...terms, bandPrices: { 'off-peak': decimal('0.10') } };
    const parts = splitCallByBands(Date.parse('2027-03-16T19:59:30+01:00'), 90, plan, 'Europe/Paris');
    const charge = chargeCall(banded, parts);
    expect(charge.parts.map((part) => [part.band, part.chargedSeconds, Number(part.charge.amount)])).toEqual([
      ['peak', 30, 15],
      ['off-peak', 60, 10],
    ]);
    expect(charge.charge).toEqual(eur(25));
  });

  it('applies the increments to the whole call and puts the rounding-up on the last part', () => {
    // 10 s peak + 5 s off-peak at 60/1: 60 s charged, 10 at 0.30 and 50 at 0.10 = 0.05 + 0.0833… = 0.13.
    const banded: CallChargeTerms = { ...terms, bandPrices: { 'off-peak': decimal('0.10') } };
    const charge = chargeCall(banded, [
      { band: 'peak', seconds: 10 },
      { band: 'off-peak', seconds: 5 },
    ]);
    expect(charge.chargedSeconds).toBe(60);
    expect(charge.parts.map((part) => part.chargedSeconds)).toEqual([10, 50]);
    expect(charge.charge).toEqual(eur(13));
    // 0.13 in proportion to 3.0 and 5.0: 0.04875 and 0.08125, the leftover cent to the larger remainder.
    expect(charge.parts.map((part) => Number(part.charge.amount))).toEqual([5, 8]);
  });

  it('charges a call of 0 seconds its connect fee only', () => {
    const charge = chargeCall({ ...terms, connectFee: eur(15) }, whole(0));
    expect(charge.chargedSeconds).toBe(0);
    expect(charge.charge).toEqual(eur(15));
    expect(charge.parts[0]!.charge).toEqual(eur(15));
  });
});

describe('callChargeTermsProblems', () => {
  it('accepts the terms', () => {
    expect(callChargeTermsProblems({ ...terms, connectFee: eur(0), minimumPerEvent: eur(10), maximumPerEvent: eur(10), maximumPerCall: eur(0) })).toEqual([]);
  });

  it('refuses increments of zero, negative fees and prices, a minimum above the maximum and another currency, naming each field', () => {
    expect(
      callChargeTermsProblems({
        currency: 'EUR',
        price: decimal('-0.01'),
        per: 'hour' as never,
        bandPrices: { peak: decimal('-1') },
        increments: { first: 0, next: 1.5 },
        connectFee: eur(-1),
        minimumPerEvent: eur(50),
        maximumPerEvent: eur(20),
        maximumPerCall: money(100n, 'USD'),
      }).map((problem) => problem.field),
    ).toEqual(['increments.first', 'increments.next', 'per', 'price', 'bandPrices.peak', 'connectFee', 'maximumPerCall', 'maximumPerEvent']);
  });
});

describe('chargeCall, properties', () => {
  const incrementsArbitrary = fc.record({ first: fc.integer({ min: 1, max: 120 }), next: fc.integer({ min: 1, max: 60 }) });
  const partsArbitrary = fc.array(fc.record({ band: fc.constantFrom('peak', 'off-peak', 'weekend'), seconds: fc.integer({ min: 0, max: 7200 }) }), { minLength: 1, maxLength: 5 });
  const priceArbitrary = fc.integer({ min: 0, max: 100_000 }).map((tenThousandths) => decimal((tenThousandths / 10_000).toFixed(4)));

  it('charges a call split into parts at one price as the call whole: splitting never makes a call dearer', () => {
    fc.assert(
      fc.property(incrementsArbitrary, partsArbitrary, priceArbitrary, (increments, parts, price) => {
        const oneTerms: CallChargeTerms = { ...terms, price, increments };
        const total = parts.reduce((sum, part) => sum + part.seconds, 0);
        expect(chargeCall(oneTerms, parts).charge).toEqual(chargeCall(oneTerms, whole(total)).charge);
      }),
    );
  });

  it('charges at least the call and less than one increment more, and its parts add up to the charge', () => {
    fc.assert(
      fc.property(incrementsArbitrary, partsArbitrary, priceArbitrary, priceArbitrary, fc.integer({ min: 0, max: 500 }), (increments, parts, peak, offPeak, fee) => {
        const charge = chargeCall({ ...terms, price: peak, bandPrices: { 'off-peak': offPeak }, increments, connectFee: eur(fee) }, parts);
        expect(charge.chargedSeconds).toBeGreaterThanOrEqual(charge.durationSeconds);
        expect(charge.chargedSeconds - charge.durationSeconds).toBeLessThan(Math.max(increments.first, increments.next));
        expect(charge.parts.reduce((sum, part) => sum + part.charge.amount, 0n)).toBe(charge.charge.amount);
        expect(charge.parts.reduce((sum, part) => sum + part.chargedSeconds, 0)).toBe(charge.chargedSeconds);
      }),
    );
  });
});

describe('chargeCall, exactness', () => {
  const partsArbitrary = fc.array(fc.record({ band: fc.constantFrom('peak', 'off-peak'), seconds: fc.integer({ min: 0, max: 2_000_000 }) }), { minLength: 1, maxLength: 4 });
  // Up to 9 decimals and prices up to 10^7 a minute: small prices take the fast safe-integer path, large ones bigint.
  const priceArbitrary = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: 0, max: 9 })).map(([coefficient, scale]) => ({ coefficient, scale }));

  it('charges the exact Σ seconds × price, rounded once half-even, whichever arithmetic it takes', () => {
    fc.assert(
      fc.property(partsArbitrary, priceArbitrary, priceArbitrary, fc.constantFrom<'minute' | 'second'>('minute', 'second'), (parts, peak, offPeak, per) => {
        const charge = chargeCall({ currency: 'EUR', price: offPeak, per, bandPrices: { peak }, increments: { first: 1, next: 1 } }, parts);
        // The reference: every price over 10^9, seconds × price × 100 (cents) ÷ (60 or 1) × 10^9, half-even.
        const scaledPrice = (price: { coefficient: bigint; scale: number }) => price.coefficient * 10n ** BigInt(9 - price.scale) * 100n;
        const numerator = parts.reduce((sum, part) => sum + BigInt(part.seconds) * scaledPrice(part.band === 'peak' ? peak : offPeak), 0n);
        const denominator = (per === 'minute' ? 60n : 1n) * 10n ** 9n;
        const quotient = numerator / denominator;
        const twice = (numerator - quotient * denominator) * 2n;
        const expected = twice > denominator || (twice === denominator && quotient % 2n === 1n) ? quotient + 1n : quotient;
        expect(charge.timeCharge.amount).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the time charge, adds the connect fee and caps the call alike, whichever arithmetic it takes', () => {
    // Amounts on both sides of the safe integers (2^53 is about 9 × 10^15).
    const amountArbitrary = fc.oneof(fc.bigInt({ min: 0n, max: 10_000n }), fc.bigInt({ min: 0n, max: 10n ** 17n }));
    fc.assert(
      fc.property(partsArbitrary, priceArbitrary, amountArbitrary, amountArbitrary, amountArbitrary, amountArbitrary, (parts, price, a, b, fee, cap) => {
        const [minimum, maximum] = a <= b ? [a, b] : [b, a];
        const bounded = { currency: 'EUR', price, per: 'minute' as const, increments: { first: 1, next: 1 } };
        const charge = chargeCall(
          { ...bounded, minimumPerEvent: money(minimum, 'EUR'), maximumPerEvent: money(maximum, 'EUR'), connectFee: money(fee, 'EUR'), maximumPerCall: money(cap, 'EUR') },
          parts,
        );
        const time = chargeCall(bounded, parts).charge.amount;
        const event = time < minimum ? minimum : time > maximum ? maximum : time;
        const total = event + fee > cap ? cap : event + fee;
        expect([charge.timeCharge.amount, charge.eventCharge.amount, charge.connectFee.amount, charge.charge.amount]).toEqual([time, event, fee, total]);
        expect(charge.parts.reduce((sum, part) => sum + part.charge.amount, 0n)).toBe(total);
      }),
      { numRuns: 500 },
    );
  });
});

describe('band names', () => {
  it('prices a band named like an Object property at the default price', () => {
    const charge = chargeCall({ ...terms, bandPrices: { 'off-peak': decimal('0.10') } }, [{ band: 'constructor', seconds: 60 }]);
    expect(charge.charge).toEqual(eur(30));
    expect(charge.parts[0]!.price).toEqual(decimal('0.30'));
  });
});

import { describe, expect, it } from 'vitest';
import type { PriceTerms } from '../../../../domain/pricing/price-terms.js';
import { quoteCart } from '../../../../domain/pricing/quote-cart.js';
import { seatCharge } from '../../../../domain/pricing/seat-pricing.js';
import { eur, noTax, offeringWith, price, snapshot } from './pricing-fixtures.js';

/** docs/pricing.md, "Seats": seats 1–10 at 10.00, from the 11th at 8.00, per month. */
const seats: PriceTerms = {
  priceType: 'recurring',
  recurringChargePeriodType: 'month',
  chargeModel: 'graduated',
  priceTier: [
    { fromQuantity: 0, toQuantity: 10, price: eur(10) },
    { fromQuantity: 10, price: eur(8) },
  ],
};
const volumeSeats: PriceTerms = { ...seats, chargeModel: 'volume' };

describe('seatCharge', () => {
  it('graduated: each seat at its tier: 10 seats = 100.00, 12 seats = 10 × 10.00 + 2 × 8.00 = 116.00', () => {
    expect(seatCharge(seats, 10n).amount).toBe(10000n);
    expect(seatCharge(seats, 12n).amount).toBe(11600n);
  });

  it('volume: every seat at the tier of the count, a tier’s toQuantity belonging to the next: 9 seats = 90.00, 10 seats = 80.00, 12 = 96.00', () => {
    expect(seatCharge(volumeSeats, 9n).amount).toBe(9000n);
    expect(seatCharge(volumeSeats, 10n).amount).toBe(8000n);
    expect(seatCharge(volumeSeats, 12n).amount).toBe(9600n);
  });

  it('adds the flat fees as for usage tiers: graduated every tier’s reached, volume the count’s tier only', () => {
    const withFees = (base: PriceTerms): PriceTerms => ({
      ...base,
      priceTier: [
        { fromQuantity: 0, toQuantity: 10, price: eur(10), flatFee: eur(20) },
        { fromQuantity: 10, price: eur(8), flatFee: eur(5) },
      ],
    });
    expect(seatCharge(withFees(seats), 1n).amount).toBe(3000n);
    expect(seatCharge(withFees(seats), 12n).amount).toBe(11600n + 2500n);
    expect(seatCharge(withFees(volumeSeats), 12n).amount).toBe(9600n + 500n);
  });
});

describe('quoteCart: a recurring price tiered by seats', () => {
  it('prices the item quantity as seats, within the line’s minimum and maximum charge', () => {
    const team = price({ id: 'team', priceType: 'recurring', recurringChargePeriodType: 'month', chargeModel: 'graduated', priceTier: [...seats.priceTier!], maximumCharge: eur(150) });
    const catalog = snapshot([offeringWith('team-plan', [team])], [team]);
    const quote = (quantity: number) =>
      quoteCart({ currency: 'EUR', at: '2026-12-01T00:00:00Z', items: [{ id: '1', productOffering: { id: 'team-plan' }, quantity }] }, catalog, noTax).items[0]!.lines[0]!;
    expect(quote(12)).toMatchObject({ description: '12 seats, priced graduated', amount: { dutyFree: { amount: 11600n } } });
    expect(quote(20).amount.dutyFree.amount).toBe(15000n);
  });
});

import { decimal } from '../money/decimal.js';
import type { Money } from '../money/money.js';
import type { PriceTerms } from './price-terms.js';
import { rateUsage } from './usage-rating.js';

/**
 * Seat pricing (docs/pricing.md): a recurring price tiered by the item's quantity, the seats.
 * `graduated` prices each seat by the tier it falls in, `volume` every seat by the tier the
 * seat count falls in, and a tier's `flatFee` is charged as for usage tiers. Seat tiers are
 * usage tiers counted in whole units, so they are rated by the usage engine itself: the same
 * bounds, flat fees and single half-even rounding, never a second implementation.
 */
export function isSeatTiered(price: PriceTerms): boolean {
  return price.priceType === 'recurring' && (price.chargeModel === 'graduated' || price.chargeModel === 'volume');
}

/** The price of `seats` seats for one period, before the line's minimum and maximum charge. */
export function seatCharge(price: PriceTerms, seats: bigint): Money {
  if (!isSeatTiered(price)) throw new RangeError(`a ${price.priceType} price charged ${price.chargeModel ?? 'perUnit'} has no seat tiers`);
  return rateUsage(seatTiersAsUsage(price), decimal(seats), 'unit').charge;
}

/** The usage terms rating a price's seat tiers, once per price (the usage engine compiles each terms object once). */
const asUsage = new WeakMap<PriceTerms, PriceTerms>();

function seatTiersAsUsage(price: PriceTerms): PriceTerms {
  let terms = asUsage.get(price);
  if (!terms) {
    terms = { priceType: 'usage', unitOfMeasure: { amount: 1, units: 'unit' }, chargeModel: price.chargeModel, priceTier: price.priceTier };
    asUsage.set(price, terms);
  }
  return terms;
}

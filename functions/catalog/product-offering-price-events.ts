import type { ProductOfferingPrice, ProductOfferingPriceChange } from '../../domain/catalog/product-offering-price.js';
import {
  ProductOfferingPriceCreated,
  ProductOfferingPriceRetired,
  ProductOfferingPriceUpdated,
  type ProductOfferingPriceSnapshot,
} from '../../domain/events/catalog-events.js';
import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';

/** What price events carry about the price: what it charges and when. */
export function productOfferingPriceSnapshot(price: ProductOfferingPrice): ProductOfferingPriceSnapshot {
  const { id, href, name, lifecycleStatus, priceType } = price;
  return {
    id,
    href,
    name,
    lifecycleStatus,
    priceType,
    ...(price.price ? { price: price.price } : {}),
    ...(price.percentage !== undefined ? { percentage: price.percentage } : {}),
    ...(price.recurringChargePeriodType ? { recurringChargePeriodType: price.recurringChargePeriodType } : {}),
    ...(price.recurringChargePeriodLength !== undefined ? { recurringChargePeriodLength: price.recurringChargePeriodLength } : {}),
    ...(price.unitOfMeasure ? { unitOfMeasure: price.unitOfMeasure } : {}),
    ...(price.chargeModel ? { chargeModel: price.chargeModel } : {}),
    ...(price.validFor ? { validFor: price.validFor } : {}),
  };
}

export function productOfferingPriceCreatedEvents(price: ProductOfferingPrice, origin: () => EventOrigin): DomainEvent[] {
  return [ProductOfferingPriceCreated.create({ productOfferingPrice: productOfferingPriceSnapshot(price) }, origin())];
}

/** Every patch reports ProductOfferingPriceUpdated; the one that retires the price also ProductOfferingPriceRetired. */
export function productOfferingPriceChangedEvents(
  before: ProductOfferingPrice,
  change: ProductOfferingPriceChange,
  origin: () => EventOrigin,
): DomainEvent[] {
  const productOfferingPrice = productOfferingPriceSnapshot(change.price);
  const events: DomainEvent[] = [
    ProductOfferingPriceUpdated.create({ productOfferingPrice, changedAttributes: change.changedAttributes }, origin()),
  ];
  if (change.retired) {
    events.push(ProductOfferingPriceRetired.create({ productOfferingPrice, previousLifecycleStatus: before.lifecycleStatus }, origin()));
  }
  return events;
}

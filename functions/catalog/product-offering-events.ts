import type { ProductOffering, ProductOfferingChange } from '../../domain/catalog/product-offering.js';
import { bundledIdsOf, categoryIdsOf, priceIdsOf } from '../../domain/catalog/product-offering.js';
import {
  ProductOfferingCreated,
  ProductOfferingRetired,
  ProductOfferingUpdated,
  type ProductOfferingSnapshot,
} from '../../domain/events/catalog-events.js';
import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';

/** What offering events carry about the offering. */
export function productOfferingSnapshot(offering: ProductOffering): ProductOfferingSnapshot {
  return {
    id: offering.id,
    href: offering.href,
    name: offering.name,
    lifecycleStatus: offering.lifecycleStatus,
    isBundle: offering.isBundle,
    isSellable: offering.isSellable,
    ...(offering.productSpecification ? { productSpecificationId: offering.productSpecification.id } : {}),
    bundledProductOfferingIds: bundledIdsOf(offering),
    productOfferingPriceIds: priceIdsOf(offering),
    categoryIds: categoryIdsOf(offering),
    ...(offering.validFor ? { validFor: offering.validFor } : {}),
  };
}

export function productOfferingCreatedEvents(offering: ProductOffering, origin: () => EventOrigin): DomainEvent[] {
  return [ProductOfferingCreated.create({ productOffering: productOfferingSnapshot(offering) }, origin())];
}

/** Every patch reports ProductOfferingUpdated; the one that retires the offering also ProductOfferingRetired. */
export function productOfferingChangedEvents(before: ProductOffering, change: ProductOfferingChange, origin: () => EventOrigin): DomainEvent[] {
  const productOffering = productOfferingSnapshot(change.offering);
  const events: DomainEvent[] = [ProductOfferingUpdated.create({ productOffering, changedAttributes: change.changedAttributes }, origin())];
  if (change.retired) {
    events.push(ProductOfferingRetired.create({ productOffering, previousLifecycleStatus: before.lifecycleStatus }, origin()));
  }
  return events;
}

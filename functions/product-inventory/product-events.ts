import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';
import { ProductActivated, ProductStatusChanged, ProductTerminated, type ProductSnapshot } from '../../domain/events/product-inventory-events.js';
import { ownerCustomerIdOfProduct, type Product } from '../../domain/product-inventory/product.js';

/** What product events carry about the product. */
export function productSnapshot(product: Product): ProductSnapshot {
  const orderItem = product.productOrderItem[0];
  if (!orderItem) throw new Error(`invariant broken: product ${product.id} names no order item`);
  return {
    id: product.id,
    href: product.href,
    name: product.name,
    status: product.status,
    productOfferingId: product.productOffering.id,
    billingAccountId: product.billingAccount.id,
    customerId: ownerCustomerIdOfProduct(product),
    productOrderId: orderItem.productOrderId,
    orderItemId: orderItem.orderItemId,
    quantity: product.quantity ?? 1,
    ...(product.startDate ? { startDate: product.startDate } : {}),
    ...(product.terminationDate ? { terminationDate: product.terminationDate } : {}),
    productPrice: product.productPrice.map((price) => ({
      name: price.name,
      priceType: price.priceType,
      ...(price.recurringChargePeriod ? { recurringChargePeriod: price.recurringChargePeriod } : {}),
      ...(price.recurringChargePeriodLength !== undefined ? { recurringChargePeriodLength: price.recurringChargePeriodLength } : {}),
      ...(price.unitOfMeasure ? { unitOfMeasure: price.unitOfMeasure } : {}),
      dutyFreeAmount: price.price.dutyFreeAmount,
      taxIncludedAmount: price.price.taxIncludedAmount,
      productOfferingPriceId: price.productOfferingPrice.id,
    })),
    realizingServiceIds: (product.realizingService ?? []).map((service) => service.id),
  };
}

/**
 * The events of a status move from `before` to `after` (which may span several transitions,
 * e.g. created → active in one write): ProductStatusChanged always; ProductActivated when the
 * product becomes active for the first time (a resume from suspension is only a status
 * change); ProductTerminated when it is terminated. Nothing when the status did not move.
 */
export function productStatusChangedEvents(before: Product, after: Product, origin: () => EventOrigin, reason?: string): DomainEvent[] {
  if (before.status === after.status) return [];
  const events: DomainEvent[] = [
    ProductStatusChanged.create(
      {
        productId: after.id,
        customerId: ownerCustomerIdOfProduct(after),
        billingAccountId: after.billingAccount.id,
        from: before.status,
        to: after.status,
        ...(reason !== undefined ? { reason } : {}),
      },
      origin(),
    ),
  ];
  if (after.status === 'active' && before.startDate === undefined) {
    events.push(ProductActivated.create({ product: productSnapshot(after) }, origin()));
  }
  if (after.status === 'terminated') {
    events.push(ProductTerminated.create({ product: productSnapshot(after), ...(reason !== undefined ? { reason } : {}) }, origin()));
  }
  return events;
}

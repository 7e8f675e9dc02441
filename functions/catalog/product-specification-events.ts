import type { ProductSpecification } from '../../domain/catalog/product-specification.js';
import { ProductSpecificationRetired, type ProductSpecificationSnapshot } from '../../domain/events/catalog-events.js';
import type { DomainEvent, EventOrigin } from '../../domain/events/domain-event.js';

/** What specification events carry about the specification. */
export function productSpecificationSnapshot(specification: ProductSpecification): ProductSpecificationSnapshot {
  const { id, href, name, lifecycleStatus, isBundle } = specification;
  return { id, href, name, lifecycleStatus, isBundle };
}

/** ProductSpecificationRetired when the write retires the specification; nothing otherwise. */
export function productSpecificationChangedEvents(before: ProductSpecification, after: ProductSpecification, origin: () => EventOrigin): DomainEvent[] {
  if (after.lifecycleStatus !== 'Retired' || before.lifecycleStatus === 'Retired') return [];
  return [
    ProductSpecificationRetired.create(
      { productSpecification: productSpecificationSnapshot(after), previousLifecycleStatus: before.lifecycleStatus },
      origin(),
    ),
  ];
}

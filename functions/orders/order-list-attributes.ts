import type { CancelProductOrder } from '../../domain/orders/cancel-product-order.js';
import type { ProductOrder } from '../../domain/orders/product-order.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF622 lists' resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const productOrderAttributes: ResourceAttributes<ProductOrder> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  state: 'text',
  orderDate: 'instant',
  lastUpdate: 'instant',
  requestedStartDate: 'instant',
  requestedCompletionDate: 'instant',
  expectedCompletionDate: 'instant',
  completionDate: 'instant',
  cancellationDate: 'instant',
  cancellationReason: 'text',
  description: 'text',
  externalId: 'text',
  priority: 'text',
  category: 'text',
  channel: 'structure',
  note: 'structure',
  billingAccount: 'structure',
  relatedParty: 'structure',
  productOrderItem: 'structure',
  orderTotalPrice: 'structure',
  stateReason: 'text',
};

export const cancelProductOrderAttributes: ResourceAttributes<CancelProductOrder> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  state: 'text',
  productOrder: 'structure',
  cancellationReason: 'text',
  requestedCancellationDate: 'instant',
  effectiveCancellationDate: 'instant',
  customerId: 'text',
  stateReason: 'text',
};

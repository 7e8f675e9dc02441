import type { Product } from '../../domain/product-inventory/product.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF637 product list's resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const productAttributes: ResourceAttributes<Product> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  name: 'text',
  description: 'text',
  isBundle: 'boolean',
  isCustomerVisible: 'boolean',
  status: 'text',
  startDate: 'instant',
  terminationDate: 'instant',
  orderDate: 'instant',
  productOffering: 'structure',
  productSpecification: 'structure',
  productCharacteristic: 'structure',
  productPrice: 'structure',
  billingAccount: 'structure',
  relatedParty: 'structure',
  productOrderItem: 'structure',
  realizingService: 'structure',
  productSerialNumber: 'text',
  quantity: 'number',
  createdAt: 'instant',
  lastModified: 'instant',
};

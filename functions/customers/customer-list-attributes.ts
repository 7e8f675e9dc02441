import type { Customer } from '../../domain/customers/customer.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF629 customer list's resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const customerAttributes: ResourceAttributes<Customer> = {
  id: 'text',
  href: 'text',
  name: 'text',
  status: 'text',
  statusReason: 'text',
  engagedParty: 'structure',
  contactMedium: 'structure',
  characteristic: 'structure',
  paymentMethod: 'structure',
  relatedParty: 'structure',
  validFor: 'structure',
  '@type': 'text',
  '@baseType': 'text',
  '@schemaLocation': 'text',
  testClock: 'structure',
  createdAt: 'instant',
  lastModified: 'instant',
  erasedAt: 'instant',
};

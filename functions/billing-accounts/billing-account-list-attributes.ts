import type { BillingAccount } from '../../domain/customers/billing-account.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF666 billing account list's resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const billingAccountAttributes: ResourceAttributes<BillingAccount> = {
  id: 'text',
  href: 'text',
  name: 'text',
  accountType: 'text',
  description: 'text',
  state: 'text',
  paymentStatus: 'text',
  relatedParty: 'structure',
  billStructure: 'structure',
  financialAccount: 'structure',
  defaultPaymentMethod: 'structure',
  billingCycleDay: 'number',
  currency: 'text',
  timeZone: 'text',
  isDefault: 'boolean',
  creditLimit: 'structure',
  accountBalance: 'structure',
  paymentTermsDays: 'number',
  paymentCollection: 'text',
  testClock: 'structure',
  '@type': 'text',
  createdAt: 'instant',
  lastModified: 'instant',
};

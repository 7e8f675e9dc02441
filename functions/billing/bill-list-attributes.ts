import type { CustomerBillOnDemand } from '../../domain/billing/customer-bill-on-demand.js';
import type { AppliedCustomerBillingRate, CustomerBill } from '../../domain/billing/customer-bill.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF678 lists' resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const customerBillAttributes: ResourceAttributes<CustomerBill> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  billNo: 'text',
  billDate: 'instant',
  billingPeriod: 'structure',
  paymentDueDate: 'instant',
  nextBillDate: 'instant',
  runType: 'text',
  category: 'text',
  state: 'text',
  lastUpdate: 'instant',
  amountDue: 'structure',
  remainingAmount: 'structure',
  taxExcludedAmount: 'structure',
  taxIncludedAmount: 'structure',
  taxItem: 'structure',
  billingAccount: 'structure',
  relatedParty: 'structure',
  appliedPayment: 'structure',
  appliedCreditNote: 'structure',
  appliedGoodwillCredit: 'structure',
  testClock: 'structure',
  lineCount: 'number',
  billDocument: 'structure',
  delivery: 'structure',
  hold: 'structure',
};

export const customerBillOnDemandAttributes: ResourceAttributes<CustomerBillOnDemand> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  name: 'text',
  description: 'text',
  state: 'text',
  billingAccount: 'structure',
  customerBill: 'structure',
  lastUpdate: 'instant',
};

export const appliedCustomerBillingRateAttributes: ResourceAttributes<AppliedCustomerBillingRate> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  name: 'text',
  description: 'text',
  type: 'text',
  date: 'instant',
  isBilled: 'boolean',
  bill: 'structure',
  billingAccount: 'structure',
  product: 'structure',
  periodCoverage: 'structure',
  taxExcludedAmount: 'structure',
  taxIncludedAmount: 'structure',
  appliedTax: 'structure',
  characteristic: 'structure',
};

import type { Payment, Refund } from '../../domain/payments/payment.js';
import type { ResourceAttributes } from '../lib/http/collection-query.js';

/**
 * The TMF676 lists' resource attributes and their kinds, which collection-query.ts parses filters with;
 * checked by the compiler against the resource's interface and by
 * test/unit/functions/list-attributes.test.ts against its TMF specification.
 */
export const paymentAttributes: ResourceAttributes<Payment> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  status: 'text',
  statusDate: 'instant',
  paymentDate: 'instant',
  description: 'text',
  correlatorId: 'text',
  authorizationCode: 'text',
  account: 'structure',
  paymentMethod: 'structure',
  payer: 'structure',
  amount: 'structure',
  taxAmount: 'structure',
  totalAmount: 'structure',
  paymentItem: 'structure',
  gatewayCaptureId: 'text',
};

export const refundAttributes: ResourceAttributes<Refund> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  status: 'text',
  statusDate: 'instant',
  refundDate: 'instant',
  description: 'text',
  correlatorId: 'text',
  account: 'structure',
  paymentMethod: 'structure',
  payment: 'structure',
  relatedParty: 'structure',
  amount: 'structure',
  taxAmount: 'structure',
  totalAmount: 'structure',
  gatewayRefundId: 'text',
};

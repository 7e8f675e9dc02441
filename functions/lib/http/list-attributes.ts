import type { AppliedCustomerBillingRate, CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { CustomerBillOnDemand } from '../../../domain/billing/customer-bill-on-demand.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { Category } from '../../../domain/catalog/category.js';
import type { ProductOffering } from '../../../domain/catalog/product-offering.js';
import type { ProductOfferingPrice } from '../../../domain/catalog/product-offering-price.js';
import type { ProductSpecification } from '../../../domain/catalog/product-specification.js';
import type { CommunicationMessage } from '../../../domain/communication/communication-message.js';
import type { BillingAccount } from '../../../domain/customers/billing-account.js';
import type { Customer } from '../../../domain/customers/customer.js';
import type { CancelProductOrder } from '../../../domain/orders/cancel-product-order.js';
import type { ProductOrder } from '../../../domain/orders/product-order.js';
import type { Payment, Refund } from '../../../domain/payments/payment.js';
import type { Product } from '../../../domain/product-inventory/product.js';
import type { SupportCase } from '../../../domain/support-cases/support-case.js';
import type { ResourceAttributes } from './collection-query.js';

/*
 * Each TMF list's resource attributes and their kinds (collection-query.ts parses filters with
 * them): one small table per resource, checked by the compiler against the resource's interface
 * and by test/unit/functions/list-attributes.test.ts against its TMF specification. Each list imports
 * only its own table; the bundler leaves the others out.
 */

const catalogEntry = { id: 'text', href: 'text', name: 'text', description: 'text', version: 'text', lifecycleStatus: 'text', lastUpdate: 'instant', validFor: 'structure', '@type': 'text', '@baseType': 'text', '@schemaLocation': 'text', createdAt: 'instant' } as const;

export const productSpecificationAttributes: ResourceAttributes<ProductSpecification> = {
  ...catalogEntry,
  brand: 'text',
  productNumber: 'text',
  isBundle: 'boolean',
  productSpecCharacteristic: 'structure',
  bundledProductSpecification: 'structure',
  relatedParty: 'structure',
};

export const productOfferingAttributes: ResourceAttributes<ProductOffering> = {
  ...catalogEntry,
  statusReason: 'text',
  isBundle: 'boolean',
  isSellable: 'boolean',
  productSpecification: 'structure',
  bundledProductOffering: 'structure',
  productOfferingPrice: 'structure',
  category: 'structure',
  channel: 'structure',
  marketSegment: 'structure',
  place: 'structure',
  prodSpecCharValueUse: 'structure',
  productOfferingTerm: 'structure',
};

export const productOfferingPriceAttributes: ResourceAttributes<ProductOfferingPrice> = {
  ...catalogEntry,
  isBundle: 'boolean',
  priceType: 'text',
  price: 'structure',
  percentage: 'number',
  recurringChargePeriodType: 'text',
  recurringChargePeriodLength: 'number',
  unitOfMeasure: 'structure',
  chargeModel: 'text',
  priceTier: 'structure',
  includedQuantity: 'number',
  minimumCharge: 'structure',
  maximumCharge: 'structure',
  fixedFeePerEvent: 'structure',
  minimumPerEvent: 'structure',
  maximumPerEvent: 'structure',
  freeEventsPerPeriod: 'number',
  rating: 'structure',
  applicationDuration: 'number',
  marketSegment: 'structure',
  popRelationship: 'structure',
  prodSpecCharValueUse: 'structure',
  tax: 'structure',
  taxIncluded: 'boolean',
};

export const catalogAttributes: ResourceAttributes<Catalog> = { ...catalogEntry, catalogType: 'text', category: 'structure', relatedParty: 'structure' };

export const categoryAttributes: ResourceAttributes<Category> = { ...catalogEntry, isRoot: 'boolean', parentId: 'text', subCategory: 'structure', productOffering: 'structure' };

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

export const communicationMessageAttributes: ResourceAttributes<CommunicationMessage> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  messageType: 'text',
  state: 'text',
  subject: 'text',
  content: 'text',
  sendTime: 'instant',
  sendTimeComplete: 'instant',
  receiver: 'structure',
  sender: 'structure',
  characteristic: 'structure',
  billingAccount: 'structure',
  bill: 'structure',
  attachment: 'structure',
};

export const supportCaseAttributes: ResourceAttributes<SupportCase> = {
  id: 'text',
  href: 'text',
  '@type': 'text',
  name: 'text',
  description: 'text',
  ticketType: 'text',
  severity: 'text',
  priority: 'text',
  status: 'text',
  statusChangeDate: 'instant',
  statusChangeReason: 'text',
  creationDate: 'instant',
  lastUpdate: 'instant',
  requestedResolutionDate: 'instant',
  expectedResolutionDate: 'instant',
  resolutionDate: 'instant',
  channel: 'structure',
  relatedParty: 'structure',
  relatedEntity: 'structure',
  note: 'structure',
  statusChange: 'structure',
};

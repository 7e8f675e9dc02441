/**
 * The API's response types, taken from the domain modules the handlers serve them from, so the
 * apps and the API share one definition. Type-only imports: esbuild drops them, and the build
 * refuses a bundle that pulls in anything outside web/ and the UI library
 * (infra/web/web-build.ts), so no server code reaches a browser.
 */
export type { AppliedCustomerBillingRate, CustomerBill, CustomerBillState } from '../../domain/billing/customer-bill.js';
export type { BillingAccount } from '../../domain/customers/billing-account.js';
export type { CommunicationMessage } from '../../domain/communication/communication-message.js';
export type { Product, ProductPrice, ProductStatus } from '../../domain/product-inventory/product.js';
export type { Customer } from '../../domain/customers/customer.js';
export type { CustomerSearchAnswer } from '../../domain/customers/customer-search.js';
export type { TmfMoney } from '../../domain/money/money.js';
export type { Payment, Refund } from '../../domain/payments/payment.js';
export type { CreditNote } from '../../domain/collections/credit-note.js';
export type { Dunning } from '../../domain/collections/dunning.js';
export type { PaymentMethodRef } from '../../domain/shared/tmf-types.js';
export type { OrderState, ProductOrder } from '../../domain/orders/product-order.js';
export type { ProductOffering } from '../../domain/catalog/product-offering.js';
export type { ProductChangePreview } from '../../domain/billing/product-change-preview.js';
export type { Severity, SupportCase, TicketType } from '../../domain/support-cases/support-case.js';
export type { CaseStatus } from '../../domain/support-cases/case-lifecycle.js';

/** The TMF error body every 4xx and 5xx carries (docs/api.md, "Errors"). */
export interface TmfErrorBody {
  code: string;
  reason: string;
  message?: string;
  status: string;
  /** The fields at fault, when the API names them (a declined card: `paymentMethod.id` and the decline code). */
  details?: { field: string; problem: string }[];
}

/** The API's paths the apps call (the domain modules export the same constants for the server). */
export const apiPaths = {
  customer: '/tmf-api/customerManagement/v4/customer',
  billingAccount: '/tmf-api/accountManagement/v4/billingAccount',
  customerBill: '/tmf-api/customerBillManagement/v4/customerBill',
  appliedCustomerBillingRate: '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate',
  product: '/tmf-api/productInventory/v4/product',
  communicationMessage: '/tmf-api/communicationManagement/v4/communicationMessage',
  payment: '/tmf-api/paymentManagement/v4/payment',
  productOrder: '/tmf-api/productOrderingManagement/v4/productOrder',
  troubleTicket: '/tmf-api/troubleTicket/v4/troubleTicket',
  refund: '/tmf-api/paymentManagement/v4/refund',
  creditNote: '/collections/v1/creditNote',
  customerSearch: '/customers/v1/customerSearch',
  productOffering: '/tmf-api/productCatalogManagement/v4/productOffering',
  productChangePreview: '/billing/v1/productChangePreview',
} as const;

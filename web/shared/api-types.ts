/**
 * The API's response types, taken from the domain modules the handlers serve them from, so the
 * apps and the API share one definition. Type-only imports: esbuild drops them, and the build
 * refuses a bundle that pulls in anything outside web/ and the UI library
 * (infra/web/web-build.ts), so no server code reaches a browser.
 */
export type { AccountOverview, AccountOverviewEntry, BillEstimate } from '../../domain/billing/account-overview.js';
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
export type { TmfPriceQuote as PriceQuote } from '../../domain/pricing/price-quote.js';
export type { ProductChangePreview } from '../../domain/billing/product-change-preview.js';
export type { Severity, SupportCase, TicketType } from '../../domain/support-cases/support-case.js';
export type { CaseStatus } from '../../domain/support-cases/case-lifecycle.js';
export type { CommunicationPreference, CommunicationPreferences } from '../../domain/communication/communication-preferences.js';
export type { CustomerNotificationKind } from '../../domain/communication/notification-sender.js';
export type { CustomerTimeline } from '../../domain/customers/customer-timeline.js';
export type { UsageSummary, UsageSummaryEntry, UsageSummaryPeriod } from '../../domain/usage/usage-summary.js';

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
  emailChange: '/customer/v1/emailChange',
  billingAccount: '/tmf-api/accountManagement/v4/billingAccount',
  customerBill: '/tmf-api/customerBillManagement/v4/customerBill',
  appliedCustomerBillingRate: '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate',
  product: '/tmf-api/productInventory/v4/product',
  communicationMessage: '/tmf-api/communicationManagement/v4/communicationMessage',
  payment: '/tmf-api/paymentManagement/v4/payment',
  productOrder: '/tmf-api/productOrderingManagement/v4/productOrder',
  cancelProductOrder: '/tmf-api/productOrderingManagement/v4/cancelProductOrder',
  troubleTicket: '/tmf-api/troubleTicket/v4/troubleTicket',
  refund: '/tmf-api/paymentManagement/v4/refund',
  creditNote: '/collections/v1/creditNote',
  dunning: '/collections/v1/dunning',
  customerSearch: '/customers/v1/customerSearch',
  productOffering: '/tmf-api/productCatalogManagement/v4/productOffering',
  productChangePreview: '/billing/v1/productChangePreview',
  priceQuote: '/pricing/v1/quote',
  usageSummary: '/usage/v1/usageSummary',
  accountOverview: '/billing/v1/accountOverview',
} as const;

/** The API's paths under one customer (the domain modules export the same builders for the server). */
export const customerPaths = {
  communicationPreferences: (customerId: string) => `/customers/v1/customer/${encodeURIComponent(customerId)}/communicationPreferences`,
  dataExport: (customerId: string) => `/customers/v1/customer/${encodeURIComponent(customerId)}/dataExport`,
  timeline: (customerId: string) => `/customers/v1/customer/${encodeURIComponent(customerId)}/timeline`,
} as const;

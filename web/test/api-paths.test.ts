import { describe, expect, it } from 'vitest';
import { accountOverviewPath } from '../../domain/billing/account-overview.js';
import { appliedCustomerBillingRatePath, customerBillPath } from '../../domain/billing/customer-bill.js';
import { productChangePreviewPath } from '../../domain/billing/product-change-preview.js';
import { productOfferingPath } from '../../domain/catalog/product-offering.js';
import { communicationMessagePath } from '../../domain/communication/communication-message.js';
import { billingAccountPath } from '../../domain/customers/billing-account.js';
import { customerPath } from '../../domain/customers/customer.js';
import { customerSearchPath } from '../../domain/customers/customer-search.js';
import { emailChangePath } from '../../domain/customers/email-change.js';
import { cancelProductOrderPath } from '../../domain/orders/cancel-product-order.js';
import { productOrderPath } from '../../domain/orders/product-order.js';
import { creditNotePath } from '../../domain/collections/credit-note.js';
import { dunningPath } from '../../domain/collections/dunning.js';
import { paymentPath, refundPath } from '../../domain/payments/payment.js';
import { priceQuotePath } from '../../domain/pricing/price-quote-request.js';
import { usageSummaryPath } from '../../domain/usage/usage-summary.js';
import { productPath } from '../../domain/product-inventory/product.js';
import { troubleTicketPath } from '../../domain/support-cases/support-case.js';
import { communicationPreferencesPath } from '../../domain/communication/communication-preferences.js';
import { customerDataExportPath } from '../../domain/customers/customer-data-export.js';
import { customerTimelinePath } from '../../domain/customers/customer-timeline.js';
import { apiPaths, customerPaths } from '../shared/api-types.js';

describe('apiPaths', () => {
  // The apps cannot import the domain's constants as values without bundling server code, so they
  // keep their own copy; this keeps the copy equal to the paths the API serves.
  it('are the paths the domain modules give the API', () => {
    expect(apiPaths).toEqual({
      customer: customerPath,
      emailChange: emailChangePath,
      billingAccount: billingAccountPath,
      customerBill: customerBillPath,
      appliedCustomerBillingRate: appliedCustomerBillingRatePath,
      product: productPath,
      communicationMessage: communicationMessagePath,
      payment: paymentPath,
      productOrder: productOrderPath,
      cancelProductOrder: cancelProductOrderPath,
      troubleTicket: troubleTicketPath,
      refund: refundPath,
      creditNote: creditNotePath,
      dunning: dunningPath,
      customerSearch: customerSearchPath,
      productOffering: productOfferingPath,
      productChangePreview: productChangePreviewPath,
      priceQuote: priceQuotePath,
      usageSummary: usageSummaryPath,
      accountOverview: accountOverviewPath,
    });
  });
});

describe('customerPaths', () => {
  it('are the paths the domain modules give the API, for any customer id', () => {
    expect(customerPaths.communicationPreferences('c-1')).toBe(communicationPreferencesPath('c-1'));
    expect(customerPaths.dataExport('c-1')).toBe(customerDataExportPath('c-1'));
    expect(customerPaths.timeline('c-1')).toBe(customerTimelinePath.replace('{id}', 'c-1'));
  });
});

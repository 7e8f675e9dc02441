import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as listBillingAccounts } from '../../functions/billing-accounts/list-billing-accounts.js';
import { handler as listAppliedCustomerBillingRates } from '../../functions/billing/list-applied-customer-billing-rates.js';
import { handler as listCustomerBillsOnDemand } from '../../functions/billing/list-customer-bills-on-demand.js';
import { handler as listCustomerBills } from '../../functions/billing/list-customer-bills.js';
import { handler as listCommunicationMessages } from '../../functions/communication/list-communication-messages.js';
import { handler as listCancelProductOrders } from '../../functions/orders/list-cancel-product-orders.js';
import { handler as listProductOrders } from '../../functions/orders/list-product-orders.js';
import { handler as listPayments } from '../../functions/payments/list-payments.js';
import { handler as listRefunds } from '../../functions/payments/list-refunds.js';
import { handler as listProducts } from '../../functions/product-inventory/list-products.js';
import { apiEvent, mediationClaims } from '../support/api-event.js';
import { invoke } from '../support/api-answer.js';

/**
 * Lists of what customers own, asked by a token that is neither staff nor a customer (a
 * mediation feed, even one whose token carries a customer id): each is refused before the table
 * is read, never answered with the list of everyone's resources that a staff token gets.
 */
const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());
beforeEach(() => documentMock.reset());

const lists = [
  ['billingAccount', '/tmf-api/accountManagement/v4/billingAccount', listBillingAccounts],
  ['productOrder', '/tmf-api/productOrderingManagement/v4/productOrder', listProductOrders],
  ['cancelProductOrder', '/tmf-api/productOrderingManagement/v4/cancelProductOrder', listCancelProductOrders],
  ['product', '/tmf-api/productInventory/v4/product', listProducts],
  ['payment', '/tmf-api/paymentManagement/v4/payment', listPayments],
  ['refund', '/tmf-api/paymentManagement/v4/refund', listRefunds],
  ['customerBill', '/tmf-api/customerBillManagement/v4/customerBill', listCustomerBills],
  ['appliedCustomerBillingRate', '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate', listAppliedCustomerBillingRates],
  ['customerBillOnDemand', '/tmf-api/customerBillManagement/v4/customerBillOnDemand', listCustomerBillsOnDemand],
  ['communicationMessage', '/tmf-api/communicationManagement/v4/communicationMessage', listCommunicationMessages],
] as const;

describe('owned lists asked by a token of no customer', () => {
  it.each(lists)('GET %s answers 403 without a table read', async (_name, path, handler) => {
    for (const claims of [mediationClaims, { ...mediationClaims, 'custom:customerId': 'cust-1' }]) {
      const answer = await invoke(handler, apiEvent({ method: 'GET', path, claims }));
      expect(answer.statusCode).toBe(403);
      expect(documentMock.calls()).toHaveLength(0);
    }
  });
});

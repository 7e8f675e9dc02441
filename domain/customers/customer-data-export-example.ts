import { communicationPreferencesOf } from '../communication/communication-preferences.js';
import type * as z from '../shared/zod.js';
import { usageExportLimit, usageExportWindow, type customerDataExportSchema } from './customer-data-export.js';

/**
 * The API reference's example of a customer data export (docs/api.md, "Customer data export"):
 * a customer a month into its subscription, each section cut to one resource or none, the way
 * the export lays them out. Kept apart from the export's module so the function's bundle does
 * not carry it.
 */
const customerId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const accountId = '0b7e4c1d-2f3a-4b5c-8d6e-7f8091a2b3c4';
const billId = `${accountId}-20270301000000000`;
const generatedAt = '2027-03-10T09:30:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });

export const customerDataExportExample: z.infer<typeof customerDataExportSchema> = {
  '@type': 'CustomerDataExport',
  customerId,
  generatedAt,
  customer: {
    id: customerId,
    href: `/tmf-api/customerManagement/v4/customer/${customerId}`,
    '@type': 'Customer',
    name: 'Hélène Dürrenmatt',
    status: 'Validated',
    engagedParty: { id: 'party-1', name: 'Hélène Dürrenmatt', '@referredType': 'Individual' },
    contactMedium: [{ mediumType: 'email', preferred: true, characteristic: { emailAddress: 'helene@example.fr' } }],
    createdAt: '2027-01-16T09:00:00.000Z',
    lastModified: '2027-01-16T09:00:00.000Z',
  },
  communicationPreferences: communicationPreferencesOf(customerId),
  billingAccounts: [
    {
      id: accountId,
      href: `/tmf-api/accountManagement/v4/billingAccount/${accountId}`,
      '@type': 'BillingAccount',
      name: 'Hélène Dürrenmatt - default',
      state: 'Active',
      paymentStatus: 'paidUp',
      accountBalance: [{ balanceType: 'ReceivableBalance', amount: eur(0), '@type': 'AccountBalance' }],
      currency: 'EUR',
      isDefault: true,
    },
  ],
  ledgerEntries: [
    {
      id: `bill-${billId}`,
      '@type': 'LedgerEntry',
      billingAccount: { id: accountId, href: `/tmf-api/accountManagement/v4/billingAccount/${accountId}`, '@referredType': 'BillingAccount' },
      kind: 'bill',
      amount: eur(24),
      recordedAt: '2027-03-01T00:00:00.000Z',
      reference: { id: billId, href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`, '@referredType': 'CustomerBill' },
      description: 'Bill 2027-000042',
    },
  ],
  products: [{ id: 'prod-1', href: '/tmf-api/productInventory/v4/product/prod-1', '@type': 'Product', name: 'Mobile M', status: 'active' }],
  productOrders: [{ id: 'order-1', href: '/tmf-api/productOrderingManagement/v4/productOrder/order-1', '@type': 'ProductOrder', state: 'completed', orderDate: '2027-01-16T09:05:00.000Z' }],
  cancelProductOrders: [],
  bills: [
    {
      bill: { id: billId, href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`, '@type': 'CustomerBill', billNo: '2027-000042', billDate: '2027-03-01T00:00:00.000Z', state: 'settled', amountDue: eur(24) },
      lines: [{ id: `${billId}-0001`, href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${billId}-0001`, '@type': 'AppliedCustomerBillingRate', name: 'Mobile M', type: 'recurringCharge', taxIncludedAmount: eur(24) }],
    },
  ],
  customerBillsOnDemand: [],
  payments: [{ id: 'pay-1', href: '/tmf-api/paymentManagement/v4/payment/pay-1', '@type': 'Payment', paymentDate: '2027-03-01T00:00:05.000Z', totalAmount: eur(24), status: 'succeeded' }],
  refunds: [],
  creditNotes: [],
  usage: {
    ...usageExportWindow(generatedAt),
    limit: usageExportLimit,
    truncated: false,
    records: [{ id: 'usage-1', href: '/tmf-api/usageManagement/v4/usage/usage-1', '@type': 'Usage', usageDate: '2027-03-02T18:12:00.000Z', usageType: 'voice', status: 'rated' }],
  },
  communicationMessages: [
    {
      id: 'cm-5d1f0c2b9a7e4d3c8b6a5f4e3d2c1b0a',
      href: '/tmf-api/communicationManagement/v4/communicationMessage/cm-5d1f0c2b9a7e4d3c8b6a5f4e3d2c1b0a',
      '@type': 'CommunicationMessage',
      messageType: 'email',
      state: 'completed',
      subject: 'Your invoice 2027-000042 from BSS',
      sendTime: '2027-03-01T00:00:03.000Z',
      characteristic: [{ name: 'notificationKind', value: 'billIssued', valueType: 'string', '@type': 'Characteristic' }],
    },
  ],
  supportCases: [],
};

import type { AppliedCustomerBillingRate, CustomerBill } from '../../../../domain/billing/customer-bill.js';
import type { Buyer } from '../../../../domain/documents/bill-document.js';

const eur = (value: number) => ({ unit: 'EUR', value });

/** A bill line as billing writes it (tax-included prices at `rate` %). */
export function billLine(
  index: number,
  fields: { type: AppliedCustomerBillingRate['type']; name: string; description?: string; product?: string; period?: [string, string]; taxExcluded: number; tax: number; rate?: number },
): AppliedCustomerBillingRate {
  const id = `ba-1-20270301-${String(index).padStart(4, '0')}`;
  const rate = fields.rate ?? 20;
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${id}`,
    '@type': 'AppliedCustomerBillingRate',
    name: fields.name,
    description: fields.description ?? '',
    type: fields.type,
    date: '2027-03-01T00:00:00.000Z',
    isBilled: true,
    bill: { id: 'ba-1-20270301', href: '/tmf-api/customerBillManagement/v4/customerBill/ba-1-20270301', '@referredType': 'CustomerBill' },
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
    ...(fields.product ? { product: { id: `p-${fields.product}`, href: `/tmf-api/productInventory/v4/product/p-${fields.product}`, name: fields.product, '@referredType': 'Product' as const } } : {}),
    ...(fields.period ? { periodCoverage: { startDateTime: fields.period[0], endDateTime: fields.period[1] } } : {}),
    taxExcludedAmount: eur(fields.taxExcluded),
    taxIncludedAmount: eur(Math.round((fields.taxExcluded + fields.tax) * 100) / 100),
    appliedTax: fields.tax === 0 && rate === 0 ? [] : [{ taxCategory: 'VAT', taxRate: rate, taxAmount: eur(fields.tax), '@type': 'AppliedBillingTaxRate' }],
  };
}

const march = ['2027-02-28T23:00:00.000Z', '2027-03-31T22:00:00.000Z'] as [string, string];
const february = ['2027-01-31T23:00:00.000Z', '2027-02-28T23:00:00.000Z'] as [string, string];

/**
 * Bill B-2027-000042 of 1 March 2027 (Europe/Paris): Mobile L for March in advance (24.99 +
 * 5.00 VAT), half of February's Fibre 1G started mid-month (12.50 + 2.50), February's usage
 * (8.33 + 1.67), and a 5.00 credit of a plan change (−4.17 − 0.83): 24.99 + 12.50 + 8.33 − 4.17
 * = 41.65 excluding tax, 5.00 + 2.50 + 1.67 − 0.83 = 8.34 VAT, 49.99 in all.
 */
export const marchLines: AppliedCustomerBillingRate[] = [
  billLine(1, { type: 'recurring', name: 'Mobile L', description: 'monthly fee', product: 'Mobile L', period: march, taxExcluded: 24.99, tax: 5 }),
  billLine(2, { type: 'recurring', name: 'Fibre 1G', description: 'Launch promotion −50 %', product: 'Fibre 1G', period: ['2027-02-14T23:00:00.000Z', february[1]], taxExcluded: 12.5, tax: 2.5 }),
  billLine(3, { type: 'usage', name: 'Data over bundle', description: '3.2 GB', product: 'Mobile L', period: february, taxExcluded: 8.33, tax: 1.67 }),
  billLine(4, { type: 'credit', name: 'Mobile M', description: 'prepaid rest given back', product: 'Mobile M', period: ['2027-02-20T23:00:00.000Z', february[1]], taxExcluded: -4.17, tax: -0.83 }),
];

export const marchBill: CustomerBill = {
  id: 'ba-1-20270301',
  href: '/tmf-api/customerBillManagement/v4/customerBill/ba-1-20270301',
  '@type': 'CustomerBill',
  billNo: 'B-2027-000042',
  billDate: '2027-02-28T23:00:00.000Z',
  billingPeriod: { startDateTime: march[0], endDateTime: march[1] },
  paymentDueDate: '2027-03-14T23:00:00.000Z',
  runType: 'onCycle',
  category: 'normal',
  state: 'validated',
  lastUpdate: '2027-02-28T23:00:00.000Z',
  amountDue: eur(49.99),
  remainingAmount: eur(49.99),
  taxExcludedAmount: eur(41.65),
  taxIncludedAmount: eur(49.99),
  taxItem: [{ taxCategory: 'VAT', taxRate: 20, taxAmount: eur(8.34), '@type': 'TaxItem' }],
  billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Łukasz Żółć', '@referredType': 'BillingAccount' },
  relatedParty: [{ id: 'c-1', href: '/tmf-api/customerManagement/v4/customer/c-1', name: 'Łukasz Żółć', role: 'Customer', '@referredType': 'Customer' }],
  appliedPayment: [],
  lineCount: 4,
};

export const parisBuyer: Buyer = {
  customerName: 'Łukasz Żółć',
  accountName: 'Łukasz Żółć',
  billingAccountId: 'ba-1',
  addressLines: ['8 avenue des <Tests> & Co', '75011 Paris', 'FR'],
  timeZone: 'Europe/Paris',
};

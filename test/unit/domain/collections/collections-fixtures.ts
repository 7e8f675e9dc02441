import type { CustomerBill } from '../../../../domain/billing/customer-bill.js';

/** An issued bill owing `amount` EUR (nothing paid yet), for collections' rules. */
export function openBill(id: string, amount: number, dates: { billDate?: string; paymentDueDate?: string } = {}): CustomerBill {
  const billDate = dates.billDate ?? '2027-02-01T00:00:00.000Z';
  const eur = { unit: 'EUR', value: amount };
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/customerBill/${id}`,
    '@type': 'CustomerBill',
    billNo: `2027-${id}`,
    billDate,
    billingPeriod: { startDateTime: '2027-01-01T00:00:00.000Z', endDateTime: billDate },
    paymentDueDate: dates.paymentDueDate ?? '2027-02-15T00:00:00.000Z',
    runType: 'onCycle',
    category: 'normal',
    state: 'validated',
    lastUpdate: billDate,
    amountDue: eur,
    remainingAmount: eur,
    taxExcludedAmount: eur,
    taxIncludedAmount: eur,
    taxItem: [],
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', name: 'Account ba-1', '@referredType': 'BillingAccount' },
    relatedParty: [{ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada', role: 'Customer', '@referredType': 'Customer' }],
    appliedPayment: [],
    lineCount: 1,
  };
}

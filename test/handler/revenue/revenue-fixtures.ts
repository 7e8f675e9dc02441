import type { AppliedCustomerBillingRate, CustomerBill } from '../../../domain/billing/customer-bill.js';
import type { CreditNote } from '../../../domain/collections/credit-note.js';
import { CustomerBillIssued, issuedBillSnapshot } from '../../../domain/events/billing-events.js';
import { BillWrittenOff, CreditNoteIssued } from '../../../domain/events/collections-events.js';
import { creditNotePut } from '../../../functions/lib/store/credit-note-store.js';
import { productIn, productItem } from '../../support/product-fixtures.js';
import { billItem, lineItem } from '../billing/billing-fixtures.js';
import type { FakeBillingTable } from '../billing/billing-table.js';
import { writeCustomerAccount } from '../collections/collections-fixtures.js';
import { openBill } from '../../unit/domain/collections/collections-fixtures.js';

/**
 * docs/revenue-recognition.md's worked examples as stored data: customer `cust-1` in Paris with
 * account `ba-1`, its Mobile L product (offering `po-mobile-l`) activated 16 January 10:00 Paris,
 * and its bill `jan` of 16 January: Mobile L 30.00 (25.00 tax excluded) over 16 January →
 * 15 February (example 1) and the activation fee 15.00 (12.50, example 6).
 */
export const mobileStart = '2027-01-16T09:00:00.000Z';
const eur = (value: number) => ({ unit: 'EUR', value });

function line(billId: string, index: number, input: Pick<AppliedCustomerBillingRate, 'type' | 'periodCoverage'> & { net: number; gross: number; taxCategory: string }): AppliedCustomerBillingRate {
  const id = `${billId}-${String(index).padStart(4, '0')}`;
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${id}`,
    '@type': 'AppliedCustomerBillingRate',
    name: input.type === 'oneTime' ? 'Mobile activation fee' : 'Mobile L monthly',
    description: '',
    type: input.type,
    date: mobileStart,
    isBilled: true,
    bill: { id: billId, href: `/tmf-api/customerBillManagement/v4/customerBill/${billId}`, '@referredType': 'CustomerBill' },
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
    product: { id: 'prod-l', href: '/tmf-api/productInventory/v4/product/prod-l', name: 'Mobile L', '@referredType': 'Product' },
    ...(input.periodCoverage ? { periodCoverage: input.periodCoverage } : {}),
    taxExcludedAmount: eur(input.net),
    taxIncludedAmount: eur(input.gross),
    appliedTax: [{ taxCategory: input.taxCategory, taxRate: 0.2, taxAmount: eur(Math.round((input.gross - input.net) * 100) / 100), '@type': 'AppliedBillingTaxRate' }],
  };
}

export function writeWorkedExample(table: FakeBillingTable, options: { testClockId?: string } = {}): CustomerBill {
  writeCustomerAccount(table, { customerId: 'cust-1', accountId: 'ba-1' });
  const product = productIn('active', { id: 'prod-l', name: 'Mobile L', now: '2027-01-16T08:58:00.000Z', productOffering: { id: 'po-mobile-l', href: '/tmf-api/productCatalogManagement/v4/productOffering/po-mobile-l', name: 'Mobile L' } });
  table.put(productItem({ ...product, startDate: mobileStart }));
  const bill: CustomerBill = { ...openBill('jan', 45, { billDate: mobileStart, paymentDueDate: '2027-01-30T09:00:00.000Z' }), taxExcludedAmount: eur(37.5), ...(options.testClockId ? { testClock: { id: options.testClockId } } : {}) };
  table.put(billItem(bill, 'cust-1'));
  table.put(lineItem(line('jan', 1, { type: 'recurring', periodCoverage: { startDateTime: '2027-01-15T23:00:00.000Z', endDateTime: '2027-02-14T23:00:00.000Z' }, net: 25, gross: 30, taxCategory: 'telecommunications' }), 'cust-1'));
  table.put(lineItem(line('jan', 2, { type: 'oneTime', net: 12.5, gross: 15, taxCategory: 'telecommunications' }), 'cust-1'));
  return bill;
}

/** Example 8: 10.00 of Mobile L credited (8.33 tax excluded), dated `date`. */
export function writeCreditNote(table: FakeBillingTable, date: string, options: { testClockId?: string } = {}): CreditNote {
  const note = {
    id: 'cn-1',
    href: '/collections/v1/creditNote/cn-1',
    '@type': 'CreditNote',
    creditNoteNo: 'CN-2027-000001',
    date,
    bill: { id: 'jan', href: '/tmf-api/customerBillManagement/v4/customerBill/jan', billNo: '2027-jan', '@referredType': 'CustomerBill' },
    billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' },
    relatedParty: [],
    reason: 'goodwill',
    lines: [
      {
        id: 'cn-1-0001',
        creditedLine: { id: 'jan-0001', href: '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/jan-0001', '@referredType': 'AppliedCustomerBillingRate' },
        description: 'Mobile L monthly',
        taxExcludedAmount: eur(8.33),
        taxIncludedAmount: eur(10),
        appliedTax: [{ taxCategory: 'telecommunications', taxRate: 0.2, taxAmount: eur(1.67) }],
      },
    ],
    taxItem: [],
    taxExcludedAmount: eur(8.33),
    taxIncludedAmount: eur(10),
    appliedToBill: eur(10),
    toAccountCredit: eur(0),
    ...(options.testClockId ? { testClock: { id: options.testClockId } } : {}),
  } satisfies CreditNote;
  table.apply(creditNotePut(note, 'cust-1'));
  return note;
}

const origin = { eventId: 'evt-1', occurredAt: mobileStart, correlationId: 'corr-1' };

export function billIssuedEvent(bill: CustomerBill) {
  const event = CustomerBillIssued.create({ bill: issuedBillSnapshot(bill, 'cust-1') }, origin);
  return { 'detail-type': event.detailType, detail: event.detail };
}

export function creditNoteIssuedEvent(note: CreditNote) {
  const event = CreditNoteIssued.create(
    {
      creditNote: {
        id: note.id,
        href: note.href,
        creditNoteNo: note.creditNoteNo,
        date: note.date,
        reason: note.reason,
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        taxIncludedAmount: note.taxIncludedAmount,
        appliedToBill: note.appliedToBill,
        toAccountCredit: note.toAccountCredit,
      },
      bill: { id: note.bill.id, remainingAmount: eur(35), state: 'validated' },
    },
    origin,
  );
  return { 'detail-type': event.detailType, detail: event.detail };
}

export function billWrittenOffEvent(billId: string, amount: number) {
  const event = BillWrittenOff.create({ billingAccountId: 'ba-1', customerId: 'cust-1', dunningSince: '2027-01-30T09:00:00.000Z', billId, writtenOffAmount: eur(amount) }, origin);
  return { 'detail-type': event.detailType, detail: event.detail };
}

import { decimalToNumber } from '../money/decimal.js';
import { moneyToTmf, type TmfMoney } from '../money/money.js';
import type { BillDraft } from './bill-computation.js';
import type { BillDelivery } from './bill-delivery.js';
import type { BillLine, BillLineType } from './bill-line.js';

/**
 * TMF678 CustomerBill and AppliedCustomerBillingRate, as the API serves them
 * (docs/billing.md, "Bills"). A bill is built `new` (its lines written beside it), issued
 * `validated` with its number; collections moves it on (`partiallyPaid`, `settled`). An order's
 * one-time charges are billed `settled` at once, paid by the order's payment.
 *
 * Extension attributes (allowed by the TMF schemas): `testClock` on bills of customers living on
 * a test clock, so reports can leave simulated billing out; `lineCount`.
 */
export const customerBillPath = '/tmf-api/customerBillManagement/v4/customerBill';
export const appliedCustomerBillingRatePath = '/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate';
const billingAccountPath = '/tmf-api/accountManagement/v4/billingAccount';
const customerPath = '/tmf-api/customerManagement/v4/customer';
const productPath = '/tmf-api/productInventory/v4/product';
const paymentPath = '/tmf-api/paymentManagement/v4/payment';

export const customerBillStates = ['new', 'onHold', 'validated', 'sent', 'partiallyPaid', 'settled'] as const;
export type CustomerBillState = (typeof customerBillStates)[number];

export interface TmfTaxItem {
  taxCategory: string;
  /** Percent. */
  taxRate: number;
  taxAmount: TmfMoney;
  '@type': 'TaxItem';
}

export interface CustomerBill {
  id: string;
  href: string;
  '@type': 'CustomerBill';
  /** Given when the bill is issued. */
  billNo?: string;
  billDate: string;
  billingPeriod: { startDateTime: string; endDateTime: string };
  paymentDueDate: string;
  nextBillDate?: string;
  runType: 'onCycle' | 'offCycle';
  category: 'normal';
  state: CustomerBillState;
  lastUpdate: string;
  amountDue: TmfMoney;
  remainingAmount: TmfMoney;
  taxExcludedAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
  taxItem: TmfTaxItem[];
  billingAccount: { id: string; href: string; name: string; '@referredType': 'BillingAccount' };
  relatedParty: { id: string; href: string; name: string; role: 'Customer'; '@referredType': 'Customer' }[];
  appliedPayment: { appliedAmount: TmfMoney; payment: { id: string; href: string; '@referredType': 'Payment' }; '@type': 'AppliedPayment' }[];
  /** Extension: what credit notes took off what the bill owes (docs/collections.md, "Credit notes"). */
  appliedCreditNote?: { creditNote: { id: string; href: string }; appliedAmount: TmfMoney }[];
  /** Extension: what goodwill credits paid of it (docs/collections.md, "Goodwill credits"). */
  appliedGoodwillCredit?: { goodwillCredit: { id: string; href: string }; appliedAmount: TmfMoney }[];
  testClock?: { id: string };
  lineCount: number;
  /** TMF678: its document, kept at issue (docs/bill-documents.md). */
  billDocument?: { id: string; url: string; name: string; mimeType: 'application/pdf'; '@type': 'Attachment' }[];
  /** Extension: how the bill was sent to its customer (docs/bill-documents.md, "Delivery"). */
  delivery?: BillDelivery;
  /** Extension, while the bill is `onHold` (disputed): the state it goes back to when released, and since when (docs/collections.md, "Bills on hold"). */
  hold?: { previousState: 'validated' | 'sent' | 'partiallyPaid'; since: string };
}

export interface AppliedCustomerBillingRate {
  id: string;
  href: string;
  '@type': 'AppliedCustomerBillingRate';
  name: string;
  description: string;
  type: BillLineType;
  date: string;
  isBilled: true;
  bill: { id: string; href: string; '@referredType': 'CustomerBill' };
  billingAccount: { id: string; href: string; '@referredType': 'BillingAccount' };
  product?: { id: string; href: string; name: string; '@referredType': 'Product' };
  periodCoverage?: { startDateTime: string; endDateTime: string };
  taxExcludedAmount: TmfMoney;
  taxIncludedAmount: TmfMoney;
  appliedTax: { taxCategory: string; taxRate: number; taxAmount: TmfMoney; '@type': 'AppliedBillingTaxRate' }[];
  /** The price that charged it, when one did. */
  characteristic?: { name: 'productOfferingPrice'; value: string; '@type': 'AppliedBillingRateCharacteristic' }[];
}

export interface BillParties {
  billingAccount: { id: string; name: string };
  customer: { id: string; name: string };
  testClockId?: string | undefined;
}

/** The bill of an account and date has one id, so a re-run finds (and never duplicates) it. */
export function billIdFor(billingAccountId: string, billDate: string): string {
  return `${billingAccountId}-${billDate.replaceAll(/[-:.]/g, '').replace('T', '').replace('Z', '')}`;
}

export const orderBillIdFor = (orderId: string): string => `order-${orderId}`;

export function lineIdFor(billId: string, index: number): string {
  return `${billId}-${String(index + 1).padStart(4, '0')}`;
}

export function newCustomerBill(draft: BillDraft, context: BillParties & { id: string; now: string; nextBillDate?: string | undefined }): CustomerBill {
  return {
    id: context.id,
    href: `${customerBillPath}/${context.id}`,
    '@type': 'CustomerBill',
    billDate: draft.billDate,
    billingPeriod: draft.billingPeriod,
    paymentDueDate: draft.paymentDueDate,
    ...(context.nextBillDate ? { nextBillDate: context.nextBillDate } : {}),
    runType: draft.runType,
    category: 'normal',
    state: 'new',
    lastUpdate: context.now,
    amountDue: moneyToTmf(draft.amountDue),
    remainingAmount: moneyToTmf(draft.amountDue),
    taxExcludedAmount: moneyToTmf(draft.taxExcludedAmount),
    taxIncludedAmount: moneyToTmf(draft.taxIncludedAmount),
    taxItem: draft.taxItem.map((item) => ({ taxCategory: item.taxCategory, taxRate: decimalToNumber(item.taxRate), taxAmount: moneyToTmf(item.taxAmount), '@type': 'TaxItem' })),
    billingAccount: { id: context.billingAccount.id, href: `${billingAccountPath}/${context.billingAccount.id}`, name: context.billingAccount.name, '@referredType': 'BillingAccount' },
    relatedParty: [{ id: context.customer.id, href: `${customerPath}/${context.customer.id}`, name: context.customer.name, role: 'Customer', '@referredType': 'Customer' }],
    appliedPayment: [],
    ...(context.testClockId ? { testClock: { id: context.testClockId } } : {}),
    lineCount: draft.lines.length,
  };
}

export function billLineResources(bill: Pick<CustomerBill, 'id' | 'href' | 'billingAccount' | 'billDate'>, lines: readonly BillLine[]): AppliedCustomerBillingRate[] {
  return lines.map((line, index) => {
    const id = lineIdFor(bill.id, index);
    return {
      id,
      href: `${appliedCustomerBillingRatePath}/${id}`,
      '@type': 'AppliedCustomerBillingRate',
      name: line.name,
      description: line.description,
      type: line.type,
      date: bill.billDate,
      isBilled: true,
      bill: { id: bill.id, href: bill.href, '@referredType': 'CustomerBill' },
      billingAccount: { id: bill.billingAccount.id, href: bill.billingAccount.href, '@referredType': 'BillingAccount' },
      ...(line.product ? { product: { id: line.product.id, href: `${productPath}/${line.product.id}`, name: line.product.name, '@referredType': 'Product' as const } } : {}),
      ...(line.periodCoverage ? { periodCoverage: line.periodCoverage } : {}),
      taxExcludedAmount: moneyToTmf(line.amount.dutyFree),
      taxIncludedAmount: moneyToTmf(line.amount.taxIncluded),
      appliedTax: line.taxCategory
        ? [{ taxCategory: line.taxCategory, taxRate: decimalToNumber(line.amount.rate), taxAmount: moneyToTmf(line.amount.tax), '@type': 'AppliedBillingTaxRate' as const }]
        : [],
      ...(line.priceId ? { characteristic: [{ name: 'productOfferingPrice' as const, value: line.priceId, '@type': 'AppliedBillingRateCharacteristic' as const }] } : {}),
    };
  });
}

/** Where an issued bill's document is served (docs/bill-documents.md). */
export const customerBillDocumentUrl = (billId: string): string => `${customerBillPath}/${billId}/document`;

/**
 * Issued: numbered and `validated`, its document named (rendered and kept by the rule that
 * delivers it, or by the first GET of it); what it charges never changes after.
 */
export function issueCustomerBill(bill: CustomerBill, billNo: string, now: string): CustomerBill {
  return {
    ...bill,
    billNo,
    state: 'validated',
    lastUpdate: now,
    billDocument: [{ id: `${bill.id}-document`, url: customerBillDocumentUrl(bill.id), name: `${billNo}.pdf`, mimeType: 'application/pdf', '@type': 'Attachment' }],
  };
}

/** A bill paid in full when issued (an order's one-time charges, paid upfront by the order). */
export function settledByPayment(bill: CustomerBill, payment: { id: string }): CustomerBill {
  return {
    ...bill,
    state: 'settled',
    remainingAmount: { unit: bill.amountDue.unit, value: 0 },
    appliedPayment: [
      { appliedAmount: bill.amountDue, payment: { id: payment.id, href: `${paymentPath}/${payment.id}`, '@referredType': 'Payment' }, '@type': 'AppliedPayment' },
    ],
  };
}

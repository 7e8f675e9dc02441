import type { AppliedCustomerBillingRate, CustomerBill } from '../billing/customer-bill.js';
import type { CreditNote } from '../collections/credit-note.js';
import { money, moneyFromTmf, type TmfMoney } from '../money/money.js';
import { formatDate, formatMoney, formatPeriod, formatRate } from './document-formats.js';
import type { Seller } from './seller.js';

/**
 * What a bill or credit note document shows (docs/bill-documents.md): one set of template data,
 * rendered as PDF and as HTML, so both always say the same. Everything is text already written
 * (amounts, dates in the account's time zone), so renderers only lay it out.
 */
export interface DocumentLine {
  description: string;
  /** The period the line covers, when it covers one. */
  period?: string;
  /** "20 %", or empty for a line not taxed (credit carried between bills). */
  taxRate: string;
  /** Tax excluded. */
  amount: string;
}

export interface DocumentLineGroup {
  /** The product the lines charge, or "Account" for lines of no product. */
  title: string;
  lines: DocumentLine[];
  subtotal: string;
}

export interface BillDocumentData {
  kind: 'bill' | 'creditNote';
  /** "Invoice" or "Credit note". */
  title: string;
  number: string;
  /** Label/value pairs of the header: dates, period, account, the bill a credit note credits. */
  facts: { label: string; value: string }[];
  seller: { name: string; addressLines: string[]; vatNumber: string; contact: string[]; registration?: string };
  buyer: { name: string; addressLines: string[] };
  groups: DocumentLineGroup[];
  taxSummary: { label: string; base: string; tax: string }[];
  totals: { label: string; value: string; strong?: boolean }[];
  /** How to pay, or what happens to the amount (credit, already paid). */
  payment: string[];
  notes: string[];
  /** The PDF's metadata: fixed, so the same document always gives the same bytes. */
  metadata: { title: string; subject: string; createdAt: string; fileName: string };
}

export interface Buyer {
  customerName: string;
  accountName: string;
  billingAccountId: string;
  /** The postal address bills go to, line by line; empty when the customer gave none. */
  addressLines: string[];
  timeZone: string;
}

/** How the account pays what it owes. */
export interface PaymentArrangement {
  /** The card on file charged automatically, by its name ("Visa ending 4242") or token. */
  cardOnFile?: string;
  collection: 'onIssue' | 'onDueDate';
}

const minorOf = (value: TmfMoney): bigint => moneyFromTmf(value).amount;

function sellerBlock(seller: Seller): BillDocumentData['seller'] {
  return {
    name: seller.name,
    addressLines: seller.addressLines,
    vatNumber: seller.vatNumber,
    contact: [...(seller.email ? [seller.email] : []), ...(seller.phone ? [seller.phone] : [])],
    ...(seller.registration ? { registration: seller.registration } : {}),
  };
}

function buyerBlock(buyer: Buyer): BillDocumentData['buyer'] {
  const name = buyer.accountName === buyer.customerName ? buyer.customerName : `${buyer.customerName} (${buyer.accountName})`;
  return { name, addressLines: buyer.addressLines };
}

const accountGroupTitle = 'Account';

/** Lines grouped by the product they charge, products in the order they first appear, account lines last. */
function groupLines<T>(lines: readonly T[], productOf: (line: T) => string | undefined, toLine: (line: T) => DocumentLine & { minor: bigint }, currency: string): DocumentLineGroup[] {
  const groups = new Map<string, (DocumentLine & { minor: bigint })[]>();
  for (const line of lines) {
    const title = productOf(line) ?? accountGroupTitle;
    groups.set(title, [...(groups.get(title) ?? []), toLine(line)]);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => Number(a === accountGroupTitle) - Number(b === accountGroupTitle));
  return ordered.map(([title, grouped]) => ({
    title,
    lines: grouped.map(({ minor: _minor, ...line }) => line),
    subtotal: formatMoney(money(grouped.reduce((sum, line) => sum + line.minor, 0n), currency)),
  }));
}

/** One row per tax category and rate: the base taxed at it (from the lines) and the tax (the bill's own). */
function taxSummaryOf(
  lines: readonly { taxExcludedAmount: TmfMoney; appliedTax: readonly { taxCategory: string; taxRate: number }[] }[],
  taxItems: readonly { taxCategory: string; taxRate: number; taxAmount: TmfMoney }[],
  currency: string,
): BillDocumentData['taxSummary'] {
  return taxItems.map((item) => {
    const base = lines
      .filter((line) => line.appliedTax.some((tax) => tax.taxCategory === item.taxCategory && tax.taxRate === item.taxRate))
      .reduce((sum, line) => sum + minorOf(line.taxExcludedAmount), 0n);
    return { label: `${item.taxCategory} ${formatRate(item.taxRate)}`, base: formatMoney(money(base, currency)), tax: formatMoney(item.taxAmount) };
  });
}

function rateOf(line: { appliedTax: readonly { taxRate: number }[] }): string {
  return line.appliedTax.length === 0 ? '' : line.appliedTax.map((tax) => formatRate(tax.taxRate)).join(' + ');
}

/** A line as a document shows it: its words and period, and from the charge itself its rate and amount excluding tax. */
function documentLine(
  description: string,
  period: { startDateTime: string; endDateTime: string } | undefined,
  timeZone: string,
  charge: { taxExcludedAmount: TmfMoney; appliedTax: readonly { taxRate: number }[] },
): DocumentLine & { minor: bigint } {
  return {
    description,
    ...(period ? { period: formatPeriod(period, timeZone) } : {}),
    taxRate: rateOf(charge),
    amount: formatMoney(charge.taxExcludedAmount),
    minor: minorOf(charge.taxExcludedAmount),
  };
}

const totalTaxOf = (items: readonly { taxAmount: TmfMoney }[]): bigint => items.reduce((sum, item) => sum + minorOf(item.taxAmount), 0n);

/** The document of an issued bill and its lines (ordered as the bill lists them). */
export function billDocumentOf(input: { bill: CustomerBill; lines: readonly AppliedCustomerBillingRate[]; buyer: Buyer; seller: Seller; payment: PaymentArrangement }): BillDocumentData {
  const { bill, lines, buyer, seller } = input;
  if (bill.billNo === undefined) throw new Error(`bill ${bill.id} is not issued: only an issued bill has a document`);
  const currency = bill.amountDue.unit;
  const zone = buyer.timeZone;
  const totalTax = totalTaxOf(bill.taxItem);
  const paidAtIssue = bill.appliedPayment.reduce((sum, applied) => sum + minorOf(applied.appliedAmount), 0n);
  const due = minorOf(bill.amountDue);
  const dueDate = formatDate(bill.paymentDueDate, zone);
  return {
    kind: 'bill',
    title: 'Invoice',
    number: bill.billNo,
    facts: [
      { label: 'Invoice number', value: bill.billNo },
      { label: 'Invoice date', value: formatDate(bill.billDate, zone) },
      { label: 'Billing period', value: formatPeriod(bill.billingPeriod, zone) },
      { label: 'Payment due', value: dueDate },
      { label: 'Billing account', value: buyer.billingAccountId },
    ],
    seller: sellerBlock(seller),
    buyer: buyerBlock(buyer),
    groups: groupLines(
      lines,
      (line) => line.product?.name,
      (line) => documentLine(line.description === '' || line.description === line.name ? line.name : `${line.name}: ${line.description}`, line.periodCoverage, zone, line),
      currency,
    ),
    taxSummary: taxSummaryOf(lines, bill.taxItem, currency),
    totals: [
      { label: 'Total excluding tax', value: formatMoney(bill.taxExcludedAmount) },
      { label: 'Tax', value: formatMoney(money(totalTax, currency)) },
      { label: 'Total including tax', value: formatMoney(bill.taxIncludedAmount) },
      ...(minorOf(bill.taxIncludedAmount) !== due ? [{ label: 'Credit from earlier bills', value: formatMoney(money(due - minorOf(bill.taxIncludedAmount), currency)) }] : []),
      ...(paidAtIssue > 0n ? [{ label: 'Already paid', value: formatMoney(money(-paidAtIssue, currency)) }] : []),
      { label: 'Amount due', value: formatMoney(money(due - paidAtIssue, currency)), strong: true },
    ],
    payment: howToPay({ dueMinor: due - paidAtIssue, currency, dueDate, reference: bill.billNo, seller, payment: input.payment }),
    notes: [],
    metadata: { title: `Invoice ${bill.billNo}`, subject: `${seller.name}: invoice ${bill.billNo} to ${buyer.customerName}`, createdAt: bill.billDate, fileName: `${bill.billNo}.pdf` },
  };
}

function howToPay(input: { dueMinor: bigint; currency: string; dueDate: string; reference: string; seller: Seller; payment: PaymentArrangement }): string[] {
  if (input.dueMinor < 0n) return [`Nothing to pay: ${formatMoney(money(-input.dueMinor, input.currency))} of credit is carried to your next invoice.`];
  if (input.dueMinor === 0n) return ['Nothing to pay: this invoice is paid.'];
  const amount = formatMoney(money(input.dueMinor, input.currency));
  if (input.payment.cardOnFile) {
    const when = input.payment.collection === 'onDueDate' ? `on ${input.dueDate}` : 'now';
    return [`${amount} will be charged to your card on file (${input.payment.cardOnFile}) ${when}.`, 'Nothing else to do.'];
  }
  const bank = input.seller.bankAccount;
  return [
    `Please pay ${amount} by ${input.dueDate}.`,
    ...(bank ? [`Bank transfer to ${input.seller.name}, IBAN ${bank.iban}${bank.bic ? `, BIC ${bank.bic}` : ''}.`] : []),
    `Reference to quote with your payment: ${input.reference}.`,
  ];
}

/** The document of a credit note: what it credits of which bill, the taxes reversed, where the money went. */
export function creditNoteDocumentOf(input: { creditNote: CreditNote; creditedLines: readonly AppliedCustomerBillingRate[]; buyer: Buyer; seller: Seller }): BillDocumentData {
  const { creditNote, buyer, seller } = input;
  const currency = creditNote.taxIncludedAmount.unit;
  const zone = buyer.timeZone;
  const credited = new Map(input.creditedLines.map((line) => [line.id, line]));
  const totalTax = totalTaxOf(creditNote.taxItem);
  const toCredit = minorOf(creditNote.toAccountCredit);
  const appliedToBill = minorOf(creditNote.appliedToBill);
  return {
    kind: 'creditNote',
    title: 'Credit note',
    number: creditNote.creditNoteNo,
    facts: [
      { label: 'Credit note number', value: creditNote.creditNoteNo },
      { label: 'Date', value: formatDate(creditNote.date, zone) },
      { label: 'Credits invoice', value: creditNote.bill.billNo },
      { label: 'Billing account', value: buyer.billingAccountId },
    ],
    seller: sellerBlock(seller),
    buyer: buyerBlock(buyer),
    groups: groupLines(
      creditNote.lines,
      (line) => credited.get(line.creditedLine.id)?.product?.name,
      (line) => documentLine(line.description, credited.get(line.creditedLine.id)?.periodCoverage, zone, line),
      currency,
    ),
    taxSummary: taxSummaryOf(creditNote.lines, creditNote.taxItem, currency),
    totals: [
      { label: 'Credited excluding tax', value: formatMoney(creditNote.taxExcludedAmount) },
      { label: 'Tax reversed', value: formatMoney(money(totalTax, currency)) },
      { label: 'Total credited', value: formatMoney(creditNote.taxIncludedAmount), strong: true },
    ],
    payment: [
      ...(appliedToBill > 0n ? [`${formatMoney(creditNote.appliedToBill)} is taken off what invoice ${creditNote.bill.billNo} still owed.`] : []),
      ...(toCredit > 0n ? [`${formatMoney(creditNote.toAccountCredit)} is credited to your account and pays your next invoices.`] : []),
    ],
    notes: [`Reason: ${creditNote.reason}`],
    metadata: {
      title: `Credit note ${creditNote.creditNoteNo}`,
      subject: `${seller.name}: credit note ${creditNote.creditNoteNo} of invoice ${creditNote.bill.billNo} to ${buyer.customerName}`,
      createdAt: creditNote.date,
      fileName: `${creditNote.creditNoteNo}.pdf`,
    },
  };
}

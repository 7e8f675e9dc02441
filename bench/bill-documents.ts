import { createHash } from 'node:crypto';
import { cpuUsage } from 'node:process';
import type { AppliedCustomerBillingRate, CustomerBill } from '../domain/billing/customer-bill.js';
import { billDocumentOf, type BillDocumentData } from '../domain/documents/bill-document.js';
import { demoSeller } from '../domain/documents/seller.js';
import { billDocumentHtml } from '../functions/lib/documents/bill-document-html.js';
import { billDocumentPdf } from '../functions/lib/documents/bill-document-pdf.js';
import { round2 } from './statistics.js';

/**
 * Rendering bill documents (docs/bill-documents.md): PDFs of a typical bill rendered one after
 * another in this process (one core: rendering is synchronous JavaScript), bills per second and
 * the documents' sizes, a 120-line bill's too. Every render of the same bill must give the same bytes.
 */
export interface BillDocumentFigures {
  bills: number;
  seconds: number;
  billsPerSecond: number;
  /** CPU of this process over the timed renders, seconds: about `seconds` when one core did it all. */
  cpuSeconds: number;
  typical: { lines: number; pdfBytes: number; htmlBytes: number };
  long: { lines: number; pages: number; pdfBytes: number; msPerBill: number };
  sameBytesEveryTime: boolean;
}

const eur = (value: number) => ({ unit: 'EUR', value });
const periodOf = (month: number) => ({ startDateTime: new Date(Date.UTC(2027, month - 1, 1) - 3_600_000).toISOString(), endDateTime: new Date(Date.UTC(2027, month, 1) - 3_600_000).toISOString() });

function line(index: number, name: string, product: string, taxExcluded: number, month: number): AppliedCustomerBillingRate {
  const id = `bench-bill-${String(index).padStart(4, '0')}`;
  const tax = Math.round(taxExcluded * 20) / 100;
  return {
    id,
    href: `/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate/${id}`,
    '@type': 'AppliedCustomerBillingRate',
    name,
    description: index % 3 === 0 ? 'pro rata, after Launch promotion (−50 %)' : '',
    type: index % 4 === 3 ? 'usage' : 'recurring',
    date: '2027-02-28T23:00:00.000Z',
    isBilled: true,
    bill: { id: 'bench-bill', href: '/tmf-api/customerBillManagement/v4/customerBill/bench-bill', '@referredType': 'CustomerBill' },
    billingAccount: { id: 'bench-account', href: '/tmf-api/accountManagement/v4/billingAccount/bench-account', '@referredType': 'BillingAccount' },
    product: { id: `product-${product}`, href: `/tmf-api/productInventory/v4/product/product-${product}`, name: product, '@referredType': 'Product' },
    periodCoverage: periodOf(month),
    taxExcludedAmount: eur(taxExcluded),
    taxIncludedAmount: eur(Math.round((taxExcluded + tax) * 100) / 100),
    appliedTax: [{ taxCategory: 'VAT', taxRate: 20, taxAmount: eur(tax), '@type': 'AppliedBillingTaxRate' }],
  };
}

/** A bill of `count` lines over three products, its totals those of its lines. */
function benchBill(count: number): { bill: CustomerBill; lines: AppliedCustomerBillingRate[] } {
  const products = ['Mobile L', 'Fibre 1G', 'TV Max'];
  const lines = Array.from({ length: count }, (_, index) => line(index + 1, index % 4 === 3 ? `Data over bundle ${index}` : `${products[index % 3]} monthly`, products[index % 3]!, 5 + ((index * 7) % 30) + 0.99, index % 4 === 3 ? 2 : 3));
  const sum = (pick: (each: AppliedCustomerBillingRate) => number) => Math.round(lines.reduce((total, each) => total + pick(each) * 100, 0)) / 100;
  const taxIncluded = sum((each) => each.taxIncludedAmount.value);
  return {
    lines,
    bill: {
      id: 'bench-bill',
      href: '/tmf-api/customerBillManagement/v4/customerBill/bench-bill',
      '@type': 'CustomerBill',
      billNo: 'B-2027-004242',
      billDate: '2027-02-28T23:00:00.000Z',
      billingPeriod: periodOf(3),
      paymentDueDate: '2027-03-14T23:00:00.000Z',
      runType: 'onCycle',
      category: 'normal',
      state: 'validated',
      lastUpdate: '2027-02-28T23:00:00.000Z',
      amountDue: eur(taxIncluded),
      remainingAmount: eur(taxIncluded),
      taxExcludedAmount: eur(sum((each) => each.taxExcludedAmount.value)),
      taxIncludedAmount: eur(taxIncluded),
      taxItem: [{ taxCategory: 'VAT', taxRate: 20, taxAmount: eur(sum((each) => each.appliedTax[0]!.taxAmount.value)), '@type': 'TaxItem' }],
      billingAccount: { id: 'bench-account', href: '/tmf-api/accountManagement/v4/billingAccount/bench-account', name: 'Camille Martin', '@referredType': 'BillingAccount' },
      relatedParty: [{ id: 'bench-customer', href: '/tmf-api/customerManagement/v4/customer/bench-customer', name: 'Camille Martin', role: 'Customer', '@referredType': 'Customer' }],
      appliedPayment: [],
      lineCount: lines.length,
    },
  };
}

function documentOf(count: number): BillDocumentData {
  const { bill, lines } = benchBill(count);
  return billDocumentOf({
    bill,
    lines,
    buyer: { customerName: 'Camille Martin', accountName: 'Camille Martin', billingAccountId: 'bench-account', addressLines: ['8 rue de Rivoli', '75004 Paris', 'FR'], timeZone: 'Europe/Paris' },
    seller: demoSeller,
    payment: { cardOnFile: 'pm_card_visa', collection: 'onIssue' },
  });
}

const pagesOf = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

export async function measureBillDocumentRendering(plan: { bills: number; typicalLines: number; longLines: number }, onProgress: (line: string) => void): Promise<BillDocumentFigures> {
  const typical = documentOf(plan.typicalLines);
  const first = await billDocumentPdf(typical);
  const digest = createHash('sha256').update(first).digest('hex');
  // Warm-up: the fonts read, the code optimized, as in a warm Lambda.
  for (let index = 0; index < 5; index += 1) await billDocumentPdf(typical);
  onProgress(`rendering ${plan.bills} PDF bills of ${plan.typicalLines} lines one after another in this process`);
  let sameBytesEveryTime = true;
  const cpuBefore = cpuUsage();
  const started = performance.now();
  for (let index = 0; index < plan.bills; index += 1) {
    const pdf = await billDocumentPdf(typical);
    if (createHash('sha256').update(pdf).digest('hex') !== digest) sameBytesEveryTime = false;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuUsage(cpuBefore);
  const longDocument = documentOf(plan.longLines);
  const longStarted = performance.now();
  const long = await billDocumentPdf(longDocument);
  const longMs = performance.now() - longStarted;
  const figures: BillDocumentFigures = {
    bills: plan.bills,
    seconds: round2(seconds),
    billsPerSecond: round2(plan.bills / seconds),
    cpuSeconds: round2((cpu.user + cpu.system) / 1e6),
    typical: { lines: plan.typicalLines, pdfBytes: first.byteLength, htmlBytes: Buffer.byteLength(billDocumentHtml(typical)) },
    long: { lines: plan.longLines, pages: pagesOf(long), pdfBytes: long.byteLength, msPerBill: round2(longMs) },
    sameBytesEveryTime,
  };
  onProgress(`  ${figures.billsPerSecond} PDF bills/s, ${first.byteLength} bytes each; ${plan.longLines} lines: ${figures.long.pages} pages, ${long.byteLength} bytes, ${figures.long.msPerBill} ms`);
  return figures;
}

import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { billDocumentOf } from '../../../../domain/documents/bill-document.js';
import { demoSeller } from '../../../../domain/documents/seller.js';
import { billDocumentHtml } from '../../../../functions/lib/documents/bill-document-html.js';
import { billDocumentPdf } from '../../../../functions/lib/documents/bill-document-pdf.js';
import { billLine, marchBill, marchLines, parisBuyer } from '../../domain/documents/document-fixtures.js';

const document = billDocumentOf({ bill: marchBill, lines: marchLines, buyer: parisBuyer, seller: demoSeller, payment: { collection: 'onIssue' } });

async function textOf(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(proxy, { mergePages: true });
  return { pages: totalPages, text };
}

describe('the PDF of a bill', () => {
  it('reads back, as a person would, with the bill number, dates, lines, taxes, totals and how to pay', async () => {
    const pdf = await billDocumentPdf(document);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await textOf(pdf);
    expect(pages).toBe(1);
    for (const shown of ['Invoice B-2027-000042', 'Łukasz Żółć', '1 March 2027 – 31 March 2027', 'Payment due', '15 March 2027', 'Mobile L', 'Fibre 1G: Launch promotion −50 %', '-4.17 EUR', 'VAT 20 %', '41.65 EUR', '8.34 EUR', 'Amount due', '49.99 EUR', `IBAN ${demoSeller.bankAccount!.iban}`, 'page 1 of 1']) {
      expect(text).toContain(shown);
    }
  });

  it('is the same bytes every time it is rendered from the same bill', async () => {
    const digest = async () => createHash('sha256').update(await billDocumentPdf(document)).digest('hex');
    const first = await digest();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await digest()).toBe(first);
  });

  it('runs onto more pages when a bill has many lines, each page numbered', async () => {
    const many = Array.from({ length: 120 }, (_, index) => billLine(index + 1, { type: 'usage', name: `Call to +33 1 ${String(index).padStart(8, '0')}`, product: 'Mobile L', taxExcluded: 0.1, tax: 0.02 }));
    const long = billDocumentOf({ bill: { ...marchBill, lineCount: many.length }, lines: many, buyer: parisBuyer, seller: demoSeller, payment: { collection: 'onIssue' } });
    const { pages, text } = await textOf(await billDocumentPdf(long));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`page ${pages} of ${pages}`);
    expect(text).toContain('Call to +33 1 00000119');
    expect(text).toContain('12.00 EUR');
  });
});

describe('the HTML of a bill', () => {
  const html = billDocumentHtml(document);

  it('says what the PDF says, from the same data', () => {
    for (const shown of ['Invoice B-2027-000042', 'Łukasz Żółć', '1 March 2027 – 31 March 2027', 'VAT 20 %', '49.99 EUR', 'Reference to quote with your payment: B-2027-000042.']) {
      expect(html).toContain(shown);
    }
  });

  it('escapes every text and loads nothing from elsewhere', () => {
    expect(html).toContain('8 avenue des &#60;Tests&#62; &#38; Co');
    expect(html).not.toContain('<Tests>');
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
  });
});

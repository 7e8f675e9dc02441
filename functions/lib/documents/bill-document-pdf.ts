import PDFDocument from 'pdfkit';
import type { BillDocumentData } from '../../../domain/documents/bill-document.js';
import { documentFonts } from './document-fonts.js';

/**
 * The PDF of a bill or credit note document (docs/bill-documents.md), laid out with PDFKit on
 * A4 from the template data its HTML also comes from. Deterministic: the metadata dates are the
 * document's own, the producer fixed, the font embedded the same way each time, so the same
 * data always gives the same bytes.
 */
const page = { width: 595.28, height: 841.89, margin: 50 } as const;
const contentWidth = page.width - 2 * page.margin;
/** Below it a row starts a new page, leaving the footer its room. */
const bottom = page.height - page.margin - 30;
const columns = { description: 240, period: 135, tax: 45, amount: contentWidth - 240 - 135 - 45 } as const;
const producer = 'serverless-bss bill documents (PDFKit)';

type Pdf = InstanceType<typeof PDFDocument>;

export function billDocumentPdf(document: BillDocumentData): Promise<Buffer> {
  const fonts = documentFonts();
  const createdAt = new Date(document.metadata.createdAt);
  const pdf = new PDFDocument({
    size: 'A4',
    margin: page.margin,
    bufferPages: true,
    // PDFKit takes a parsed font here too (its types say a name only): never the standard
    // Helvetica, whose Latin-1 cannot write every name and which a bundle would have to carry.
    font: fonts.regular as unknown as string,
    compress: true,
    info: { Title: document.metadata.title, Subject: document.metadata.subject, Author: document.seller.name, Creator: producer, Producer: producer, CreationDate: createdAt, ModDate: createdAt },
    lang: 'en',
    displayTitle: true,
  });
  // PDFKit embeds a fontkit font it is given as it is (its types say bytes or a path only).
  pdf.registerFont('regular', fonts.regular as unknown as Buffer);
  pdf.registerFont('bold', fonts.bold as unknown as Buffer);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  layOut(pdf, document);
  pdf.end();
  return done;
}

function layOut(pdf: Pdf, document: BillDocumentData): void {
  const left = page.margin;
  pdf.font('bold').fontSize(16).text(`${document.title} ${document.number}`, left, page.margin, { width: contentWidth });
  pdf.moveDown(0.8);

  const partiesTop = pdf.y;
  const half = contentWidth / 2 - 10;
  pdf.font('bold').fontSize(10).text(document.seller.name, left, partiesTop, { width: half });
  pdf.font('regular').fontSize(9).text([...document.seller.addressLines, `VAT ${document.seller.vatNumber}`, ...document.seller.contact].join('\n'), { width: half });
  const sellerBottom = pdf.y;
  pdf.font('bold').fontSize(10).text(document.buyer.name, left + half + 20, partiesTop, { width: half });
  pdf.font('regular').fontSize(9).text(document.buyer.addressLines.join('\n'), { width: half });
  pdf.y = Math.max(sellerBottom, pdf.y) + 14;

  for (const fact of document.facts) {
    const top = pdf.y;
    pdf.font('regular').fontSize(9).fillColor('#555555').text(fact.label, left, top, { width: 130 });
    pdf.fillColor('#000000').text(fact.value, left + 130, top, { width: contentWidth - 130 });
  }
  pdf.moveDown(1);

  for (const group of document.groups) {
    ensureRoom(pdf, 50);
    pdf.font('bold').fontSize(11).text(group.title, left, pdf.y, { width: contentWidth });
    pdf.moveDown(0.2);
    row(pdf, ['Description', 'Period', 'Tax', 'Amount excl. tax'], { font: 'bold', size: 8, color: '#555555' });
    for (const line of group.lines) row(pdf, [line.description, line.period ?? '', line.taxRate, line.amount], { font: 'regular', size: 9 });
    rule(pdf);
    row(pdf, ['Subtotal', '', '', group.subtotal], { font: 'bold', size: 9 });
    pdf.moveDown(0.6);
  }

  if (document.taxSummary.length > 0) {
    ensureRoom(pdf, 40 + 14 * document.taxSummary.length);
    pdf.font('bold').fontSize(11).text('Tax summary', left, pdf.y, { width: contentWidth });
    pdf.moveDown(0.2);
    row(pdf, ['Tax', 'Taxable amount', '', 'Tax'], { font: 'bold', size: 8, color: '#555555' });
    for (const tax of document.taxSummary) row(pdf, [tax.label, tax.base, '', tax.tax], { font: 'regular', size: 9 });
    pdf.moveDown(0.6);
  }

  ensureRoom(pdf, 20 + 16 * document.totals.length);
  for (const total of document.totals) {
    if (total.strong) rule(pdf);
    const size = total.strong ? 12 : 10;
    const top = pdf.y;
    pdf.font(total.strong ? 'bold' : 'regular').fontSize(size).text(total.label, left + contentWidth / 2, top, { width: contentWidth / 4 });
    pdf.text(total.value, left + (3 * contentWidth) / 4, top, { width: contentWidth / 4, align: 'right' });
    pdf.moveDown(0.25);
  }
  pdf.moveDown(1);

  const closing = [
    ...(document.payment.length > 0 ? [{ title: document.kind === 'bill' ? 'How to pay' : 'What happens to the credit', texts: document.payment }] : []),
    ...(document.notes.length > 0 ? [{ title: 'Notes', texts: document.notes }] : []),
  ];
  for (const block of closing) {
    ensureRoom(pdf, 30 + 14 * block.texts.length);
    pdf.font('bold').fontSize(11).text(block.title, left, pdf.y, { width: contentWidth });
    pdf.font('regular').fontSize(9).text(block.texts.join('\n'), { width: contentWidth });
    pdf.moveDown(0.8);
  }

  footers(pdf, document);
}

function ensureRoom(pdf: Pdf, height: number): void {
  if (pdf.y + height > bottom) pdf.addPage();
}

function rule(pdf: Pdf): void {
  pdf.moveTo(page.margin, pdf.y).lineTo(page.margin + contentWidth, pdf.y).lineWidth(0.5).strokeColor('#999999').stroke();
  pdf.y += 3;
}

/** One table row of the four columns, as tall as its tallest cell; on a new page when it does not fit. */
function row(pdf: Pdf, cells: readonly [string, string, string, string], style: { font: 'regular' | 'bold'; size: number; color?: string }): void {
  pdf.font(style.font).fontSize(style.size);
  const widths = [columns.description, columns.period, columns.tax, columns.amount];
  const height = Math.max(...cells.map((cell, index) => pdf.heightOfString(cell, { width: widths[index]! - 6 })));
  ensureRoom(pdf, height + 4);
  const top = pdf.y;
  let x = page.margin;
  pdf.fillColor(style.color ?? '#000000');
  cells.forEach((cell, index) => {
    pdf.text(cell, x, top, { width: widths[index]! - 6, align: index === 3 ? 'right' : 'left' });
    x += widths[index]!;
  });
  pdf.fillColor('#000000');
  pdf.y = top + height + 4;
}

function footers(pdf: Pdf, document: BillDocumentData): void {
  const range = pdf.bufferedPageRange();
  const legal = [document.seller.name, `VAT ${document.seller.vatNumber}`, ...(document.seller.registration ? [document.seller.registration] : [])].join(' · ');
  for (let index = range.start; index < range.start + range.count; index += 1) {
    pdf.switchToPage(index);
    // Writing below the bottom margin would open a new page: lift the margin for the footer.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('regular').fontSize(7).fillColor('#555555');
    pdf.text(`${legal}   ·   ${document.title} ${document.number}, page ${index - range.start + 1} of ${range.count}`, page.margin, page.height - page.margin + 10, { width: contentWidth, align: 'center' });
    pdf.page.margins.bottom = margin;
  }
  pdf.fillColor('#000000');
}

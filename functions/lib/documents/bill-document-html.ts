import type { BillDocumentData } from '../../../domain/documents/bill-document.js';

/**
 * The HTML of a bill or credit note document, from the same template data as its PDF
 * (docs/bill-documents.md): one self-contained page (inline style, no script, no remote
 * resource), every text escaped.
 */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const style = [
  'body{font-family:"DejaVu Sans",Verdana,sans-serif;font-size:13px;color:#1a1a1a;max-width:820px;margin:2em auto;padding:0 1em}',
  'h1{font-size:22px;margin:0 0 .2em}',
  '.parties{display:flex;justify-content:space-between;gap:2em;margin:1.5em 0}',
  'table{border-collapse:collapse;width:100%;margin:.5em 0 1em}',
  'th,td{padding:4px 6px;text-align:left;vertical-align:top}',
  'td.amount,th.amount{text-align:right;white-space:nowrap}',
  'thead th{border-bottom:1px solid #888}',
  'tr.subtotal td{border-top:1px solid #ccc;font-weight:bold}',
  'tr.strong td{font-weight:bold;font-size:15px;border-top:2px solid #1a1a1a}',
  '.facts td:first-child{color:#555}',
  'footer{margin-top:2em;color:#555;font-size:11px}',
].join('');

const lines = (texts: readonly string[]) => texts.map((text) => `${escapeHtml(text)}<br>`).join('');

export function billDocumentHtml(document: BillDocumentData): string {
  const { seller, buyer } = document;
  const groups = document.groups
    .map(
      (group) =>
        `<h3>${escapeHtml(group.title)}</h3><table><thead><tr><th>Description</th><th>Period</th><th>Tax</th><th class="amount">Amount excl. tax</th></tr></thead><tbody>` +
        group.lines
          .map((line) => `<tr><td>${escapeHtml(line.description)}</td><td>${escapeHtml(line.period ?? '')}</td><td>${escapeHtml(line.taxRate)}</td><td class="amount">${escapeHtml(line.amount)}</td></tr>`)
          .join('') +
        `<tr class="subtotal"><td colspan="3">Subtotal</td><td class="amount">${escapeHtml(group.subtotal)}</td></tr></tbody></table>`,
    )
    .join('');
  const taxes =
    document.taxSummary.length === 0
      ? ''
      : `<h3>Tax summary</h3><table><thead><tr><th>Tax</th><th class="amount">Taxable amount</th><th class="amount">Tax</th></tr></thead><tbody>` +
        document.taxSummary.map((row) => `<tr><td>${escapeHtml(row.label)}</td><td class="amount">${escapeHtml(row.base)}</td><td class="amount">${escapeHtml(row.tax)}</td></tr>`).join('') +
        '</tbody></table>';
  const totals =
    '<table class="totals"><tbody>' +
    document.totals.map((row) => `<tr${row.strong ? ' class="strong"' : ''}><td>${escapeHtml(row.label)}</td><td class="amount">${escapeHtml(row.value)}</td></tr>`).join('') +
    '</tbody></table>';
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.metadata.title)}</title><style>${style}</style></head><body>`,
    `<header><h1>${escapeHtml(document.title)} ${escapeHtml(document.number)}</h1></header>`,
    '<section class="parties">',
    `<div><strong>${escapeHtml(seller.name)}</strong><br>${lines(seller.addressLines)}VAT ${escapeHtml(seller.vatNumber)}<br>${lines(seller.contact)}</div>`,
    `<div><strong>${escapeHtml(buyer.name)}</strong><br>${lines(buyer.addressLines)}</div>`,
    '</section>',
    `<table class="facts"><tbody>${document.facts.map((fact) => `<tr><td>${escapeHtml(fact.label)}</td><td>${escapeHtml(fact.value)}</td></tr>`).join('')}</tbody></table>`,
    groups,
    taxes,
    totals,
    document.payment.length > 0 ? `<h3>${document.kind === 'bill' ? 'How to pay' : 'What happens to the credit'}</h3><p>${lines(document.payment)}</p>` : '',
    document.notes.length > 0 ? `<p>${lines(document.notes)}</p>` : '',
    `<footer>${escapeHtml(seller.name)}, VAT ${escapeHtml(seller.vatNumber)}${seller.registration ? `, ${escapeHtml(seller.registration)}` : ''}</footer>`,
    '</body></html>',
    '',
  ].join('\n');
}

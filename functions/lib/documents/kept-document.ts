import type { BillDocumentData } from '../../../domain/documents/bill-document.js';
import type { DocumentFormat, DocumentStore } from '../../../domain/documents/document-store.js';
import { billDocumentHtml } from './bill-document-html.js';

/**
 * PDFKit and fontkit are most of a document function's bundle and about 60 ms of its cold start
 * here (npm run bench -- --only=init), yet a document is rendered once, when it is first asked for
 * (at issue, by the functions that deliver and keep documents); reading it afterwards needs
 * neither. So they load with the first document a function instance renders.
 */
let pdfRenderer: Promise<typeof import('./bill-document-pdf.js')> | undefined;
const billDocumentPdf = async (data: BillDocumentData): Promise<Uint8Array> => (await (pdfRenderer ??= import('./bill-document-pdf.js'))).billDocumentPdf(data);

/**
 * A document rendered once and kept (docs/bill-documents.md): the stored bytes when there are
 * some; else both formats are rendered from the template data and stored, each only if absent,
 * and what the store holds afterwards is answered. Of two renderings racing, the first stored
 * wins and both answer its bytes, so a document never changes once someone may have seen it.
 */
export async function keptDocument(
  store: DocumentStore,
  keyOf: (format: DocumentFormat) => string,
  format: DocumentFormat,
  templateData: () => Promise<BillDocumentData>,
): Promise<Uint8Array> {
  const existing = await store.get(keyOf(format));
  if (existing) return existing;
  const data = await templateData();
  const rendered: Record<DocumentFormat, Uint8Array> = { pdf: await billDocumentPdf(data), html: new TextEncoder().encode(billDocumentHtml(data)) };
  const outcomes = await Promise.all((['pdf', 'html'] as const).map(async (each) => [each, await store.putIfAbsent(keyOf(each), rendered[each], each)] as const));
  if (outcomes.find(([each]) => each === format)?.[1] === 'stored') return rendered[format];
  const stored = await store.get(keyOf(format));
  if (!stored) throw new Error(`invariant broken: document ${keyOf(format)} was refused as existing but cannot be read`);
  return stored;
}

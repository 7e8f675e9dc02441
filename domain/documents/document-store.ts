/**
 * The document-store port (docs/bill-documents.md): where rendered bill and credit note
 * documents are kept, once. Adapters live in functions/lib/documents/: S3 on AWS (private,
 * encrypted), a folder locally (`.bss/documents`).
 */
export type DocumentFormat = 'pdf' | 'html';

export const documentContentTypes: Record<DocumentFormat, string> = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' };

export interface DocumentStore {
  /**
   * Keeps `bytes` under `key` unless a document is there already, which is never replaced:
   * `stored`, or `existing` when another writer stored it first.
   */
  putIfAbsent(key: string, bytes: Uint8Array, format: DocumentFormat): Promise<'stored' | 'existing'>;
  /** The document's bytes, or undefined when none is stored under the key. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Where a bill's document is kept: one key per bill and format, so it is written once. */
export const billDocumentKey = (billId: string, format: DocumentFormat): string => `bills/${billId}.${format}`;
export const creditNoteDocumentKey = (creditNoteId: string, format: DocumentFormat): string => `credit-notes/${creditNoteId}.${format}`;

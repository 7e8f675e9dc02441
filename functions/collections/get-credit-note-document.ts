import { requireCustomerAccess } from '../lib/auth/principal.js';
import { configuredDocumentStore } from '../lib/documents/document-store.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { documentResponse, negotiatedDocumentFormat } from '../lib/http/document-response.js';
import { findCreditNote } from '../lib/store/credit-note-store.js';
import { creditNoteDocument } from './credit-note-documents.js';

const store = configuredDocumentStore();

/** GET /collections/v1/creditNote/{id}/document (staff; a customer its own): the credit note's kept document, PDF or HTML as `Accept` prefers. */
async function getCreditNoteDocument({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const format = negotiatedDocumentFormat(event);
  const stored = await findCreditNote(id);
  if (!stored) throw ApiError.notFound('creditNote', id);
  requireCustomerAccess(principal, stored.customerId, 'creditNote', id);
  return documentResponse(await creditNoteDocument(store, stored, format), format, stored.creditNote.creditNoteNo);
}

export const handler = apiHandler(getCreditNoteDocument);

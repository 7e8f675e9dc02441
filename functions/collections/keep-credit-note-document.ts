import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { CreditNoteIssued } from '../../domain/events/collections-events.js';
import { configuredDocumentStore } from '../lib/documents/document-store.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { findCreditNote } from '../lib/store/credit-note-store.js';
import { creditNoteDocument } from './credit-note-documents.js';

const store = configuredDocumentStore();

/** Rule `credit-note-issued-keeps-document`: every credit note's document is rendered and kept at issue (once: a redelivery finds it kept). */
export const handler = middy(async (event: { detail: unknown }): Promise<{ kept: boolean; bytes?: number }> => {
  const { data, metadata } = CreditNoteIssued.parseDetail(event.detail);
  logger.appendKeys({ creditNoteId: data.creditNote.id, correlationId: metadata.correlationId });
  const stored = await findCreditNote(data.creditNote.id);
  if (!stored) return { kept: false };
  const pdf = await creditNoteDocument(store, stored, 'pdf');
  return { kept: true, bytes: pdf.byteLength };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics);

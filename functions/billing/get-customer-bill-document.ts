import { requireCustomerAccess } from '../lib/auth/principal.js';
import { configuredDocumentStore } from '../lib/documents/document-store.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { documentResponse, negotiatedDocumentFormat } from '../lib/http/document-response.js';
import { findBill } from '../lib/store/bill-store.js';
import { customerBillDocument } from './customer-bill-documents.js';

const store = configuredDocumentStore();

/**
 * GET /customerBill/{id}/document (docs/bill-documents.md): the bill's document as it was kept
 * at issue, PDF or HTML as `Accept` prefers; to its owner and staff (another customer's bill
 * answers 404, as an unknown one). A bill not issued yet has none: 409.
 */
async function getCustomerBillDocument({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const format = negotiatedDocumentFormat(event);
  const stored = await findBill(id);
  if (!stored) throw ApiError.notFound('customerBill', id);
  requireCustomerAccess(principal, stored.customerId, 'customerBill', id);
  if (stored.bill.billNo === undefined) throw ApiError.conflict('BILL_NOT_ISSUED', `bill ${id} is ${stored.bill.state}: its document is made when it is issued`);
  return documentResponse(await customerBillDocument(store, stored, format), format, stored.bill.billNo);
}

export const handler = apiHandler(getCustomerBillDocument);

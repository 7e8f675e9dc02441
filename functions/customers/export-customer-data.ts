import { customerDataExport, customerDataExportFileName } from '../../domain/customers/customer-data-export.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { readCustomerDataSections } from './customer-data-sections.js';

/**
 * GET /customers/v1/customer/{id}/dataExport (docs/api.md, "Customer data export"): everything
 * the BSS holds about the customer, as one JSON file to download (GDPR access and portability).
 * A customer exports its own only (another's answers 404, read nothing); staff any customer's.
 * Dated by the customer's clock, as everything recorded for it. Never cached: it is personal data.
 */
async function exportCustomerData({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  requireCustomerAccess(principal, id, 'customer', id);
  const stored = await findCustomer(id);
  if (!stored) throw ApiError.notFound('customer', id);
  const generatedAt = await customerNow(stored.customer.testClock?.id);
  const document = customerDataExport(await readCustomerDataSections(stored.customer, generatedAt), generatedAt);
  return jsonResponse(200, document, {
    'content-disposition': `attachment; filename="${customerDataExportFileName(id)}"`,
    'cache-control': 'no-store',
  });
}

export const handler = apiHandler(exportCustomerData);

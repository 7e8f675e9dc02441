import { requireStaff } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBillRun } from '../lib/store/bill-run-store.js';

/** GET /billing/v1/billRun/{id} (staff): state, counts, progress and the first failures with their reasons. */
async function getBillRun({ event, principal }: ApiRequest) {
  requireStaff(principal, 'read billing runs');
  const id = event.pathParameters?.id ?? '';
  const run = await findBillRun(id);
  if (!run) throw ApiError.notFound('billRun', id);
  return jsonResponse(200, selectFields(run, requestedFields(event)));
}

export const handler = apiHandler(getBillRun);

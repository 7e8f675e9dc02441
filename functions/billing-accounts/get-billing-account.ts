import { ownerCustomerIdOf } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { requestedFields, selectFields } from '../lib/http/collection-query.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';

/** TMF666 GET /billingAccount/{id}: one key lookup; customers see only their own accounts (an organization's is none of theirs). */
async function getBillingAccount({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findBillingAccount(id);
  if (!stored) throw ApiError.notFound('billingAccount', id);
  requireCustomerAccess(principal, ownerCustomerIdOf(stored.account) ?? '', 'billingAccount', id);
  return jsonResponse(200, selectFields(stored.account, requestedFields(event)), { ETag: etagOf(stored.version) });
}

export const handler = apiHandler(getBillingAccount);

import { dunningPolicyFor } from '../../domain/collections/dunning.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { jsonResponse } from '../lib/http/responses.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findDunning } from '../lib/store/dunning-store.js';

/**
 * GET /collections/v1/dunning/{billingAccountId} (staff; a customer its own accounts'): where the
 * account is in dunning (docs/collections.md): since when, its status, the steps performed with
 * their instants, the next step and when, and the policy it follows. 404 when it never was in
 * dunning (or is another customer's).
 */
async function getAccountDunning({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.billingAccountId ?? '';
  const stored = await findBillingAccount(id);
  if (!stored) throw ApiError.notFound('billingAccount', id);
  requireCustomerAccess(principal, ownerCustomerId(stored.account), 'billingAccount', id);
  const found = await findDunning(id);
  if (!found) throw ApiError.notFound('dunning of billingAccount', id);
  return jsonResponse(200, { ...found.dunning, policy: dunningPolicyFor(stored.account.accountType) });
}

export const handler = apiHandler(getAccountDunning);

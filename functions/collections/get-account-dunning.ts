import { dunningAsCustomerSees, dunningPolicyFor } from '../../domain/collections/dunning.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { requireCustomerAccess, seesEveryCustomer } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { findBillingAccount } from '../lib/store/billing-account-store.js';
import { findDunning } from '../lib/store/dunning-store.js';

/**
 * GET /collections/v1/dunning/{billingAccountId} (staff; a customer its own accounts'): where the
 * account is in dunning (docs/collections.md): since when, its status, the steps performed with
 * their instants, the next step and when, a pause in force (until when, why, by whom), staff's
 * interventions (pauses, resumptions, a stop, restorations), and the policy it follows; its
 * version as the ETag, the If-Match of the staff changes. A customer reads the pause and the
 * interventions without who on the staff made them and the reasons staff wrote. 404 when it
 * never was in dunning (or is another customer's).
 */
async function getAccountDunning({ event, principal }: ApiRequest) {
  const id = event.pathParameters?.billingAccountId ?? '';
  const stored = await findBillingAccount(id);
  if (!stored) throw ApiError.notFound('billingAccount', id);
  requireCustomerAccess(principal, ownerCustomerId(stored.account), 'billingAccount', id);
  const found = await findDunning(id);
  if (!found) throw ApiError.notFound('dunning of billingAccount', id);
  const dunning = seesEveryCustomer(principal) ? found.dunning : dunningAsCustomerSees(found.dunning);
  return jsonResponse(200, { ...dunning, policy: dunningPolicyFor(stored.account.accountType) }, { ETag: etagOf(found.version) });
}

export const handler = apiHandler(getAccountDunning);

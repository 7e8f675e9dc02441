import { applyBillingAccountPatch, billingAccountPatchSchema } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { BillingAccountStateChanged, BillingAccountUpdated } from '../../domain/events/customer-events.js';
import { requireCustomerAccess, requireStaff } from '../lib/auth/principal.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { findBillingAccount, updateBillingAccount } from '../lib/store/billing-account-store.js';
import { billingAccountSnapshot } from './billing-account-snapshot.js';

/** TMF666 PATCH /billingAccount/{id} (JSON merge patch): attributes and lifecycle state. */
async function patchBillingAccount({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const stored = await findBillingAccount(id);
  if (!stored) throw ApiError.notFound('billingAccount', id);
  requireCustomerAccess(principal, ownerCustomerId(stored.account), 'billingAccount', id);
  requireStaff(principal, 'change billing accounts');
  const patch = parseBody(event, 'merge-patch', billingAccountPatchSchema);
  checkIfMatch(event, stored.version);

  const now = systemClock.now();
  const account = applyBillingAccountPatch(stored.account, patch, now);
  const origin = () => ({ eventId: newId(), occurredAt: now, correlationId });
  const events: DomainEvent[] = [
    BillingAccountUpdated.create({ billingAccount: billingAccountSnapshot(account), changedAttributes: Object.keys(patch) }, origin()),
  ];
  if (account.state !== stored.account.state) {
    events.push(
      BillingAccountStateChanged.create(
        { billingAccountId: id, customerId: ownerCustomerId(account), from: stored.account.state, to: account.state },
        origin(),
      ),
    );
  }
  const version = await updateBillingAccount(account, stored.version, events).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(200, account, { ETag: etagOf(version) });
}

export const handler = apiHandler(patchBillingAccount);

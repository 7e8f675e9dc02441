import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billingAccountCreateSchema, openBillingAccount, type BillingAccountCreate } from '../../domain/customers/billing-account.js';
import { billingAccountOwner } from '../../domain/customers/billing-account-owner.js';
import { billingAccountCreateAccess } from '../../domain/customers/billing-account-write-access.js';
import { billingPreferencesOf, type BillingPreferences } from '../../domain/customers/customer.js';
import { BillingAccountCreated } from '../../domain/events/customer-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { withAccountBalance } from '../../domain/collections/account-ledger.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { insertBillingAccount } from '../lib/store/billing-account-store.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { referenceCountItems, resolveAccountReferences } from './account-references.js';
import { billingAccountSnapshot } from './billing-account-snapshot.js';
import { billingDefaults } from './billing-defaults.js';

interface OwnerContext {
  ownerId: string;
  ownerName: string;
  preferences: Partial<BillingPreferences>;
  testClockId?: string | undefined;
}

/**
 * TMF666 POST /billingAccount: an additional account for an existing, open customer, or an
 * organization's account. An organization is referenced, not looked up (no party registry):
 * its account takes the operator's defaults and lives on the real clock (docs/api.md).
 */
async function createBillingAccount({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'open billing accounts');
  const input = parseBody(event, 'create', billingAccountCreateSchema);
  requireWritable(principal, billingAccountCreateAccess, input, 'billingAccount');
  const owner = await ownerContextOf(input);
  const now = await customerNow(owner.testClockId);
  const references = await resolveAccountReferences(input, { ownerId: owner.ownerId, now });
  const defaults = { ...billingDefaults(), ...owner.preferences };
  const account = openBillingAccount(input, { id: newId(), now, defaults, isDefault: false, ownerName: owner.ownerName, testClockId: owner.testClockId, references });
  const created = BillingAccountCreated.create(
    { billingAccount: billingAccountSnapshot(account) },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  await insertBillingAccount(account, created, referenceCountItems(undefined, account));
  metrics.addMetric('BillingAccountsOpened', MetricUnit.Count, 1);
  return jsonResponse(201, withAccountBalance(account, { balanceMinor: 0n }), { Location: account.href, ETag: etagOf(1) });
}

async function ownerContextOf(input: BillingAccountCreate): Promise<OwnerContext> {
  const owner = billingAccountOwner(input);
  if (owner.kind === 'Organization') {
    // The schema requires every party but a Customer to be named.
    const party = input.relatedParty.find((one) => one['@referredType'] === 'Organization')!;
    return { ownerId: owner.id, ownerName: party.name!, preferences: {} };
  }
  const stored = await findCustomer(owner.id);
  if (!stored) {
    throw ApiError.badRequest(`customer ${owner.id} does not exist`, [{ field: 'relatedParty', problem: 'unknown customer' }]);
  }
  if (stored.customer.status === 'Closed') throw ApiError.conflict('CUSTOMER_CLOSED', `customer ${owner.id} is Closed`);
  return { ownerId: owner.id, ownerName: stored.customer.name, preferences: billingPreferencesOf(stored.customer), testClockId: stored.customer.testClock?.id };
}

export const handler = apiHandler(idempotentOnKey('create-billing-account', createBillingAccount));

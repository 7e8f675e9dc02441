import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { billingAccountCreateSchema, openBillingAccount } from '../../domain/customers/billing-account.js';
import { ownerCustomerId } from '../../domain/customers/billing-account-owner.js';
import { billingAccountCreateAccess } from '../../domain/customers/billing-account-write-access.js';
import { billingPreferencesOf } from '../../domain/customers/customer.js';
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
import { billingAccountSnapshot } from './billing-account-snapshot.js';
import { billingDefaults } from './billing-defaults.js';

/** TMF666 POST /billingAccount: an additional account for an existing, open customer. */
async function createBillingAccount({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'open billing accounts');
  const input = parseBody(event, 'create', billingAccountCreateSchema);
  requireWritable(principal, billingAccountCreateAccess, input, 'billingAccount');
  const customerId = ownerCustomerId(input);
  const owner = await findCustomer(customerId);
  if (!owner) {
    throw ApiError.badRequest(`customer ${customerId} does not exist`, [{ field: 'relatedParty', problem: 'unknown customer' }]);
  }
  if (owner.customer.status === 'Closed') throw ApiError.conflict('CUSTOMER_CLOSED', `customer ${customerId} is Closed`);

  const testClockId = owner.customer.testClock?.id;
  const now = await customerNow(testClockId);
  const preferences = billingPreferencesOf(owner.customer);
  const defaults = { ...billingDefaults(), ...preferences };
  const account = openBillingAccount(input, { id: newId(), now, defaults, isDefault: false, ownerName: owner.customer.name, testClockId });
  const created = BillingAccountCreated.create(
    { billingAccount: billingAccountSnapshot(account) },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  await insertBillingAccount(account, created);
  metrics.addMetric('BillingAccountsOpened', MetricUnit.Count, 1);
  return jsonResponse(201, withAccountBalance(account, { balanceMinor: 0n }), { Location: account.href, ETag: etagOf(1) });
}

export const handler = apiHandler(idempotentOnKey('create-billing-account', createBillingAccount));

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { applyCustomerPatch } from '../../domain/customers/customer.js';
import { codeConfirms, completedEmailChange, emailChangeConfirmationSchema, refusedEmailChange, requireConfirmable, withVerifiedEmail } from '../../domain/customers/email-change.js';
import { RuleViolationError } from '../../domain/shared/domain-errors.js';
import { emailChangeAccess } from '../../domain/customers/customer-write-access.js';
import { CustomerUpdated } from '../../domain/events/customer-events.js';
import { requireCustomerAccess } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { applyEmailChange, findEmailChange, recordFailedChange, spendAttempt } from '../lib/store/email-change-store.js';
import { customerSnapshot } from './customer-snapshot.js';

/**
 * POST /customer/v1/emailChange/{id}/confirmation: the code sent to the new address applies the
 * change. Every confirmation spends an attempt before its code is compared; a wrong code, and
 * any code for an address that was taken when asked (none was sent), are refused alike.
 */
async function confirmEmailChange({ event, principal, correlationId }: ApiRequest) {
  const id = event.pathParameters?.id ?? '';
  const { code } = parseBody(event, 'create', emailChangeConfirmationSchema);
  requireWritable(principal, emailChangeAccess, { code }, 'emailChange');
  const stored = await findEmailChange(id);
  if (!stored) throw ApiError.notFound('emailChange', id);
  const customerId = stored.change.customer.id;
  requireCustomerAccess(principal, customerId, 'emailChange', id);
  const customer = await findCustomer(customerId);
  if (!customer) throw new Error(`invariant broken: e-mail change ${id} names customer ${customerId}, which does not exist`);

  const now = await customerNow(customer.customer.testClock?.id);
  requireConfirmable(stored.change, now);
  const counted = await spendAttempt(id);
  if (!counted) throw new RuleViolationError('email-change-settled', `e-mail change ${id} was settled or used up its attempts meanwhile; ask for a new one`);
  if (!codeConfirms(counted.change, counted.secret, code)) {
    const refused = refusedEmailChange(counted.change);
    if (refused.state === 'failed') await recordFailedChange(refused, counted.version);
    const left = refused.attemptsLeft;
    throw ApiError.badRequest(`the code does not match the one sent; ${left > 0 ? `${left} attempts left` : 'no attempts left: ask for a new one'}`, [
      { field: 'code', problem: 'does not match' },
    ]);
  }
  const completed = completedEmailChange(counted.change, now);

  const change = applyCustomerPatch(customer.customer, { contactMedium: withVerifiedEmail(customer.customer.contactMedium, stored.change.emailAddress) }, now);
  const updated = CustomerUpdated.create({ customer: customerSnapshot(change.customer), changedAttributes: ['contactMedium'] }, { eventId: newId(), occurredAt: now, correlationId });
  await applyEmailChange(change, customer.version, completed, counted.version, [updated]);
  metrics.addMetric('CustomerEmailsChanged', MetricUnit.Count, 1);
  return jsonResponse(200, completed);
}

export const handler = apiHandler(confirmEmailChange);

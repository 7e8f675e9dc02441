import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { primaryEmail } from '../../domain/customers/email.js';
import { OnboardingStarted } from '../../domain/events/onboarding-events.js';
import { acknowledgeOnboarding, checkApplication, onboardingCreateSchema } from '../../domain/onboarding/onboarding.js';
import { requireStaff } from '../lib/auth/principal.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { findTestClock } from '../lib/store/test-clock-store.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { metrics } from '../lib/observability/telemetry.js';
import { duplicateEmail, findCustomerIdByEmail } from '../lib/store/customer-store.js';
import { insertOnboarding } from '../lib/store/onboarding-store.js';

/**
 * POST /onboarding/v1/onboarding: an agent submits an application. It is checked and stored
 * with OnboardingStarted in one transaction; that event starts the onboarding state machine, so
 * the answer is 202 with the resource to follow (Location). A taken email is refused at once;
 * the registration step checks it again, atomically, for applications racing each other.
 */
async function startOnboarding({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'onboard customers');
  const application = parseBody(event, 'create', onboardingCreateSchema);
  checkApplication(application);
  const email = primaryEmail(application.customer.contactMedium);
  if (await findCustomerIdByEmail(email)) throw duplicateEmail(email);

  const testClockId = application.customer.testClock?.id;
  if (testClockId !== undefined && !(await findTestClock(testClockId))) {
    throw ApiError.badRequest(`test clock ${testClockId} does not exist`, [{ field: 'customer.testClock.id', problem: 'unknown test clock' }]);
  }
  const now = await customerNow(testClockId);
  const onboarding = acknowledgeOnboarding(newId(), now);
  const started = OnboardingStarted.create(
    { onboardingId: onboarding.id, href: onboarding.href, withFirstOrder: application.productOrder !== undefined },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  await insertOnboarding(onboarding, application, started);
  metrics.addMetric('OnboardingsStarted', MetricUnit.Count, 1);
  return jsonResponse(202, onboarding, { Location: onboarding.href, ETag: etagOf(1) });
}

export const handler = apiHandler(idempotentOnKey('start-onboarding', startOnboarding));

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { registerCustomer } from '../../domain/customers/customer.js';
import { primaryEmail } from '../../domain/customers/email.js';
import { CustomerCreated } from '../../domain/events/customer-events.js';
import { OnboardingFailed } from '../../domain/events/onboarding-events.js';
import { failOnboarding, recordCustomerRegistered, stepOf } from '../../domain/onboarding/onboarding.js';
import { customerSnapshot } from '../customers/customer-snapshot.js';
import { logger, metrics } from '../lib/observability/telemetry.js';
import { updateOnboarding, writeCustomerRegistration } from '../lib/store/onboarding-store.js';
import { DuplicateKeyError } from '../lib/store/store-errors.js';
import { onboardingIds } from './onboarding-ids.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

export type RegistrationOutcome = { outcome: 'registered'; customerId: string } | { outcome: 'failed'; reason: string };

/**
 * Step 1: registers the TMF629 customer (Initialized) exactly as POST /customer does, with its
 * email guard and CustomerCreated in the same transaction as the step. CustomerCreated carries
 * the onboarding id, so the rule that opens default billing accounts leaves this customer alone
 * while its credit is checked. An email taken in the meantime fails the onboarding.
 */
async function registerOnboardingCustomer({ stored, now, origin }: OnboardingTask): Promise<RegistrationOutcome> {
  const { onboarding, application, version } = stored;
  if (stepOf(onboarding, 'registerCustomer')) return { outcome: 'registered', customerId: onboarding.customer!.id };

  const { customerId, partyId } = onboardingIds(onboarding.id);
  const customer = registerCustomer(application.customer, { customerId, partyId }, now);
  const email = primaryEmail(customer.contactMedium);
  const created = CustomerCreated.create({ customer: customerSnapshot(customer), onboardingId: onboarding.id }, origin('CustomerCreated'));
  try {
    await writeCustomerRegistration(recordCustomerRegistered(onboarding, customer, now), version, { customer, email }, [created]);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const failed = failOnboarding(onboarding, error.message, now);
    const event = OnboardingFailed.create({ onboardingId: onboarding.id, failedStep: 'registerCustomer', reason: error.message }, origin('OnboardingFailed'));
    await updateOnboarding(failed, version, [event]);
    logger.info('onboarding failed: email taken', { email });
    metrics.addMetric('OnboardingsFailed', MetricUnit.Count, 1);
    return { outcome: 'failed', reason: error.message };
  }
  metrics.addMetric('CustomersCreated', MetricUnit.Count, 1);
  return { outcome: 'registered', customerId: customer.id };
}

export const handler = onboardingTask(registerOnboardingCustomer);

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { primaryEmail } from '../../domain/customers/email.js';
import { CustomerWelcomed, OnboardingCompleted } from '../../domain/events/onboarding-events.js';
import { completeOnboarding } from '../../domain/onboarding/onboarding.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { updateOnboarding } from '../lib/store/onboarding-store.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

/**
 * Last step: the onboarding is completed, and CustomerWelcomed gives the notification channel
 * what the welcome message needs (name, email, account, first order) without a read.
 */
async function welcomeOnboardedCustomer({ stored, now, origin }: OnboardingTask): Promise<{ state: 'completed' }> {
  const { onboarding, version } = stored;
  if (onboarding.state === 'completed') return { state: 'completed' };

  const next = completeOnboarding(onboarding, now);
  const account = onboarding.billingAccount!;
  const order = onboarding.productOrder;
  // Read, not taken from the application: an agent may have corrected the name or email since.
  const current = await findCustomer(onboarding.customer!.id);
  if (!current) throw new Error(`customer ${onboarding.customer!.id} of onboarding ${onboarding.id} does not exist`);
  const { customer } = current;
  const welcomed = CustomerWelcomed.create(
    {
      onboardingId: onboarding.id,
      customer: { id: customer.id, name: customer.name, email: primaryEmail(customer.contactMedium) },
      billingAccount: { id: account.id, name: account.name! },
      ...(order ? { productOrder: { id: order.id } } : {}),
    },
    origin('CustomerWelcomed'),
  );
  const completed = OnboardingCompleted.create(
    {
      onboardingId: onboarding.id,
      customerId: customer.id,
      billingAccountId: account.id,
      creditLimit: onboarding.creditDecision!.creditLimit!,
      ...(order ? { productOrderId: order.id } : {}),
    },
    origin('OnboardingCompleted'),
  );
  await updateOnboarding(next, version, [welcomed, completed]);
  metrics.addMetric('OnboardingsCompleted', MetricUnit.Count, 1);
  return { state: 'completed' };
}

export const handler = onboardingTask(welcomeOnboardedCustomer);

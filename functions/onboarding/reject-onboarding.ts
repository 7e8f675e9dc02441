import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { applyCustomerPatch } from '../../domain/customers/customer.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { CustomerStatusChanged, CustomerUpdated } from '../../domain/events/customer-events.js';
import { OnboardingRejected } from '../../domain/events/onboarding-events.js';
import { recordRejection } from '../../domain/onboarding/onboarding.js';
import { customerSnapshot } from '../customers/customer-snapshot.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { writeRejection } from '../lib/store/onboarding-store.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

/**
 * Step 3, declined: closes the customer with the decision's reason as its statusReason, skips the
 * remaining steps and records OnboardingRejected. No billing account is ever opened for it.
 */
async function rejectOnboarding({ stored, now, origin }: OnboardingTask): Promise<{ state: 'rejected' }> {
  const { onboarding, version } = stored;
  if (onboarding.state === 'rejected') return { state: 'rejected' };

  const next = recordRejection(onboarding, now);
  const { id: customerId } = onboarding.customer!;
  const reason = onboarding.creditDecision!.reason!;
  const current = await findCustomer(customerId);
  if (!current) throw new Error(`customer ${customerId} of onboarding ${onboarding.id} does not exist`);
  const change = applyCustomerPatch(current.customer, { status: 'Closed', statusReason: reason }, now);
  // The decision's reason quotes the credit score: it stays on the customer and the onboarding, never in an event.
  const publishedReason = creditCheckDeclined;
  const events: DomainEvent[] = [
    CustomerUpdated.create({ customer: customerSnapshot(change.customer), changedAttributes: ['status', 'statusReason'] }, origin('CustomerUpdated')),
    CustomerStatusChanged.create({ customerId, from: current.customer.status, to: 'Closed', reason: publishedReason }, origin('CustomerStatusChanged')),
    OnboardingRejected.create({ onboardingId: onboarding.id, customerId, reason: publishedReason }, origin('OnboardingRejected')),
  ];
  await writeRejection(next, version, { customer: change.customer, expectedVersion: current.version }, events);
  metrics.addMetric('OnboardingsRejected', MetricUnit.Count, 1);
  return { state: 'rejected' };
}

/** What events say of a declined application, whatever the bureau's score. */
export const creditCheckDeclined = 'the credit check declined the application';

export const handler = onboardingTask(rejectOnboarding);

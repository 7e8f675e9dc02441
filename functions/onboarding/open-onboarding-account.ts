import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { openBillingAccount } from '../../domain/customers/billing-account.js';
import { applyCustomerPatch } from '../../domain/customers/customer.js';
import type { DomainEvent } from '../../domain/events/domain-event.js';
import { BillingAccountCreated, CustomerStatusChanged, CustomerUpdated } from '../../domain/events/customer-events.js';
import { onboardingAccountRequest, recordAccountOpened, stepOf } from '../../domain/onboarding/onboarding.js';
import { billingAccountSnapshot } from '../billing-accounts/billing-account-snapshot.js';
import { billingDefaults } from '../billing-accounts/billing-defaults.js';
import { customerSnapshot } from '../customers/customer-snapshot.js';
import { metrics } from '../lib/observability/telemetry.js';
import { findCustomer } from '../lib/store/customer-store.js';
import { writeAccountOpening } from '../lib/store/onboarding-store.js';
import { onboardingIds } from './onboarding-ids.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

/**
 * Step 3, approved: validates the customer and opens its default billing account (the default
 * marker claimed as for any customer) with the approved credit limit, in one transaction with
 * the step and BillingAccountCreated.
 */
async function openOnboardingAccount({ stored, now, origin }: OnboardingTask): Promise<{ billingAccountId: string }> {
  const { onboarding, application, version } = stored;
  if (stepOf(onboarding, 'openBillingAccount')) return { billingAccountId: onboarding.billingAccount!.id };

  const { id: customerId } = onboarding.customer!;
  const creditLimit = onboarding.creditDecision?.creditLimit;
  if (!creditLimit) throw new Error(`onboarding ${onboarding.id} has no approved credit limit`);
  const current = await findCustomer(customerId);
  if (!current) throw new Error(`customer ${customerId} of onboarding ${onboarding.id} does not exist`);
  const change = applyCustomerPatch(current.customer, { status: 'Validated' }, now);
  const account = openBillingAccount(onboardingAccountRequest(application, change.customer, creditLimit), {
    id: onboardingIds(onboarding.id).billingAccountId,
    now,
    defaults: billingDefaults(),
    isDefault: true,
    ownerName: change.customer.name,
    testClockId: change.customer.testClock?.id,
  });

  const events: DomainEvent[] = [];
  if (change.statusChanged) {
    events.push(
      CustomerUpdated.create({ customer: customerSnapshot(change.customer), changedAttributes: ['status'] }, origin('CustomerUpdated')),
      CustomerStatusChanged.create({ customerId, from: current.customer.status, to: change.customer.status }, origin('CustomerStatusChanged')),
    );
  }
  events.push(BillingAccountCreated.create({ billingAccount: billingAccountSnapshot(account) }, origin('BillingAccountCreated')));
  await writeAccountOpening(recordAccountOpened(onboarding, account, now), version, { customer: change.customer, customerVersion: current.version, account }, events);
  metrics.addMetric('BillingAccountsOpened', MetricUnit.Count, 1);
  return { billingAccountId: account.id };
}

export const handler = onboardingTask(openOnboardingAccount);

import { primaryEmail } from '../../domain/customers/email.js';
import type { CreditApplicant, CreditBureau } from '../../domain/onboarding/credit-bureau.js';
import { decideCredit } from '../../domain/onboarding/credit-decision.js';
import { accountCurrencyOf, recordCreditDecision, stepOf, type OnboardingCreate } from '../../domain/onboarding/onboarding.js';
import { billingDefaults } from '../billing-accounts/billing-defaults.js';
import { simulatedCreditBureau } from '../lib/providers/simulated-credit-bureau.js';
import { logger } from '../lib/observability/telemetry.js';
import { updateOnboarding } from '../lib/store/onboarding-store.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

export interface CreditOutcome {
  decision: 'approved' | 'rejected';
}

/** The applicant as the bureau needs it; a country only when the contact gives an ISO code. */
function applicantOf(application: OnboardingCreate, customer: { id: string; name: string }): CreditApplicant {
  const country = application.customer.contactMedium.map((medium) => medium.characteristic.country).find((code) => code && /^[A-Z]{2}$/.test(code));
  return { customerId: customer.id, name: customer.name, email: primaryEmail(application.customer.contactMedium), ...(country ? { country } : {}) };
}

/**
 * Step 2: asks the credit bureau and decides on its score (domain/onboarding/credit-decision.ts)
 * in the currency the account will have; the decision, and the credit limit when approved, are
 * recorded on the onboarding. The bureau is a port: this file wires the simulated one.
 */
export function checkOnboardingCreditWith(bureau: CreditBureau) {
  return async ({ stored, now }: OnboardingTask): Promise<CreditOutcome> => {
    const { onboarding, application, version } = stored;
    if (stepOf(onboarding, 'creditCheck')) return { decision: onboarding.creditDecision!.decision };

    const report = await bureau.check(applicantOf(application, onboarding.customer!), now);
    const decision = decideCredit(report, accountCurrencyOf(application, billingDefaults().currency));
    await updateOnboarding(recordCreditDecision(onboarding, decision, report.reference, now), version, []);
    logger.info('credit decided', { decision: decision.decision, score: decision.score, reference: report.reference });
    return { decision: decision.decision };
  };
}

export const handler = onboardingTask(checkOnboardingCreditWith(simulatedCreditBureau));

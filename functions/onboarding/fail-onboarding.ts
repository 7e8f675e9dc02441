import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { OnboardingFailed } from '../../domain/events/onboarding-events.js';
import { failOnboarding, isTerminal, pendingStep } from '../../domain/onboarding/onboarding.js';
import * as z from '../../domain/shared/zod.js';
import { logger, metrics } from '../lib/observability/telemetry.js';
import { updateOnboarding } from '../lib/store/onboarding-store.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

/** What a Catch puts at $.error: the error type and Lambda's JSON cause. */
const caughtErrorSchema = /* @__PURE__ */ z.lazy(() => z.optional(z.object({ Error: z._default(z.string(), 'States.Runtime'), Cause: z.optional(z.string()) })));

/**
 * Errors whose message is written for people (a rule of ours said no); any other error's
 * message may hold internals, so the onboarding shows only its type and the message stays in
 * the logs and the execution history.
 */
const explainedErrors = new Set(['RuleViolationError', 'InvalidInputError', 'DuplicateKeyError', 'DefaultAccountExistsError']);

function reasonFor(step: string | undefined, error: z.infer<typeof caughtErrorSchema>): string {
  const type = error?.Error ?? 'States.Runtime';
  const at = step ? `the ${step} step` : 'the onboarding';
  let message: string | undefined;
  try {
    message = (JSON.parse(error?.Cause ?? '{}') as { errorMessage?: string }).errorMessage;
  } catch {
    message = undefined;
  }
  return explainedErrors.has(type) && message ? `${at} failed: ${message}` : `${at} failed (${type}); the execution history has the details`;
}

/**
 * The state machine's Catch: marks the onboarding failed at the step that was running, with
 * OnboardingFailed. Whatever the earlier steps did stays (a registered customer stays
 * Initialized and without an account; docs/onboarding.md says how an agent carries on).
 */
async function markOnboardingFailed({ stored, now, origin }: OnboardingTask, input: Record<string, unknown>): Promise<{ state: string }> {
  const { onboarding, version } = stored;
  if (isTerminal(onboarding)) return { state: onboarding.state };

  const error = caughtErrorSchema.parse(input.error);
  const failedStep = pendingStep(onboarding);
  const reason = reasonFor(failedStep, error);
  logger.error('onboarding failed', { failedStep, error: error?.Error, cause: error?.Cause });
  const event = OnboardingFailed.create(
    { onboardingId: onboarding.id, ...(onboarding.customer ? { customerId: onboarding.customer.id } : {}), ...(failedStep ? { failedStep } : {}), reason },
    origin('OnboardingFailed'),
  );
  await updateOnboarding(failOnboarding(onboarding, reason, now), version, [event]);
  metrics.addMetric('OnboardingsFailed', MetricUnit.Count, 1);
  return { state: 'failed' };
}

export const handler = onboardingTask(markOnboardingFailed, { runsOnFailed: true });

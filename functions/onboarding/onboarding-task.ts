import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { EventOrigin } from '../../domain/events/domain-event.js';
import * as z from '../../domain/shared/zod.js';
import { customerNow } from '../lib/clock.js';
import { logger, publishMetrics } from '../lib/observability/telemetry.js';
import { findOnboarding, type StoredOnboarding } from '../lib/store/onboarding-store.js';
import { asRetryable, timeoutLeftToLambda } from '../lib/workflows/state-machine-task.js';
import { onboardingIds } from './onboarding-ids.js';

/** What every Task state of the onboarding machine passes: the ids, never the application. */
export const onboardingTaskInputSchema = /* @__PURE__ */ z.lazy(() => z.object({ onboardingId: z.string().check(z.minLength(1)), correlationId: z.string().check(z.minLength(1)) }));
export type OnboardingTaskInput = z.infer<typeof onboardingTaskInputSchema>;

/** The onboarding failed earlier (a duplicate execution reached a later step): nothing more to do. */
export class OnboardingAlreadyFailedError extends Error {
  override readonly name = 'OnboardingAlreadyFailed';
}

export class OnboardingNotFoundError extends Error {
  override readonly name = 'OnboardingNotFound';
}

export interface OnboardingTask {
  stored: StoredOnboarding;
  correlationId: string;
  now: string;
  /** The origin of an event this step records: a derived id, so a repeat records the same event. */
  origin(detailType: string): EventOrigin;
}

/**
 * Wraps one Task function of the onboarding state machine: reads the onboarding (consistently,
 * so a retry sees what its previous attempt wrote), logs with the application's correlation id,
 * and turns transient failures into TransientStoreError (functions/lib/workflows) for the machine's Retry. Each step is
 * idempotent on its own: it returns what is already recorded instead of doing it again.
 */
export function onboardingTask<TResult>(
  step: (task: OnboardingTask, input: Record<string, unknown>) => Promise<TResult>,
  options: { runsOnFailed?: boolean } = {},
) {
  return middy(async (event: unknown): Promise<TResult> => {
    const { onboardingId, correlationId } = onboardingTaskInputSchema.parse(event);
    logger.appendKeys({ correlationId, onboardingId });
    try {
      const stored = await findOnboarding(onboardingId, { consistent: true });
      if (!stored) throw new OnboardingNotFoundError(`onboarding ${onboardingId} does not exist`);
      if (stored.onboarding.state === 'failed' && !options.runsOnFailed) {
        throw new OnboardingAlreadyFailedError(`onboarding ${onboardingId} has failed: ${stored.onboarding.failureReason ?? ''}`);
      }
      // An applicant registered on a test clock lives by it from the first step on.
      const now = await customerNow(stored.application.customer.testClock?.id);
      const ids = onboardingIds(onboardingId);
      const origin = (detailType: string): EventOrigin => ({ eventId: ids.eventId(detailType), occurredAt: now, correlationId });
      return await step({ stored, correlationId, now, origin }, event as Record<string, unknown>);
    } catch (error) {
      // A lost race is transient too: the retry reads again and, if the other writer did this step, finds it done.
      throw asRetryable(error);
    }
  }, timeoutLeftToLambda)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics);
}

import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger, publishMetrics } from '../observability/telemetry.js';
import { ConcurrentTransactionError, isStoreBusy, isTransactionConflict, StaleVersionError } from '../store/store-errors.js';

/**
 * The error name state machines Retry on: a conflict or a throttle that clears up when the step
 * runs again (it re-reads what it changes), as opposed to a business outcome.
 */
export class TransientStoreError extends Error {
  override readonly name = 'TransientStoreError';
}

/**
 * A step's business outcome that ends the saga's happy path (OutOfStock, CreditLimitExceeded,
 * PaymentDeclined, ...): the `name` is what the ASL Catch matches, the message is the reason
 * recorded on the order, in words a customer can read.
 */
export class StepOutcomeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function asRetryable(error: unknown): unknown {
  const transient = error instanceof ConcurrentTransactionError || error instanceof StaleVersionError || isTransactionConflict(error) || isStoreBusy(error);
  return transient ? new TransientStoreError((error as Error).message, { cause: error }) : error;
}

/**
 * middy's own option for the Lambdas state machines run: by default middy ends a handler 5 ms
 * before the function's timeout with an error of its own (`TimeoutError`, "[AbortError]: The
 * operation was aborted."), which no machine's Retry names, so a step that ran out of time (a
 * busy moment) failed its saga. With it off the timeout stays Lambda's, `Sandbox.Timedout`, which
 * every machine retries: every step is idempotent.
 */
export const timeoutLeftToLambda = { timeoutEarlyInMillis: 0 };

/**
 * A Lambda a state machine's Task runs: the log carries the order (or other subject) and the
 * correlation id, metrics are flushed, and retryable store errors get the name the ASL retries.
 */
export function stateMachineTask<TInput extends { correlationId?: string }, TOutput>(
  subjectKey: keyof TInput & string,
  run: (input: TInput, lambda: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<TOutput>,
) {
  return middy(async (input: TInput, lambda: Context): Promise<TOutput> => {
    logger.appendKeys({ [subjectKey]: input[subjectKey], correlationId: input.correlationId });
    try {
      return await run(input, lambda);
    } catch (error) {
      throw asRetryable(error);
    }
  }, timeoutLeftToLambda)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics);
}

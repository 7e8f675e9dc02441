import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { provisioningActions, type ProvisioningRequest } from '../../domain/provisioning/provisioning-system.js';
import * as z from '../../domain/shared/zod.js';
import { logger } from '../lib/observability/telemetry.js';
import { simulatedProvisioningAnswer } from '../lib/providers/simulated-provisioning-rules.js';
import type { SimulatedProvisioningInput } from '../lib/providers/simulated-provisioning-system.js';
import { ConcurrentTransactionError } from '../lib/store/store-errors.js';
import { timeoutLeftToLambda } from '../lib/workflows/state-machine-task.js';
import { recordProvisioningResult } from './record-provisioning-result.js';

/** The error type the state machine's Retry names: the callback failed in a way that clears up by itself. */
class TransientCallbackError extends Error {
  override readonly name = 'TransientCallbackError';
}

/** DynamoDB and Step Functions answers that clear up by themselves once the SDK's own retries are spent. */
const transientAwsErrors = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'InternalServerError',
  'ServiceUnavailable',
]);

function isTransient(error: unknown): boolean {
  return error instanceof ConcurrentTransactionError || (error instanceof Error && transientAwsErrors.has(error.name));
}

const inputSchema: z.ZodMiniType<SimulatedProvisioningInput> = /* @__PURE__ */ z.lazy(() => z.object({
  request: z.object({
    requestId: z.string().check(z.minLength(1)),
    orderId: z.string().check(z.minLength(1)),
    orderItemId: z.string().check(z.minLength(1)),
    action: z.enum(provisioningActions),
    productId: z.string(),
    productOffering: z.object({ id: z.string(), name: z.string() }),
    characteristics: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) })),
  }) satisfies z.ZodMiniType<ProvisioningRequest>,
  delaySeconds: z.number(),
  correlationId: z.optional(z.string().check(z.minLength(1))),
}));

/**
 * The SIMULATED provisioning system at work (docs/providers.md): the simulated-provisioning-system
 * state machine runs this once its delay is over. It decides the request's outcome by the
 * simulated rules and calls back as a real system would; a request it never answers is left
 * for the waiting order's timeout. Safe to run twice: the callback records a result once.
 */
async function runSimulatedProvisioning(event: unknown) {
  const { request, correlationId = request.requestId } = inputSchema.parse(event);
  logger.appendKeys({ correlationId, provisioningRequestId: request.requestId, orderId: request.orderId, orderItemId: request.orderItemId });

  const answer = simulatedProvisioningAnswer(request);
  if (answer.answer === 'none') {
    logger.info('simulated provisioning: no answer, by design', { why: answer.why });
    return { answered: false };
  }

  const recorded = await recordProvisioningResult(request.requestId, answer.result, { correlationId }).catch((error: unknown) => {
    throw isTransient(error) ? new TransientCallbackError((error as Error).message, { cause: error }) : error;
  });
  if (recorded === 'unknown-request') {
    logger.warn('simulated provisioning: nobody waits for this request; the answer was dropped', { outcome: answer.result.outcome });
  } else {
    logger.info('simulated provisioning: answered', { outcome: answer.result.outcome, serviceId: answer.result.serviceId, recorded });
  }
  return { answered: true, outcome: answer.result.outcome, recorded };
}

export const handler = middy(runSimulatedProvisioning, timeoutLeftToLambda).use(injectLambdaContext(logger, { resetKeys: true }));

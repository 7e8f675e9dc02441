import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { provisioningResultSchema, type ProvisioningResult } from '../../domain/provisioning/provisioning-system.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { logger } from '../lib/observability/telemetry.js';
import { findProvisioningRequest, recordProvisioningAnswer } from '../lib/store/provisioning-request-store.js';

const stepFunctions = new SFNClient({});

/** Task tokens that no longer resume anything: the step timed out, or the execution ended. */
const closedTokenErrors = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * The provisioning system's answer for one request: resumes the order-to-cash step waiting for
 * it (SendTaskSuccess, or SendTaskFailure with the reason) and records the answer. The step is
 * resumed first, so an answer is never recorded without reaching the order; a repeated answer
 * finds the token closed or the request answered and changes nothing.
 */
export async function recordProvisioningResult(
  requestId: string,
  result: ProvisioningResult,
  origin: { correlationId: string },
): Promise<'recorded' | 'already-recorded' | 'unknown-request'> {
  const request = await findProvisioningRequest(requestId);
  if (!request) return 'unknown-request';
  if (request.state !== 'requested') return 'already-recorded';
  if (request.taskToken === undefined) {
    // Nothing waits for it (dunning's suspend and resume): the answer is recorded, a failure logged for an operator.
    if (result.outcome === 'failed') logger.warn('provisioning request failed', { requestId, reason: result.reason, correlationId: origin.correlationId });
    return (await recordProvisioningAnswer(requestId, result, systemClock.now())) === 'recorded' ? 'recorded' : 'already-recorded';
  }
  try {
    if (result.outcome === 'succeeded') {
      const output = JSON.stringify({ itemId: request.itemId, serviceId: result.serviceId ?? requestId });
      await stepFunctions.send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output }));
    } else {
      const cause = result.reason ?? 'the provisioning system gave no reason';
      await stepFunctions.send(new SendTaskFailureCommand({ taskToken: request.taskToken, error: 'ProvisioningFailed', cause }));
    }
  } catch (error) {
    if (!(error instanceof Error && closedTokenErrors.has(error.name))) throw error;
    // Too late: the order has already failed the item (its timeout), so the answer is kept but changes nothing.
    logger.warn('provisioning answer arrived after the order stopped waiting', { requestId, correlationId: origin.correlationId });
  }
  return (await recordProvisioningAnswer(requestId, result, systemClock.now())) === 'recorded' ? 'recorded' : 'already-recorded';
}

/**
 * POST /provisioning/v1/provisioningRequest/{id}/result: how a real provisioning system calls
 * back (docs/providers.md). Who may call it is the route's (functions/lib/auth/route-access.ts): the
 * provisioning machine client, and admins recovering an order by hand.
 * 200 once recorded, 404 for an unknown request, 409 when it was already answered.
 */
async function recordProvisioningResultUseCase({ event, principal, correlationId }: ApiRequest) {
  const requestId = event.pathParameters?.id ?? '';
  const result = parseBody(event, 'create', provisioningResultSchema);
  const outcome = await recordProvisioningResult(requestId, result, { correlationId });
  if (outcome === 'unknown-request') throw ApiError.notFound('provisioningRequest', requestId);
  if (outcome === 'already-recorded') throw ApiError.conflict('ALREADY_ANSWERED', `provisioning request ${requestId} has already been answered`);
  return jsonResponse(200, { id: requestId, state: result.outcome, ...result });
}

export const handler = apiHandler(recordProvisioningResultUseCase);

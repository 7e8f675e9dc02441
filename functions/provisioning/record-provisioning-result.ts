import { provisioningResultSchema, type ProvisioningResult } from '../../domain/provisioning/provisioning-system.js';
import { systemClock } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { parseBody } from '../lib/http/request-body.js';
import { jsonResponse } from '../lib/http/responses.js';
import { logger } from '../lib/observability/telemetry.js';
import { findProvisioningRequest, recordProvisioningAnswer } from '../lib/store/provisioning-request-store.js';
import { resumeProvisioningStep } from '../lib/workflows/provisioning-step.js';

/**
 * The provisioning system's answer for one request: resumes the order-to-cash step waiting for
 * it (SendTaskSuccess, or SendTaskFailure with the reason) and records the answer. The step is
 * resumed first, so an answer is never recorded without reaching the order; a repeated answer
 * finds the request answered and changes nothing, but passes the recorded answer on to the token
 * the request holds (a step retried after a crash waits on a new one).
 */
export async function recordProvisioningResult(
  requestId: string,
  result: ProvisioningResult,
  origin: { correlationId: string },
): Promise<'recorded' | 'already-recorded' | 'unknown-request'> {
  const request = await findProvisioningRequest(requestId);
  if (!request) return 'unknown-request';
  if (request.state !== 'requested') {
    // Answered before; a step retried since may wait on the token stored over the old one: it gets the recorded answer.
    if (request.taskToken !== undefined && request.result) await resumeProvisioningStep(request.taskToken, request, request.result);
    return 'already-recorded';
  }
  if (request.taskToken === undefined) {
    // Nothing waits for it (dunning's suspend and resume): the answer is recorded, a failure logged for an operator.
    if (result.outcome === 'failed') logger.warn('provisioning request failed', { requestId, reason: result.reason, correlationId: origin.correlationId });
    return (await recordProvisioningAnswer(requestId, result, systemClock.now())) === 'recorded' ? 'recorded' : 'already-recorded';
  }
  // A step that crashed after handing the item over is retried with a new token, stored over the
  // old one: an answer that finds its token closed tries the request's token again.
  let taskToken = request.taskToken;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    if ((await resumeProvisioningStep(taskToken, request, result)) === 'resumed') break;
    const now = await findProvisioningRequest(requestId);
    if (now?.state !== 'requested' || now.taskToken === undefined || now.taskToken === taskToken) {
      // Too late: the order has already failed the item (its timeout), so the answer is kept but changes nothing.
      logger.warn('provisioning answer arrived after the order stopped waiting', { requestId, correlationId: origin.correlationId });
      break;
    }
    taskToken = now.taskToken;
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

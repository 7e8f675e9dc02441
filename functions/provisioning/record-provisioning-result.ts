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
  // old one. The answer is recorded only while the request still holds the token it went to: a
  // retry that stored its token before the record (even after the resume found the old one
  // closed) fails that condition, and the answer goes to its token too. A retry that comes after
  // the record finds the request answered and takes the recorded answer itself.
  let taskToken = request.taskToken;
  for (let round = 1; ; round += 1) {
    const resumed = (await resumeProvisioningStep(taskToken, request, result)) === 'resumed';
    if ((await recordProvisioningAnswer(requestId, result, systemClock.now(), taskToken)) === 'recorded') {
      // Too late: the order has already failed the item (its timeout), so the answer is kept but changes nothing.
      if (!resumed) logger.warn('provisioning answer arrived after the order stopped waiting', { requestId, correlationId: origin.correlationId });
      return 'recorded';
    }
    const now = await findProvisioningRequest(requestId);
    if (now?.state !== 'requested' || now.taskToken === undefined || now.taskToken === taskToken || round >= 3) return 'already-recorded';
    taskToken = now.taskToken;
  }
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

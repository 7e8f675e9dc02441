import { dunningPauseAccess, dunningResumeSchema, resumeDunning } from '../../domain/collections/dunning-interventions.js';
import { DunningResumed } from '../../domain/events/collections-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { changeOrigin, dunningEventSubject, dunningToChange, savedDunningChange } from './dunning-changes.js';

/**
 * POST /collections/v1/dunning/{billingAccountId}/resume (agents, admins), `{ reason }`: a pause
 * ends early; the steps not yet performed fall due as much later as it lasted
 * (docs/collections.md, "Pausing, stopping, restoring"). 200 with the dunning, `DunningResumed`,
 * an audit entry; 409 NO_ACTIVE_DUNNING, or DUNNING_NOT_PAUSED when no pause holds.
 */
async function resumeAccountDunning(request: ApiRequest) {
  const { event, principal, correlationId } = request;
  requireStaff(principal, 'resume dunning');
  const input = parseBody(event, 'create', dunningResumeSchema);
  requireWritable(principal, dunningPauseAccess, input, 'dunning');
  const change = await dunningToChange(request);
  const resumed = resumeDunning(change.dunning, { billingAccountId: change.account.id, at: change.now, reason: input.reason, by: change.actor }, change.policy);
  const announced = DunningResumed.create(
    { ...dunningEventSubject(resumed), resumedAt: change.now, reason: input.reason, resumedBy: change.actor, ...(resumed.nextStepAt ? { nextStepAt: resumed.nextStepAt } : {}) },
    changeOrigin(change, correlationId),
  );
  return savedDunningChange(request, change, resumed, announced);
}

export const handler = apiHandler(idempotentOnKey('resume-account-dunning', resumeAccountDunning));

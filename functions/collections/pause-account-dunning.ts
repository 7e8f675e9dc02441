import { dunningPauseAccess, dunningPauseSchema, pauseDunning } from '../../domain/collections/dunning-interventions.js';
import { DunningPaused } from '../../domain/events/collections-events.js';
import { requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { changeOrigin, dunningEventSubject, dunningToChange, savedDunningChange } from './dunning-changes.js';

/**
 * POST /collections/v1/dunning/{billingAccountId}/pause (agents, admins), `{ until, reason }`:
 * no dunning step for the account before `until`, and every step not yet performed postponed by
 * the pause (docs/collections.md, "Pausing, stopping, restoring"). `until` is after the account's
 * time now and at most 30 days after it (400 naming it otherwise); a pause in force is replaced.
 * 200 with the dunning, `DunningPaused`, an audit entry; 409 NO_ACTIVE_DUNNING when the account
 * is not in dunning.
 */
async function pauseAccountDunning(request: ApiRequest) {
  const { event, principal, correlationId } = request;
  requireStaff(principal, 'pause dunning');
  const input = parseBody(event, 'create', dunningPauseSchema);
  requireWritable(principal, dunningPauseAccess, input, 'dunning');
  const change = await dunningToChange(request);
  const paused = pauseDunning(change.dunning, { billingAccountId: change.account.id, at: change.now, until: input.until, reason: input.reason, by: change.actor }, change.policy);
  const announced = DunningPaused.create(
    {
      ...dunningEventSubject(paused),
      pausedAt: change.now,
      pausedUntil: paused.pausedUntil!,
      reason: input.reason,
      pausedBy: change.actor,
      ...(paused.nextStepAt ? { nextStepAt: paused.nextStepAt } : {}),
    },
    changeOrigin(change, correlationId),
  );
  return savedDunningChange(request, change, paused, announced);
}

export const handler = apiHandler(idempotentOnKey('pause-account-dunning', pauseAccountDunning));

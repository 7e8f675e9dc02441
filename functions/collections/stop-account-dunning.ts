import { dunningStopAccess, dunningStopSchema, stopDunning } from '../../domain/collections/dunning-interventions.js';
import { DunningStopped } from '../../domain/events/collections-events.js';
import { requireAdmin } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedProvisioningSystem } from '../lib/providers/simulated-provisioning-system.js';
import { liftSuspension } from './account-dunning.js';
import { changeOrigin, dunningEventSubject, dunningToChange, savedDunningChange } from './dunning-changes.js';

/**
 * POST /collections/v1/dunning/{billingAccountId}/stop (admins only), `{ reason }`: dunning ends
 * `stopped`, without write-off; the debt stays owed and no step follows (docs/collections.md,
 * "Pausing, stopping, restoring"). A suspension dunning made is lifted first, as a payment lifts
 * it (products resumed through the provisioning port, account Active, a notice). Only a bill
 * that falls overdue later begins dunning again. 200 with the dunning, `DunningStopped`, an
 * audit entry; 409 NO_ACTIVE_DUNNING when the account is not in dunning.
 */
async function stopAccountDunning(request: ApiRequest) {
  const { event, principal, correlationId } = request;
  requireAdmin(principal, 'stop dunning');
  const input = parseBody(event, 'create', dunningStopSchema);
  requireWritable(principal, dunningStopAccess, input, 'dunning');
  const change = await dunningToChange(request);
  const { dunning } = change;
  const productIds = dunning.suspended
    ? await liftSuspension(
        dunning,
        { asOf: change.now, correlationId, notifications: simulatedNotificationSender, provisioning: simulatedProvisioningSystem },
        { key: `dunning-${dunning.billingAccountId}-${dunning.since}-stopped`, reason: 'restored: dunning stopped by an admin' },
      )
    : [];
  const stopped = stopDunning(dunning, { billingAccountId: change.account.id, at: change.now, reason: input.reason, by: change.actor, productIds });
  const announced = DunningStopped.create(
    { ...dunningEventSubject(stopped), stoppedAt: change.now, reason: input.reason, stoppedBy: change.actor, wasSuspended: dunning.suspended, productIds },
    changeOrigin(change, correlationId),
  );
  return savedDunningChange(request, change, stopped, announced);
}

export const handler = apiHandler(idempotentOnKey('stop-account-dunning', stopAccountDunning));

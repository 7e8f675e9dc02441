import { dunningStopAccess, requireRestorable, serviceRestorationSchema, serviceRestored } from '../../domain/collections/dunning-interventions.js';
import { restorationsOf } from '../../domain/collections/dunning.js';
import { ServiceRestored } from '../../domain/events/collections-events.js';
import { requireAdmin } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { idempotentOnKey } from '../lib/http/idempotency.js';
import { parseBody } from '../lib/http/request-body.js';
import { simulatedNotificationSender } from '../lib/providers/simulated-notification-sender.js';
import { simulatedProvisioningSystemAtInit } from '../lib/providers/simulated-provisioning-system-at-init.js';
import { liftSuspension } from './account-dunning.js';
import { changeOrigin, dunningEventSubject, dunningToChange, savedDunningChange } from './dunning-changes.js';

/**
 * POST /collections/v1/dunning/{billingAccountId}/restoreService (admins only), `{ reason, until }`:
 * the service dunning suspended comes back now, as a payment brings it back (products resumed
 * through the provisioning port, account Active, a notice naming what is still overdue and the
 * date promised), and dunning is paused until `until`, the promise to pay: if it is not kept,
 * the service is suspended again when the pause ends, and the steps after follow
 * (docs/collections.md, "Pausing, stopping, restoring"). 200 with the dunning,
 * `ServiceRestored`, an audit entry; 409 SERVICE_NOT_SUSPENDED when nothing is suspended
 * (NO_ACTIVE_DUNNING when the account is not in dunning); 400 for `until` as for a pause.
 */
async function restoreAccountService(request: ApiRequest) {
  const { event, principal, correlationId } = request;
  requireAdmin(principal, 'restore a service dunning suspended');
  const input = parseBody(event, 'create', serviceRestorationSchema);
  requireWritable(principal, dunningStopAccess, input, 'dunning');
  const change = await dunningToChange(request);
  const { dunning } = change;
  // Refused before anything moves; a retry after a lost answer finds the same round, so the same requests (ignored by the network) and nothing moved twice.
  const { until } = requireRestorable(dunning, { billingAccountId: change.account.id, at: change.now, until: input.until });
  const productIds = await liftSuspension(
    dunning,
    { asOf: change.now, correlationId, notifications: simulatedNotificationSender, provisioning: simulatedProvisioningSystemAtInit },
    { key: `dunning-${dunning.billingAccountId}-${dunning.since}-service-restored-${restorationsOf(dunning) + 1}`, reason: 'restored by an admin: payment promised', payBy: until },
  );
  const restored = serviceRestored(dunning, { billingAccountId: change.account.id, at: change.now, until, reason: input.reason, by: change.actor, productIds }, change.policy);
  const announced = ServiceRestored.create(
    { ...dunningEventSubject(restored), restoredAt: change.now, pausedUntil: until, reason: input.reason, restoredBy: change.actor, productIds },
    changeOrigin(change, correlationId),
  );
  return savedDunningChange(request, change, restored, announced);
}

export const handler = apiHandler(idempotentOnKey('restore-account-service', restoreAccountService));

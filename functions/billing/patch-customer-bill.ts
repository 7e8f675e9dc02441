import { billStateAuditEntry, changeBillState, customerBillPatchAccess, customerBillPatchSchema } from '../../domain/billing/bill-hold.js';
import { CustomerBillStateChanged } from '../../domain/events/billing-events.js';
import { isAdmin, requireStaff } from '../lib/auth/principal.js';
import { requireWritable } from '../lib/auth/write-access.js';
import { customerNow } from '../lib/clock.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { checkIfMatch, staleWriteError } from '../lib/http/if-match.js';
import { parseBody } from '../lib/http/request-body.js';
import { etagOf, jsonResponse } from '../lib/http/responses.js';
import { newId } from '../lib/ids.js';
import { updateBillState } from '../lib/store/bill-hold-store.js';
import { findBill } from '../lib/store/bill-store.js';

/**
 * TMF678 PATCH /customerBill/{id} (staff; JSON merge patch, If-Match): `{"state": "onHold"}` puts
 * a disputed bill on hold, the state it had releases it (docs/collections.md, "Bills on hold").
 * `state` is the only attribute (400 naming any other); 409 for a bill that cannot go on hold
 * (not issued, settled, written off) or a state PATCH does not set. The same state again is a
 * 200 that changes nothing. Written with an audit entry and CustomerBillStateChanged, at the
 * customer's time.
 */
async function patchCustomerBill({ event, principal, correlationId }: ApiRequest) {
  requireStaff(principal, 'put bills on hold or release them');
  const id = event.pathParameters?.id ?? '';
  const patch = parseBody(event, 'merge-patch', customerBillPatchSchema);
  requireWritable(principal, customerBillPatchAccess, patch, 'customerBill');
  const stored = await findBill(id, { consistentRead: true });
  if (!stored) throw ApiError.notFound('customerBill', id);
  checkIfMatch(event, stored.version);
  const now = await customerNow(stored.bill.testClock?.id);
  const change = changeBillState(stored.bill, patch.state!, now);
  if (!change.changed) return jsonResponse(200, stored.bill, { ETag: etagOf(stored.version) });

  const { bill } = change;
  const audit = billStateAuditEntry(change, { id: newId(), at: now, actor: { subject: principal.subject, role: isAdmin(principal) ? 'admin' : 'agent' }, correlationId });
  const announced = CustomerBillStateChanged.create(
    {
      billId: bill.id,
      href: bill.href,
      billNo: bill.billNo!,
      billingAccountId: bill.billingAccount.id,
      customerId: stored.customerId,
      from: change.from,
      to: change.to,
      ...(bill.testClock ? { testClockId: bill.testClock.id } : {}),
    },
    { eventId: newId(), occurredAt: now, correlationId },
  );
  const version = await updateBillState(bill, stored.version, audit, [announced]).catch((error: unknown) => {
    throw staleWriteError(event, error);
  });
  return jsonResponse(200, bill, { ETag: etagOf(version) });
}

export const handler = apiHandler(patchCustomerBill);

import { isOpenBill, openBillStates } from '../collections/bill-settlement.js';
import type { AuditEntry } from '../shared/audit-entry.js';
import { RuleViolationError } from '../shared/domain-errors.js';
import { mergePatchSchema } from '../shared/merge-patch.js';
import { staffWrites, type WriteAccess } from '../shared/write-access.js';
import * as z from '../shared/zod.js';
import { unpaidStateOf } from './bill-delivery.js';
import { customerBillStates, type CustomerBill, type CustomerBillState } from './customer-bill.js';

/**
 * A disputed bill put on hold, and released (docs/collections.md, "Bills on hold"): TMF678
 * PATCH /customerBill/{id} `{"state": "onHold"}`, and back to the state it had. While on hold
 * the bill is out of the open bills collections reads (it is not `isOpenBill`): it is not
 * collected, no dunning begins or goes on because of it, and no payment is applied to it;
 * released, it is open again and the next collections run takes it up as any other.
 *
 * Only an issued bill that still owes something goes on hold: one not issued yet (`new`), settled
 * or written off has nothing to dispute with collections (a credit note corrects it). Every other
 * state moves with the bill's issue, delivery and payments, never by PATCH.
 */
export type HoldableBillState = Extract<CustomerBillState, 'validated' | 'sent' | 'partiallyPaid'>;

/** Extension of a bill on hold: the state it goes back to when released, and since when it is held (the customer's time). */
export type BillHold = NonNullable<CustomerBill['hold']>;

export const customerBillPatchSchema = /* @__PURE__ */ z.lazy(() => mergePatchSchema({ state: z.enum(customerBillStates) }).check(z.meta({ examples: [{ state: 'onHold' }] })));
export type CustomerBillPatch = z.infer<typeof customerBillPatchSchema>;

/** Staff (agents handle disputes, admins everything) hold and release bills; a customer disputes through a support case. */
export const customerBillPatchAccess: WriteAccess = staffWrites;

export type BillStateChange = { changed: false; bill: CustomerBill } | { changed: true; bill: CustomerBill; from: CustomerBillState; to: CustomerBillState };

/** The state a held bill goes back to: the one it had, `sent` rather than `validated` if it was delivered while held. */
export function releasedStateOf(bill: CustomerBill): HoldableBillState | undefined {
  if (bill.state !== 'onHold' || !bill.hold) return undefined;
  return bill.hold.previousState === 'partiallyPaid' ? 'partiallyPaid' : unpaidStateOf(bill);
}

function whyNotHoldable(bill: CustomerBill): string {
  if (bill.billNo === undefined) return `bill ${bill.id} is not issued yet`;
  if (bill.state === 'settled') return `bill ${bill.id} is settled`;
  return `bill ${bill.id} owes nothing more`;
}

/**
 * The bill with `requested` as its state, at `now`: `onHold` holds an open bill, the state it
 * had releases a held one; asking for the state it is in changes nothing. Any other move is a
 * RuleViolationError (409).
 */
export function changeBillState(bill: CustomerBill, requested: CustomerBillState, now: string): BillStateChange {
  if (requested === bill.state) return { changed: false, bill };
  if (requested === 'onHold') {
    if (!isOpenBill(bill)) throw new RuleViolationError('bill-not-holdable', `${whyNotHoldable(bill)}: only an issued bill that still owes something can be put on hold`);
    const held: CustomerBill = { ...bill, state: 'onHold', hold: { previousState: bill.state as HoldableBillState, since: now }, lastUpdate: now };
    return { changed: true, bill: held, from: bill.state, to: 'onHold' };
  }
  const released = releasedStateOf(bill);
  if (released !== undefined) {
    if (requested !== released) throw new RuleViolationError('bill-release-state', `bill ${bill.id} is on hold from ${released}: release it to ${released}, the state it goes back to`);
    const { hold: _hold, ...rest } = bill;
    return { changed: true, bill: { ...rest, state: released, lastUpdate: now }, from: 'onHold', to: released };
  }
  throw new RuleViolationError(
    'bill-state-not-settable',
    `bill ${bill.id} is ${bill.state}: its state moves with its issue, delivery and payments; a PATCH only puts an open bill on hold (onHold, from ${openBillStates.join(', ')}) and releases it`,
  );
}

/** The audit entry of a hold or a release: who, when (the customer's time), the state before and after. */
export function billStateAuditEntry(change: Extract<BillStateChange, { changed: true }>, context: { id: string; at: string; actor: AuditEntry['actor']; correlationId: string }): AuditEntry {
  return {
    id: context.id,
    at: context.at,
    resource: { type: 'CustomerBill', id: change.bill.id },
    action: change.to === 'onHold' ? 'billPutOnHold' : 'billReleased',
    actor: context.actor,
    correlationId: context.correlationId,
    before: { state: change.from },
    after: { state: change.to },
  };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordBillDelivery } from '../../../../domain/billing/bill-delivery.js';
import { billStateAuditEntry, changeBillState, customerBillPatchSchema, releasedStateOf } from '../../../../domain/billing/bill-hold.js';
import { customerBillStates, type CustomerBill, type CustomerBillState } from '../../../../domain/billing/customer-bill.js';
import { applyPaymentToBill, isOpenBill, withdrawPaymentFromBill, writeOffBill } from '../../../../domain/collections/bill-settlement.js';
import { applyCreditNoteToBill } from '../../../../domain/collections/credit-note.js';
import { RuleViolationError } from '../../../../domain/shared/domain-errors.js';
import { expectValidTmf, tmf678 } from '../../../support/tmf-schema.js';
import { openBill } from '../collections/collections-fixtures.js';

const now = '2027-02-10T09:00:00.000Z';
const later = '2027-02-20T09:00:00.000Z';

const changed = (bill: CustomerBill, state: CustomerBillState, at = now) => {
  const change = changeBillState(bill, state, at);
  if (!change.changed) throw new Error(`expected ${bill.state} to move to ${state}`);
  return change;
};

describe('putting a bill on hold (changeBillState)', () => {
  it('an open bill goes onHold, remembering the state it had and since when; it is no longer open (collections and dunning leave it)', () => {
    const bill = openBill('b1', 29.03);
    const change = changed(bill, 'onHold');
    expect(change).toMatchObject({ from: 'validated', to: 'onHold' });
    expect(change.bill).toMatchObject({ state: 'onHold', hold: { previousState: 'validated', since: now }, lastUpdate: now });
    expect(isOpenBill(change.bill)).toBe(false);
    expectValidTmf(tmf678, 'CustomerBill', change.bill);
  });

  it('released to the state it had, the hold gone, open again', () => {
    const held = changed(openBill('b1', 29.03), 'onHold').bill;
    expect(releasedStateOf(held)).toBe('validated');
    const release = changed(held, 'validated', later);
    expect(release).toMatchObject({ from: 'onHold', to: 'validated' });
    expect(release.bill.hold).toBeUndefined();
    expect(release.bill).toMatchObject({ state: 'validated', lastUpdate: later });
    expect(isOpenBill(release.bill)).toBe(true);
  });

  it('a partly paid bill goes back partiallyPaid; a bill delivered while held goes back sent', () => {
    const part = applyPaymentToBill(openBill('b1', 30), { id: 'pay-1', amountMinor: 1000n }, now);
    expect(changed(changed(part, 'onHold').bill, 'partiallyPaid').bill.state).toBe('partiallyPaid');
    const held = changed(openBill('b2', 30), 'onHold').bill;
    const delivered = { ...held, delivery: { status: 'sent', channel: 'email', attempts: 1, lastAttemptAt: now } } as CustomerBill;
    expect(releasedStateOf(delivered)).toBe('sent');
    expect(() => changeBillState(delivered, 'validated', later)).toThrow(/on hold from sent: release it to sent/);
  });

  it('delivered while held, the bill stays held and says so: hold.previousState is sent, the state its release goes back to', () => {
    const held = changed(openBill('b2', 30), 'onHold').bill;
    const failed = recordBillDelivery(held, { status: 'failed', channel: 'email', attempts: 1, lastAttemptAt: later, failure: 'bounced' }, later);
    expect(failed).toMatchObject({ state: 'onHold', hold: { previousState: 'validated' } });
    const delivered = recordBillDelivery(failed, { status: 'sent', channel: 'email', attempts: 2, lastAttemptAt: later }, later);
    expect(delivered).toMatchObject({ state: 'onHold', hold: { previousState: 'sent', since: now }, lastUpdate: later });
    expect(changeBillState(delivered, delivered.hold!.previousState, later).bill.state).toBe('sent');
  });

  it('the state it is in already changes nothing', () => {
    const bill = openBill('b1', 10);
    expect(changeBillState(bill, 'validated', now)).toEqual({ changed: false, bill });
    const held = changed(bill, 'onHold').bill;
    expect(changeBillState(held, 'onHold', later)).toEqual({ changed: false, bill: held });
  });

  it('409 for a bill not issued, settled or written off, and for any state PATCH does not set', () => {
    const { billNo: _none, ...draft } = openBill('b1', 10);
    expect(() => changeBillState({ ...draft, state: 'new' }, 'onHold', now)).toThrow(/not issued yet/);
    const settled = applyPaymentToBill(openBill('b2', 10), { id: 'pay-1', amountMinor: 1000n }, now);
    expect(() => changeBillState(settled, 'onHold', now)).toThrow(/b2 is settled: only an issued bill that still owes something/);
    expect(() => changeBillState(writeOffBill(openBill('b3', 10), now), 'onHold', now)).toThrow(/owes nothing more/);
    expect(() => changeBillState(openBill('b4', 10), 'settled', now)).toThrow(RuleViolationError);
    expect(() => changeBillState(openBill('b4', 10), 'sent', now)).toThrow(/moves with its issue, delivery and payments/);
    const error = (() => {
      try {
        changeBillState(settled, 'onHold', now);
      } catch (caught) {
        return caught as RuleViolationError;
      }
    })();
    expect(error?.rule).toBe('bill-not-holdable');
  });

  it('a held bill takes no payment; a refund of what paid it keeps it held, with the state it goes back to', () => {
    const part = applyPaymentToBill(openBill('b1', 30), { id: 'pay-1', amountMinor: 1000n }, now);
    const held = changed(part, 'onHold').bill;
    expect(() => applyPaymentToBill(held, { id: 'pay-2', amountMinor: 100n }, now)).toThrow(/on hold \(disputed\): release it/);
    const refunded = withdrawPaymentFromBill(held, { id: 'pay-1', amountMinor: 1000n }, later);
    expect(refunded).toMatchObject({ state: 'onHold', hold: { previousState: 'validated', since: now }, remainingAmount: { value: 30 } });
    expect(changed(refunded, 'validated').bill.state).toBe('validated');
  });

  it('a credit note (what settles a dispute) keeps a held bill held, to go back partiallyPaid; one that leaves nothing owed settles it and ends the hold', () => {
    const held = changed(openBill('b1', 30), 'onHold').bill;
    const note = (value: number) => ({ id: 'cn-1', href: '/collections/v1/creditNote/cn-1', appliedToBill: { unit: 'EUR', value } });
    const part = applyCreditNoteToBill(held, note(10), later);
    expect(part).toMatchObject({ state: 'onHold', hold: { previousState: 'partiallyPaid', since: now }, remainingAmount: { value: 20 } });
    expect(changed(part, 'partiallyPaid').bill.state).toBe('partiallyPaid');
    const all = applyCreditNoteToBill(held, note(30), later);
    expect(all.state).toBe('settled');
    expect(all.hold).toBeUndefined();
    expectValidTmf(tmf678, 'CustomerBill', all);
  });

  it('the audit entry says who, when, and the state before and after', () => {
    const change = changed(openBill('b1', 10), 'onHold');
    expect(billStateAuditEntry(change, { id: 'a-1', at: now, actor: { subject: 'agent-user', role: 'agent' }, correlationId: 'c-1' })).toEqual({
      id: 'a-1',
      at: now,
      resource: { type: 'CustomerBill', id: 'b1' },
      action: 'billPutOnHold',
      actor: { subject: 'agent-user', role: 'agent' },
      correlationId: 'c-1',
      before: { state: 'validated' },
      after: { state: 'onHold' },
    });
  });

  it('the PATCH body is exactly `state`, one of TMF678 states', () => {
    expect(customerBillPatchSchema.safeParse({ state: 'onHold' }).success).toBe(true);
    expect(customerBillPatchSchema.safeParse({ state: 'disputed' }).success).toBe(false);
    expect(customerBillPatchSchema.safeParse({}).success).toBe(false);
    expect(customerBillPatchSchema.safeParse({ state: 'onHold', remainingAmount: { unit: 'EUR', value: 0 } }).success).toBe(false);
  });
});

describe('hold and release, property', () => {
  it('any sequence of requested states either changes nothing, or holds an open bill, or releases it to where it was; what it owes never moves', () => {
    const start = fc.constantFrom<CustomerBill>(
      openBill('b1', 30),
      applyPaymentToBill(openBill('b2', 30), { id: 'pay-1', amountMinor: 1200n }, now),
      { ...openBill('b3', 30), state: 'sent', delivery: { status: 'sent', channel: 'email', attempts: 1, lastAttemptAt: now } } as CustomerBill,
    );
    fc.assert(
      fc.property(start, fc.array(fc.constantFrom(...customerBillStates), { maxLength: 12 }), (initial, requests) => {
        let bill = initial;
        for (const requested of requests) {
          let next: CustomerBill;
          try {
            next = changeBillState(bill, requested, now).bill;
          } catch (error) {
            expect(error).toBeInstanceOf(RuleViolationError);
            continue;
          }
          expect(next.remainingAmount).toEqual(initial.remainingAmount);
          // Only two states are ever reached: on hold, or the one the bill started in.
          expect([initial.state, 'onHold']).toContain(next.state);
          expect(next.state === 'onHold').toBe(next.hold !== undefined);
          expect(isOpenBill(next)).toBe(next.state !== 'onHold');
          bill = next;
        }
      }),
    );
  });
});

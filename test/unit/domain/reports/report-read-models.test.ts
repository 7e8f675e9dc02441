import { describe, expect, it } from 'vitest';
import { billRunEntryOf, type BillRunFacts } from '../../../../domain/reports/bill-run-history.js';
import { openMinorOf, openReceivableOf, reportLedgerOf, withIssue, withMovement, type IssuedReceivable, type ReceivableMovement, type ReceivableState } from '../../../../domain/reports/receivables-read-model.js';

const issued: IssuedReceivable = { billId: 'b1', billingAccountId: 'ba-1', customerId: 'cust-1', currency: 'EUR', paymentDueDate: '2027-01-30T00:00:00.000Z', owedAtIssueMinor: 10_000n };
const move = (eventId: string, deltaMinor: bigint): ReceivableMovement => ({ billId: 'b1', eventId, ledger: 'live', deltaMinor });

/** Every order of the same steps, each step applied as the consumer applies it. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

type Step = { issue: IssuedReceivable } | { movement: ReceivableMovement };
const apply = (state: ReceivableState | undefined, step: Step) => ('issue' in step ? withIssue(state, step.issue, 'live') : (withMovement(state, step.movement) ?? state));

describe('the receivables read model', () => {
  it("a bill owes its issue less what paid it plus what refunds reopened, whatever the order of the events and however often each comes", () => {
    const steps: Step[] = [{ issue: issued }, { movement: move('pay', -4_000n) }, { movement: move('note', -1_000n) }, { movement: move('refund', 2_000n) }];
    for (const order of permutations([...steps, steps[1]!, steps[0]!])) {
      const state = order.reduce<ReceivableState | undefined>(apply, undefined)!;
      expect(openMinorOf(state)).toBe(7_000n);
      expect(openReceivableOf(state)).toMatchObject({ remainingMinor: 7_000n, paymentDueDate: issued.paymentDueDate, currency: 'EUR', customerId: 'cust-1' });
    }
  });

  it('counts an event once: its second delivery changes nothing', () => {
    const once = withMovement(withIssue(undefined, issued, 'live'), move('pay', -4_000n))!;
    expect(withMovement(once, move('pay', -4_000n))).toBeUndefined();
  });

  it('is not open before its issue, nor once it owes nothing (paid, written off)', () => {
    expect(openReceivableOf(withMovement(undefined, move('pay', -4_000n))!)).toBeUndefined();
    const paid = withMovement(withIssue(undefined, issued, 'live'), move('pay', -10_000n))!;
    expect(openMinorOf(paid)).toBe(0n);
    expect(openReceivableOf(paid)).toBeUndefined();
    expect(openReceivableOf(withIssue(undefined, { ...issued, owedAtIssueMinor: 0n }, 'live'))).toBeUndefined();
  });

  it('names the ledger: live, or the test clock', () => {
    expect(reportLedgerOf(undefined)).toBe('live');
    expect(reportLedgerOf('clk-1')).toBe('test-clock-clk-1');
  });
});

describe('the billing-run history', () => {
  const requested: BillRunFacts = { billRunId: 'r1', ledger: 'live', asOf: '2027-03-01T00:00:00.000Z', trigger: 'request', requestedAt: '2027-03-01T09:00:00.000Z' };
  const completed: BillRunFacts = { billRunId: 'r1', ledger: 'live', asOf: '2027-03-01T00:00:00.000Z', trigger: 'request', completed: { at: '2027-03-01T09:05:00.000Z', state: 'completed', counts: { due: 1, billed: 1, skipped: 0, failed: 0, bills: 1 } } };

  it('an entry is the same whichever of its events came first, and inProgress until it completes', () => {
    expect(billRunEntryOf([requested, completed])).toEqual(billRunEntryOf([completed, requested, completed]));
    expect(billRunEntryOf([requested, completed])).toMatchObject({ state: 'completed', requestedAt: requested.requestedAt, completedAt: '2027-03-01T09:05:00.000Z', counts: { bills: 1 } });
    expect(billRunEntryOf([requested])).toEqual({ billRunId: 'r1', ledger: 'live', asOf: requested.asOf, trigger: 'request', requestedAt: requested.requestedAt, state: 'inProgress' });
  });
});

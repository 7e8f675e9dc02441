import { describe, expect, it } from 'vitest';
import { dunningNotice } from '../../../../domain/collections/dunning-notices.js';
import {
  businessDunningPolicy,
  defaultDunningPolicy,
  dueSteps,
  dunningPolicyFor,
  dunningResolved,
  overdueBills,
  startDunning,
  stepInstant,
  stepPerformed,
} from '../../../../domain/collections/dunning.js';
import { writeOffBill } from '../../../../domain/collections/bill-settlement.js';
import { expectValidTmf, tmf678 } from '../../../support/tmf-schema.js';
import { openBill } from './collections-fixtures.js';

const since = '2027-02-14T23:00:00.000Z';
const at = (days: number, hours = 0) => new Date(Date.parse(since) + days * 86_400_000 + hours * 3_600_000).toISOString();
const account = { billingAccountId: 'ba-1', customerId: 'cust-1', since };

describe('dunning policy and steps (docs/collections.md, "Dunning")', () => {
  it('the default policy: retries on days 1, 3 and 7, reminders on 1 and 7, suspension on 14, final notice on 21, write-off on 30; business accounts get longer', () => {
    expect(defaultDunningPolicy.map((step) => [step.day, step.actions])).toEqual([
      [1, ['retryPayment', 'reminder']],
      [3, ['retryPayment']],
      [7, ['retryPayment', 'reminder']],
      [14, ['suspend']],
      [21, ['finalNotice']],
      [30, ['writeOff']],
    ]);
    expect(dunningPolicyFor('customer')).toBe(defaultDunningPolicy);
    expect(dunningPolicyFor(undefined)).toBe(defaultDunningPolicy);
    expect(dunningPolicyFor('business')).toBe(businessDunningPolicy);
    expect(stepInstant(since, { day: 14, actions: ['suspend'] })).toBe(at(14));
  });

  it('a step is due once its day has come, never before; several at once in order when the run comes late', () => {
    const started = startDunning(account, defaultDunningPolicy);
    expect(started).toMatchObject({ status: 'active', stepsDone: 0, nextStepAt: at(1), suspended: false, history: [] });
    expect(dueSteps(started, at(1, -1), defaultDunningPolicy)).toEqual([]);
    expect(dueSteps(started, at(1), defaultDunningPolicy).map((step) => step.day)).toEqual([1]);
    expect(dueSteps(started, at(8), defaultDunningPolicy).map((step) => step.day)).toEqual([1, 3, 7]);
  });

  it('a performed step is recorded with its instant and never due again; suspension and write-off are remembered; the last step leaves nothing next', () => {
    let dunning = startDunning(account, defaultDunningPolicy);
    for (const step of dueSteps(dunning, at(14, 2), defaultDunningPolicy)) {
      dunning = stepPerformed(dunning, step, at(14, 2), defaultDunningPolicy, step.actions.includes('suspend') ? { suspended: true } : {});
    }
    expect(dunning).toMatchObject({ stepsDone: 4, nextStepAt: at(21), suspended: true });
    expect(dunning.history.map((step) => step.day)).toEqual([1, 3, 7, 14]);
    expect(dueSteps(dunning, at(14, 3), defaultDunningPolicy)).toEqual([]);
    const [finalNotice] = dueSteps(dunning, at(30), defaultDunningPolicy);
    dunning = stepPerformed(dunning, finalNotice!, at(30), defaultDunningPolicy);
    const [writeOff] = dueSteps(dunning, at(30), defaultDunningPolicy);
    dunning = stepPerformed(dunning, writeOff!, at(30), defaultDunningPolicy, { writtenOff: true });
    expect(dunning.status).toBe('writtenOff');
    expect(dunning.nextStepAt).toBeUndefined();
    expect(dueSteps(dunning, at(90), defaultDunningPolicy)).toEqual([]);
  });

  it('resolved dunning has nothing next and performs nothing more', () => {
    const resolved = dunningResolved(startDunning(account, defaultDunningPolicy), at(2));
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: at(2) });
    expect(resolved.nextStepAt).toBeUndefined();
    expect(dueSteps(resolved, at(40), defaultDunningPolicy)).toEqual([]);
  });

  it('a bill is overdue once its due date has passed, not at it', () => {
    const bills = [{ id: 'a', paymentDueDate: since }, { id: 'b', paymentDueDate: at(3) }];
    expect(overdueBills(bills, since)).toEqual([]);
    expect(overdueBills(bills, at(1)).map((bill) => bill.id)).toEqual(['a']);
  });

  it('a written-off bill owes nothing more and says what was written off; it stays a valid TMF678 bill', () => {
    const written = writeOffBill(openBill('b1', 29.03), at(30));
    expect(written).toMatchObject({ remainingAmount: { unit: 'EUR', value: 0 }, writeOff: { amount: { unit: 'EUR', value: 29.03 }, date: at(30) }, state: 'validated' });
    expectValidTmf(tmf678, 'CustomerBill', written);
  });

  it('notices say what is overdue, since when, and what comes next', () => {
    expect(dunningNotice('paymentReminder', { accountName: 'Ada', overdue: '29.03 EUR', since })).toEqual({
      kind: 'paymentReminder',
      subject: 'Payment reminder: 29.03 EUR overdue',
      content: 'Your account Ada has 29.03 EUR overdue since 2027-02-14. Please pay it to keep your service.',
    });
    expect(dunningNotice('finalNotice', { accountName: 'Ada', overdue: '29.03 EUR', since, writeOffOn: at(30) }).content).toContain('by 2027-03-16');
  });
});

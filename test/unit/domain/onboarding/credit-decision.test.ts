import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditLimitBands, decideCredit, minimumApprovedScore, type CreditDecision } from '../../../../domain/onboarding/credit-decision.js';
import { money } from '../../../../domain/money/money.js';
import { InvalidInputError } from '../../../../domain/shared/domain-errors.js';

const report = (score: number) => ({ score, reference: 'SIM-CB-c-1', checkedAt: '2026-03-01T10:00:00.000Z' });
const limitOf = (decision: CreditDecision): bigint => (decision.decision === 'approved' ? decision.creditLimit.amount : -1n);

describe('decideCredit', () => {
  it.each([
    [300, undefined],
    [499, undefined],
    [500, 100_00n],
    [649, 100_00n],
    [650, 500_00n],
    [749, 500_00n],
    [750, 2000_00n],
    [850, 2000_00n],
  ])('scores %i: limit %s (EUR cents; undefined = rejected)', (score, cents) => {
    const decision = decideCredit(report(score), 'EUR');
    if (cents === undefined) expect(decision).toMatchObject({ decision: 'rejected', score });
    else expect(decision).toEqual({ decision: 'approved', score, creditLimit: money(cents, 'EUR') });
  });

  it('names the score and the threshold when it rejects', () => {
    expect(decideCredit(report(420), 'EUR')).toEqual({ decision: 'rejected', score: 420, reason: 'credit score 420 is below the minimum of 500' });
  });

  it('gives the limit in the minor units of the account currency', () => {
    expect(decideCredit(report(700), 'JPY')).toEqual({ decision: 'approved', score: 700, creditLimit: money(500n, 'JPY') });
    expect(decideCredit(report(700), 'BHD')).toEqual({ decision: 'approved', score: 700, creditLimit: money(500_000n, 'BHD') });
    expect(decideCredit(report(800), 'USD')).toMatchObject({ creditLimit: { amount: 200_000n, currency: 'USD' } });
  });

  it('refuses an unknown currency, even for a rejected score', () => {
    expect(() => decideCredit(report(700), 'XYZ')).toThrow(InvalidInputError);
    expect(() => decideCredit(report(100), 'XYZ')).toThrow(InvalidInputError);
  });

  it('refuses a score that is not a number', () => {
    expect(() => decideCredit(report(Number.NaN), 'EUR')).toThrow(/finite/);
  });

  it('lists its bands highest first, the lowest at the approval threshold', () => {
    expect(creditLimitBands.map((band) => band.fromScore)).toEqual([750, 650, 500]);
    expect(creditLimitBands.at(-1)?.fromScore).toBe(minimumApprovedScore);
  });

  it('never gives a higher score a lower limit (rejection counts as the lowest)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(limitOf(decideCredit(report(high), 'EUR'))).toBeGreaterThanOrEqual(limitOf(decideCredit(report(low), 'EUR')));
      }),
    );
  });

  it('approves exactly the scores at or above the threshold, always with a positive limit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (score) => {
        const decision = decideCredit(report(score), 'EUR');
        expect(decision.decision).toBe(score >= minimumApprovedScore ? 'approved' : 'rejected');
        expect(decision.score).toBe(score);
        if (decision.decision === 'approved') expect(decision.creditLimit.amount).toBeGreaterThan(0n);
      }),
    );
  });
});

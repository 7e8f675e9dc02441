import { describe, expect, it } from 'vitest';
import { canMoveCase, caseStatuses, nextCaseStatuses, requireCaseTransition, tmfStatusOf } from '../../../../domain/support-cases/case-lifecycle.js';
import { InvalidInputError, RuleViolationError } from '../../../../domain/shared/domain-errors.js';

describe('the support case lifecycle', () => {
  it('an agent acknowledges a submitted case, works it, waits for the customer, resolves and closes it', () => {
    const path = ['submitted', 'acknowledged', 'inProgress', 'pending', 'inProgress', 'resolved', 'closed'] as const;
    for (let step = 1; step < path.length; step += 1) expect(canMoveCase(path[step - 1]!, path[step]!, 'agent'), `${path[step - 1]} → ${path[step]}`).toBe(true);
  });

  it('a customer withdraws its case before it is resolved, confirms a resolution or reopens it, and nothing else', () => {
    expect(nextCaseStatuses('submitted', 'customer')).toEqual(['cancelled']);
    expect(nextCaseStatuses('inProgress', 'customer')).toEqual(['cancelled']);
    expect(nextCaseStatuses('pending', 'customer')).toEqual(['cancelled']);
    expect(nextCaseStatuses('resolved', 'customer').sort()).toEqual(['closed', 'inProgress']);
    expect(canMoveCase('submitted', 'acknowledged', 'customer')).toBe(false);
    expect(canMoveCase('inProgress', 'resolved', 'customer')).toBe(false);
  });

  it('closed, cancelled and rejected are final for everyone', () => {
    for (const status of ['closed', 'cancelled', 'rejected'] as const) {
      expect(nextCaseStatuses(status, 'agent')).toEqual([]);
      expect(nextCaseStatuses(status, 'customer')).toEqual([]);
    }
  });

  it('409 support-case-lifecycle names the statuses the actor may choose', () => {
    const attempt = () => requireCaseTransition({ from: 'submitted', to: 'resolved', actor: 'agent', reason: 'fixed' });
    expect(attempt).toThrow(RuleViolationError);
    expect(attempt).toThrow(/an agent cannot move a case from submitted to resolved; allowed: acknowledged, rejected, cancelled/);
    expect(() => requireCaseTransition({ from: 'closed', to: 'inProgress', actor: 'customer', reason: 'again' })).toThrow(/none \(the case is over\)/);
  });

  it.each([
    ['inProgress', 'pending'],
    ['inProgress', 'held'],
    ['inProgress', 'resolved'],
    ['acknowledged', 'rejected'],
    ['resolved', 'inProgress'],
  ] as const)('%s → %s needs a statusChangeReason (400 naming it)', (from, to) => {
    const attempt = () => requireCaseTransition({ from, to, actor: 'agent', reason: '  ' });
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).problems.map((problem) => problem.field)).toEqual(['statusChangeReason']);
    }
    expect(() => requireCaseTransition({ from, to, actor: 'agent', reason: 'because' })).not.toThrow();
  });

  it('acknowledging, working, closing and cancelling need no reason', () => {
    for (const [from, to] of [['submitted', 'acknowledged'], ['acknowledged', 'inProgress'], ['resolved', 'closed'], ['pending', 'cancelled']] as const) {
      expect(() => requireCaseTransition({ from, to, actor: 'agent', reason: undefined })).not.toThrow();
    }
  });

  it('a submitted case has no TMF621 status; every other status is its own', () => {
    expect(tmfStatusOf('submitted')).toBeUndefined();
    for (const status of caseStatuses.filter((each) => each !== 'submitted')) expect(tmfStatusOf(status)).toBe(status);
  });
});
